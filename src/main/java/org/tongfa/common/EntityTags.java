package org.tongfa.common;

/**
 * Strong HTTP entity tags ({@code ETag}, RFC 9110 section 8.8.3) derived from the bytes served and
 * nothing else: equal bytes give equal tags on every node, so a reader or a cache in front of several
 * nodes sharing one database keeps its validator whichever node answers.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The quoted strong tag of {@code body}: the first 128 bits of its SHA-256, in hex. */
    public static String of(byte[] body) {
        return "\"" + Sha256.hex(body).substring(0, 32) + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header names {@code etag}: any listed tag, compared weakly as a GET
     * allows ({@code W/} ignored), or {@code *}. A missing header matches nothing.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.equals(etag)) {
            return true; // the usual case: a reader sends back the one tag it got
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
