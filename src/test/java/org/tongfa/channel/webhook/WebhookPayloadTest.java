package org.tongfa.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PullTestSupport;
import org.tongfa.published.Snapshots;

/** What a webhook receiver is told about a document's 成文日期, 有效性 and 主题分类. */
class WebhookPayloadTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");

    @Test
    void aDocumentsDaysAreSentAsCalendarDaysAndNewsSendsNulls() {
        ItemSnapshot document = Snapshots.document(Snapshots.item("doc", "policies", "旧办法", T0), LocalDate.of(2019, 5, 6),
                new ItemSnapshot.Validity("REPEALED", LocalDate.of(2026, 3, 1)), "工业、交通");

        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) WebhookPayload.of(PullTestSupport.dispatch(Action.PUBLISH,
                document), List.of(), T0).get("data");
        assertThat(data).containsEntry("signedOn", "2019-05-06").containsEntry("topic", "工业、交通")
                .containsEntry("validity", Map.of("status", "REPEALED", "date", "2026-03-01"));

        @SuppressWarnings("unchecked")
        Map<String, Object> news = (Map<String, Object>) WebhookPayload.of(PullTestSupport.dispatch(Action.PUBLISH,
                Snapshots.item("news", "news", "工作动态", T0)), List.of(), T0).get("data");
        assertThat(news).containsEntry("signedOn", null).containsEntry("validity", null).containsEntry("topic", null);
    }

    @Test
    void aColumnThatPrintsItsReviewersSendsTheirNames() {
        ItemSnapshot reviewed = Snapshots.reviewed(Snapshots.item("doc", "policies", "新办法", T0), List.of("王审核", "李保密"),
                "张签发");

        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) WebhookPayload.of(PullTestSupport.dispatch(Action.PUBLISH,
                reviewed), List.of(), T0).get("data");
        assertThat(data).containsEntry("reviewers", new ItemSnapshot.Reviewers(List.of("王审核", "李保密"), "张签发"));
    }
}
