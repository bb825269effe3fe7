package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lifecycle change copies the row and changes only what it names. */
class ItemRowTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");

    private static ItemVersion version(int number, String title, Instant expireAt) {
        return new ItemVersion("item-1", number, title, null, "<p>正文</p>", null, "办公室", "news",
                DisclosureType.PROACTIVE, null, null, null, null, Priority.NORMAL, null, expireAt, List.of(), Map.of(),
                List.of(), CREATED, "editor", null, null, null, null);
    }

    private static ItemRow published() {
        return new ItemRow("item-1", ItemStatus.PUBLISHED, 2, 2, "news", "标题", DisclosureType.PROACTIVE,
                Priority.NORMAL, null, EXPIRES, CREATED, CREATED.plusSeconds(60), null, null, CREATED, "editor",
                CREATED.plusSeconds(60));
    }

    @Test
    void aCopyWithNothingChangedEqualsTheRow() {
        assertThat(published().toBuilder().build()).isEqualTo(published());
    }

    @Test
    void aCopyChangesOnlyTheFieldsItNames() {
        Instant now = CREATED.plusSeconds(3600);

        ItemRow retracted = published().toBuilder().status(ItemStatus.RETRACTED).retractedAt(now)
                .retractReason("RETRACTED").updatedAt(now).build();

        assertThat(retracted).usingRecursiveComparison()
                .ignoringFields("status", "retractedAt", "retractReason", "updatedAt").isEqualTo(published());
        assertThat(retracted.status()).isEqualTo(ItemStatus.RETRACTED);
        assertThat(retracted.retractedAt()).isEqualTo(now);
        assertThat(retracted.retractReason()).isEqualTo("RETRACTED");
        assertThat(retracted.updatedAt()).isEqualTo(now);
    }

    @Test
    void contentTakesTheVersionsNumberTitleAndTimesAndKeepsTheLifecycle() {
        ItemRow edited = published().toBuilder().content(version(3, "新标题", null)).build();

        assertThat(edited.currentVersion()).isEqualTo(3);
        assertThat(edited.title()).isEqualTo("新标题");
        assertThat(edited.expireAt()).isNull();
        assertThat(edited).usingRecursiveComparison()
                .ignoringFields("currentVersion", "title", "expireAt").isEqualTo(published());
    }

    @Test
    void aNewRowLeavesWhatItIsNotGivenUnset() {
        ItemRow draft = ItemRow.builder().id("item-1").status(ItemStatus.DRAFT).content(version(1, "标题", EXPIRES))
                .createdAt(CREATED).createdBy("editor").updatedAt(CREATED).build();

        assertThat(draft).isEqualTo(new ItemRow("item-1", ItemStatus.DRAFT, 1, null, "news", "标题",
                DisclosureType.PROACTIVE, Priority.NORMAL, null, EXPIRES, null, null, null, null, CREATED, "editor",
                CREATED));
    }
}
