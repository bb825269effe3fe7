package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.Role;
import org.tongfa.support.TestSettings;

class ReviewChainsTest {

    private static ReviewChains chains(Map<String, String> review) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tongfa.channels.archive.type", "folder");
        settings.put("tongfa.columns.news.name", "工作动态");
        settings.putAll(review);
        return new ReviewChains(TestSettings.binder(settings).bind("tongfa", TongfaProperties.class));
    }

    @Test
    void readsTheStepsInTheirOrderAndMapsEachToItsRole() {
        ReviewChains.Chain chain = chains(Map.of("tongfa.columns.news.review[0]", "office",
                "tongfa.columns.news.review[1]", "confidentiality", "tongfa.columns.news.review[2]", "signer",
                "tongfa.columns.news.show-reviewers", "true")).of("news");
        assertThat(chain.steps()).containsExactly(ReviewStep.OFFICE, ReviewStep.CONFIDENTIALITY, ReviewStep.SIGNER);
        assertThat(chain.steps()).extracting(ReviewStep::role)
                .containsExactly(Role.REVIEWER, Role.CONFIDENTIALITY, Role.SIGNER);
        assertThat(chain.after(ReviewStep.OFFICE)).isEqualTo(ReviewStep.CONFIDENTIALITY);
        assertThat(chain.after(ReviewStep.SIGNER)).isNull();
        assertThat(chain.showReviewers()).isTrue();
        assertThat(chain.unreviewed()).isFalse();
    }

    @Test
    void aColumnWithoutAChainNeedsOneSignOff() {
        ReviewChains.Chain chain = chains(Map.of()).of("news");
        assertThat(chain.steps()).containsExactly(ReviewStep.SIGNER);
        assertThat(chain.configured()).isFalse();
    }

    @Test
    void reviewNoneMeansNoSteps() {
        ReviewChains.Chain chain = chains(Map.of("tongfa.columns.news.review", "none")).of("news");
        assertThat(chain.unreviewed()).isTrue();
        assertThat(chain.steps()).isEmpty();
    }

    @Test
    void anUnknownStepStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> chains(Map.of("tongfa.columns.news.review[0]", "office",
                "tongfa.columns.news.review[1]", "leader")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.key()).isEqualTo("tongfa.columns.news.review[1]");
                    assertThat(e.getMessage()).contains("leader");
                });
    }

    @Test
    void noneBesideStepsOrAStepTwiceStopsStartUp() {
        assertThatThrownBy(() -> chains(Map.of("tongfa.columns.news.review[0]", "none",
                "tongfa.columns.news.review[1]", "signer")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.columns.news.review"));
        assertThatThrownBy(() -> chains(Map.of("tongfa.columns.news.review[0]", "signer",
                "tongfa.columns.news.review[1]", "signer")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.columns.news.review[1]"));
    }

    @Test
    void theProgressOfAVersionIsReadFromItsDecisions() {
        ReviewChains.Chain chain = chains(Map.of("tongfa.columns.news.review[0]", "office",
                "tongfa.columns.news.review[1]", "signer")).of("news");
        ReviewRecord submit = record(1, "submit", ReviewRecord.Decision.SUBMITTED);
        assertThat(ReviewProgress.of(chain, 1, List.of()).state()).isEqualTo(ItemStatus.DRAFT);
        ReviewProgress atOffice = ReviewProgress.of(chain, 1, List.of(submit));
        assertThat(atOffice.state()).isEqualTo(ItemStatus.IN_REVIEW);
        assertThat(atOffice.step()).isEqualTo(ReviewStep.OFFICE);
        ReviewRecord office = record(1, "office", ReviewRecord.Decision.APPROVED);
        assertThat(ReviewProgress.of(chain, 1, List.of(submit, office)).step()).isEqualTo(ReviewStep.SIGNER);
        ReviewRecord signer = record(1, "signer", ReviewRecord.Decision.APPROVED);
        assertThat(ReviewProgress.of(chain, 1, List.of(submit, office, signer)).state()).isEqualTo(ItemStatus.APPROVED);
        ReviewRecord withdrawn = record(1, "withdraw", ReviewRecord.Decision.RETURNED);
        assertThat(ReviewProgress.of(chain, 1, List.of(submit, office, signer, withdrawn)).state())
                .isEqualTo(ItemStatus.RETURNED);
        // A new submission starts a new round: the earlier approvals no longer count.
        ReviewRecord again = record(2, "submit", ReviewRecord.Decision.SUBMITTED);
        ReviewProgress second = ReviewProgress.of(chain, 1, List.of(submit, office, signer, withdrawn, again));
        assertThat(second.step()).isEqualTo(ReviewStep.OFFICE);
        assertThat(second.round()).isEqualTo(2);
    }

    private static ReviewRecord record(int round, String step, ReviewRecord.Decision decision) {
        return new ReviewRecord(1, round, step, decision, "bob", "bob", java.time.Instant.EPOCH, null, null, null, null,
                null, false);
    }
}
