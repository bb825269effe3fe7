package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestSettings;

/** What a reader finds around and inside the pages: the government site's chrome, modes, tables, notices. */
class SitePagesTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    static final String BASE = "https://gov.example/site/";

    @TempDir
    Path out;
    MutableClock clock = new MutableClock(T0);
    PublishedEntryStore store;
    WebsiteChannel channel;

    @BeforeEach
    void setUp() {
        store = PullTestSupport.store(clock);
        channel = (WebsiteChannel) SiteTestSupport.factory(store, clock)
                .create(PullTestSupport.config("site", "website", Map.of("output-directory", out.toString())));
    }

    private Document page(String path) throws IOException {
        return Jsoup.parse(Files.readString(out.resolve("current").resolve(path)), BASE + path);
    }

    private static ItemSnapshot withBody(ItemSnapshot item, String body, ItemSnapshot.AssetRef cover) {
        return new ItemSnapshot(item.itemId(), item.version(), item.title(), item.summary(), body, item.author(),
                item.department(), item.column(), item.columnName(), item.disclosureType(), item.indexNumber(),
                item.documentNumber(), cover, item.images(), item.tags(), item.priority(), item.publishedAt(),
                item.updatedAt(), item.expireAt(), item.related());
    }

    @Test
    void everyPageCarriesTheGovernmentSitesIdentityFromTheConfiguration() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "全市工业投资稳步增长", T0)));

        for (String path : List.of("index.html", "columns/news/index.html", "items/i1.html", "contact.html",
                "sitemap.html", "404.html")) {
            Document doc = page(path);
            assertThat(doc.select("header .site").text()).as(path).isEqualTo("示范市工业和信息化局");
            assertThat(doc.select(".topbar .portal a").attr("href")).isEqualTo("https://www.gov.example/");
            assertThat(doc.select("form.search[role=search]").attr("action")).isEqualTo(BASE + "search");
            assertThat(doc.select("form.search input[name=q]").attr("id")).isEqualTo("q");
            assertThat(doc.select("label[for=q]").text()).isEqualTo("站内搜索");
            String footer = doc.select("footer").text();
            assertThat(footer).as(path).contains("主办单位：示范市工业和信息化局", "承办单位：示范市政务服务数据管理局",
                    "网站标识码：4401000001", "粤ICP备12345678号", "粤公网安备 44010402000001号", "党政机关网站",
                    "地址：示范市越秀区府前路1号", "电话：020-83123456");
            assertThat(doc.select("footer a:contains(粤ICP备12345678号)").attr("href")).isEqualTo("https://beian.miit.gov.cn/");
            assertThat(doc.select("footer a:contains(粤公网安备)").attr("href"))
                    .isEqualTo("https://beian.mps.gov.cn/#/query/webSearch?code=44010402000001");
            assertThat(doc.select("footer .conac a").attr("href")).isEqualTo("https://bszs.conac.cn/sitename?method=show&id=1");
            assertThat(doc.select("footer a:contains(网站地图)").attr("href")).isEqualTo(BASE + "sitemap.html");
            assertThat(doc.select("footer a:contains(联系我们)").attr("href")).isEqualTo(BASE + "contact.html");
            assertThat(doc.select("footer a:contains(我为政府网站找错)").attr("href")).isEqualTo(
                    "https://zfwzzc.www.gov.cn/check_web/errorSubmit?site_code=4401000001&url="
                            + java.net.URLEncoder.encode(BASE + path, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(doc.select("meta[name=SiteCode]").attr("content")).isEqualTo("4401000001");
        }
        assertThat(page("contact.html").select("main dl").text()).contains("通讯地址： 示范市越秀区府前路1号",
                "邮政编码： 510000", "联系电话： 020-83123456", "电子邮箱： gxj@gov.example");
        assertThat(page("sitemap.html").select("main a").eachText()).contains("首页", "工作动态", "政策文件",
                "站内搜索", "联系我们", "长者模式（大字版）", "繁體版");
    }

    @Test
    void aBlankIdentityValueLeavesItsElementOutInsteadOfShowingAnEmptyLabel() throws Exception {
        Map<String, String> identity = SiteTestSupport.identity();
        identity.remove("icp.number");
        identity.remove("conac-url");
        identity.remove("portal.name");
        WebsiteChannel bare = (WebsiteChannel) new WebsiteChannelFactory(store,
                PullTestSupport.properties("site", "website"), SiteTestSupport.site(identity), clock)
                .create(PullTestSupport.config("site", "website", Map.of("output-directory", out.toString())));

        bare.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        Document home = page("index.html");
        assertThat(home.select("footer").text()).doesNotContain("ICP").contains("粤公网安备");
        assertThat(home.select("footer .conac, .topbar .portal")).isEmpty();
    }

    @Test
    void breadcrumbsLeadFromTheHomePageThroughTheColumnToTheText() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "全市工业投资稳步增长", T0)));

        Document item = page("items/i1.html");
        assertThat(item.select("nav.crumbs").text()).isEqualTo("当前位置： 首页 工作动态 正文");
        assertThat(item.select("nav.crumbs a").eachAttr("href")).containsExactly(BASE + "index.html",
                BASE + "columns/news/index.html");
        assertThat(item.select("nav.crumbs [aria-current=page]").text()).isEqualTo("正文");
        assertThat(page("columns/news/index.html").select("nav.crumbs [aria-current=page]").text()).isEqualTo("工作动态");
        assertThat(page("elder/items/i1.html").select("nav.crumbs a").eachAttr("href")).containsExactly(
                BASE + "elder/index.html", BASE + "elder/columns/news/index.html");
        assertThat(item.select(".tools").text()).contains("【 打印 】", "字体：【 大 中 小】", "高对比度", "朗读");
        assertThat(item.select(".tools input[name=tf-font][checked]").attr("value")).isEqualTo("m");
    }

    @Test
    void columnsAreListedInTheConfiguredOrderNotAlphabetically() throws Exception {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("tongfa.public-base-url", "https://gov.example");
        for (String[] column : new String[][] {{"policies", "政策文件"}, {"interpretations", "政策解读"},
                {"news", "工作动态"}}) {
            source.put("tongfa.columns." + column[0] + ".name", column[1]);
            source.put("tongfa.columns." + column[0] + ".channels[0]", "site");
        }
        source.put("tongfa.channels.site.type", "website");
        TongfaProperties properties = TestSettings.binder(source).bind("tongfa", TongfaProperties.class);
        assertThat(properties.columns().keySet()).containsExactly("policies", "interpretations", "news");
        WebsiteChannel ordered = (WebsiteChannel) new WebsiteChannelFactory(store, properties,
                SiteTestSupport.site(SiteTestSupport.identity()), clock)
                .create(PullTestSupport.config("site", "website", Map.of("output-directory", out.toString())));

        ordered.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        assertThat(page("index.html").select("header nav a").eachText()).containsExactly("首页", "政策文件", "政策解读",
                "工作动态");
        assertThat(page("index.html").select("main h2").eachText()).containsExactly("政策文件", "政策解读", "工作动态");
    }

    @Test
    void theTraditionalPagesAreConvertedWithOpenCcAndKeepTheirLinksAndLabels() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "关于促进制造业数字化转型的通知", T0)));

        Document item = page("hant/items/i1.html");
        assertThat(item.select("html").attr("lang")).isEqualTo("zh-Hant");
        assertThat(item.select("h1").text()).isEqualTo("關於促進製造業數字化轉型的通知");
        assertThat(item.select("dl.meta").text()).contains("發佈機構： 市工業和信息化局");
        assertThat(item.select(".topbar .script a").text()).isEqualTo("简体版");
        assertThat(item.select(".topbar .script a").attr("href")).isEqualTo(BASE + "items/i1.html");
        assertThat(page("items/i1.html").select(".topbar .script a").text()).isEqualTo("繁體版");
        assertThat(item.select("nav.crumbs a").eachAttr("href")).allSatisfy(href ->
                assertThat(href).startsWith(BASE + "hant/"));
    }

    @Test
    void aLinkLeavingTheSitePassesThroughAStaticNoticeAndOneOnTheSiteDoesNot() throws Exception {
        String body = "<p>详见<a href=\"https://www.miit.gov.cn/zwgk/\">工业和信息化部网站</a>和"
                + "<a href=\"https://gov.example/site/items/other.html\">本站另一篇</a>。</p>";
        channel.deliver(dispatch(Action.PUBLISH, withBody(Snapshots.item("i1", "news", "标题", T0), body, null)));

        Document item = page("items/i1.html");
        String notice = BASE + SitePaths.leave("https://www.miit.gov.cn/zwgk/");
        assertThat(item.select(".body a").eachAttr("href")).containsExactly(notice,
                "https://gov.example/site/items/other.html");
        Document leave = page(SitePaths.leave("https://www.miit.gov.cn/zwgk/"));
        assertThat(leave.select("main .notice").text()).isEqualTo("您访问的链接即将离开“示范市工业和信息化局”网站，是否继续？");
        assertThat(leave.select("main a:contains(继续访问)").attr("href")).isEqualTo("https://www.miit.gov.cn/zwgk/");
        assertThat(leave.select("main a:contains(返回首页)").attr("href")).isEqualTo(BASE + "index.html");
        assertThat(leave.select("script[src]").attr("src")).as("works without it: a plain page").endsWith("site.js");
        assertThat(page("elder/items/i1.html").select(".body a").first().attr("href"))
                .isEqualTo(BASE + "elder/" + SitePaths.leave("https://www.miit.gov.cn/zwgk/"));
        assertThat(out.resolve("current/elder/" + SitePaths.leave("https://www.miit.gov.cn/zwgk/"))).exists();
    }

    @Test
    void tablesScrollInTheirOwnFocusableBoxWithFiguresAligned() throws Exception {
        String body = "<table><caption>2026年部门预算收支总表（单位：万元）</caption><thead><tr><th>项目</th><th>预算数</th>"
                + "</tr></thead><tbody><tr><th>一般公共预算拨款收入</th><td>12,345.67</td></tr>"
                + "<tr><td>政府性基金预算拨款收入</td><td>-3.5%</td></tr></tbody></table>";
        channel.deliver(dispatch(Action.PUBLISH, withBody(Snapshots.item("i1", "news", "预算公开", T0), body, null)));

        Document item = page("items/i1.html");
        assertThat(item.select(".body .table-scroll[tabindex=0][role=region]").attr("aria-label"))
                .isEqualTo("2026年部门预算收支总表（单位：万元）");
        assertThat(item.select(".table-scroll > table")).hasSize(1);
        assertThat(item.select("td.num").eachText()).containsExactly("12,345.67", "-3.5%");
        assertThat(item.select("td:not(.num)").eachText()).containsExactly("政府性基金预算拨款收入");
    }

    @Test
    void aCoverTheBodyAlreadyShowsIsNotShownTwiceAndNeverRepeatsTheTitleAsItsAlt() throws Exception {
        ItemSnapshot.AssetRef inBody = new ItemSnapshot.AssetRef("a1", "image/png", 10, "00",
                "https://gov.example/assets/a1", "现场照片");
        ItemSnapshot.AssetRef separate = new ItemSnapshot.AssetRef("a2", "image/png", 10, "00",
                "https://gov.example/assets/a2", "标题二");
        channel.deliver(dispatch(Action.PUBLISH, withBody(Snapshots.item("i1", "news", "标题一", T0),
                Snapshots.item("x", "news", "x", T0).bodyHtml(), inBody)));
        channel.deliver(dispatch(Action.PUBLISH, withBody(Snapshots.item("i2", "news", "标题二", T0),
                "<p>正文</p>", separate)));

        assertThat(page("items/i1.html").select("main img").eachAttr("src")).containsExactly("https://gov.example/assets/a1");
        assertThat(page("items/i1.html").select(".cover")).isEmpty();
        assertThat(page("items/i2.html").select(".cover img").attr("alt")).as("decorative beside its title").isEmpty();
        assertThat(page("items/i2.html").select(".cover img").hasAttr("alt")).isTrue();
    }

    @Test
    void aRetractedItemAnswers410WithItsNoticeInEveryMode() throws Exception {
        ItemSnapshot item = Snapshots.item("i1", "news", "将撤回的信息", T0);
        channel.deliver(dispatch(Action.PUBLISH, item));
        channel.deliver(dispatch(Action.RETRACT, item));
        SiteController controller = new SiteController(() -> java.util.Optional.of(channel));

        for (String mode : List.of("", "elder/", "hant/")) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            controller.page(new MockHttpServletRequest("GET", "/site/" + mode + "items/i1.html"), response);
            assertThat(response.getStatus()).as(mode).isEqualTo(410);
            assertThat(Jsoup.parse(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).select("h1")
                    .text()).as(mode).isEqualTo("此信息已撤回"); // the same in both scripts
        }
    }

    @Test
    void theSearchResultsCanBeWrappedInTheSameShell() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        SiteLayout layout = channel.layout();
        Document results = Jsoup.parse(new String(layout.render(SiteMode.STANDARD, new SiteLayout.Page("搜索结果 - "
                + layout.title(), "search", null, List.of(new SiteLayout.Crumb("站内搜索", null)), List.of(),
                "<h1>搜索结果</h1>\n")), java.nio.charset.StandardCharsets.UTF_8));

        assertThat(results.select("nav.crumbs").text()).isEqualTo("当前位置： 首页 站内搜索");
        assertThat(results.select("header nav a").eachText()).containsExactly("首页", "工作动态", "政策文件");
        assertThat(results.select("footer").text()).contains("网站标识码：4401000001");
    }

    @Test
    void anUnknownPathAnswers404WithTheSitesOwnPageInTheModeAskedFor() throws Exception {
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        SiteController controller = new SiteController(() -> java.util.Optional.of(channel));

        for (String path : List.of("no-such-page.html", "columns/none/", "items/unknown.html", "elder/nothing",
                "../escape.html")) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            controller.page(new MockHttpServletRequest("GET", "/site/" + path), response);
            assertThat(response.getStatus()).as(path).isEqualTo(404);
            assertThat(response.getContentType()).isEqualTo("text/html;charset=utf-8");
            assertThat(response.getHeader("Content-Disposition")).isNull();
            Document doc = Jsoup.parse(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(doc.select("h1").text()).isEqualTo("未找到该页面");
            assertThat(doc.select("header nav a").eachText()).contains("首页", "工作动态");
            assertThat(doc.body().hasClass("elder")).as(path).isEqualTo(path.startsWith("elder/"));
        }
    }
}
