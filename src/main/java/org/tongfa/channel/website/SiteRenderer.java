package org.tongfa.channel.website;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntries;
import org.tongfa.published.PublishedEntry;
import org.tongfa.text.PlainText;

/**
 * Renders the whole static site from a channel's entries: home, column pages, item pages, withdrawn
 * notices, and the same pages again under {@code elder/} for the elder-friendly mode (长者模式: larger
 * type, higher contrast), which is a second rendering rather than a script so it works without
 * JavaScript.
 *
 * <p>Lists (home, column pages) are rendered every time; an item page or withdrawn notice is rendered
 * only when what it shows changed (its version, its retraction, which of its related items are live),
 * and is otherwise reused and reported as unchanged, so {@link SiteDirectory} links it from the
 * previous build instead of writing it. Not thread-safe: its owner renders under one lock.
 *
 * <p>Layout (relative to the base URL): {@code index.html}, {@code columns/<key>/index.html},
 * {@code columns/<key>/page-<n>.html}, {@code items/<id>.html}, {@code withdrawn/<id>.html} (served with
 * 410 in place of a retracted item's page), {@code site.css}, and {@code elder/} mirroring the pages.
 */
final class SiteRenderer {

    private static final Logger log = LoggerFactory.getLogger(SiteRenderer.class);

    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(BeijingTime.ZONE);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(BeijingTime.ZONE);
    static final int HOME_ITEMS_PER_COLUMN = 5;
    static final String ELDER = "elder/";

    private final String baseUrl;
    private final String feedUrl;
    private final String title;
    private final int pageSize;
    private final Map<String, String> columnNames;

    SiteRenderer(String baseUrl, String feedUrl, String title, int pageSize, Map<String, String> columnNames) {
        this.baseUrl = baseUrl;
        this.feedUrl = feedUrl;
        this.title = title;
        this.pageSize = pageSize;
        this.columnNames = Map.copyOf(columnNames);
        this.shownColumns = new TreeMap<>(columnNames);
    }

    /**
     * A page of this site around {@code mainHtml}, with the header, navigation and footer of the last
     * rendering: how a page answered on request (the search results) looks like the rest of the site.
     * Thread-safe, unlike {@link #renderSite}.
     *
     * @param path the page's path below the mode's root, which the mode switch links to
     */
    byte[] shell(boolean elder, String pageTitle, String path, String mainHtml) {
        return new Page(elder).page(pageTitle + " - " + title, path, mainHtml, shownColumns, List.of(), null);
    }

    /**
     * A rendered site.
     *
     * @param files every file, by path relative to the base URL
     * @param unchanged the paths whose bytes are the same as in the previous rendering
     */
    record Site(Map<String, byte[]> files, java.util.Set<String> unchanged) {
    }

    /** An item page and what it was rendered from. */
    private record CachedPage(String key, byte[] bytes) {
    }

    private Map<String, CachedPage> cache = new java.util.HashMap<>();
    /** The columns of the last rendering, for pages rendered on request ({@link #shell}). */
    private volatile Map<String, String> shownColumns;

