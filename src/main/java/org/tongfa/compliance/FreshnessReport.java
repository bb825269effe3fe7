package org.tongfa.compliance;

import java.time.Instant;
import java.util.List;

/**
 * One assessment of freshness (栏目更新监测) at one instant: every watched subject and the site-level veto
 * risks. What {@code GET /api/v1/compliance/freshness} answers and the console's 合规提醒 shows.
 *
 * @param assessedAt the instant assessed (the injected clock's)
 * @param subjects the columns in their configured order, then each website's home page, then each WeChat account
 * @param blankColumns how many columns have no live item (空白栏目)
 * @param vetoes the site-level single-veto risks (单项否决), each with its count and threshold
 */
public record FreshnessReport(Instant assessedAt, List<Subject> subjects, int blankColumns, List<VetoRisk> vetoes) {

    /** What kind of thing a subject is. */
    public enum Kind {
        COLUMN, HOME_PAGE, WECHAT
    }

    /**
     * One watched subject.
     *
     * @param id the stable id transitions are remembered under: {@code column:<key>}, {@code home:<channel>},
     *     {@code wechat:<channel>}
     * @param kind what it is
     * @param key the column key or channel id
     * @param name the column's name, or the channel id
     * @param inspection a column's category; {@code null} for the home page and accounts
     * @param lastFirstPublication the newest first publication that counts; {@code null} when there is none
     * @param deadline when the window closes without a new item; {@code null} when exempt or never published
     * @param daysLeft whole days from the assessment to the deadline, negative once overdue; {@code null} with it
     * @param status OK, WARN, BREACH or EXEMPT
     * @param blank a column with no live item (also BREACH unless exempt: it was never updated)
     */
    public record Subject(String id, Kind kind, String key, String name, Inspection inspection,
            Instant lastFirstPublication, Instant deadline, Long daysLeft, FreshnessStatus status, boolean blank) {
    }

    /** The site-level risks inspectors veto on. */
    public enum Risk {
        /** ≥ 5 动态、要闻 or 通知公告、政策文件 columns not updated in their window. */
        OVERDUE_COLUMNS("栏目不更新：动态、要闻、通知公告、政策文件类栏目超期未更新"),
        /** ≥ 10 规划计划、人事 columns not updated within a year. */
        LONG_STALE_COLUMNS("栏目不更新：规划计划、人事类栏目长期未更新"),
        /** ≥ 5 blank columns. */
        BLANK_COLUMNS("栏目不更新：空白栏目"),
        /** The home page showed nothing new for two weeks. */
        HOME_PAGE_NOT_UPDATED("首页不更新"),
        /** A WeChat account published nothing for two weeks (政务新媒体). */
        WECHAT_NOT_UPDATED("政务新媒体不更新");

        private final String label;

        Risk(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One veto risk.
     *
     * @param risk which
     * @param count the subjects past their window now
     * @param soon the subjects past it or within the lead time of it
     * @param threshold the count that vetoes
     * @param status BREACH when {@code count} reaches the threshold, WARN when {@code soon} does, else OK
     */
    public record VetoRisk(Risk risk, int count, int soon, int threshold, FreshnessStatus status) {

        /** The transitions' id for this risk. */
        public String id() {
            return "veto:" + risk.name().toLowerCase().replace('_', '-');
        }
    }

    /** The subjects and risks not OK, for the console: what someone must act on. */
    public List<Subject> attention() {
        return subjects.stream().filter(s -> s.status() == FreshnessStatus.WARN || s.status() == FreshnessStatus.BREACH).toList();
    }

    /** The risks at WARN or BREACH. */
    public List<VetoRisk> risksRaised() {
        return vetoes.stream().filter(v -> v.status() != FreshnessStatus.OK).toList();
    }
}
