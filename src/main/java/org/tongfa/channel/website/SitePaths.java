package org.tongfa.channel.website;

import org.tongfa.common.Sha256;

/** Where each page of the site lives, relative to a mode's root. */
final class SitePaths {

    static final String HOME = "index.html";
    static final String SITEMAP = "sitemap.html";
    static final String CONTACT = "contact.html";
    /** The page served with 404 for every path of the site that does not exist. */
    static final String NOT_FOUND = "404.html";

    private SitePaths() {
    }

    static String column(String column, int n) {
        return "columns/" + column + "/" + (n == 1 ? "index.html" : "page-" + n + ".html");
    }

    static String item(String itemId) {
        return "items/" + itemId + ".html";
    }

    static String withdrawn(String itemId) {
        return "withdrawn/" + itemId + ".html";
    }

    /**
     * The notice shown before a link leaves the site (您访问的链接即将离开…): one static page per
     * outside address the site links to, so the site holds no redirector anyone could point elsewhere.
     */
    static String leave(String url) {
        return "leave/" + Sha256.hex(Sha256.digest(url)).substring(0, 20) + ".html";
    }
}
