package org.tongfa.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;

/** What a pull channel's entries say about their links: both directions, live entries only. */
class RelatedLinksTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    private static PublishedEntry live(ItemSnapshot item) {
        return new PublishedEntry(item, false, null);
    }

    private static ItemSnapshot item(String id, String title, RelatedRef... related) {
        return Snapshots.related(Snapshots.item(id, "policies", title, T0.plusSeconds(id.hashCode() % 60)),
                List.of(related));
    }

    @Test
    void aPolicyDeliveredBeforeItsInterpretationIsLinkedFromTheInterpretationsSide() {
        PublishedEntries entries = new PublishedEntries(2, List.of(
                live(item("policy", "若干措施")),
                live(item("reading", "政策解读", new RelatedRef("policy", "INTERPRETS", "若干措施（旧标题）")))));

        assertThat(entries.links().of("policy")).containsExactly(new RelatedRef("reading", "INTERPRETED_BY", "政策解读"));
        assertThat(entries.links().of("reading")).containsExactly(new RelatedRef("policy", "INTERPRETS", "若干措施"));
    }

    @Test
    void aLinkBothSidesDeclareIsListedOnceAsTheItemsOwnSnapshotSaysIt() {
        PublishedEntries entries = new PublishedEntries(2, List.of(
                live(item("policy", "若干措施", new RelatedRef("reading", "INTERPRETED_BY", "政策解读"))),
                live(item("reading", "政策解读", new RelatedRef("policy", "INTERPRETS", "若干措施")))));

        assertThat(entries.links().of("policy")).containsExactly(new RelatedRef("reading", "INTERPRETED_BY", "政策解读"));
        assertThat(entries.links().of("reading")).containsExactly(new RelatedRef("policy", "INTERPRETS", "若干措施"));
    }

    @Test
    void retractedMissingAndSelfLinksAreLeftOutAndRelatedStaysRelated() {
        PublishedEntries entries = new PublishedEntries(3, List.of(
                live(item("a", "甲", new RelatedRef("b", "RELATED", "乙"), new RelatedRef("gone", "RELATED", "已撤回"),
                        new RelatedRef("never", "INTERPRETS", "从未到达"), new RelatedRef("a", "RELATED", "甲"))),
                live(item("b", "乙")),
                new PublishedEntry(item("gone", "已撤回", new RelatedRef("b", "RELATED", "乙")), true, T0)));

        assertThat(entries.links().of("a")).containsExactly(new RelatedRef("b", "RELATED", "乙"));
        assertThat(entries.links().of("b")).containsExactly(new RelatedRef("a", "RELATED", "甲"));
        assertThat(entries.links().of("gone")).isEmpty();
    }

    @Test
    void anEntrysUnreadableLinkFailsOnlyItsOwnLinks() {
        List<RelatedRef> unreadable = new java.util.ArrayList<>();
        unreadable.add(null);
        PublishedEntries entries = new PublishedEntries(2, List.of(
                live(Snapshots.related(Snapshots.item("broken", "news", "坏数据", T0), unreadable)),
                live(item("reading", "政策解读", new RelatedRef("policy", "INTERPRETS", "若干措施"))),
                live(item("policy", "若干措施"))));

        RelatedLinks links = entries.links();
        assertThat(links.of("policy")).containsExactly(new RelatedRef("reading", "INTERPRETED_BY", "政策解读"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> links.of("broken"))
                .isInstanceOf(NullPointerException.class);
    }
}
