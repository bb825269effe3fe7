package org.tongfa.check.words;

import org.tongfa.check.Verdict;

/**
 * One line of a word list: the term, its category, what a hit does, and the correct form (required for
 * 规范表述, optional otherwise).
 *
 * @param term the term as the list writes it
 * @param category 敏感词, 错敏字 or 规范表述
 * @param verdict {@link Verdict#BLOCK} or {@link Verdict#WARN}
 * @param correctForm what to write instead, or {@code null}
 * @param source the file and line the entry comes from ({@code example.txt:12}), for log lines
 */
record WordEntry(String term, WordCategory category, Verdict verdict, String correctForm, String source) {
}
