package org.tongfa.channel.website;

/**
 * A reading mode of the site: each is a complete rendering of every page under its own prefix, so a
 * mode works without JavaScript and its links stay in it.
 */
enum SiteMode {

    /** The standard pages, at the site's root. */
    STANDARD(""),
    /** 长者模式: larger type, higher contrast, under {@code elder/}. */
    ELDER("elder/");

    private final String prefix;

    SiteMode(String prefix) {
        this.prefix = prefix;
    }

    /** The path prefix of this mode's pages, relative to the base URL: empty or ending in a slash. */
    String prefix() {
        return prefix;
    }
}
