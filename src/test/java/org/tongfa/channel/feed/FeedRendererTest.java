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
}