    /**
     * The site, with the item pages that did not change since the previous call marked unchanged.
     *
     * <p>One stored entry never takes the site down: an entry that cannot be placed (no usable id,
     * column or publication time) or whose page fails to render is left out of every page and logged,
     * and every text is written cleaned of characters no reader can be shown ({@link PlainText#clean}).
     */
    Site renderSite(PublishedEntries stored) {
        PublishedEntries entries = new PublishedEntries(stored.revision(),
                stored.entries().stream().filter(SiteRenderer::placeable).toList());
        Map<String, CachedPage> previous = cache;
        Map<String, CachedPage> next = new java.util.HashMap<>();
        java.util.Set<String> unchanged = new java.util.HashSet<>();
        Map<String, String> columns = new TreeMap<>(columnNames);
        for (PublishedEntry entry : entries.entries()) {
            columns.putIfAbsent(entry.item().column(), entry.item().columnName() == null ? entry.item().column()
                    : entry.item().columnName());
        }
        // Item pages first, so that an entry whose page cannot be rendered is left out of the lists too.
        Map<String, byte[]> pages = new LinkedHashMap<>();
        java.util.Set<String> broken = new java.util.HashSet<>();
        for (boolean elder : new boolean[] {false, true}) {
            Page page = new Page(elder);
            String prefix = elder ? ELDER : "";
            for (PublishedEntry entry : entries.entries()) {
                String id = entry.item().itemId();
                String path = prefix + (entry.live() ? "items/" : "withdrawn/") + id + ".html";
                try {
                    String key = pageKey(entry, entries);
                    CachedPage cached = previous.get(path);
                    if (cached != null && cached.key().equals(key)) {
                        unchanged.add(path);
                    } else {
                        cached = new CachedPage(key, entry.live() ? page.item(entry.item(), entries, columns)
                                : page.withdrawn(entry, columns));
                    }
                    next.put(path, cached);
                    pages.put(path, cached.bytes());
                } catch (RuntimeException e) {
                    if (broken.add(id)) {
                        log.warn("Website leaves out item {} v{}, whose page cannot be rendered: {}", id,
                                entry.item().version(), e.toString());
                    }
                }
            }
        }
        PublishedEntries listed = broken.isEmpty() ? entries : new PublishedEntries(entries.revision(),
                entries.entries().stream().filter(e -> !broken.contains(e.item().itemId())).toList());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("site.css", (Css.SITE + SearchPage.CSS).getBytes(StandardCharsets.UTF_8));
        for (boolean elder : new boolean[] {false, true}) {
            Page page = new Page(elder);
            String prefix = elder ? ELDER : "";
            files.put(prefix + "index.html", page.home(listed, columns));
            for (Map.Entry<String, String> column : columns.entrySet()) {
                List<PublishedEntry> live = listed.live(column.getKey());
                int count = Math.max(1, (live.size() + pageSize - 1) / pageSize);
                for (int n = 1; n <= count; n++) {
                    List<PublishedEntry> slice = live.subList((n - 1) * pageSize, Math.min(live.size(), n * pageSize));
                    files.put(prefix + columnPage(column.getKey(), n),
                            page.column(column.getKey(), column.getValue(), slice, n, count, columns));
                }
            }
        }
        pages.forEach((path, bytes) -> {
            if (!broken.contains(path.substring(path.lastIndexOf('/') + 1, path.length() - ".html".length()))) {
                files.put(path, bytes);
            }
        });
        next.keySet().removeIf(path -> !files.containsKey(path));
        shownColumns = java.util.Collections.unmodifiableMap(columns);
        unchanged.retainAll(files.keySet());
        cache = next;
        return new Site(files, unchanged);
    }

