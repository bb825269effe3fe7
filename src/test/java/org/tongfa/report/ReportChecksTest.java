package org.tongfa.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.report.ReportSamples.requests;
import static org.tongfa.report.ReportSamples.valid;
import static org.tongfa.report.ReportSamples.with;
import static org.tongfa.report.ReportSamples.withRequests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.report.ReportChecks.Outcome;

/** Each of the template's checks, broken one at a time, names the cell at fault. */
class ReportChecksTest {

    private static List<String> fields(List<ReportProblem> problems) {
        return problems.stream().map(ReportProblem::field).toList();
    }

    @Test
    void sampleEntriesPassEveryCheck() {
        Outcome outcome = ReportChecks.check(valid(), valid());
        assertThat(outcome.shape()).isEmpty();
        assertThat(outcome.sums()).isEmpty();
        // Last year's 四 (2 in each column) is not this year's 二 (1): warned, not refused.
        assertThat(fields(outcome.warnings())).hasSize(7).first().isEqualTo("requests.2.naturalPerson");
    }

    @Test
    void refusesARowWhoseTotalIsNotTheSumOfItsColumns() {
        // 3.1's 总计 one too many: its row fails, and so do the 总计 column's sums below it.
        Map<String, List<Long>> requests = requests();
        long total = requests.get("3.1").get(6);
        Outcome outcome = ReportChecks.check(withRequests(with(requests, "3.1", 6, total + 1)), null);
        assertThat(fields(outcome.sums())).contains("requests.3.1.total");
        assertThat(outcome.sums().get(0).chinese()).contains("三、本年度办理结果（一）予以公开").contains("总计")
                .contains(Long.toString(total));
    }

    @Test
    void refusesAnOutcomeTotalThatIsNotTheSumOfTheOutcomeRows() {
        // One more 予以公开 for 自然人 (and that row's 总计), （七）总计 left as it was: only （七）总计 is now wrong,
        // since 一 + 二 = （七）总计 + 四 still holds of the numbers entered.
        Map<String, List<Long>> requests = requests();
        requests = with(requests, "3.1", 0, requests.get("3.1").get(0) + 1);
        requests = with(requests, "3.1", 6, requests.get("3.1").get(6) + 1);
        Outcome outcome = ReportChecks.check(withRequests(requests), null);
        assertThat(fields(outcome.sums())).containsExactly("requests.3.7.naturalPerson", "requests.3.7.total");
        assertThat(outcome.sums().get(0).chinese()).contains("（七）总计").contains("自然人");
    }

    @Test
    void refusesAColumnWhereReceivedAndCarriedOverAreNotOutcomesAndCarriedForward() {
        // 四 for 商业企业 one less (and its 总计): 一 + 二 no longer equals （七）总计 + 四.
        Map<String, List<Long>> requests = requests();
        requests = with(requests, "4", 1, 1);
        requests = with(requests, "4", 6, requests.get("4").get(6) - 1);
        Outcome outcome = ReportChecks.check(withRequests(requests), null);
        assertThat(fields(outcome.sums())).containsExactly("requests.4.business", "requests.4.total");
        assertThat(outcome.sums().get(0).message()).contains("一 + 二").contains("商业企业");
        assertThat(outcome.sums().get(0).chinese()).contains("“商业企业”列");
    }

    @Test
    void refusesAnAppealTotalThatIsNotTheSumOfItsFour() {
        ReportEntries v = valid();
        Map<String, List<Long>> appeals = new LinkedHashMap<>(v.appeals());
        appeals.put("lawsuitDirect", List.of(1L, 1L, 0L, 0L, 1L));
        Outcome outcome = ReportChecks.check(new ReportEntries(v.overview(), v.licences(), v.penalties(),
                v.enforcement(), v.fees(), v.requests(), appeals, v.problems(), v.other()), null);
        assertThat(fields(outcome.sums())).containsExactly("appeals.lawsuitDirect.total");
        assertThat(outcome.sums().get(0).chinese()).contains("行政诉讼（未经复议直接起诉）").contains("2");
    }

    @Test
    void warnsWhenCarriedOverDiffersFromLastYearsCarriedForward() {
        Map<String, List<Long>> lastYear = requests();
        lastYear = with(lastYear, "4", 3, 1);
        lastYear = with(lastYear, "4", 6, lastYear.get("4").get(6) - 1);
        lastYear = with(lastYear, "3.7", 3, lastYear.get("3.7").get(3));
        // This year's 二 is 1 everywhere; last year's 四 is 2 but 1 for 社会公益组织 (and 11 in 总计).
        Outcome outcome = ReportChecks.check(valid(), withRequests(lastYear));
        assertThat(outcome.sums()).isEmpty();
        assertThat(fields(outcome.warnings())).doesNotContain("requests.2.publicInterest")
                .contains("requests.2.naturalPerson", "requests.2.total");
        assertThat(outcome.warnings().get(0).chinese()).contains("上年报告的四、结转下年度继续办理");
    }

    @Test
    void refusesMissingRowsNegativeNumbersAndUnknownRowsAsShape() {
        Map<String, List<Long>> requests = new LinkedHashMap<>(requests());
        requests.remove("3.3.8");
        requests.put("3.2", new ArrayList<>(List.of(0L, 0L, 0L)));
        requests = with(requests, "3.1", 2, -1);
        requests.put("9.9", List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L));
        Outcome outcome = ReportChecks.check(withRequests(requests), null);
        assertThat(fields(outcome.shape())).containsExactly("requests.9.9", "requests.3.1.research",
                "requests.3.2", "requests.3.3.8");
        assertThat(outcome.sums()).isEmpty();
    }
}
