package org.tongfa.report;

import static org.tongfa.report.Format2021.APPEAL_COLUMNS;
import static org.tongfa.report.Format2021.APPEAL_GROUPS;
import static org.tongfa.report.Format2021.CARRIED_FORWARD;
import static org.tongfa.report.Format2021.CARRIED_OVER;
import static org.tongfa.report.Format2021.OUTCOME_ROWS;
import static org.tongfa.report.Format2021.OUTCOME_TOTAL;
import static org.tongfa.report.Format2021.RECEIVED;
import static org.tongfa.report.Format2021.REQUEST_COLUMNS;
import static org.tongfa.report.Format2021.REQUEST_ROWS;
import static org.tongfa.report.Format2021.TOTAL_COLUMN;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tongfa.report.Format2021.Line;

/**
 * The template's checks on the entered tables (国办公开办函〔2021〕30号), each problem naming its cell:
 * first the shape (every row present, seven non-negative whole numbers; refused with 400), then the
 * sums (refused with 422): each row's 总计 is the sum of its six columns; in every column （七）总计 is
 * the sum of the outcome rows and 一 + 二 = （七）总计 + 四; each 总计 of section 4 is the sum of the four
 * before it. One more check only warns, because the template does not make it: this year's 二（上年结转）
 * equals last year's 四（结转下年度继续办理）.
 */
final class ReportChecks {

    /**
     * The checks' answer.
     *
     * @param shape cells missing or not non-negative whole numbers (400)
     * @param sums cells whose sums disagree (422)
     * @param warnings cells that disagree with last year's report (saved all the same)
     */
    record Outcome(List<ReportProblem> shape, List<ReportProblem> sums, List<ReportProblem> warnings) {
    }

    private ReportChecks() {
    }

    /** Checks {@code entries} against the template, and against {@code lastYear}'s entries when there are any. */
    static Outcome check(ReportEntries entries, ReportEntries lastYear) {
        List<ReportProblem> shape = new ArrayList<>();
        shape(entries.requests(), "requests", REQUEST_ROWS, REQUEST_COLUMNS, shape);
        shape(entries.appeals(), "appeals", APPEAL_GROUPS, APPEAL_COLUMNS, shape);
        if (!shape.isEmpty()) {
            return new Outcome(shape, List.of(), List.of());
        }
        List<ReportProblem> sums = new ArrayList<>();
        for (Line row : REQUEST_ROWS) {
            List<Long> values = entries.requests().get(row.key());
            long sum = values.subList(0, TOTAL_COLUMN).stream().mapToLong(Long::longValue).sum();
            if (values.get(TOTAL_COLUMN) != sum) {
                sums.add(cell("requests", row, REQUEST_COLUMNS.get(TOTAL_COLUMN), values.get(TOTAL_COLUMN),
                        sum, "the sum of the row's six columns", "本行六列之和"));
            }
        }
        for (int c = 0; c < REQUEST_COLUMNS.size(); c++) {
            int column = c;
            long outcomes = OUTCOME_ROWS.stream().mapToLong(r -> entries.request(r, column)).sum();
            long total = entries.request(OUTCOME_TOTAL, c);
            if (total != outcomes) {
                sums.add(cell("requests", row(OUTCOME_TOTAL), REQUEST_COLUMNS.get(c), total, outcomes,
                        "the sum of the outcome rows (一) to (六)", "（一）至（六）各项之和"));
            }
            long in = entries.request(RECEIVED, c) + entries.request(CARRIED_OVER, c);
            long out = total + entries.request(CARRIED_FORWARD, c);
            if (in != out) {
                String column4 = REQUEST_COLUMNS.get(c).label();
                sums.add(new ReportProblem("requests." + CARRIED_FORWARD + "." + REQUEST_COLUMNS.get(c).key(),
                        "一 + 二 (" + in + ") must equal （七）总计 + 四 (" + out + ") in column " + column4,
                        "“" + column4 + "”列：一、本年新收（" + entries.request(RECEIVED, c) + "）加二、上年结转（"
                                + entries.request(CARRIED_OVER, c) + "）应等于（七）总计（" + total + "）加四、结转下年度继续办理（"
                                + entries.request(CARRIED_FORWARD, c) + "）"));
            }
        }
        for (Line group : APPEAL_GROUPS) {
            List<Long> values = entries.appeals().get(group.key());
            int last = APPEAL_COLUMNS.size() - 1;
            long sum = values.subList(0, last).stream().mapToLong(Long::longValue).sum();
            if (values.get(last) != sum) {
                sums.add(cell("appeals", group, APPEAL_COLUMNS.get(last), values.get(last), sum,
                        "the sum of 结果维持, 结果纠正, 其他结果 and 尚未审结", "结果维持、结果纠正、其他结果、尚未审结之和"));
            }
        }
        return new Outcome(List.of(), sums, warnings(entries, lastYear));
    }

