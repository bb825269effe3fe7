package org.tongfa.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrePublishChecksTest {

    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");

    /** A text check of the test's own: blocks every 机密 and warns at every 草稿, naming the field and offset. */
    private static final class Marker implements TextCheck {
        final List<String> seenColumns = new ArrayList<>();
        final List<String> seenFields = new ArrayList<>();

        @Override
        public String name() {
            return "marker";
        }

        @Override
        public List<Finding> scan(String column, List<TextField> fields) {
            seenColumns.add(column);
            List<Finding> found = new ArrayList<>();
            for (TextField f : fields) {
                seenFields.add(f.name());
                find(f, "机密", Verdict.BLOCK, found);
                find(f, "草稿", Verdict.WARN, found);
            }
            return found;
        }

        private void find(TextField f, String term, Verdict verdict, List<Finding> found) {
            int at = f.text().indexOf(term);
            if (at >= 0) {
                found.add(new Finding(name(), verdict, f.name(), at, term, "含有“" + term + "”", null));
            }
        }
    }

    private final Marker marker = new Marker();

    private PrePublishChecks checks(ItemCheck... itemChecks) {
        return new PrePublishChecks(List.of(marker), List.of(itemChecks), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void passesWhenNoCheckFindsAnythingAndSaysWhichVersionWhen() {
        CheckReport report = checks().run(Subjects.news().build());

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.findings()).isEmpty();
        assertThat(report.itemId()).isEqualTo("item-1");
        assertThat(report.version()).isEqualTo(3);
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(marker.seenColumns).containsExactly("news");
    }

    @Test
    void readsTitleSummaryBodyEveryAltAndEveryOverrideUnderTheirDocumentedNames() {
        Subjects s = Subjects.news();
        s.images.add(new CheckSubject.Image("/assets/a", "图一"));
        s.images.add(new CheckSubject.Image("/assets/b", "机密图"));
        s.overrides.put("wechat", new CheckSubject.Override("微信标题", "草稿摘要"));
        s.overrides.put("display", new CheckSubject.Override(null, "屏幕摘要"));

        CheckReport report = checks().run(s.build());

        assertThat(marker.seenFields).containsExactly("title", "summary", "body", "images[0].alt", "images[1].alt",
                "overrides.display.summary", "overrides.wechat.title", "overrides.wechat.summary");
        assertThat(report.findings()).extracting(Finding::field, Finding::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("images[1].alt", 0),
                        org.assertj.core.groups.Tuple.tuple("overrides.wechat.summary", 0));
        assertThat(report.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(report.blocks()).hasSize(1);
        assertThat(report.warnings()).hasSize(1);
    }

    @Test
    void theVerdictIsTheWorstFindingOfTextAndStructuralChecksTogether() {
        ItemCheck warnsOnLinks = new ItemCheck() {
            @Override
            public String name() {
                return "links";
            }

            @Override
            public List<Finding> check(CheckSubject subject) {
                return subject.links().stream()
                        .map(l -> Finding.about(name(), Verdict.WARN, l.field(), "链接 " + l.href())).toList();
            }
        };
        CheckSubject warned = Subjects.news().body("一份草稿").link("https://example.org/").build();
        CheckReport report = checks(warnsOnLinks).run(warned);

        assertThat(report.verdict()).isEqualTo(Verdict.WARN);
        assertThat(report.findings()).extracting(Finding::check).containsExactly("marker", "links");
        assertThat(checks(warnsOnLinks).run(Subjects.news().body("机密").build()).verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void aReportOfNoFindingsPassesAndOfFindingsTakesTheWorst() {
        Finding warn = Finding.about("x", Verdict.WARN, "body", "w");
        Finding block = Finding.about("x", Verdict.BLOCK, "title", "b");
        assertThat(CheckReport.of(List.of(), "i", 1, NOW).verdict()).isEqualTo(Verdict.PASS);
        assertThat(CheckReport.of(List.of(warn), "i", 1, NOW).verdict()).isEqualTo(Verdict.WARN);
        assertThat(CheckReport.of(List.of(warn, block, warn), "i", 1, NOW).verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(Map.of("k", CheckReport.of(List.of(block), "i", 1, NOW).blocks())).containsEntry("k", List.of(block));
    }
}
