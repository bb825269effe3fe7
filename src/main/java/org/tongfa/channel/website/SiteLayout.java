package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The page shell every page of the site is wrapped in: the document head, the header with the site's
 * name, the mode switch and the column navigation, and the footer. Pages supply only their main
 * content ({@link Page}); anything rendered outside the static build (the search results) wraps its
 * content here too, so every page of the site carries the same chrome.
 *
 * <p>Immutable: one layout serves one rendering's columns, in their configured order.
 */
final class SiteLayout {

    private final String baseUrl;
    private final String title;
    private final Map<String, String> columns;

    /**
     * @param baseUrl the site's absolute URL, ending in a slash
     * @param title the site's name
     * @param columns column key to name, in the order the navigation shows them
     */
    SiteLayout(String baseUrl, String title, Map<String, String> columns) {
        this.baseUrl = baseUrl;
        this.title = title;
        this.columns = columns;
    }

    /**
     * What one page puts into the shell.
     *
     * @param title the document title
     * @param path the page's path relative to the mode's root, for the link to the same page in the other mode
     * @param currentColumn the column the navigation marks as current, or {@code null}
     * @param headLinks extra elements for the head (feed autodiscovery links)
     * @param main the main content's HTML
     */
    record Page(String title, String path, String currentColumn, List<String> headLinks, String main) {
    }

    String title() {
        return title;
    }

    Map<String, String> columns() {
        return columns;
    }

    /** The root of a mode's pages: the base URL plus the mode's prefix. */
    String root(SiteMode mode) {
        return baseUrl + mode.prefix();
    }

    /** The whole document, as UTF-8. */
    byte[] render(SiteMode mode, Page page) {
        boolean elder = mode == SiteMode.ELDER;
        String root = root(mode);
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(page.title())).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(baseUrl).append("site.css\">\n");
        page.headLinks().forEach(html::append);
        html.append("</head>\n<body").append(elder ? " class=\"elder\"" : "").append(">\n")
                .append("<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n")
                .append("<header>\n<p class=\"site\"><a href=\"").append(root).append("index.html\">")
                .append(esc(title)).append("</a></p>\n")
                .append("<p class=\"mode\"><a href=\"").append(baseUrl)
                .append(elder ? SiteMode.STANDARD.prefix() : SiteMode.ELDER.prefix()).append(page.path())
                .append("\">").append(elder ? "退出长者模式（标准版）" : "长者模式（大字版）").append("</a></p>\n")
                .append("<nav aria-label=\"栏目\"><ul>\n");
        for (Map.Entry<String, String> column : columns.entrySet()) {
            html.append("<li><a href=\"").append(root).append(SitePaths.column(column.getKey(), 1)).append("\"");
            if (column.getKey().equals(page.currentColumn())) {
                html.append(" aria-current=\"true\"");
            }
            html.append(">").append(esc(column.getValue())).append("</a></li>\n");
        }
        html.append("</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n").append(page.main())
                .append("</main>\n<footer>\n<p>").append(esc(title)).append(" 主办</p>\n</footer>\n</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }
}
