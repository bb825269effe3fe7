package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import org.tongfa.delivery.Action;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;

/** The search page as a reader gets it, in both modes, including what it answers to nonsense. */
class SiteSearchControllerTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    static final String BASE = "https://gov.example/site/";

    @TempDir
    Path out;
    WebsiteChannel channel;
    SiteSearchController controller;

    @BeforeEach
    void setUp() throws Exception {
        MutableClock clock = new MutableClock(T0);
        PublishedEntryStore store = PullTestSupport.store(clock);
        channel = (WebsiteChannel) SiteTestSupport.factory(store, clock)
                .create(PullTestSupport.config("site", "website", Map.of("output-directory", out.toString(),
                        "title", "示范市工业和信息化局")));
        controller = new SiteSearchController(Optional.of(channel));
        for (int i = 1; i <= 12; i++) {
            channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("n" + i, "news", "数字化转型工作动态第" + i + "期",
                    T0.plusSeconds(i))));
        }
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("p1", "policies", "关于促进制造业发展的若干措施", T0)));
    }

    static Document html(ResponseEntity<byte[]> answer) {
        return Jsoup.parse(new String(answer.getBody(), StandardCharsets.UTF_8), BASE);
    }

    @Test
    void answersAPageOfTheSiteWithTheFormTheCountTheMarkedResultsAndThePages() {
        ResponseEntity<byte[]> answer = controller.search("数字化转型", null);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getContentType()).hasToString("text/html;charset=utf-8");
        assertThat(answer.getHeaders().getFirst("X-Robots-Tag")).isEqualTo("noindex");
        Document page = html(answer);
        assertThat(page.title()).isEqualTo("“数字化转型”的搜索结果（共 12 条） - 示范市工业和信息化局");
        assertThat(page.select("header nav a").eachText()).contains("工作动态", "政策文件");
        assertThat(page.select("footer").text()).contains("示范市工业和信息化局");
        assertThat(page.select("main h1").text()).isEqualTo("站内搜索");
        assertThat(page.select("form[role=search]").attr("action")).isEqualTo(BASE + "search");
        assertThat(page.select("label[for=search-q]").text()).isEqualTo("搜索本站信息");
        assertThat(page.select("input#search-q").val()).isEqualTo("数字化转型");
        assertThat(page.select("[role=status]").text()).isEqualTo("找到 12 条与“数字化转型”相关的信息，第 1 页，共 2 页。");
        assertThat(page.select("ol.search-results > li")).hasSize(10);
        assertThat(page.select("ol.search-results h2 a").first().attr("href")).isEqualTo(BASE + "items/n12.html");
        assertThat(page.select("ol.search-results h2 a").first().html()).isEqualTo("<mark>数字化转型</mark>工作动态第12期");
        assertThat(page.select("ol.search-results .search-meta").first().text())
                .isEqualTo("工作动态 · 市工业和信息化局 · 穗工信〔2026〕12号 · 2026-03-02");
        assertThat(page.select("nav.pages a[rel=next]").attr("href")).isEqualTo(BASE + "search?q="
                + "%E6%95%B0%E5%AD%97%E5%8C%96%E8%BD%AC%E5%9E%8B&page=2");
        assertThat(page.select("nav.pages a[rel=prev]")).isEmpty();

        Document second = html(controller.search("数字化转型", "2"));
        assertThat(second.select("ol.search-results").attr("start")).isEqualTo("11");
        assertThat(second.select("ol.search-results > li")).hasSize(2);
        assertThat(second.select("nav.pages a[rel=prev]")).hasSize(1);
    }

    @Test
    void theElderModeKeepsTheReaderInItsPages() {
        Document page = html(controller.elderSearch("若干措施", null));

        assertThat(page.body().hasClass("elder")).isTrue();
        assertThat(page.select("form[role=search]").attr("action")).isEqualTo(BASE + "elder/search");
        assertThat(page.select("ol.search-results h2 a").attr("href")).isEqualTo(BASE + "elder/items/p1.html");
        assertThat(page.select(".topbar .mode a").attr("href")).startsWith(BASE + "search?q=");
    }

    @Test
    void saysInChineseWhenNothingWasAskedOrFound() {
        ResponseEntity<byte[]> empty = controller.search(null, null);
        assertThat(empty.getStatusCode().value()).isEqualTo(200);
        assertThat(html(empty).select("main").text()).contains("请输入要查找的词语");

        ResponseEntity<byte[]> none = controller.search("不存在的词语组合", null);
        assertThat(none.getStatusCode().value()).isEqualTo(200);
        assertThat(html(none).select("[role=status]").text()).isEqualTo("没有找到与“不存在的词语组合”相关的信息。");
        assertThat(html(none).select("ol.search-results")).isEmpty();
    }

    @Test
    void refusesWhatCannotBeSearchedWith400AndAPagePastTheLastWith404() {
        ResponseEntity<byte[]> tooLong = controller.search("数".repeat(5000), null);
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(html(tooLong).select("[role=alert]").text()).isEqualTo("搜索词过长：最多 100 个字，请缩短后再试。");
        assertThat(html(tooLong).select("input#search-q").val()).hasSize(100);

        ResponseEntity<byte[]> badPage = controller.search("通知", "abc");
        assertThat(badPage.getStatusCode().value()).isEqualTo(400);
        assertThat(html(badPage).select("[role=alert]").text()).contains("页码无效");

        ResponseEntity<byte[]> onlySyntax = controller.search("*:*", null);
        assertThat(onlySyntax.getStatusCode().value()).isEqualTo(400);
        assertThat(html(onlySyntax).select("[role=alert]").text()).contains("没有可查找的文字");

        ResponseEntity<byte[]> pastTheEnd = controller.search("数字化转型", "3");
        assertThat(pastTheEnd.getStatusCode().value()).isEqualTo(404);
        assertThat(html(pastTheEnd).select("[role=alert]").text()).isEqualTo("没有第 3 页：共找到 12 条结果，2 页。");
        assertThat(html(pastTheEnd).select("main a").attr("href")).isEqualTo(BASE + "search?q="
                + "%E6%95%B0%E5%AD%97%E5%8C%96%E8%BD%AC%E5%9E%8B");
    }

    @Test
    void hostileInputIsNeverAnErrorAndNeverComesBackAsMarkup() {
        for (String q : List.of("title:(foo OR bar)^9", "\"unbalanced", "<script>alert(1)</script>通知", "\u0000\u001b[31m",
                "%E4%B8", "\uD800", "🇨🇳".repeat(50), "a AND NOT b ~ * ? \\ / [ ] { }", "' OR 1=1 --")) {
            for (String pageParam : new String[] {null, "1", "-1", "9".repeat(30)}) {
                ResponseEntity<byte[]> answer = controller.search(q, pageParam);
                assertThat(answer.getStatusCode().value()).as(q + " page " + pageParam).isIn(200, 400, 404);
                assertThat(html(answer).select("main script")).isEmpty();
                assertThat(new String(answer.getBody(), StandardCharsets.UTF_8)).doesNotContain("<script>");
            }
        }
    }

    @Test
    void aServiceWithoutAWebsiteAnswers404() {
        assertThat(new SiteSearchController(Optional.empty()).search("通知", null).getStatusCode().value()).isEqualTo(404);
    }
}
