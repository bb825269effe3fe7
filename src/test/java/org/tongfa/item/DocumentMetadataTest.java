package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.config.TopicProperties;
import org.tongfa.item.ItemRefusal.Field;
import org.tongfa.support.ItemRequests;

/** 成文日期, 有效性 and 主题分类 are checked against the day in Beijing and the configured topics. */
class DocumentMetadataTest {

    /** 00:30 on 2 December in Beijing, still 1 December in UTC. */
    private static final Instant AFTER_MIDNIGHT_IN_BEIJING = Instant.parse("2026-12-01T16:30:00Z");
    /** 23:59 on 1 December in Beijing. */
    private static final Instant BEFORE_MIDNIGHT_IN_BEIJING = Instant.parse("2026-12-01T15:59:00Z");
    private static final LocalDate DEC_2 = LocalDate.of(2026, 12, 2);
    private static final TopicProperties TOPICS = new TopicProperties(List.of("工业、交通", "其他"));

    private static ItemRequest document(LocalDate signedOn, ItemRequest.Validity validity, String topic) {
        ItemRequest r = ItemRequests.news("关于印发数字化转型实施方案的通知", List.of());
        return new ItemRequest(r.title(), r.summary(), r.body(), r.author(), r.department(), r.column(),
                r.disclosure(), r.indexNumber(), r.documentNumber(), r.coverAssetId(), r.tags(), r.priority(),
                r.publishAt(), r.expireAt(), r.overrides(), r.related(), r.channels(), signedOn, validity, topic);
    }

    private static List<String> fields(ItemRequest r, Instant now) {
        return DocumentMetadata.problems(r, now, TOPICS).stream().map(Field::field).toList();
    }

    @Test
    void aDocumentSignedTodayInBeijingIsAcceptedWhileItIsStillYesterdayInUtc() {
        assertThat(fields(document(DEC_2, null, null), AFTER_MIDNIGHT_IN_BEIJING)).isEmpty();
    }

    @Test
    void aDocumentSignedTomorrowInBeijingIsRefusedNamingSignedOn() {
        List<Field> problems = DocumentMetadata.problems(document(DEC_2, null, null), BEFORE_MIDNIGHT_IN_BEIJING,
                TOPICS);
        assertThat(problems).extracting(Field::field).containsExactly("signedOn");
        assertThat(problems.get(0).message()).contains("2026-12-02", "today is 2026-12-01 in Beijing");
    }

    @Test
    void aRepealTodayInBeijingIsAcceptedAndOneAheadIsRefused() {
        ItemRequest.Validity repealed = new ItemRequest.Validity(ValidityStatus.REPEALED, DEC_2);
        assertThat(fields(document(LocalDate.of(2020, 5, 1), repealed, null), AFTER_MIDNIGHT_IN_BEIJING)).isEmpty();
        assertThat(fields(document(LocalDate.of(2020, 5, 1), repealed, null), BEFORE_MIDNIGHT_IN_BEIJING))
                .containsExactly("validity.date");
    }

    @Test
    void aRepealOrLapseNeedsItsDayAndAValidDocumentHasNone() {
        assertThat(fields(document(null, new ItemRequest.Validity(ValidityStatus.REPEALED, null), null),
                AFTER_MIDNIGHT_IN_BEIJING)).containsExactly("validity.date");
        assertThat(fields(document(null, new ItemRequest.Validity(ValidityStatus.LAPSED, null), null),
                AFTER_MIDNIGHT_IN_BEIJING)).containsExactly("validity.date");
        assertThat(fields(document(null, new ItemRequest.Validity(ValidityStatus.VALID, DEC_2), null),
                AFTER_MIDNIGHT_IN_BEIJING)).containsExactly("validity.date");
        assertThat(fields(document(null, new ItemRequest.Validity(ValidityStatus.VALID, null), null),
                AFTER_MIDNIGHT_IN_BEIJING)).isEmpty();
    }

    @Test
    void aRepealBeforeTheSigningIsRefused() {
        ItemRequest r = document(LocalDate.of(2026, 3, 1),
                new ItemRequest.Validity(ValidityStatus.LAPSED, LocalDate.of(2026, 2, 28)), null);
        assertThat(fields(r, AFTER_MIDNIGHT_IN_BEIJING)).containsExactly("validity.date");
    }

    @Test
    void aTopicMustBeOneOfTheConfiguredTopics() {
        assertThat(fields(document(null, null, "工业、交通"), AFTER_MIDNIGHT_IN_BEIJING)).isEmpty();
        List<Field> problems = DocumentMetadata.problems(document(null, null, "工业"), AFTER_MIDNIGHT_IN_BEIJING,
                TOPICS);
        assertThat(problems).extracting(Field::field).containsExactly("topic");
        assertThat(problems.get(0).message()).contains("tongfa.topics", "工业、交通");
    }
}
