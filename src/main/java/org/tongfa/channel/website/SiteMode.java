package org.tongfa.channel.website;


/**
 * A reading mode of the site: each is a complete rendering of every page under its own prefix, so a
 * mode works without JavaScript and its links stay in it.
 */
enum SiteMode {

    /** The standard pages, at the site's root. */
    STANDARD(""),
    /** 长者模式: larger type, higher contrast, under {@code elder/}. */
    ELDER("elder/"),
    /** 繁体版: the standard pages in traditional characters (OpenCC's tables), under {@code hant/}. */
    TRADITIONAL("hant/");

    /** Stands in the page for text that must stay as written in every mode, until {@link #convert} is done. */
    static final String KEEP_OPEN = "\u0002keep\u0003";
    static final String KEEP_CLOSE = "\u0002/keep\u0003";

    private final String prefix;

    SiteMode(String prefix) {
        this.prefix = prefix;
    }

    /** The path prefix of this mode's pages, relative to the base URL: empty or ending in a slash. */
    String prefix() {
        return prefix;
    }

    /** The pages' {@code lang}: the site's own, or traditional Chinese. */
    String language(String siteLanguage) {
        return this == TRADITIONAL ? "zh-Hant" : siteLanguage;
    }

    /**
     * The document as this mode shows it: converted to traditional characters in {@link #TRADITIONAL},
     * except the parts marked with {@link #keep}.
     */
    String convert(String document) {
        if (this != TRADITIONAL) {
            return document.replace(KEEP_OPEN, "").replace(KEEP_CLOSE, "");
        }
        StringBuilder out = new StringBuilder(document.length() + 64);
        int from = 0;
        while (true) {
            int open = document.indexOf(KEEP_OPEN, from);
            if (open < 0) {
                out.append(Traditional.convert(document.substring(from)));
                return out.toString();
            }
            int close = document.indexOf(KEEP_CLOSE, open);
            out.append(Traditional.convert(document.substring(from, open)))
                    .append(document, open + KEEP_OPEN.length(), close);
            from = close + KEEP_CLOSE.length();
        }
    }

    /** Text left as it is by {@link #convert} (a label that names the other script). */
    static String keep(String text) {
        return KEEP_OPEN + text + KEEP_CLOSE;
    }
}
