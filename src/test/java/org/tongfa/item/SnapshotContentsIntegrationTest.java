package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;
import org.tongfa.web.ApiTestSupport;

/**
 * A version is read and parsed once for all its channels, and nothing that may change after it was written
 * comes from what is held: each channel still gets its own overrides, and the disclosure attribute, the
 * publication times and the related items are as they are at each snapshot.
 */
class SnapshotContentsIntegrationTest extends ApiTestSupport {

    @Autowired
    ItemSnapshots snapshots;

    @Autowired
    ItemRepository items;

    private static Map<String, Object> item(String title) {
        Map<String, Object> item = validItem();
        item.put("title", title);
        item.put("indexNumber", "11440000-2026-" + Long.toString(System.nanoTime() % 100_000_000, 36));
        return item;
    }

    @Test
    void aVersionIsPreparedOnceAndEachChannelStillGetsItsOwnOverrides() {
        Map<String, Object> item = item("一次准备的稿件");
        item.put("overrides", Map.of("archive", Map.of("title", "存档专用标题", "summary", "存档专用摘要")));
        String id = createItem(item);
        assertThat(snapshots.holdsContentOf(id, 1)).isFalse();

        ItemSnapshot archive = snapshots.snapshot(id, 1, "archive");
        assertThat(snapshots.holdsContentOf(id, 1)).isTrue();
        ItemSnapshot internal = snapshots.snapshot(id, 1, "internal");

        assertThat(archive.title()).isEqualTo("存档专用标题");
        assertThat(archive.summary()).isEqualTo("存档专用摘要");
        assertThat(internal.title()).isEqualTo("一次准备的稿件");
        assertThat(internal.summary()).isEqualTo("各地要做好防汛准备。");
        assertThat(internal.bodyHtml()).isEqualTo(archive.bodyHtml()).contains("<strong>高度重视</strong>");
        assertThat(internal.tags()).isEqualTo(archive.tags()).containsExactly("防汛", "应急");
    }

    @Test
    void whatMayChangeAfterAVersionWasWrittenIsReadForEverySnapshot() {
        String policy = createPublished(item("政策原文（快照测试）"));
        awaitDelivered(policy, "archive", 1, "PUBLISH");
        Map<String, Object> reading = item("政策解读（快照测试）");
        reading.put("related", List.of(Map.of("itemId", policy, "relation", "INTERPRETS")));
        String id = createItem(reading);

        ItemSnapshot draft = snapshots.snapshot(id, 1, "archive");
        assertThat(snapshots.holdsContentOf(id, 1)).isTrue();
        assertThat(draft.disclosureType()).isEqualTo("PROACTIVE");
        assertThat(draft.publishedAt()).isNull();
        assertThat(draft.updatedAt()).isNull();
        assertThat(draft.related()).extracting(RelatedRef::itemId).containsExactly(policy);

        // The office step may change the disclosure attribute of a version not yet released.
        items.changeDisclosure(id, 1, DisclosureType.ON_REQUEST, "涉及申请人信息");
        assertThat(snapshots.snapshot(id, 1, "archive").disclosureType()).isEqualTo("ON_REQUEST");
        items.changeDisclosure(id, 1, DisclosureType.PROACTIVE, null);

        assertThat(post("/api/v1/items/" + id + "/publish").statusCode()).isEqualTo(202);
        ItemSnapshot released = snapshots.snapshot(id, 1, "archive");
        assertThat(released.disclosureType()).isEqualTo("PROACTIVE");
        assertThat(released.publishedAt()).isNotNull();
        assertThat(released.updatedAt()).isEqualTo(released.publishedAt());

        assertThat(retract(policy).statusCode()).isEqualTo(202);
        assertThat(snapshots.snapshot(id, 1, "archive").related())
                .as("the policy was retracted after this version's content was held").isEmpty();
        assertThat(snapshots.holdsContentOf(id, 1)).isTrue();
    }
}
