package org.tongfa.channel.website;

import static org.tongfa.channel.website.Html.esc;

import java.util.List;
import java.util.Map;
import org.tongfa.config.SiteProperties;

/**
 * The site's service pages that carry no item: 联系我们, 网站地图, the page for a path that does not
 * exist (served with 404), and the notice before a link leaves the site (您访问的链接即将离开…).
 */
final class ServicePages {

    private final SiteLayout layout;

    ServicePages(SiteLayout layout) {
        this.layout = layout;
    }

    byte[] contact(SiteMode mode) {
        SiteProperties site = layout.site();
        SiteProperties.Contact contact = site.contact();
        StringBuilder main = new StringBuilder("<h1>联系我们</h1>\n<dl class=\"contact\">\n");
        entry(main, "主办单位", esc(site.organiser()));
        entry(main, "承办单位", site.undertaker() == null || site.undertaker().equals(site.organiser()) ? ""
                : esc(site.undertaker()));
        entry(main, "通讯地址", esc(contact.address()));
        entry(main, "邮政编码", esc(contact.postcode()));
        entry(main, "联系电话", SiteLayout.blank(contact.phone()) ? ""
                : "<a href=\"tel:" + esc(contact.phone().replaceAll("[^0-9+]", "")) + "\">" + esc(contact.phone()) + "</a>");
        entry(main, "电子邮箱", SiteLayout.blank(contact.email()) ? ""
                : "<a href=\"mailto:" + esc(contact.email()) + "\">" + esc(contact.email()) + "</a>");
        entry(main, "办公时间", esc(contact.hours()));
        main.append("</dl>\n");
        return layout.render(mode, new SiteLayout.Page("联系我们 - " + layout.title(), SitePaths.CONTACT, null,
                List.of(new SiteLayout.Crumb("联系我们", null)), List.of(), main.toString()));
    }

    byte[] sitemap(SiteMode mode) {
        String root = layout.root(mode);
        StringBuilder main = new StringBuilder("<h1>网站地图</h1>\n<section aria-labelledby=\"map-columns\">\n")
                .append("<h2 id=\"map-columns\">栏目</h2>\n<ul class=\"sitemap\">\n")
                .append("<li><a href=\"").append(root).append(SitePaths.HOME).append("\">首页</a></li>\n");
        for (Map.Entry<String, String> column : layout.columns().entrySet()) {
            main.append("<li><a href=\"").append(root).append(SitePaths.column(column.getKey(), 1)).append("\">")
                    .append(esc(column.getValue())).append("</a></li>\n");
        }
        main.append("</ul>\n</section>\n<section aria-labelledby=\"map-services\">\n")
                .append("<h2 id=\"map-services\">网站服务</h2>\n<ul class=\"sitemap\">\n")
                .append("<li><a href=\"").append(layout.searchUrl(mode)).append("\">站内搜索</a></li>\n")
                .append("<li><a href=\"").append(root).append(SitePaths.CONTACT).append("\">联系我们</a></li>\n")
                .append("<li><a href=\"").append(layout.root(SiteMode.ELDER)).append(SitePaths.HOME)
                .append("\">长者模式（大字版）</a></li>\n")
                .append("<li><a href=\"").append(layout.root(SiteMode.TRADITIONAL)).append(SitePaths.HOME)
                .append("\" lang=\"zh-Hant\">").append(SiteMode.keep("繁體版")).append("</a></li>\n")
                .append("</ul>\n</section>\n");
        return layout.render(mode, new SiteLayout.Page("网站地图 - " + layout.title(), SitePaths.SITEMAP, null,
                List.of(new SiteLayout.Crumb("网站地图", null)), List.of(), main.toString()));
    }

    byte[] notFound(SiteMode mode) {
        String root = layout.root(mode);
        String main = "<h1>未找到该页面</h1>\n<p>您访问的页面不存在，或已被删除、移动。</p>\n<ul>\n"
                + "<li><a href=\"" + root + SitePaths.HOME + "\">返回首页</a></li>\n"
                + "<li><a href=\"" + root + SitePaths.SITEMAP + "\">查看网站地图</a></li>\n</ul>\n";
        return layout.render(mode, new SiteLayout.Page("未找到该页面 - " + layout.title(), SitePaths.NOT_FOUND, null,
                List.of(new SiteLayout.Crumb("未找到该页面", null)), List.of(), main));
    }

    /** The notice shown before {@code url}, which a body links to, takes the reader off the site. */
    byte[] leaving(SiteMode mode, String url) {
        String main = "<h1>即将离开本网站</h1>\n<p class=\"notice\">您访问的链接即将离开“" + esc(layout.title())
                + "”网站，是否继续？</p>\n<p class=\"target\">" + SiteMode.keep(esc(url)) + "</p>\n"
                + "<ul class=\"choices\">\n<li><a href=\"" + esc(url) + "\" rel=\"noopener noreferrer\">继续访问</a></li>\n"
                + "<li><a href=\"" + layout.root(mode) + SitePaths.HOME + "\">返回首页</a></li>\n</ul>\n";
        return layout.render(mode, new SiteLayout.Page("即将离开本网站 - " + layout.title(), SitePaths.leave(url), null,
                List.of(new SiteLayout.Crumb("即将离开本网站", null)), List.of(), main));
    }

    private static void entry(StringBuilder main, String name, String valueHtml) {
        if (!valueHtml.isEmpty()) {
            main.append("<div><dt>").append(name).append("：</dt><dd>").append(valueHtml).append("</dd></div>\n");
        }
    }
}
