package org.tongfa.channel.website;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An item's sanitised body made ready for the page: each table in a box of its own that scrolls
 * sideways when the table is wider than the screen (focusable, so a keyboard can scroll it), figures
 * in table cells aligned for reading, and each link that leaves the site pointed at its leaving
 * notice ({@link SitePaths#leave}). Also says which images the body already shows, so a cover that
 * is one of them is not shown twice.
 */
final class BodyHtml {

    /** A number as tables show them: 1,234.5 / -3% / 12.0万 / ¥100. */
    private static final Pattern FIGURE = Pattern.compile("[-+−]?[¥￥$]?\\d[\\d,，.]*\\s*(%|％|万|亿|万元|亿元|元)?");

    private final String html;
    private final Set<String> images;
    private final Set<String> outsideLinks;

    private BodyHtml(String html, Set<String> images, Set<String> outsideLinks) {
        this.html = html;
        this.images = images;
        this.outsideLinks = outsideLinks;
    }

    /**
     * @param body the sanitised body
     * @param siteUrl the site's base URL: links to its host stay as they are
     * @param root the root of the mode the page is in, where its leaving notices are
     */
    static BodyHtml prepare(String body, String siteUrl, String root) {
        Document doc = Jsoup.parseBodyFragment(body == null ? "" : body, siteUrl);
        doc.outputSettings().prettyPrint(false);
        Set<String> images = new LinkedHashSet<>();
        for (Element img : doc.select("img[src]")) {
            images.add(img.attr("src"));
        }
        int n = 0;
        for (Element table : doc.select("table")) {
            n++;
            Element caption = table.selectFirst("caption");
            String name = caption != null && !caption.text().isBlank() ? caption.text() : "表格 " + n;
            table.wrap("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"></div>");
            table.parent().attr("aria-label", name);
            for (Element cell : table.select("td")) {
                if (FIGURE.matcher(cell.text().strip()).matches()) {
                    cell.addClass("num");
                }
            }
        }
        String siteHost = host(siteUrl);
        Set<String> outside = new LinkedHashSet<>();
        for (Element a : doc.select("a[href]")) {
            String href = a.attr("href").strip();
            String host = host(href);
            if (host != null && !host.equals(siteHost) && href.toLowerCase(Locale.ROOT).matches("https?://.*")) {
                outside.add(href);
                a.attr("href", root + SitePaths.leave(href));
            }
        }
        return new BodyHtml(doc.body().html(), Collections.unmodifiableSet(images), Collections.unmodifiableSet(outside));
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    String html() {
        return html;
    }

    boolean showsImage(String src) {
        return images.contains(src);
    }

    /** The outside addresses the body links to, each needing its leaving notice. */
    Set<String> outsideLinks() {
        return outsideLinks;
    }
}
