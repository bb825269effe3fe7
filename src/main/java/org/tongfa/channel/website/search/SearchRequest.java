package org.tongfa.channel.website.search;

import java.text.Normalizer;
import org.tongfa.text.PlainText;

/**
 * A reader's search, as typed into the site's search box: the words and the page of results wanted.
 * Nothing in the text is syntax: quotes, colons, stars, {@code AND} are searched as the characters they
 * are (or ignored, for punctuation), so no query can fail to parse.
 *
 * @param text the words, cleaned: characters no reader can be shown removed, full-width forms made
 *     half-width (NFKC), runs of white space made one space, trimmed; empty when nothing was asked
 * @param page the page of results, from 1
 */
public record SearchRequest(String text, int page) {

    /** The longest search, in characters: a sentence, not a document pasted into the box. */
    public static final int MAX_LENGTH = 100;
    /** Results per page. */
    public static final int PAGE_SIZE = 10;
    /** The deepest page offered: a reader who has not found it in 1,000 results needs other words. */
    public static final int MAX_PAGE = 100;

    /** A search that cannot be answered, with what to tell the reader (in Chinese). */
    public static final class Invalid extends Exception {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The search a request's parameters ask for.
     *
     * @param q the {@code q} parameter, or {@code null}
     * @param page the {@code page} parameter, or {@code null} for the first page
     * @throws Invalid when the text is too long or the page is not a page number
     */
    public static SearchRequest parse(String q, String page) throws Invalid {
        String text = q == null ? "" : Normalizer.normalize(PlainText.clean(q), Normalizer.Form.NFKC)
                .replaceAll("[\\s\\p{Cc}\\p{Cf}&&[^\\u200d]]+", " ").strip();
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new Invalid("搜索词过长：最多 " + MAX_LENGTH + " 个字，请缩短后再试。");
        }
        return new SearchRequest(text, page(page));
    }

    private static int page(String page) throws Invalid {
        if (page == null || page.isBlank()) {
            return 1;
        }
        String digits = page.strip();
        if (digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > MAX_PAGE) {
            throw new Invalid("页码无效：请使用 1 到 " + MAX_PAGE + " 之间的页码。");
        }
        return Integer.parseInt(digits);
    }

    /** Whether the reader asked for anything. */
    public boolean empty() {
        return text.isEmpty();
    }
}
