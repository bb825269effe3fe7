package org.tongfa.channel.website.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntry;

/** The search index on its own: what it finds, how it ranks and marks, and what it takes out. */
class SiteSearchTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    final SiteSearch search = new SiteSearch(Map.of("policies", "政策文件", "news", "工作动态"));

    static ItemSnapshot item(String id, int version, String title, String summary, String body, String department,
            String indexNumber, String documentNumber, Instant publishedAt) {
        return new ItemSnapshot(id, version, title, summary, body, "记者", department, "policies", "政策",
                "PROACTIVE", indexNumber, documentNumber, null, List.of(), List.of(), "NORMAL", publishedAt,
                publishedAt, null, List.of());
    }

    static ItemSnapshot item(String id, String title, String body) {
        return item(id, 1, title, "", body, "市工业和信息化局", "11440100-2026-" + id, null, T0);
    }

    static PublishedEntry live(ItemSnapshot item) {
        return new PublishedEntry(item, false, null);
    }

    SearchResults find(String text) throws Exception {
        return search.search(SearchRequest.parse(text, null));
    }

    List<String> ids(String text) throws Exception {
        return find(text).hits().stream().map(SearchResults.Hit::itemId).toList();
    }

    @Test
    void findsItemsByTheirTitleSummaryBodyDepartmentAndNumbers() throws Exception {
        search.follow(List.of(
                live(item("a", 1, "关于开展中小企业数字化转型试点工作的通知", "试点申报安排", "<p>各区主管部门：现将有关事项通知如下。</p>",
                        "市工业和信息化局", "11440100-2026-00123", "穗工信〔2026〕12号", T0)),
                live(item("b", 1, "2026年部门预算公开", "预算说明", "<table><tr><td>一般公共预算拨款收入</td></tr></table>",
                        "市财政局", "11440100-2026-00456", null, T0)),
                live(item("c", 1, "全市工业投资稳步增长", "", "<p>今年以来，全市<b>工业投资</b>同比增长。</p>",
                        "市统计局", "11440100-2026-00789", null, T0))));

        assertThat(ids("数字化转型")).containsExactly("a");
        assertThat(ids("申报")).containsExactly("a");
        assertThat(ids("公共预算拨款")).containsExactly("b");
        assertThat(ids("市统计局")).containsExactly("c");
        assertThat(ids("11440100-2026-00456")).containsExactly("b");
        assertThat(ids("穗工信[2026]12号")).as("brackets typed differently").containsExactly("a");
        assertThat(ids("局")).as("one character").containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ids("预算 增长")).as("every word must match").isEmpty();
    }

    @Test
    void ranksATitleMatchAboveABodyMatchAndEqualMatchesNewestFirst() throws Exception {
        search.follow(List.of(
                live(item("body", 1, "全市经济运行情况", "", "<p>制造业数字化转型成效明显。</p>", "市统计局", "x-1", null, T0)),
                live(item("old", 1, "数字化转型工作方案", "", "<p>方案全文。</p>", "市工业和信息化局", "x-2", null, T0)),
                live(item("new", 1, "数字化转型工作方案", "", "<p>方案全文。</p>", "市工业和信息化局", "x-3", null,
                        T0.plusSeconds(3600)))));

        assertThat(ids("数字化转型")).containsExactly("new", "old", "body");
    }

    @Test
    void marksTheMatchesInTheTitleAndTheBodyPassageAndEscapesEverythingElse() throws Exception {
        search.follow(List.of(live(item("a", "<script>alert(1)</script>数字化转型通知",
                "<p>第一段无关。</p><p>推动中小企业数字化转型，提升&lt;质量&gt;。</p>"))));

        SearchResults.Hit hit = find("数字化转型").hits().get(0);

        assertThat(hit.titleHtml()).isEqualTo("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;<mark>数字化转型</mark>通知");
        assertThat(hit.snippetHtml()).contains("推动中小企业<mark>数字化转型</mark>，提升&lt;质量&gt;").doesNotContain("<p>");
        assertThat(hit.department()).isEqualTo("市工业和信息化局");
        assertThat(hit.column()).isEqualTo("政策文件");
    }

    @Test
    void showsTheSummaryWhenOnlyTheTitleMatches() throws Exception {
        search.follow(List.of(live(item("a", 1, "数字化转型通知", "试点申报安排", "<p>正文。</p>", "市局", "x", null, T0))));

        assertThat(find("数字化").hits().get(0).snippetHtml()).isEqualTo("试点申报安排");
    }

    @Test
    void takesOutWhatIsNoLongerLiveAndReplacesAnOlderVersion() throws Exception {
        search.follow(List.of(live(item("a", "旧标题通知", "<p>正文</p>")), live(item("b", "另一条通知", "<p>正文</p>"))));

        search.keepOnly(Set.of("b"));
        assertThat(ids("通知")).containsExactly("b");

        search.follow(List.of(live(item("b", 2, "更正后的公告", "", "<p>正文</p>", "市局", "x", null, T0))));
        assertThat(ids("另一条")).isEmpty();
        assertThat(ids("更正后")).containsExactly("b");
        assertThat(search.size()).isEqualTo(1);
    }

    @Test
    void pagesThroughTheResultsTenAtATime() throws Exception {
        List<PublishedEntry> entries = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            entries.add(live(item("n" + i, 1, "工作动态第" + i + "期", "", "<p>正文</p>", "市局", "x" + i, null, T0.plusSeconds(i))));
        }
        search.follow(entries);

        SearchResults third = search.search(SearchRequest.parse("工作动态", "3"));

        assertThat(third.total()).isEqualTo(25);
        assertThat(third.pages()).isEqualTo(3);
        assertThat(third.hits()).extracting(SearchResults.Hit::itemId).containsExactly("n4", "n3", "n2", "n1", "n0");
        assertThat(search.search(SearchRequest.parse("工作动态", "4")).hits()).isEmpty();
    }

    @Test
    void searchesQuerySyntaxAsPlainTextAndNeverFails() throws Exception {
        search.follow(List.of(live(item("a", "title 通知 AND foo", "<p>正文</p>"))));

        for (String hostile : List.of("title:foo*", "通知 AND OR NOT", "\"通知", "a~2 b^3", "(通知", "通知\u0000\u0007",
                "𠀀𠀁 🇨🇳", "<mark>通知</mark>", "%00", "a".repeat(100), "字".repeat(100))) {
            assertThat(find(hostile).total()).as(hostile).isNotNegative();
        }
        assertThat(ids("+通知 -foo")).as("no exclusion: every word is looked for").containsExactly("a");
        assertThat(ids("(通知")).containsExactly("a");
        for (String onlySyntax : List.of("*:*", "\\", "/.*/", "~^", "-", "&&||")) {
            assertThatThrownBy(() -> find(onlySyntax)).as(onlySyntax).isInstanceOf(SearchRequest.Invalid.class);
        }
    }

    @Test
    void refusesATextWithNothingToSearch() {
        assertThatThrownBy(() -> find("？！……（）")).isInstanceOf(SearchRequest.Invalid.class)
                .hasMessageContaining("没有可查找的文字");
    }
}
