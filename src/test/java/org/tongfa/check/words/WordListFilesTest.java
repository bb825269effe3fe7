package org.tongfa.check.words;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tongfa.check.Verdict;

class WordListFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @CsvSource(delimiter = ';', value = {
        "示例 | 敏感 | block;unknown category \"敏感\" (use 敏感词, 错敏字 or 规范表述)",
        "示例 | 敏感词;expected \"term | category | block or warn\"",
        "示例;found 1 field in \"示例\"",
        "示例 | 敏感词 | stop;unknown action \"stop\" (use block or warn)",
        "人民银行 | 规范表述 | warn;a 规范表述 entry needs its correct form as a fourth field",
        "人民银行 | 规范表述 | warn |  ;a 规范表述 entry needs its correct form",
        " | 敏感词 | block;the term (first field) is empty",
        "，、 | 敏感词 | block;is only spaces or punctuation",
        "中共中央国务院 | 规范表述 | warn | 中共中央、国务院;is the term itself",
        "a | 敏感词 | block | b | c;too many fields (5)",
    })
    void refusesABadLineNamingTheFileAndTheLine(String line, String problem) throws IOException {
        Path file = write("bureau.txt", "# 词表\n\n即然 | 错敏字 | warn | 既然\n" + line + "\n");

        assertThatThrownBy(() -> WordListFiles.read(file))
                .isInstanceOf(WordListException.class)
                .hasMessageStartingWith("Word list " + file + ", line 4: ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((WordListException) e).line()).isEqualTo(4))
                .satisfies(e -> assertThat(((WordListException) e).file()).isEqualTo(file));
    }

    @Test
    void readsEntriesSkippingCommentsBlankLinesAndTheByteOrderMark() throws IOException {
        Path file = write("bureau.txt", "\uFEFF# 示例\n\n  即然 |错敏字| WARN | 既然  \n示例敏感词 | 敏感词 | block\n"
                + "  # 注释\n人民银行 | 规范表述 | block | 中国人民银行\n");

        assertThat(WordListFiles.read(file)).containsExactly(
                new WordEntry("即然", WordCategory.MISWRITTEN, Verdict.WARN, "既然", "bureau.txt:3"),
                new WordEntry("示例敏感词", WordCategory.SENSITIVE, Verdict.BLOCK, null, "bureau.txt:4"),
                new WordEntry("人民银行", WordCategory.STANDARD_WORDING, Verdict.BLOCK, "中国人民银行", "bureau.txt:6"));
    }

    @Test
    void refusesAFileThatIsNotUtf8NamingTheLine() throws IOException {
        Path file = dir.resolve("gbk.txt");
        Files.write(file, concat("即然 | 错敏字 | warn | 既然\n".getBytes(StandardCharsets.UTF_8),
                "示例 | 敏感词 | block\n".getBytes(java.nio.charset.Charset.forName("GBK"))));

        assertThatThrownBy(() -> WordListFiles.read(file))
                .isInstanceOf(WordListException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void readsEveryTxtFileOfTheDirectoryInNameOrderAndNothingElse() throws IOException {
        write("b.txt", "乙 | 敏感词 | warn\n");
        write("a.txt", "甲 | 敏感词 | warn\n");
        write("notes.md", "this | is not | a list\n");

        assertThat(WordListFiles.readAll(dir)).extracting(WordEntry::term).containsExactly("甲", "乙");
        assertThat(WordListFiles.readAll(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void theShippedExampleListReads() {
        List<WordEntry> entries = WordListFiles.readAll(Path.of("config/words"));

        assertThat(entries).hasSizeGreaterThanOrEqualTo(10);
        assertThat(entries).extracting(WordEntry::category).contains(WordCategory.values());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
