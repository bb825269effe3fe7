package org.tongfa.check.words;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.tongfa.check.Verdict;

/**
 * Reads the word-list files: every {@code *.txt} directly under the directory, in name order, UTF-8, one
 * entry a line: {@code term | category | block or warn | correct form}. The correct form is required for
 * 规范表述 and optional for the others; {@code #} starts a comment line; blank lines are skipped.
 */
final class WordListFiles {

    static final String SEPARATOR = "|";

    private WordListFiles() {
    }

    /** The list files in {@code directory}, in name order; empty when the directory does not exist. */
    static List<Path> listFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new WordListException(directory, "the directory cannot be listed (" + e.getMessage() + ")", e);
        }
    }

    /** Every entry of every list file in {@code directory}. */
    static List<WordEntry> readAll(Path directory) {
        List<WordEntry> entries = new ArrayList<>();
        for (Path file : listFiles(directory)) {
            entries.addAll(read(file));
        }
        return entries;
    }

    /** The entries of one file; a line that cannot be read stops the whole file. */
    static List<WordEntry> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new WordListException(file, "the file cannot be read (" + e.getMessage() + ")", e);
        }
        // decoded line by line, so that a line that is not UTF-8 can be named
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<WordEntry> entries = new ArrayList<>();
        int number = 0;
        for (int from = 0; from < bytes.length;) {
            int to = from;
            while (to < bytes.length && bytes[to] != '\n') {
                to++;
            }
            number++;
            String line;
            try {
                line = decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            } catch (CharacterCodingException e) {
                throw new WordListException(file, number, "the line is not UTF-8 text (save the file as UTF-8)");
            }
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            WordEntry entry = parse(file, number, line);
            if (entry != null) {
                entries.add(entry);
            }
            from = to + 1;
        }
        return entries;
    }

    /** One line as an entry, or {@code null} for a comment or blank line. */
    static WordEntry parse(Path file, int number, String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        String[] fields = trimmed.split("\\|", -1);
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        if (fields.length < 3) {
            throw new WordListException(file, number, "expected \"term | category | block or warn\" (and for "
                    + WordCategory.STANDARD_WORDING.label() + " \"| correct form\"), found " + fields.length
                    + (fields.length == 1 ? " field" : " fields") + " in \"" + trimmed + "\"");
        }
        if (fields.length > 4) {
            throw new WordListException(file, number, "too many fields (" + fields.length
                    + "): a term or correct form cannot contain \"" + SEPARATOR + "\"");
        }
        String term = fields[0];
        if (term.isEmpty()) {
            throw new WordListException(file, number, "the term (first field) is empty");
        }
        if (NormalisedText.of(term).text().isEmpty()) {
            throw new WordListException(file, number, "the term \"" + term
                    + "\" is only spaces or punctuation, which the check ignores");
        }
        WordCategory category = WordCategory.fromLabel(fields[1]).orElseThrow(() -> new WordListException(file,
                number, "unknown category \"" + fields[1] + "\" (use " + WordCategory.SENSITIVE.label() + ", "
                        + WordCategory.MISWRITTEN.label() + " or " + WordCategory.STANDARD_WORDING.label() + ")"));
        Verdict verdict = switch (fields[2].toLowerCase(Locale.ROOT)) {
            case "block" -> Verdict.BLOCK;
            case "warn" -> Verdict.WARN;
            default -> throw new WordListException(file, number, "unknown action \"" + fields[2]
                    + "\" (use block or warn)");
        };
        String correctForm = fields.length == 4 && !fields[3].isEmpty() ? fields[3] : null;
        if (correctForm == null && category.needsCorrectForm()) {
            throw new WordListException(file, number, "a " + category.label() + " entry needs its correct form "
                    + "as a fourth field: \"" + term + " | " + category.label() + " | " + fields[2]
                    + " | correct form\"");
        }
        if (correctForm != null && NormalisedText.of(correctForm).text().equals(NormalisedText.of(term).text())) {
            throw new WordListException(file, number, "the correct form \"" + correctForm
                    + "\" is the term itself");
        }
        return new WordEntry(term, category, verdict, correctForm, file.getFileName() + ":" + number);
    }
}