    /** Item ids and column keys become file names and URLs; the lists need a publication time. */
    private static boolean placeable(PublishedEntry entry) {
        ItemSnapshot item = entry.item();
        boolean placeable = item != null && item.itemId() != null && ID.matcher(item.itemId()).matches()
                && item.column() != null && COLUMN_KEY.matcher(item.column()).matches() && item.publishedAt() != null;
        if (!placeable) {
            log.warn("Website leaves out a stored entry it cannot place (item {}, column {})",
                    item == null ? null : item.itemId(), item == null ? null : item.column());
        }
        return placeable;
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final java.util.regex.Pattern COLUMN_KEY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /**
     * Everything an item page or withdrawn notice shows that can change between renderings: its own
     * version and retraction, and for each related item whether it is live here and what it is called.
     */
    private static String pageKey(PublishedEntry entry, PublishedEntries entries) {
        StringBuilder key = new StringBuilder().append(entry.item().version()).append('|').append(entry.retracted())
                .append('|').append(entry.retractedAt()).append('|').append(entry.item().updatedAt());
        for (ItemSnapshot.RelatedRef ref : related(entry.item())) {
            key.append('|').append(ref.itemId()).append('=').append(liveRelated(ref, entries)
                    .map(e -> e.item().version() + ":" + e.item().title()).orElse("-"));
        }
        return key.toString();
    }

    private static List<ItemSnapshot.RelatedRef> related(ItemSnapshot item) {
        return item.related() == null ? List.of() : item.related();
    }

    /** The related item's entry when readers may see it here; its title is then the one this site shows. */
    private static java.util.Optional<PublishedEntry> liveRelated(ItemSnapshot.RelatedRef ref, PublishedEntries entries) {
        return entries.find(ref.itemId()).filter(PublishedEntry::live);
    }

    static String columnPage(String column, int n) {
        return "columns/" + column + "/" + (n == 1 ? "index.html" : "page-" + n + ".html");
    }

    static String itemPath(String itemId) {
        return "items/" + itemId + ".html";
    }

    /** The pages of one mode: standard, or elder-friendly with its links staying in that mode. */
    private final class Page {

        private final boolean elder;
        private final String root;

        Page(boolean elder) {
            this.elder = elder;
            this.root = baseUrl + (elder ? ELDER : "");
        }

        byte[] home(PublishedEntries entries, Map<String, String> columns) {
            StringBuilder main = new StringBuilder();
            main.append("<h1>").append(esc(title)).append("</h1>\n");
            for (Map.Entry<String, String> column : columns.entrySet()) {
                List<PublishedEntry> latest = entries.live(column.getKey()).stream().limit(HOME_ITEMS_PER_COLUMN).toList();
                String headingId = "col-" + column.getKey();
                main.append("<section aria-labelledby=\"").append(headingId).append("\">\n<h2 id=\"").append(headingId)
                        .append("\">").append(esc(column.getValue())).append("</h2>\n");
                list(main, latest);
                main.append("<p><a href=\"").append(root).append(columnPage(column.getKey(), 1)).append("\">")
                        .append("更多").append(esc(column.getValue())).append("</a></p>\n</section>\n");
            }
            List<String> alternates = List.of(feedLinks("all", title));
            return page(title, "index.html", main.toString(), columns, alternates, null);
        }

        byte[] column(String key, String name, List<PublishedEntry> slice, int n, int pages, Map<String, String> columns) {
            StringBuilder main = new StringBuilder();
            main.append("<h1>").append(esc(name)).append("</h1>\n");
            list(main, slice);
            if (pages > 1) {
                main.append("<nav aria-label=\"分页\" class=\"pages\"><ul>\n");
                if (n > 1) {
                    main.append("<li><a rel=\"prev\" href=\"").append(root).append(columnPage(key, n - 1))
                            .append("\">上一页</a></li>\n");
                }
                main.append("<li aria-current=\"page\">第 ").append(n).append(" 页，共 ").append(pages).append(" 页</li>\n");
                if (n < pages) {
                    main.append("<li><a rel=\"next\" href=\"").append(root).append(columnPage(key, n + 1))
                            .append("\">下一页</a></li>\n");
                }
                main.append("</ul></nav>\n");
            }
            String pageTitle = n == 1 ? name : name + "（第 " + n + " 页）";
            return page(pageTitle + " - " + title, columnPage(key, n), main.toString(), columns,
                    List.of(feedLinks("columns/" + key, title + " - " + name), feedLinks("all", title)), key);
        }

        byte[] item(ItemSnapshot item, PublishedEntries entries, Map<String, String> columns) {
            StringBuilder main = new StringBuilder("<article>\n<h1>").append(esc(item.title())).append("</h1>\n");
            main.append("<dl class=\"meta\">\n");
            meta(main, "发布时间", time(item.publishedAt()));
            if (item.updatedAt() != null && item.updatedAt().isAfter(item.publishedAt())) {
                meta(main, "更新时间", time(item.updatedAt()));
            }
            meta(main, "发布机构", esc(item.department()));
            meta(main, "索引号", esc(item.indexNumber()));
            if (item.documentNumber() != null && !item.documentNumber().isBlank()) {
                meta(main, "发文字号", esc(item.documentNumber()));
            }
            meta(main, "公开方式", esc(disclosure(item.disclosureType())));
            main.append("</dl>\n");
            if (item.cover() != null) {
                String alt = item.cover().alt() == null || item.cover().alt().isBlank() ? item.title() : item.cover().alt();
                main.append("<p class=\"cover\"><img src=\"").append(esc(item.cover().url())).append("\" alt=\"")
                        .append(esc(alt)).append("\"></p>\n");
            }
            // Sanitised at edit time (BodySanitizer): safe to embed as it is, once cleaned of unshowable characters.
            main.append("<div class=\"body\">\n").append(PlainText.clean(item.bodyHtml())).append("\n</div>\n");
            // Only related items live on this site are shown, linked, under the title this site gives them: one
            // retracted later (or never here) disappears at the next rendering instead of lingering as text.
            List<String> links = new java.util.ArrayList<>();
            for (ItemSnapshot.RelatedRef ref : related(item)) {
                liveRelated(ref, entries).ifPresent(other -> links.add("<li>" + esc(relation(ref.relation())) + "："
                        + "<a href=\"" + root + itemPath(other.item().itemId()) + "\">" + esc(other.item().title())
                        + "</a></li>\n"));
            }
            if (!links.isEmpty()) {
                main.append("<section aria-labelledby=\"related\">\n<h2 id=\"related\">相关信息</h2>\n<ul>\n");
                links.forEach(main::append);
                main.append("</ul>\n</section>\n");
            }
            main.append("</article>\n");
            return page(item.title() + " - " + title, itemPath(item.itemId()), main.toString(), columns, List.of(),
                    item.column());
        }

        byte[] withdrawn(PublishedEntry entry, Map<String, String> columns) {
            ItemSnapshot item = entry.item();
            StringBuilder main = new StringBuilder("<h1>此信息已撤回</h1>\n");
            main.append("<p class=\"notice\" role=\"status\">《").append(esc(item.title())).append("》已于")
                    .append(entry.retractedAt() == null ? "近日" : " " + time(entry.retractedAt()) + " ")
                    .append("撤回，不再公开。This item has been withdrawn.</p>\n");
            main.append("<p><a href=\"").append(root).append(columnPage(item.column(), 1)).append("\">返回")
                    .append(esc(columns.getOrDefault(item.column(), item.columnName()))).append("</a></p>\n");
            return page("已撤回 - " + title, itemPath(item.itemId()), main.toString(), columns, List.of(), item.column());
        }

        private void list(StringBuilder main, List<PublishedEntry> entries) {
            if (entries.isEmpty()) {
                main.append("<p>暂无信息。</p>\n");
                return;
            }
            main.append("<ul class=\"items\">\n");
            for (PublishedEntry entry : entries) {
                ItemSnapshot item = entry.item();
                main.append("<li><a href=\"").append(root).append(itemPath(item.itemId())).append("\">")
                        .append(esc(item.title())).append("</a> <time datetime=\"").append(item.publishedAt())
                        .append("\">").append(DATE.format(item.publishedAt())).append("</time></li>\n");
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

        private byte[] page(String pageTitle, String path, String main, Map<String, String> columns,
                List<String> alternates, String currentColumn) {
            StringBuilder html = new StringBuilder(4096);
            html.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<title>").append(esc(pageTitle)).append("</title>\n")
                    .append("<link rel=\"stylesheet\" href=\"").append(baseUrl).append("site.css\">\n");
            alternates.forEach(html::append);
            html.append("</head>\n<body").append(elder ? " class=\"elder\"" : "").append(">\n")
                    .append("<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n")
                    .append("<header>\n<p class=\"site\"><a href=\"").append(root).append("index.html\">")
                    .append(esc(title)).append("</a></p>\n")
                    .append("<p class=\"mode\"><a href=\"").append(baseUrl).append(elder ? "" : ELDER).append(path)
                    .append("\">").append(elder ? "退出长者模式（标准版）" : "长者模式（大字版）").append("</a></p>\n")
                    .append("<nav aria-label=\"栏目\"><ul>\n");
            for (Map.Entry<String, String> column : columns.entrySet()) {
                html.append("<li><a href=\"").append(root).append(columnPage(column.getKey(), 1)).append("\"");
                if (column.getKey().equals(currentColumn)) {
                    html.append(" aria-current=\"true\"");
                }
                html.append(">").append(esc(column.getValue())).append("</a></li>\n");
            }
            html.append("</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n").append(main)
                    .append("</main>\n<footer>\n<p>").append(esc(title)).append(" 主办</p>\n</footer>\n</body>\n</html>\n");
            return html.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void meta(StringBuilder main, String name, String valueHtml) {
        main.append("<div><dt>").append(name).append("：</dt><dd>").append(valueHtml).append("</dd></div>\n");
    }

    private static String time(Instant instant) {
        return "<time datetime=\"" + instant + "\">" + MINUTES.format(instant) + "</time>";
    }

    static String disclosure(String type) {
        return switch (type == null ? "" : type) {
            case "PROACTIVE" -> "主动公开";
            case "ON_REQUEST" -> "依申请公开";
            case "NOT_PUBLIC" -> "不公开";
            default -> type;
        };
    }

    static String relation(String relation) {
        return switch (relation == null ? "" : relation) {
            case "INTERPRETS" -> "解读的政策";
            case "INTERPRETED_BY" -> "政策解读";
            default -> "相关信息";
        };
    }

    /** Text for HTML: escaped, and cleaned of the characters no reader can be shown ({@link PlainText#clean}). */
    static String esc(String raw) {
        if (raw == null) {
            return "";
        }
        String text = PlainText.clean(raw);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The one stylesheet: no web fonts, no third-party resources. Colours meet WCAG AA (AAA in elder mode). */
    static final class Css {
        static final String SITE = """
                :root { --text: #1b1b1b; --link: #0645ad; --brand: #8a1c1c; --muted: #4a4a4a; --focus: #ffdd00; }
                * { box-sizing: border-box; }
                body { margin: 0; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
                       font-size: 1rem; line-height: 1.7; color: var(--text); background: #fff; }
                a { color: var(--link); text-decoration: underline; }
                a:focus-visible, main:focus-visible { outline: 3px solid var(--text); outline-offset: 2px;
                       background: var(--focus); color: var(--text); }
                .skip { position: absolute; left: -10000px; top: 0; }
                .skip:focus { position: static; display: block; padding: .5rem 1rem; background: var(--focus); color: var(--text); }
                header { background: var(--brand); color: #fff; padding: .75rem 1rem; }
                header a { color: #fff; }
                header a:focus-visible { color: var(--text); }
                header .site { font-size: 1.4rem; font-weight: bold; margin: 0; }
                header .mode { margin: .25rem 0; }
                header nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
                header nav a[aria-current] { font-weight: bold; text-decoration-thickness: 3px; }
                main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
                footer { border-top: 1px solid #767676; padding: 1rem; color: var(--muted); text-align: center; }
                ul.items { padding-left: 1.2rem; }
                ul.items time { color: var(--muted); margin-left: .5rem; }
                dl.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .25rem 1rem;
                          border: 1px solid #767676; padding: .75rem; }
                dl.meta dt { font-weight: bold; display: inline; }
                dl.meta dd { display: inline; margin: 0; }
                .body img, .cover img { max-width: 100%; height: auto; }
                .pages ul { list-style: none; padding: 0; display: flex; gap: 1rem; }
                .notice { border-left: 6px solid var(--brand); padding: .75rem 1rem; background: #f3f2f1; }
                body.elder { font-size: 1.375rem; line-height: 1.9; color: #000; }
                body.elder a { color: #00307a; text-decoration-thickness: 2px; }
                body.elder header { background: #000; }
                body.elder header a { color: #fff; }
                body.elder header a:focus-visible { color: #000; }
                body.elder main { max-width: 48rem; }
                body.elder ul.items time, body.elder footer { color: #000; }
                """;
    }
}
