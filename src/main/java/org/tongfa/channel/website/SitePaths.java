package org.tongfa.channel.website;

/** Where each page of the site lives, relative to a mode's root. */
final class SitePaths {

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
}
