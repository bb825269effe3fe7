package org.tongfa.check.words;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * A text as the word lists compare it, with a map back to the original: full-width forms folded to
 * half-width (NFKC), Latin letters in lower case, and spaces, punctuation and invisible format characters
 * dropped, so that {@code 习 近 平}, {@code 台，独} and {@code ＡＢＣ} read as the terms they split or
 * disguise. Line breaks stay, as a barrier: a term split over two paragraphs is not a term.
 *
 * <p>Terms are normalised the same way, so a term and a text that differ only in these respects match.
 */
final class NormalisedText {

    /** Kept in the normalised text where the original breaks a line; no normalised term contains it. */
    static final char BARRIER = '\n';

    private final String original;
    private final String text;
    private final int[] start;
    private final int[] end;

    private NormalisedText(String original, String text, int[] start, int[] end) {
        this.original = original;
        this.text = text;
        this.start = start;
        this.end = end;
    }

    static NormalisedText of(String original) {
        int length = original.length();
        StringBuilder out = new StringBuilder(length);
        int[] start = new int[length + 16];
        int[] end = new int[length + 16];
        for (int i = 0; i < length;) {
            int cp = original.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                cp -= 0xFEE0; // full-width ASCII forms, the common case in Chinese text
            }
            if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)) {
                // ASCII and the CJK unified ideographs are their own NFKC form
                int folded = fold(cp);
                if (folded >= 0) {
                    if (out.length() + 2 > start.length) {
                        start = Arrays.copyOf(start, start.length * 2);
                        end = Arrays.copyOf(end, end.length * 2);
                    }
                    start[out.length()] = i;
                    end[out.length()] = next;
                    out.append((char) folded);
                }
            } else {
                String nfkc = Normalizer.normalize(original.substring(i, next), Normalizer.Form.NFKC);
                for (int j = 0; j < nfkc.length();) {
                    int c = nfkc.codePointAt(j);
                    j += Character.charCount(c);
                    int folded = fold(c);
                    if (folded < 0) {
                        continue;
                    }
                    if (out.length() + 2 > start.length) {
                        start = Arrays.copyOf(start, start.length * 2);
                        end = Arrays.copyOf(end, end.length * 2);
                    }
                    int at = out.length();
                    out.appendCodePoint(folded);
                    for (int k = at; k < out.length(); k++) {
                        start[k] = i;
                        end[k] = next;
                    }
                }
            }
            i = next;
        }
        return new NormalisedText(original, out.toString(), start, end);
    }

    /** The normalised form of each ASCII character, or -1 when it is dropped. */
    private static final int[] ASCII = new int[0x80];

    static {
        for (int c = 0; c < 0x80; c++) {
            ASCII[c] = foldSlowly(c);
        }
    }

    /** The normalised form of one code point, or -1 when it is dropped. */
    private static int fold(int cp) {
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            return cp; // the bulk of a Chinese text
        }
        return cp < 0x80 ? ASCII[cp] : foldSlowly(cp);
    }

    private static int foldSlowly(int cp) {
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
            return BARRIER;
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return -1;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.FORMAT:
                return -1;
            default:
                break;
        }
        if (cp < 0x250) {
            return Character.toLowerCase(cp); // Latin letters only: case means nothing in Chinese
        }
        return cp;
    }

    /** The text the word lists are matched against. */
    String text() {
        return text;
    }

    /** The offset in the original text where normalised character {@code index} comes from. */
    int originalStart(int index) {
        return start[index];
    }

    /** The offset in the original text just after normalised character {@code index}. */
    int originalEnd(int index) {
        return end[index];
    }

    String original() {
        return original;
    }
}
