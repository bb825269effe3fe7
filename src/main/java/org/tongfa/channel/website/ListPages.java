package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;
import static org.tongfa.channel.website.Html.time;

import java.util.List;
import java.util.Map;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;

/** The pages that list items (home, column pages) and a retracted item's withdrawn notice. */
final class ListPages {

    static final int HOME_ITEMS_PER_COLUMN = 5;

    private final SiteLayout layout;
    private final String feedUrl;

    ListPages(SiteLayout layout, String feedUrl) {
        this.layout = layout;
        this.feedUrl = feedUrl;
    }

    byte[] home(SiteMode mode, PublishedEntries entries) {
        String root = layout.root(mode);
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(esc(layout.title())).append("</h1>\n");
        for (Map.Entry<String, String> column : layout.columns().entrySet()) {
            List<PublishedEntry> latest = entries.live(column.getKey()).stream().limit(HOME_ITEMS_PER_COLUMN).toList();
            String headingId = "col-" + column.getKey();
            main.append("<section aria-labelledby=\"").append(headingId).append("\">\n<h2 id=\"").append(headingId)
                    .append("\">").append(esc(column.getValue())).append("</h2>\n");
            list(main, root, latest);
            main.append("<p><a href=\"").append(root).append(SitePaths.column(column.getKey(), 1)).append("\">")
                    .append("更多").append(esc(column.getValue())).append("</a></p>\n</section>\n");
        }
        return layout.render(mode, new SiteLayout.Page(layout.title(), SitePaths.HOME, null, List.of(),
                List.of(feedLinks("all", layout.title())), main.toString()));
    }

    byte[] column(SiteMode mode, String key, String name, List<PublishedEntry> slice, int n, int pages) {
        String root = layout.root(mode);
        StringBuilder main = new StringBuilder();
        main.append("<h1>").append(esc(name)).append("</h1>\n");
        list(main, root, slice);
        if (pages > 1) {
            Html.pagination(main, "分页", n, pages, k -> root + SitePaths.column(key, k));
        }
        String pageTitle = n == 1 ? name : name + "（第 " + n + " 页）";
        return layout.render(mode, new SiteLayout.Page(pageTitle + " - " + layout.title(), SitePaths.column(key, n), key,
                List.of(new SiteLayout.Crumb(name, null)), List.of(feedLinks("columns/" + key, layout.title() + " - " + name), feedLinks("all", layout.title())),
                main.toString()));
    }

    byte[] withdrawn(SiteMode mode, PublishedEntry entry) {
        ItemSnapshot item = entry.item();
        StringBuilder main = new StringBuilder("<h1>此信息已撤回</h1>\n");
        main.append("<p class=\"notice\" role=\"status\">《").append(esc(item.title())).append("》已于")
                .append(entry.retractedAt() == null ? "近日" : " " + time(entry.retractedAt()) + " ")
                .append("撤回，不再公开。</p>\n");
        String columnName = layout.columns().getOrDefault(item.column(), item.columnName());
        String columnUrl = layout.root(mode) + SitePaths.column(item.column(), 1);
        main.append("<p><a href=\"").append(columnUrl).append("\">返回").append(esc(columnName)).append("</a></p>\n");
        return layout.render(mode, new SiteLayout.Page("已撤回 - " + layout.title(), SitePaths.item(item.itemId()),
                item.column(), List.of(new SiteLayout.Crumb(columnName, columnUrl), new SiteLayout.Crumb("已撤回", null)),
                List.of(), main.toString()));
    }

    private static void list(StringBuilder main, String root, List<PublishedEntry> entries) {
        if (entries.isEmpty()) {
            main.append("<p>暂无信息。</p>\n");
            return;
        }
        main.append("<ul class=\"items\">\n");
        for (PublishedEntry entry : entries) {
            ItemSnapshot item = entry.item();
            main.append("<li>").append(ItemPage.priorityMark(item.priority())).append("<a href=\"").append(root)
                    .append(SitePaths.item(item.itemId())).append("\">")
                    .append(esc(item.title())).append("</a> <time datetime=\"").append(item.publishedAt())
                    .append("\">").append(Html.DATE.format(item.publishedAt())).append("</time></li>\n");
        }
        main.append("</ul>\n");
    }

    private String feedLinks(String path, String feedTitle) {
        return "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + esc(feedTitle) + " (RSS)\" href=\""
                + feedUrl + path + ".rss\">\n"
                + "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + esc(feedTitle)
                + " (Atom)\" href=\"" + feedUrl + path + ".atom\">\n"
                + "<link rel=\"alternate\" type=\"application/feed+json\" title=\"" + esc(feedTitle)
                + " (JSON Feed)\" href=\"" + feedUrl + path + ".json\">\n";
    }
}
