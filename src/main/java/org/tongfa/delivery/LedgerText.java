package org.tongfa.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Bounds and cleans text that comes from outside (a partner's answer, an exception message) before
 * it goes into a ledger column, so that storing it can never fail: recording a success must not turn
 * into a failure, and a re-send, because of what the receiver sent back.
 *
 * <p>Removed: C0 and C1 control characters and DEL (PostgreSQL refuses NUL in text outright), and
 * unpaired surrogates (not encodable in UTF-8). Cut at a code point, never inside a surrogate pair,
 * to at most the column's length counted in UTF-16 units (which is never more than its length in
 * characters, on either database).
 */
final class LedgerText {

    /** {@code delivery.remote_id}. */
    static final int MAX_REMOTE_ID = 512;
    /** {@code delivery.remote_url}. */
    static final int MAX_REMOTE_URL = 2000;
    /** {@code delivery.last_error}. */
    static final int MAX_ERROR = 2000;

    // file: is the folder channel's own report of where it put a package; anything else a partner names
    // (javascript:, data:, ...) is no place a reader or operator should be sent.
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "file");
    private static final String CUT = "…";

    private LedgerText() {
    }

    /** An error or note: line breaks and tabs kept, other control characters dropped, cut to {@link #MAX_ERROR}. */
    static String error(String text) {
        return clean(text, MAX_ERROR, true);
    }

    /** A remote id: no control characters, cut to {@link #MAX_REMOTE_ID}; blank becomes {@code null}. */
    static String remoteId(String text) {
        String id = clean(text, MAX_REMOTE_ID, false);
        return id == null || id.isBlank() ? null : id;
    }

    /**
     * A remote URL, or {@code null} when it is not an absolute http(s) (or file) URL that fits its
     * column: a cut URL points nowhere, so an overlong one is dropped rather than cut.
     */
    static String remoteUrl(String text) {
        String url = clean(text, Integer.MAX_VALUE, false);
        if (url == null || url.isBlank() || url.length() > MAX_REMOTE_URL) {
            return null;
        }
        url = url.strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !URL_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (!scheme.equalsIgnoreCase("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                return null;
            }
            return url;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String clean(String text, int max, boolean keepLineBreaks) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !dropped(cp, keepLineBreaks)).forEach(out::appendCodePoint);
        if (out.length() <= max) {
            return out.toString();
        }
        int end = max - CUT.length();
        if (Character.isLowSurrogate(out.charAt(end)) && Character.isHighSurrogate(out.charAt(end - 1))) {
            end--; // never split a pair
        }
        return out.substring(0, end) + CUT;
    }

    private static boolean dropped(int cp, boolean keepLineBreaks) {
        if (cp == '\n' || cp == '\t' || cp == '\r') {
            return !keepLineBreaks;
        }
        return Character.isISOControl(cp)
                || Character.getType(cp) == Character.SURROGATE; // only unpaired ones reach here as single units
    }
}