    private static List<ReportProblem> warnings(ReportEntries entries, ReportEntries lastYear) {
        List<ReportProblem> warnings = new ArrayList<>();
        if (lastYear == null || !complete(lastYear)) {
            return warnings;
        }
        for (int c = 0; c < REQUEST_COLUMNS.size(); c++) {
            long carried = entries.request(CARRIED_OVER, c);
            long forwarded = lastYear.request(CARRIED_FORWARD, c);
            if (carried != forwarded) {
                Line column = REQUEST_COLUMNS.get(c);
                warnings.add(new ReportProblem("requests." + CARRIED_OVER + "." + column.key(),
                        "二、上年结转 (" + carried + ") differs from last year's 四、结转下年度继续办理 (" + forwarded
                                + ") in column " + column.label(),
                        "“" + column.label() + "”列：二、上年结转（" + carried + "）与上年报告的四、结转下年度继续办理（"
                                + forwarded + "）不一致"));
            }
        }
        return warnings;
    }

    /** Whether {@code entries} has every row of section 3 in shape (a report stored before this check may not). */
    private static boolean complete(ReportEntries entries) {
        List<ReportProblem> shape = new ArrayList<>();
        shape(entries.requests(), "requests", REQUEST_ROWS, REQUEST_COLUMNS, shape);
        return shape.isEmpty();
    }

    private static void shape(Map<String, List<Long>> table, String name, List<Line> rows, List<Line> columns,
            List<ReportProblem> problems) {
        Set<String> known = rows.stream().map(Line::key).collect(Collectors.toSet());
        table.keySet().stream().filter(k -> !known.contains(k)).sorted().forEach(k -> problems.add(new ReportProblem(
                name + "." + k, "is no row of the 2021 format; rows: " + known.stream().sorted().toList(),
                "“" + k + "”不是 2021 年版格式中的行")));
        for (Line row : rows) {
            List<Long> values = table.get(row.key());
            if (values == null || values.size() != columns.size()) {
                problems.add(new ReportProblem(name + "." + row.key(), "needs " + columns.size() + " numbers ("
                        + columns.stream().map(Line::label).collect(Collectors.joining(", ")) + ")",
                        "“" + row.label() + "”应填写 " + columns.size() + " 个数字"));
                continue;
            }
            for (int c = 0; c < columns.size(); c++) {
                if (values.get(c) == null || values.get(c) < 0) {
                    problems.add(new ReportProblem(name + "." + row.key() + "." + columns.get(c).key(),
                            "must be a whole number of at least 0 (" + row.label() + ", " + columns.get(c).label() + ")",
                            "“" + row.label() + "”行“" + columns.get(c).label() + "”列应为不小于 0 的整数"));
                }
            }
        }
    }

    private static ReportProblem cell(String table, Line row, Line column, long entered, long expected, String what,
            String chinese) {
        return new ReportProblem(table + "." + row.key() + "." + column.key(),
                "is " + entered + " but " + what + " is " + expected + " (" + row.label() + ", " + column.label() + ")",
                "“" + row.label() + "”行“" + column.label() + "”列填写为 " + entered + "，应为" + chinese + " " + expected);
    }

    private static Line row(String key) {
        return REQUEST_ROWS.stream().filter(l -> l.key().equals(key)).findFirst().orElseThrow();
    }
}
