package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.tongfa.channel.website.search.SearchRequest;
import org.tongfa.channel.website.search.SearchResults;

/**
 * The main part of the site's search page (站内搜索), in the standard and the elder mode: the labelled
 * search form, then the results (their number in a status line a screen reader announces, each result's
 * title and passage with the matches in {@code <mark>}, and the pages), or a message saying why there
 * are none. The site's header and footer go around it ({@link WebsiteChannel#page}).
 */
final class SearchPage {

    /** The page's path below the mode's root: {@code search}, with its query. */
    static final String PATH = "search";

    private final String root;

    /** @param root the mode's root URL (the site's base URL, or its {@code elder/} pages), ending in {@code /} */
    SearchPage(String root) {
        this.root = root;
    }

    /** The page's title (before the site's name): what was searched for, and how much was found. */
    static String title(SearchResults results) {
        return results.request().empty() ? "站内搜索"
                : "“" + results.request().text() + "”的搜索结果（共 " + results.total() + " 条）";
    }

    /** A page's path with its query: {@code search?q=...&page=n}. */
    static String path(String text, int page) {
        String query = text == null || text.isEmpty() ? "" : "?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        return PATH + query + (page > 1 ? (query.isEmpty() ? "?" : "&") + "page=" + page : "");
    }

    /** The form and the results: a prompt when nothing was asked, a message when nothing was found. */
    String results(SearchResults results) {
        SearchRequest request = results.request();
        StringBuilder main = form(request.text());
        if (request.empty()) {
            main.append("<p>请输入要查找的词语，例如文件标题中的词、发文字号或索引号。</p>\n");
            return main.toString();
        }
        if (results.total() == 0) {
            main.append("<p class=\"search-status\" role=\"status\">没有找到与“").append(esc(request.text()))
                    .append("”相关的信息。</p>\n<p>建议检查有无错别字，或换用更短、更常用的词语。</p>\n");
            return main.toString();
        }
        int pages = results.pages();
        if (request.page() > pages) {
            main.append("<p class=\"notice\" role=\"alert\">没有第 ").append(request.page()).append(" 页：共找到 ")
                    .append(results.total()).append(" 条结果，").append(pages).append(" 页。</p>\n<p><a href=\"")
                    .append(esc(root + path(request.text(), 1))).append("\">查看第 1 页</a></p>\n");
            return main.toString();
        }
        main.append("<p class=\"search-status\" role=\"status\">找到 ").append(results.total()).append(" 条与“")
                .append(esc(request.text())).append("”相关的信息")
                .append(pages > 1 ? "，第 " + request.page() + " 页，共 " + pages + " 页" : "").append("。</p>\n");
        int first = (request.page() - 1) * SearchRequest.PAGE_SIZE + 1;
        main.append("<ol class=\"search-results\"").append(first > 1 ? " start=\"" + first + "\"" : "").append(">\n");
        for (SearchResults.Hit hit : results.hits()) {
            // titleHtml and snippetHtml come escaped from the highlighter, with <mark> as the only markup.
            main.append("<li>\n<h2><a href=\"").append(esc(root + SitePaths.item(hit.itemId()))).append("\">")
                    .append(hit.titleHtml()).append("</a></h2>\n");
            if (!hit.snippetHtml().isEmpty()) {
                main.append("<p class=\"snippet\">").append(hit.snippetHtml()).append("</p>\n");
            }
            main.append("<p class=\"search-meta\">").append(esc(hit.column())).append(" · ").append(esc(hit.department()));
            if (!hit.documentNumber().isEmpty()) {
                main.append(" · ").append(esc(hit.documentNumber()));
            }
            main.append(" · <time datetime=\"").append(hit.publishedAt()).append("\">")
                    .append(Html.DATE.format(hit.publishedAt())).append("</time></p>\n</li>\n");
        }
        main.append("</ol>\n");
        if (pages > 1) {
            Html.pagination(main, "搜索结果分页", request.page(), pages, k -> esc(root + path(request.text(), k)));
        }
        return main.toString();
    }

    /** The form with the reader's text and why it cannot be searched. */
    String refusal(String text, String message) {
        return form(text).append("<p class=\"notice\" role=\"alert\">").append(esc(message)).append("</p>\n").toString();
    }

    private StringBuilder form(String text) {
        // The text is shown back shortened: a refused long query is not echoed whole.
        String shown = text == null ? "" : text.codePointCount(0, text.length()) <= SearchRequest.MAX_LENGTH ? text
                : text.substring(0, text.offsetByCodePoints(0, SearchRequest.MAX_LENGTH));
        return new StringBuilder("<h1>站内搜索</h1>\n<form class=\"search-form\" role=\"search\" aria-label=\"按关键词检索\" method=\"get\" action=\"")
                .append(esc(root + PATH)).append("\">\n<label for=\"search-q\">搜索本站信息</label>\n")
                .append("<input type=\"search\" id=\"search-q\" name=\"q\" value=\"").append(esc(shown))
                .append("\" maxlength=\"").append(SearchRequest.MAX_LENGTH).append("\">\n")
                .append("<button type=\"submit\">搜索</button>\n</form>\n");
    }
}
