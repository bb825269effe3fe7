package org.tongfa.channel.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.published.PublishedEntry;
import org.tongfa.published.Snapshots;

/** The renderer alone: one entry that cannot be rendered costs that entry, never the feed. */
class FeedRendererTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    final FeedRenderer renderer = new FeedRenderer("zh-CN");
    final FeedRenderer.Scope scope = new FeedRenderer.Scope("all", "示范市政府", "示范市政府信息公开", "https://gov.example/feeds/all",
            "https://gov.example/site/", null);
    final List<PublishedEntry> live = List.of(
            new PublishedEntry(Snapshots.item("good", "news", "正常的信息", T0.plusSeconds(1)), false, null),
            new PublishedEntry(Snapshots.item("broken", "news", "出错的信息", T0), false, null));
    // Stands for any failure nobody foresaw in one entry's data.
    final FeedRenderer.ItemUrls urls = item -> {
        if (item.itemId().equals("broken")) {
            throw new IllegalStateException("unforeseen");
        }
        return "https://gov.example/site/items/" + item.itemId() + ".html";
    };

    @Test
    void anEntryThatFailsToRenderIsLeftOutOfEveryFormatAndTheRestIsServed() throws Exception {
        assertThat(FeedChannelTest.rss(renderer.render(FeedFormat.RSS, scope, live, T0, urls).text()).getItems())
                .extracting(Item::getTitle).containsExactly("正常的信息");
        assertThat(FeedChannelTest.atom(renderer.render(FeedFormat.ATOM, scope, live, T0, urls).text()).getEntries())
                .extracting(Entry::getTitle).containsExactly("正常的信息");
        assertThat(FeedChannelTest.json(renderer.render(FeedFormat.JSON, scope, live, T0, urls).text())
                .path("items").valueStream().map(i -> i.path("title").asString()).toList())
                .containsExactly("正常的信息");
    }

    @Test
    void controlCharactersInTheFeedsOwnTitleAreRemoved() throws Exception {
        FeedRenderer.Scope bad = new FeedRenderer.Scope("all", "示范\u0001市政府", "示范市政府信息公开", "https://gov.example/feeds/all",
                "https://gov.example/site/", null);
        assertThat(FeedChannelTest.rss(renderer.render(FeedFormat.RSS, bad, live.subList(0, 1), T0, urls).text())
                .getTitle()).isEqualTo("示范市政府");
        assertThat(FeedChannelTest.atom(renderer.render(FeedFormat.ATOM, bad, live.subList(0, 1), T0, urls).text())
                .getTitle()).isEqualTo("示范市政府");
    }

    @Test
    void aDocumentsSigningDayTopicAndValidityAreInTheGovernmentNamespaceOfEveryFormat() throws Exception {
        List<PublishedEntry> documents = List.of(
                new PublishedEntry(Snapshots.document(Snapshots.item("repealed", "policies", "旧办法", T0),
                        java.time.LocalDate.of(2019, 5, 6),
                        new org.tongfa.delivery.ItemSnapshot.Validity("REPEALED", java.time.LocalDate.of(2026, 3, 1)),
                        "工业、交通"), false, null),
                new PublishedEntry(Snapshots.item("news", "news", "工作动态", T0.plusSeconds(1)), false, null));

        Item rss = FeedChannelTest.rss(renderer.render(FeedFormat.RSS, scope, documents, T0, urls).text()).getItems()
                .stream().filter(i -> i.getTitle().equals("旧办法")).findFirst().orElseThrow();
        assertThat(gov(rss.getForeignMarkup())).containsEntry("signedOn", "2019-05-06").containsEntry("topic", "工业、交通")
                .containsEntry("validity", "REPEALED").containsEntry("validityDate", "2026-03-01");
        Entry atom = FeedChannelTest.atom(renderer.render(FeedFormat.ATOM, scope, documents, T0, urls).text())
                .getEntries().stream().filter(e -> e.getTitle().equals("旧办法")).findFirst().orElseThrow();
        assertThat(gov(atom.getForeignMarkup())).containsEntry("signedOn", "2019-05-06").containsEntry("topic", "工业、交通")
                .containsEntry("validity", "REPEALED").containsEntry("validityDate", "2026-03-01");
        var json = FeedChannelTest.json(renderer.render(FeedFormat.JSON, scope, documents, T0, urls).text()).path("items");
        var gov = json.valueStream().filter(i -> i.path("title").asString().equals("旧办法")).findFirst().orElseThrow()
                .path("_gov");
        assertThat(gov.path("signed_on").asString()).isEqualTo("2019-05-06");
        assertThat(gov.path("topic").asString()).isEqualTo("工业、交通");
        assertThat(gov.path("validity").asString()).isEqualTo("REPEALED");
        assertThat(gov.path("validity_date").asString()).isEqualTo("2026-03-01");

        // News states none of them, and no element stands empty for them.
        Item news = FeedChannelTest.rss(renderer.render(FeedFormat.RSS, scope, documents, T0, urls).text()).getItems()
                .stream().filter(i -> i.getTitle().equals("工作动态")).findFirst().orElseThrow();
        assertThat(gov(news.getForeignMarkup())).doesNotContainKeys("signedOn", "topic", "validity", "validityDate")
                .containsKey("indexNumber");
        var newsGov = json.valueStream().filter(i -> i.path("title").asString().equals("工作动态")).findFirst()
                .orElseThrow().path("_gov");
        assertThat(newsGov.has("signed_on") || newsGov.has("topic") || newsGov.has("validity")).isFalse();
    }

    @Test
    void theReviewersOfAColumnThatPrintsThemAreInTheGovernmentMetadata() throws Exception {
        List<PublishedEntry> entries = List.of(new PublishedEntry(Snapshots.reviewed(
                Snapshots.item("signed", "policies", "新办法", T0), List.of("王审核"), "张签发"), false, null));

        Item rss = FeedChannelTest.rss(renderer.render(FeedFormat.RSS, scope, entries, T0, urls).text()).getItems().get(0);
        assertThat(gov(rss.getForeignMarkup())).containsEntry("reviewer", "王审核").containsEntry("signer", "张签发");
        var gov = FeedChannelTest.json(renderer.render(FeedFormat.JSON, scope, entries, T0, urls).text()).path("items")
                .get(0).path("_gov");
        assertThat(gov.path("reviewers").get(0).asString()).isEqualTo("王审核");
        assertThat(gov.path("signer").asString()).isEqualTo("张签发");
    }

    /** The {@code gov:} elements by local name. */
    private static java.util.Map<String, String> gov(List<org.jdom2.Element> markup) {
        java.util.Map<String, String> gov = new java.util.LinkedHashMap<>();
        markup.stream().filter(e -> FeedRenderer.GOV_NS.equals(e.getNamespaceURI()))
                .forEach(e -> gov.put(e.getName(), e.getText()));
        return gov;
    }
}
