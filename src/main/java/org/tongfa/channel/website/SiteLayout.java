package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.tongfa.config.SiteProperties;

/**
 * The page shell every page of the site is wrapped in, as the national guidelines for government
 * websites (政府网站发展指引) ask of each page: the portal bar, the header with the site's name, the
 * search box and the column navigation, the breadcrumbs (当前位置：首页 > 栏目 > 正文), the reading
 * tools, and the footer with 网站地图, 联系我们, 我为政府网站找错, the organiser (主办单位), the
 * 网站标识码, the ICP and 公安机关 filings and the 党政机关网站 mark. Pages supply only their main
 * content ({@link Page}); anything rendered outside the static build (the search results) wraps its
 * content here too, so every page of the site carries the same chrome.
 *
 * <p>Every control works without JavaScript (the font-size, line-spacing and contrast switches are
 * form controls styled by CSS); {@code site.js} only remembers the choices and adds the controls
 * that cannot work without it (打印, 朗读), which stay hidden until it runs. Immutable.
 */
final class SiteLayout {

    private final String baseUrl;
    private final SiteProperties site;
    private final String title;
    private final Map<String, String> columns;

    /**
     * @param baseUrl the site's absolute URL, ending in a slash
     * @param site who runs the site
     * @param title the site's name
     * @param columns column key to name, in the order the navigation shows them
     */
    SiteLayout(String baseUrl, SiteProperties site, String title, Map<String, String> columns) {
        this.baseUrl = baseUrl;
        this.site = site;
        this.title = title;
        this.columns = columns;
    }

    /** One step of the breadcrumbs; the last one, the page itself, has no link. */
    record Crumb(String name, String href) {
    }

    /**
     * What one page puts into the shell.
     *
     * @param title the document title
     * @param path the page's path relative to the mode's root, for the links to the same page in the other modes
     * @param currentColumn the column the navigation marks as current, or {@code null}
     * @param trail the breadcrumbs after 首页 (empty on the home page)
     * @param headLinks extra elements for the head (feed autodiscovery links)
     * @param main the main content's HTML
     */
    record Page(String title, String path, String currentColumn, List<Crumb> trail, List<String> headLinks,
            String main) {
    }

    String title() {
        return title;
    }

    SiteProperties site() {
        return site;
    }

    Map<String, String> columns() {
        return columns;
    }

    /** Where the search box sends its query: {@code /site/<mode>search}, served outside the static build. */
    String searchUrl(SiteMode mode) {
        return root(mode) + "search";
    }

    /** The root of a mode's pages: the base URL plus the mode's prefix. */
    String root(SiteMode mode) {
        return baseUrl + mode.prefix();
    }

