package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongfa.channel.website.search.SearchRequest;
import org.tongfa.channel.website.search.SearchResults;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;

/** The website channel against a real store (H2) and a temporary output directory. */
class WebsiteChannelTest {

    // 2026-03-02 09:30 in Asia/Shanghai
    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    static final String BASE = "https://gov.example/site/";

    @TempDir
    Path out;
    MutableClock clock = new MutableClock(T0);
    PublishedEntryStore store;

    @BeforeEach
    void setUp() {
        store = PullTestSupport.store(clock);
    }

    private WebsiteChannel channel(Path output, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("output-directory", output.toString(),
                "title", "示范市人民政府"));
        settings.putAll(extra);
        return (WebsiteChannel) SiteTestSupport.factory(store, clock)
                .create(PullTestSupport.config("site", "website", settings));
    }

    private Document page(String path) throws IOException {
        Path file = out.resolve("current").resolve(path);
        return Jsoup.parse(Files.readString(file), BASE + path);
    }

    @Test
    void publishingShowsTheItemOnHomeColumnAndItsOwnPage() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot item = Snapshots.item("i1", "news", "全市工业投资稳步增长", T0);

        DeliveryReceipt receipt = channel.deliver(dispatch(Action.PUBLISH, item));

        assertThat(receipt.remoteUrl()).isEqualTo(BASE + "items/i1.html");
        assertThat(page("index.html").select("section a[href=" + BASE + "items/i1.html]").text())
                .isEqualTo("全市工业投资稳步增长");
        assertThat(page("columns/news/index.html").select("main li a").eachText()).containsExactly("全市工业投资稳步增长");
        Document itemPage = page("items/i1.html");
        assertThat(itemPage.select("h1").text()).isEqualTo("全市工业投资稳步增长");
        String meta = itemPage.select("dl.meta").text();
        assertThat(meta).contains("发布时间： 2026-03-02 09:30", "发布机构： 市工业和信息化局", "索引号： " + item.indexNumber(),
                "发文字号： 穗工信〔2026〕12号", "公开方式： 主动公开").doesNotContain("更新时间");
        assertThat(itemPage.select(".body img").attr("src")).isEqualTo("https://gov.example/assets/a1");
    }

    @Test
    void anItemOfAColumnThatPrintsItsReviewersNamesThemOnItsPage() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.reviewed(Snapshots.item("i9", "policies", "新办法", T0),
                List.of("王审核", "李保密"), "张签发")));

        assertThat(page("items/i9.html").select("dl.meta").text()).contains("审核人： 王审核、李保密", "签发人： 张签发");
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i8", "news", "工作动态", T0)));
        assertThat(page("items/i8.html").select("dl.meta").text()).doesNotContain("审核人", "签发人");
    }

    @Test
    void anUpdateShowsItsTimeBesideTheFirstPublication() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot v1 = Snapshots.item("i1", "news", "标题", T0);
        channel.deliver(dispatch(Action.PUBLISH, v1));

        channel.deliver(dispatch(Action.UPDATE, Snapshots.updated(v1, "更正后的标题", T0.plus(Duration.ofHours(26)))));

        Document itemPage = page("items/i1.html");
        assertThat(itemPage.select("h1").text()).isEqualTo("更正后的标题");
        assertThat(itemPage.select("dl.meta").text()).contains("发布时间： 2026-03-02 09:30", "更新时间： 2026-03-03 11:30");
        assertThat(page("index.html").select("main ul.items a").eachText()).containsExactly("更正后的标题");
    }

    @Test
    void retractionReplacesThePageWithAWithdrawnNoticeAndLeavesEveryList() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot item = Snapshots.item("i1", "news", "将撤回的信息", T0);
        channel.deliver(dispatch(Action.PUBLISH, item));

        channel.deliver(dispatch(Action.RETRACT, item));

        assertThat(out.resolve("current/items/i1.html")).doesNotExist();
        assertThat(out.resolve("current/elder/items/i1.html")).doesNotExist();
        assertThat(page("withdrawn/i1.html").select("h1").text()).isEqualTo("此信息已撤回");
        assertThat(page("withdrawn/i1.html").select("main").text()).contains("将撤回的信息", "已于", "撤回，不再公开")
                .doesNotContainPattern("[A-Za-z]");
        assertThat(page("index.html").text()).doesNotContain("将撤回的信息");
        assertThat(page("columns/news/index.html").text()).doesNotContain("将撤回的信息");
    }

    @Test
    void linksAPolicyAndItsInterpretationBothWays() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot policy = Snapshots.related(Snapshots.item("policy", "policies", "关于促进制造业发展的若干措施", T0),
                List.of(new RelatedRef("reading", "INTERPRETED_BY", "一图读懂若干措施")));
        ItemSnapshot reading = Snapshots.related(Snapshots.item("reading", "news", "一图读懂若干措施", T0.plusSeconds(60)),
                List.of(new RelatedRef("policy", "INTERPRETS", "关于促进制造业发展的若干措施")));
        channel.deliver(dispatch(Action.PUBLISH, policy));
        channel.deliver(dispatch(Action.PUBLISH, reading));

        assertThat(page("items/policy.html").select("section a").attr("href")).isEqualTo(BASE + "items/reading.html");
        assertThat(page("items/policy.html").select("section li").text()).startsWith("政策解读");
        assertThat(page("items/reading.html").select("section a").attr("href")).isEqualTo(BASE + "items/policy.html");
    }

    @Test
    void aPolicyPublishedBeforeItsInterpretationLinksItOnceItArrivesAndKeepsItsOwnDates() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        // As the item feature makes them: the policy went out first, so its snapshot names no interpretation.
        ItemSnapshot policy = Snapshots.item("policy", "policies", "关于促进制造业发展的若干措施", T0);
        channel.deliver(dispatch(Action.PUBLISH, policy));
        String before = page("items/policy.html").select("dl.meta").text();
        Path build = out.resolve("current").toRealPath();

        ItemSnapshot reading = Snapshots.related(Snapshots.item("reading", "interpretations", "一图读懂若干措施",
                T0.plus(Duration.ofDays(3))), List.of(new RelatedRef("policy", "INTERPRETS", "关于促进制造业发展的若干措施")));
        channel.deliver(dispatch(Action.PUBLISH, reading));

        assertThat(Files.isSameFile(build.resolve("items/policy.html"), out.resolve("current/items/policy.html")))
                .as("the policy's page is rendered again").isFalse();
        for (String mode : List.of("", "elder/")) {
            Document page = page(mode + "items/policy.html");
            assertThat(page.select("section h2#related").text()).isEqualTo("相关信息");
            assertThat(page.select("section li").eachText()).containsExactly("政策解读：一图读懂若干措施");
            assertThat(page.select("section a").attr("href")).isEqualTo(BASE + mode + "items/reading.html");
            assertThat(page.select("dl.meta").text()).isEqualTo(before).doesNotContain("更新时间");
        }
        assertThat(store.load("site").find("policy").orElseThrow().item()).isEqualTo(policy);

        channel.deliver(dispatch(Action.RETRACT, reading));

        for (String mode : List.of("", "elder/")) {
            assertThat(page(mode + "items/policy.html").select("h2#related")).isEmpty();
            assertThat(page(mode + "items/policy.html").text()).doesNotContain("一图读懂若干措施");
            assertThat(page(mode + "items/policy.html").select("dl.meta").text()).isEqualTo(before);
        }
    }

    @Test
    void aDocumentShowsItsSigningDayTopicAndValidityInTheMetadataBox() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.document(Snapshots.item("valid", "policies", "现行办法", T0),
                java.time.LocalDate.of(2026, 2, 27), new ItemSnapshot.Validity("VALID", null), "工业、交通")));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.document(Snapshots.item("old", "policies", "旧办法", T0),
                java.time.LocalDate.of(2019, 5, 6), new ItemSnapshot.Validity("REPEALED", java.time.LocalDate.of(2026, 3, 1)),
                null)));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.document(Snapshots.item("lapsed", "policies", "到期办法", T0),
                null, new ItemSnapshot.Validity("LAPSED", java.time.LocalDate.of(2025, 12, 31)), null)));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("news", "news", "工作动态", T0)));

        for (String mode : List.of("", "elder/")) {
            Document valid = page(mode + "items/valid.html");
            assertThat(valid.select("dl.meta").text()).contains("成文日期： 2026-02-27", "主题分类： 工业、交通", "有效性： 有效");
            assertThat(valid.select("dl.meta time[datetime=2026-02-27]")).hasSize(1);
            assertThat(valid.select("main .notice")).isEmpty();
            Document old = page(mode + "items/old.html");
            assertThat(old.select("dl.meta").text()).contains("成文日期： 2019-05-06", "有效性： 废止（2026-03-01起）")
                    .doesNotContain("主题分类");
            assertThat(old.select("article > p.notice[role=note]").text()).isEqualTo("本文件已于2026-03-01废止，仅供查阅。");
            assertThat(page(mode + "items/lapsed.html").select("dl.meta").text()).contains("有效性： 失效（2025-12-31起）")
                    .doesNotContain("成文日期");
            assertThat(page(mode + "items/lapsed.html").select("p.notice").text()).isEqualTo("本文件已于2025-12-31失效，仅供查阅。");
            assertThat(page(mode + "items/news.html").select("dl.meta").text())
                    .doesNotContain("成文日期", "主题分类", "有效性");
        }
    }

    @Test
    void urgentAndEmergencyItemsAreMarkedInWordsNotColourAlone() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.priority(Snapshots.item("u", "news", "停课通知", T0), "URGENT")));
        channel.deliver(dispatch(Action.PUBLISH,
                Snapshots.priority(Snapshots.item("e", "news", "台风红色预警", T0.plusSeconds(1)), "EMERGENCY")));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("n", "news", "例行信息", T0.plusSeconds(2))));

        for (String mode : List.of("", "elder/")) {
            for (String list : List.of("index.html", "columns/news/index.html")) {
                assertThat(page(mode + list).select("main ul.items li").eachText()).as(mode + list)
                        .containsExactly("例行信息 2026-03-02", "【特急】台风红色预警 2026-03-02", "【紧急】停课通知 2026-03-02");
            }
            assertThat(page(mode + "items/e.html").select("article > p.priority-note strong").text()).isEqualTo("【特急】");
            assertThat(page(mode + "items/u.html").select("article > p.priority-note strong").text()).isEqualTo("【紧急】");
            assertThat(page(mode + "items/n.html").select(".priority, .priority-note")).isEmpty();
        }
        assertThat(Files.readString(out.resolve("current/site.css"))).contains(".priority {");
    }

    @Test
    void aRelatedItemRetractedLaterDisappearsFromThePagesThatLinkToIt() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot reading = Snapshots.item("reading", "news", "一图读懂若干措施", T0.plusSeconds(60));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.related(Snapshots.item("policy", "policies",
                "关于促进制造业发展的若干措施", T0), List.of(new RelatedRef("reading", "INTERPRETED_BY", "一图读懂若干措施")))));
        channel.deliver(dispatch(Action.PUBLISH, reading));
        assertThat(page("items/policy.html").select("section a").text()).isEqualTo("一图读懂若干措施");

        channel.deliver(dispatch(Action.RETRACT, reading));

        assertThat(page("items/policy.html").text()).doesNotContain("一图读懂若干措施");
        assertThat(page("items/policy.html").select("section#related, h2#related")).isEmpty();
        assertThat(page("elder/items/policy.html").text()).doesNotContain("一图读懂若干措施");
    }

    @Test
    void aRelatedItemShowsItsCurrentTitleAndNothingIfItNeverReachedTheSite() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot reading = Snapshots.item("reading", "news", "一图读懂若干措施", T0.plusSeconds(60));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.related(Snapshots.item("policy", "policies",
                "关于促进制造业发展的若干措施", T0), List.of(new RelatedRef("reading", "INTERPRETED_BY", "一图读懂若干措施"),
                new RelatedRef("elsewhere", "RELATED", "不在本网站上的信息")))));
        channel.deliver(dispatch(Action.PUBLISH, reading));

        channel.deliver(dispatch(Action.UPDATE, Snapshots.updated(reading, "一图读懂若干措施（更新）", T0.plusSeconds(120))));

        assertThat(page("items/policy.html").select("section li").eachText()).containsExactly("政策解读：一图读懂若干措施（更新）");
        assertThat(page("items/policy.html").text()).doesNotContain("不在本网站上的信息");
    }

    @Test
    void aStoredEntryWithControlCharactersIsShownCleanAndLaterItemsStillAppear() throws Exception {
        store.apply("site", Action.PUBLISH, Snapshots.item("bad", "news", "标题\u0001含\u000b控制字符\ufffe\ud800", T0));
        WebsiteChannel channel = channel(out, Map.of());

        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("later", "news", "后来的信息", T0.plusSeconds(60))));

        assertThat(page("columns/news/index.html").select("main li a").eachText())
                .containsExactly("后来的信息", "标题含控制字符");
        assertThat(page("items/bad.html").select("h1").text()).isEqualTo("标题含控制字符");
        try (Stream<Path> walk = Files.walk(out.resolve("current").toRealPath())) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("\u0001", "\u000b", "\ufffe");
            }
        }
    }

    @Test
    void anEntryThatCannotBeRenderedIsLeftOutAndTheRestOfTheSiteIsServed() throws Exception {
        // A hand-edited row: its related list holds a null. Stands for any data nobody foresaw.
        List<RelatedRef> broken = new java.util.ArrayList<>();
        broken.add(null);
        store.apply("site", Action.PUBLISH, Snapshots.related(Snapshots.item("broken", "news", "坏数据", T0), broken));
        WebsiteChannel channel = channel(out, Map.of());

        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("later", "news", "后来的信息", T0.plusSeconds(60))));

        assertThat(page("columns/news/index.html").select("main li a").eachText()).containsExactly("后来的信息");
        assertThat(page("items/later.html").select("h1").text()).isEqualTo("后来的信息");
        assertThat(out.resolve("current/items/broken.html")).doesNotExist();
    }

    @Test
    void aSiteTitleWithAControlCharacterStopsStartUpNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> channel(out, Map.of("title", "示范\u0085市")))
                .isInstanceOf(org.tongfa.config.InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.channels.site.title").hasMessageContaining("U+0085");
    }

    @Test
    void columnsArePaginatedNewestFirst() throws Exception {
        WebsiteChannel channel = channel(out, Map.of("page-size", "2"));
        for (int i = 1; i <= 3; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }
        assertThat(page("columns/news/index.html").select("main ul.items a").eachText()).containsExactly("第3条", "第2条");
        assertThat(page("columns/news/index.html").select("a[rel=next]").attr("href"))
                .isEqualTo(BASE + "columns/news/page-2.html");
        assertThat(page("columns/news/page-2.html").select("main ul.items a").eachText()).containsExactly("第1条");
        assertThat(page("columns/news/page-2.html").select("a[rel=prev]")).hasSize(1);
    }

    @Test
    void everyPageIsAccessibleByConstructionInEveryMode() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot retracted = Snapshots.item("gone", "news", "撤回", T0);
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));
        channel.deliver(dispatch(Action.PUBLISH, retracted));
        channel.deliver(dispatch(Action.RETRACT, retracted));

        List<Path> pages;
        try (Stream<Path> walk = Files.walk(out.resolve("current").toRealPath())) {
            pages = walk.filter(p -> p.toString().endsWith(".html")).toList();
        }
        assertThat(pages).hasSizeGreaterThan(20);
        for (Path file : pages) {
            String path = out.resolve("current").toRealPath().relativize(file.toRealPath()).toString();
            Document doc = page(path);
            boolean elder = path.startsWith("elder/");
            boolean traditional = path.startsWith("hant/");
            String plain = path.replaceFirst("^(elder|hant)/", "").replace("withdrawn/", "items/");
            assertThat(doc.select("html").attr("lang")).as(path).isEqualTo(traditional ? "zh-Hant" : "zh-CN");
            assertThat(doc.title()).as(path).isNotBlank();
            assertThat(doc.select("a.skip").attr("href")).as(path).isEqualTo("#main");
            assertThat(doc.select("main#main")).as(path).hasSize(1);
            assertThat(doc.select("h1")).as(path).hasSize(1);
            assertThat(doc.select("img:not([alt])")).as(path).isEmpty();
            // The one script is optional: what needs it is hidden until it runs.
            assertThat(doc.select("script").eachAttr("src")).as(path).containsExactly(BASE + "site.js");
            assertThat(doc.select("script[defer]")).as(path).hasSize(1);
            assertThat(doc.select("#tf-print, #tf-speak")).allSatisfy(button ->
                    assertThat(button.parent().hasAttr("hidden")).as(path).isTrue());
            assertThat(doc.body().hasClass("elder")).as(path).isEqualTo(elder);
            // The mode switches lead to the same page in the other mode, without JavaScript.
            // (a withdrawn notice is reached at the item's own address, where it answers 410)
            assertThat(doc.select(".topbar .mode a").attr("href")).as(path)
                    .isEqualTo(BASE + (elder ? "" : "elder/") + plain);
            assertThat(doc.select(".topbar .script a").attr("href")).as(path)
                    .isEqualTo(BASE + (traditional ? "" : "hant/") + plain);
            if (elder || traditional) {
                String mode = elder ? "elder/" : "hant/";
                // (the mode switches and the site map's service links lead to every mode on purpose)
                assertThat(doc.select("main a[href^=" + BASE + "], nav a[href^=" + BASE + "]").stream()
                        .filter(a -> a.closest("section[aria-labelledby=map-services], .topbar") == null)).allSatisfy(a ->
                        assertThat(a.attr("href")).as(path).startsWith(BASE + mode));
            }
        }
        assertThat(Files.readString(out.resolve("current/site.css"))).contains(":focus-visible", "body.elder");
    }

    @Test
    void homeAndColumnPagesAdvertiseTheirFeeds() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "标题", T0)));

        assertThat(page("index.html").select("link[rel=alternate]").eachAttr("href")).containsExactly(
                "https://gov.example/feeds/all.rss", "https://gov.example/feeds/all.atom",
                "https://gov.example/feeds/all.json");
        assertThat(page("columns/news/index.html").select("link[rel=alternate][type=application/rss+xml]")
                .eachAttr("href")).containsExactly("https://gov.example/feeds/columns/news.rss",
                "https://gov.example/feeds/all.rss");
    }

    @Test
    void aWholeRenderingIsSwappedInWholeAndOldBuildsAreRemoved() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        // Each item opens a column not configured: the navigation of every page changes, the site is rendered whole.
        for (int i = 1; i <= 4; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "extra" + i, "第" + i + "条", T0.plusSeconds(i))));
        }
        assertThat(Files.isSymbolicLink(out.resolve("current"))).isTrue();
        try (Stream<Path> builds = Files.list(out.resolve("builds"))) {
            assertThat(builds.count()).as("the current build and the one before it").isEqualTo(2);
        }
        assertThat(page("index.html").select("main ul.items a")).hasSize(4);
    }

    @Test
    void aDeliveryChangesTheCurrentBuildInPlaceAndLeavesNoScratchFiles() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "第1条", T0)));
        Path build = out.resolve("current").toRealPath();

        for (int i = 2; i <= 4; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }

        assertThat(out.resolve("current").toRealPath()).isEqualTo(build);
        try (Stream<Path> builds = Files.list(out.resolve("builds"));
                Stream<Path> scratch = Files.list(out.resolve(SiteDirectory.SCRATCH))) {
            assertThat(builds.count()).isEqualTo(1);
            assertThat(scratch.count()).isZero();
        }
        assertThat(page("columns/news/index.html").select("main ul.items a")).hasSize(4);
    }

    @Test
    void aChangeWritesOnlyThePagesItChanges() throws Exception {
        WebsiteChannel channel = channel(out, Map.of("page-size", "2"));
        ItemSnapshot first = Snapshots.item("i1", "news", "第一条", T0);
        channel.deliver(dispatch(Action.PUBLISH, first));
        for (int i = 2; i <= 7; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }
        Map<String, Object> before = SiteFiles.identities(out);

        channel.deliver(dispatch(Action.UPDATE, Snapshots.updated(first, "第一条（更正）", T0.plusSeconds(60))));

        // i1 is the oldest: on the last of four pages, and not among the home page's five newest.
        assertThat(SiteFiles.rewritten(before, SiteFiles.identities(out))).containsExactlyInAnyOrder("items/i1.html",
                "elder/items/i1.html", "hant/items/i1.html", "columns/news/page-4.html",
                "elder/columns/news/page-4.html", "hant/columns/news/page-4.html");
        assertThat(page("items/i1.html").select("h1").text()).isEqualTo("第一条（更正）");
        assertThat(page("columns/news/page-4.html").select("main ul.items a").eachText()).containsExactly("第一条（更正）");
    }

    @Test
    void aNewItemRewritesItsOwnPagesTheHomePageAndTheColumnPagesItShiftsOnly() throws Exception {
        WebsiteChannel channel = channel(out, Map.of("page-size", "2"));
        for (int i = 1; i <= 4; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("p1", "policies", "政策", T0)));
        Map<String, Object> before = SiteFiles.identities(out);

        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i5", "news", "第5条", T0.plusSeconds(5))));

        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (String mode : List.of("", "elder/", "hant/")) {
            // Three pages now instead of two: the pagination of every page of the column changes.
            expected.addAll(List.of(mode + "items/i5.html", mode + "index.html", mode + "columns/news/index.html",
                    mode + "columns/news/page-2.html", mode + "columns/news/page-3.html"));
        }
        Map<String, Object> after = SiteFiles.identities(out);
        assertThat(SiteFiles.rewritten(before, after)).isEqualTo(expected);
        assertThat(after.keySet()).containsAll(before.keySet());
        assertThat(page("columns/news/page-3.html").select("main ul.items a").eachText()).containsExactly("第1条");
    }

    @Test
    void aRetractionRemovesThePagesItEmptiesAndKeepsTheOthers() throws Exception {
        WebsiteChannel channel = channel(out, Map.of("page-size", "2"));
        ItemSnapshot oldest = Snapshots.item("i1", "news", "第1条", T0);
        channel.deliver(dispatch(Action.PUBLISH, oldest));
        for (int i = 2; i <= 3; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i" + i, "news", "第" + i + "条", T0.plusSeconds(i))));
        }
        Map<String, Object> before = SiteFiles.identities(out);

        channel.deliver(dispatch(Action.RETRACT, oldest));

        Map<String, Object> after = SiteFiles.identities(out);
        for (String mode : List.of("", "elder/", "hant/")) {
            assertThat(after).doesNotContainKeys(mode + "items/i1.html", mode + "columns/news/page-2.html")
                    .containsKeys(mode + "withdrawn/i1.html");
            assertThat(after.get(mode + "items/i3.html")).isEqualTo(before.get(mode + "items/i3.html"));
        }
        assertThat(page("columns/news/index.html").select("a[rel=next]")).isEmpty();
    }

    @Test
    void aRepeatedDeliveryIsHarmlessAndAnotherNodeFollowsTheStore(@TempDir Path otherOut) throws Exception {
        WebsiteChannel here = channel(out, Map.of());
        ItemSnapshot item = Snapshots.item("i1", "news", "标题", T0);
        here.deliver(dispatch(Action.PUBLISH, item));
        here.deliver(dispatch(Action.PUBLISH, item));
        assertThat(store.revision("site")).isEqualTo(1);

        WebsiteChannel there = (WebsiteChannel) SiteTestSupport.factory(store, clock)
                .create(PullTestSupport.config("site", "website", Map.of("output-directory", otherOut.toString())));
        assertThat(there.site().resolve("items/i1.html")).exists();

        here.deliver(dispatch(Action.RETRACT, item));
        assertThat(there.site().resolve("items/i1.html")).as("until its refresh interval passes").exists();
        clock.advance(Duration.ofSeconds(1));
        assertThat(there.site().resolve("items/i1.html")).doesNotExist();
        assertThat(there.site().resolve("withdrawn/i1.html")).exists();
    }

    private static java.util.List<String> found(WebsiteChannel channel, String text) throws Exception {
        return channel.search().search(SearchRequest.parse(text, null)).hits().stream()
                .map(SearchResults.Hit::itemId).toList();
    }

    @Test
    void aDeliveryReturnsOnceTheItemIsSearchableAndARetractionOnceItIsNotAnyMore() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot item = Snapshots.item("i1", "news", "关于开展数字化转型试点的通知", T0);

        channel.deliver(dispatch(Action.PUBLISH, item));
        assertThat(found(channel, "数字化转型")).containsExactly("i1");

        ItemSnapshot update = Snapshots.updated(item, "关于开展智能制造试点的通知", T0.plusSeconds(60));
        channel.deliver(dispatch(Action.UPDATE, update));
        assertThat(channel.search().search(SearchRequest.parse("智能制造", null)).hits())
                .extracting(SearchResults.Hit::titleHtml).containsExactly("关于开展<mark>智能制造</mark>试点的通知");

        channel.deliver(dispatch(Action.RETRACT, update));
        assertThat(found(channel, "智能制造")).isEmpty();
    }

    @Test
    void anEntryLeftOffTheSiteIsNotSearchableEither() throws Exception {
        WebsiteChannel channel = channel(out, Map.of());
        ItemSnapshot unplaceable = Snapshots.item("bad id", "news", "无法放置的通知", T0);
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "可以放置的通知", T0)));
        store.apply("site", Action.PUBLISH, unplaceable);
        channel.refresh();

        assertThat(found(channel, "通知")).containsExactly("i1");
    }

    @Test
    void theIndexIsBuiltFromTheStoreAtStartAndAnotherNodeFollowsItsChanges(@TempDir Path otherOut) throws Exception {
        WebsiteChannel here = channel(out, Map.of());
        here.deliver(dispatch(Action.PUBLISH, Snapshots.item("i1", "news", "第一条通知", T0)));
        ItemSnapshot second = Snapshots.item("i2", "news", "第二条通知", T0.plusSeconds(1));
        here.deliver(dispatch(Action.PUBLISH, second));

        WebsiteChannel started = channel(otherOut, Map.of());
        started.site();
        assertThat(found(started, "通知")).containsExactly("i2", "i1");

        here.deliver(dispatch(Action.RETRACT, second));
        clock.advance(Duration.ofSeconds(1));
        started.site();
        assertThat(found(started, "通知")).containsExactly("i1");
    }
}
