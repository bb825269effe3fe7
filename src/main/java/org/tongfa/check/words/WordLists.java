package org.tongfa.check.words;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.check.Finding;
import org.tongfa.check.TextField;

/**
 * The loaded word lists as one Aho-Corasick automaton over the normalised terms. Immutable, so one
 * instance serves any number of threads and a reload swaps it whole.
 *
 * <p>The correct forms of the 规范表述 entries are in the automaton too: a wrong form found inside a correct
 * form (the correct form containing the wrong one, as 中国台湾 contains 台湾) is text already written right,
 * and is not flagged.
 */
final class WordLists {

    private static final Logger log = LoggerFactory.getLogger(WordLists.class);

    /** Characters of the original text shown on each side of a hit. */
    static final int EXCERPT_CONTEXT = 10;

    static final WordLists EMPTY = new WordLists(List.of());

    /** What one normalised keyword stands for: an entry, a correct form, or both. */
    private record Keyword(WordEntry entry, boolean correctForm, boolean latinStart, boolean latinEnd) {
    }

    private final PayloadTrie<Keyword> trie;
    private final int size;

    WordLists(List<WordEntry> entries) {
        Map<String, WordEntry> terms = new LinkedHashMap<>();
        for (WordEntry entry : entries) {
            String key = NormalisedText.of(entry.term()).text();
            WordEntry earlier = terms.putIfAbsent(key, entry);
            if (earlier != null) {
                log.warn("Word list entry {} repeats the term \"{}\" of {}; the first one counts", entry.source(),
                        entry.term(), earlier.source());
            }
        }
        Map<String, Keyword> keywords = new LinkedHashMap<>();
        terms.forEach((key, entry) -> keywords.put(key, new Keyword(entry, false, latin(key.charAt(0)),
                latin(key.charAt(key.length() - 1)))));
        for (WordEntry entry : terms.values()) {
            if (entry.category() == WordCategory.STANDARD_WORDING) {
                String key = NormalisedText.of(entry.correctForm()).text();
                Keyword existing = keywords.get(key);
                keywords.put(key, existing == null ? new Keyword(null, true, false, false)
                        : new Keyword(existing.entry(), true, existing.latinStart(), existing.latinEnd()));
            }
        }
        PayloadTrie.PayloadTrieBuilder<Keyword> builder = PayloadTrie.builder();
        keywords.forEach(builder::addKeyword);
        this.trie = builder.build();
        this.size = terms.size();
    }

    /** How many terms the lists hold. */
    int size() {
        return size;
    }

    /** The hits in one field, in offset order. */
    void scan(TextField field, List<Finding> findings) {
        if (size == 0 || field.text().isEmpty()) {
            return;
        }
        NormalisedText text = NormalisedText.of(field.text());
        Collection<PayloadEmit<Keyword>> emits = trie.parseText(text.text());
        List<PayloadEmit<Keyword>> correctForms = new ArrayList<>();
        for (PayloadEmit<Keyword> emit : emits) {
            if (emit.getPayload().correctForm()) {
                correctForms.add(emit);
            }
        }
        for (PayloadEmit<Keyword> emit : emits) {
            Keyword keyword = emit.getPayload();
            WordEntry entry = keyword.entry();
            if (entry == null || !wholeLatinWord(text, emit, keyword)
                    || (entry.category() == WordCategory.STANDARD_WORDING && inside(emit, correctForms))) {
                continue;
            }
            findings.add(finding(field, text, emit.getStart(), emit.getEnd(), entry));
        }
    }

    private static boolean inside(PayloadEmit<Keyword> hit, List<PayloadEmit<Keyword>> correctForms) {
        for (PayloadEmit<Keyword> form : correctForms) {
            if (form.getStart() <= hit.getStart() && form.getEnd() >= hit.getEnd() && form.size() > hit.size()) {
                return true;
            }
        }
        return false;
    }

    /** A term that starts or ends with a Latin letter or digit matches whole words only ("ok" not in "token"). */
    private static boolean wholeLatinWord(NormalisedText text, PayloadEmit<Keyword> emit, Keyword keyword) {
        String original = text.original();
        if (keyword.latinStart()) {
            int before = text.originalStart(emit.getStart()) - 1;
            if (before >= 0 && latin(halfWidth(original.charAt(before)))) {
                return false;
            }
        }
        if (keyword.latinEnd()) {
            int after = text.originalEnd(emit.getEnd());
            if (after < original.length() && latin(halfWidth(original.charAt(after)))) {
                return false;
            }
        }
        return true;
    }

    private static char halfWidth(char c) {
        return c >= 0xFF01 && c <= 0xFF5E ? (char) (c - 0xFEE0) : c;
    }

    private static boolean latin(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static Finding finding(TextField field, NormalisedText text, int first, int last, WordEntry entry) {
        String original = text.original();
        int start = text.originalStart(first);
        int end = text.originalEnd(last);
        int from = Math.max(0, start - EXCERPT_CONTEXT);
        int to = Math.min(original.length(), end + EXCERPT_CONTEXT);
        if (from > 0 && Character.isLowSurrogate(original.charAt(from))) {
            from--;
        }
        if (to < original.length() && Character.isLowSurrogate(original.charAt(to))) {
            to++;
        }
        String found = original.substring(start, end);
        StringBuilder message = new StringBuilder(entry.category().hitLabel()).append("“").append(entry.term())
                .append("”");
        if (!found.equals(entry.term())) {
            message.append("（原文写作“").append(found).append("”）");
        }
        if (entry.correctForm() != null) {
            message.append(entry.category() == WordCategory.SENSITIVE ? "，可改为“" : "，应写作“")
                    .append(entry.correctForm()).append("”");
        } else if (entry.category() == WordCategory.SENSITIVE) {
            message.append("，请删除或改写");
        }
        return new Finding(WordListCheck.NAME, entry.verdict(), field.name(), start,
                original.substring(from, to), message.toString(), entry.correctForm());
    }
}