    /** The whole document, as UTF-8; in {@link SiteMode#TRADITIONAL} converted to traditional characters. */
    byte[] render(SiteMode mode, Page page) {
        String root = root(mode);
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(mode.language(site.language())).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(page.title())).append("</title>\n");
        if (!blank(site.siteCode())) {
            html.append("<meta name=\"SiteCode\" content=\"").append(esc(site.siteCode())).append("\">\n");
        }
        if (!blank(site.description())) {
            html.append("<meta name=\"description\" content=\"").append(esc(site.description())).append("\">\n");
        }
        html.append("<link rel=\"stylesheet\" href=\"").append(baseUrl).append("site.css\">\n")
                .append("<script src=\"").append(baseUrl).append("site.js\" defer></script>\n");
        page.headLinks().forEach(html::append);
        html.append("</head>\n<body").append(mode == SiteMode.ELDER ? " class=\"elder\"" : "").append(">\n")
                .append("<a class=\"skip\" href=\"#main\">跳到主要内容</a>\n");
        topBar(html, mode, page);
        html.append("<header>\n<p class=\"site\"><a href=\"").append(root).append("index.html\">")
                .append(esc(title)).append("</a></p>\n");
        html.append("<form class=\"search\" role=\"search\" aria-label=\"全站搜索\" action=\"").append(searchUrl(mode)).append("\" method=\"get\">")
                .append("<label for=\"q\">站内搜索</label> <input id=\"q\" name=\"q\" type=\"search\" maxlength=\"100\">")
                .append(" <button type=\"submit\">搜索</button></form>\n");
        html.append("<nav class=\"columns\" aria-label=\"栏目\"><ul>\n<li><a href=\"").append(root).append("index.html\"")
                .append(page.currentColumn() == null && page.trail().isEmpty() ? " aria-current=\"page\"" : "")
                .append(">首页</a></li>\n");
        for (Map.Entry<String, String> column : columns.entrySet()) {
            html.append("<li><a href=\"").append(root).append(SitePaths.column(column.getKey(), 1)).append("\"");
            if (column.getKey().equals(page.currentColumn())) {
                html.append(" aria-current=\"true\"");
            }
            html.append(">").append(esc(column.getValue())).append("</a></li>\n");
        }
        html.append("</ul></nav>\n</header>\n");
        breadcrumbs(html, root, page.trail());
        ReadingTools.append(html, mode);
        html.append("<main id=\"main\" tabindex=\"-1\">\n").append(page.main()).append("</main>\n");
        footer(html, root, page);
        html.append("</body>\n</html>\n");
        String document = html.toString();
        return mode.convert(document).getBytes(StandardCharsets.UTF_8);
    }

    /** The portal this site belongs to, and the links to the same page in the other modes. */
    private void topBar(StringBuilder html, SiteMode mode, Page page) {
        html.append("<nav class=\"topbar\" aria-label=\"门户与版本\">\n");
        if (!blank(site.portal().name()) && !blank(site.portal().url())) {
            html.append("<p class=\"portal\"><a href=\"").append(esc(site.portal().url())).append("\">")
                    .append(esc(site.portal().name())).append("</a></p>\n");
        }
        boolean elder = mode == SiteMode.ELDER;
        html.append("<p class=\"mode\"><a href=\"").append(baseUrl)
                .append(elder ? SiteMode.STANDARD.prefix() : SiteMode.ELDER.prefix()).append(page.path())
                .append("\">").append(elder ? "退出长者模式（标准版）" : "长者模式（大字版）").append("</a></p>\n");
        boolean traditional = mode == SiteMode.TRADITIONAL;
        html.append("<p class=\"script\"><a href=\"").append(baseUrl)
                .append(traditional ? SiteMode.STANDARD.prefix() : SiteMode.TRADITIONAL.prefix()).append(page.path())
                .append("\" lang=\"").append(traditional ? "zh-CN" : "zh-Hant").append("\">")
                // Each label reads in its own script, in every mode.
                .append(SiteMode.keep(traditional ? "简体版" : "繁體版")).append("</a></p>\n</nav>\n");
    }

    private static void breadcrumbs(StringBuilder html, String root, List<Crumb> trail) {
        html.append("<nav class=\"crumbs\" aria-label=\"当前位置\"><span>当前位置：</span><ol>\n<li>");
        if (trail.isEmpty()) {
            html.append("<a href=\"").append(root).append("index.html\" aria-current=\"page\">首页</a></li>\n");
        } else {
            html.append("<a href=\"").append(root).append("index.html\">首页</a></li>\n");
        }
        for (int i = 0; i < trail.size(); i++) {
            Crumb crumb = trail.get(i);
            html.append("<li>");
            if (crumb.href() == null || i == trail.size() - 1) {
                html.append("<span aria-current=\"page\">").append(esc(crumb.name())).append("</span>");
            } else {
                html.append("<a href=\"").append(crumb.href()).append("\">").append(esc(crumb.name())).append("</a>");
            }
            html.append("</li>\n");
        }
        html.append("</ol></nav>\n");
    }

    private void footer(StringBuilder html, String root, Page page) {
        html.append("<footer>\n<nav class=\"footer-links\" aria-label=\"网站服务\"><ul>\n")
                .append("<li><a href=\"").append(root).append(SitePaths.SITEMAP).append("\">网站地图</a></li>\n")
                .append("<li><a href=\"").append(root).append(SitePaths.CONTACT).append("\">联系我们</a></li>\n");
        if (!blank(site.errorReportUrl())) {
            String pageUrl = URLEncoder.encode(root + page.path(), StandardCharsets.UTF_8);
            String report = site.errorReportUrl().replace("{siteCode}", site.siteCode() == null ? "" : site.siteCode())
                    .replace("{url}", pageUrl);
            html.append("<li><a href=\"").append(esc(report)).append("\">我为政府网站找错</a></li>\n");
        }
        html.append("</ul></nav>\n<p>");
        line(html, "主办单位", site.organiser(), site.organiserUrl());
        if (!blank(site.undertaker()) && !site.undertaker().equals(site.organiser())) {
            html.append("　");
            line(html, "承办单位", site.undertaker(), null);
        }
        html.append("</p>\n");
        SiteProperties.Contact contact = site.contact();
        if (!blank(contact.address()) || !blank(contact.phone())) {
            html.append("<p>");
            if (!blank(contact.address())) {
                html.append("地址：").append(esc(contact.address()));
                if (!blank(contact.postcode())) {
                    html.append("（邮编：").append(esc(contact.postcode())).append("）");
                }
            }
            if (!blank(contact.phone())) {
                html.append("　电话：").append(esc(contact.phone()));
            }
            html.append("</p>\n");
        }
        html.append("<p class=\"filings\">");
        if (!blank(site.siteCode())) {
            html.append("<span>网站标识码：").append(esc(site.siteCode())).append("</span>");
        }
        filing(html, site.icp());
        filing(html, site.publicSecurity());
        html.append("</p>\n");
        if (!blank(site.conacUrl())) {
            html.append("<p class=\"conac\"><a href=\"").append(esc(site.conacUrl())).append("\">");
            if (blank(site.conacImage())) {
                html.append("<span class=\"conac-mark\">党政机关网站</span>");
            } else {
                html.append("<img src=\"").append(esc(site.conacImage())).append("\" alt=\"党政机关网站\" width=\"55\"")
                        .append(" height=\"68\">");
            }
            html.append("</a></p>\n");
        }
        html.append("</footer>\n");
    }

    private static void line(StringBuilder html, String label, String value, String url) {
        if (blank(value)) {
            return;
        }
        html.append(label).append("：");
        if (blank(url)) {
            html.append(esc(value));
        } else {
            html.append("<a href=\"").append(esc(url)).append("\">").append(esc(value)).append("</a>");
        }
    }

    private static void filing(StringBuilder html, SiteProperties.Filing filing) {
        if (blank(filing.number())) {
            return;
        }
        html.append(" <span>");
        if (blank(filing.url())) {
            html.append(esc(filing.number()));
        } else {
            html.append("<a href=\"").append(esc(filing.url())).append("\">").append(esc(filing.number())).append("</a>");
        }
        html.append("</span>");
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
