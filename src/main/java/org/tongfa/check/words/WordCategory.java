package org.tongfa.check.words;

import java.util.Arrays;
import java.util.Optional;

/**
 * The three kinds of word-list entry, named as the bureau's lists name them: the name is also what a
 * list file writes in its second field.
 */
public enum WordCategory {

    /** 敏感词: a term that must not appear (or must be looked at) wherever it is written. */
    SENSITIVE("敏感词", "敏感词"),
    /** 错敏字: a miswritten word, usually with the right one beside it (即然 for 既然). */
    MISWRITTEN("错敏字", "错敏字"),
    /** 规范表述: a wrong form of a name or formulation; the entry gives the correct form. */
    STANDARD_WORDING("规范表述", "不规范表述");

    private final String label;
    private final String hitLabel;

    WordCategory(String label, String hitLabel) {
        this.label = label;
        this.hitLabel = hitLabel;
    }

    /** The category as a list file writes it and an editor reads it. */
    public String label() {
        return label;
    }

    /** What a hit of this category is called in a finding's message (a 规范表述 hit is a 不规范表述). */
    String hitLabel() {
        return hitLabel;
    }

    /** Whether an entry of this category must give the correct form. */
    boolean needsCorrectForm() {
        return this == STANDARD_WORDING;
    }

    static Optional<WordCategory> fromLabel(String text) {
        return Arrays.stream(values()).filter(c -> c.label.equals(text)).findFirst();
    }
}
