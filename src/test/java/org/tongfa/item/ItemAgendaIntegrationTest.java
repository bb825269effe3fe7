package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.console.AgendaTestSupport;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/** The desk's lists (ItemAgenda), read for the people who made and reviewed the items. */
class ItemAgendaIntegrationTest extends AgendaTestSupport {

    @Autowired
    ItemAgenda agenda;

    private static Caller person(String login, Role role) {
        return new Caller(login, login, null, Map.of(role, Set.of()));
    }

    private static List<String> ids(List<ItemView.Summary> items) {
        return items.stream().map(ItemView.Summary::id).toList();
    }

    @Test
    void myDraftsAreMineInDraftNewestFirst() {
        String older = draft(DRAFTER, "news", unique("旧草稿"));
        String newer = draft(DRAFTER, "notices", unique("新草稿"));
        String submitted = draft(DRAFTER, "news", unique("已提交"));
        submit(DRAFTER, submitted);
        String someoneElses = draftOfNobody("news", unique("别人的草稿"));

        List<String> drafts = ids(agenda.drafts(person(DRAFTER, Role.DRAFTER), 100));

        assertThat(drafts).containsSubsequence(newer, older).doesNotContain(submitted, someoneElses);
        assertThat(agenda.drafts(person(REVIEWER, Role.REVIEWER), 100)).isEmpty();
    }

    @Test
    void theInboxHoldsTheStepsMyRoleTakesOnMyColumns() {
        String news = draft(DRAFTER, "news", unique("待办公室审核"));
        submit(DRAFTER, news);
        String policy = draft(DRAFTER, "policies", unique("待保密审查"));
        submit(DRAFTER, policy);
        approve(REVIEWER, policy, "office");

        List<ItemAgenda.Waiting> office = agenda.inbox(person(REVIEWER, Role.REVIEWER), 100);
        List<ItemAgenda.Waiting> secrecy = agenda.inbox(person(SECRECY, Role.CONFIDENTIALITY), 100);
        Caller newsOnly = new Caller("reviewer-notices", "只审通知", null,
                Map.of(Role.REVIEWER, Set.of("notices")));

        assertThat(office).filteredOn(w -> w.item().id().equals(news)).singleElement()
                .satisfies(w -> assertThat(w.step()).isEqualTo("office"));
        assertThat(office).noneMatch(w -> w.item().id().equals(policy));
        assertThat(secrecy).filteredOn(w -> w.item().id().equals(policy)).singleElement()
                .satisfies(w -> assertThat(w.step()).isEqualTo("confidentiality"));
        assertThat(secrecy).noneMatch(w -> w.item().id().equals(news));
        assertThat(agenda.inbox(newsOnly, 100)).noneMatch(w -> w.item().id().equals(news));
        assertThat(agenda.inbox(person(DRAFTER, Role.DRAFTER), 100)).isEmpty();
    }

    @Test
    void aReviewerDoesNotSeeTheirOwnItemNorASecondStepOfAVersionTheyDecided() {
        Caller both = new Caller(REVIEWER, "王审核", null,
                Map.of(Role.REVIEWER, Set.of(), Role.SIGNER, Set.of()));
        String id = draft(DRAFTER, "news", unique("办公室已审"));
        submit(DRAFTER, id);
        approve(REVIEWER, id, "office");

        assertThat(agenda.inbox(both, 100)).noneMatch(w -> w.item().id().equals(id));
        assertThat(agenda.inbox(person(SIGNER, Role.SIGNER), 100)).anyMatch(w -> w.item().id().equals(id));
        assertThat(agenda.inbox(person(DRAFTER, Role.SIGNER), 100)).noneMatch(w -> w.item().id().equals(id));
    }

    @Test
    void returnedItemsCarryTheReviewersReason() {
        String id = draft(DRAFTER, "news", unique("被退回"));
        submit(DRAFTER, id);
        giveBack(REVIEWER, id, "office", "请补充数据来源");

        assertThat(agenda.returned(person(DRAFTER, Role.DRAFTER), 100)).filteredOn(r -> r.item().id().equals(id))
                .singleElement().satisfies(r -> {
                    assertThat(r.opinion()).isEqualTo("请补充数据来源");
                    assertThat(r.by()).isEqualTo("王审核");
                    assertThat(r.step()).isEqualTo("office");
                });
        assertThat(agenda.returned(person(SIGNER, Role.DRAFTER), 100)).noneMatch(r -> r.item().id().equals(id));
    }

    @Test
    void scheduledAndCalendarListTheReleasesInTheirWindow() {
        Instant at = Instant.now().plus(Duration.ofDays(2));
        String id = scheduled(unique("定时稿"), at);

        assertThat(ids(agenda.scheduled(at.minusSeconds(60), at.plusSeconds(60), 100))).contains(id);
        assertThat(ids(agenda.scheduled(at.plusSeconds(60), at.plusSeconds(3600), 100))).doesNotContain(id);
        assertThat(ids(agenda.calendar(at.minusSeconds(60), at.plusSeconds(60), 100))).contains(id);
        api("POST", "/api/v1/items/" + id + "/unschedule", null);
        assertThat(ids(agenda.calendar(at.minusSeconds(60), at.plusSeconds(60), 100))).doesNotContain(id);
    }
}
