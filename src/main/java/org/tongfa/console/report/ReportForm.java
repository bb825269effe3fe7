package org.tongfa.console.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tongfa.report.Format2021;
import org.tongfa.report.Format2021.Line;
import org.tongfa.report.ReportEntries;

/**
 * The annual report's form (年报填报): one input per cell, named as the API names the cell
 * ({@code requests.3.7.total}, {@code appeals.reconsideration.upheld}, {@code licences}), so that the
 * checks' refusals land on their inputs. An empty cell is 0: most of the 190 cells of a small
 * department's report are.
 */
final class ReportForm {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    private ReportForm() {
    }

    /** The form showing {@code entries}. */
    static ReportForm of(ReportEntries entries) {
        ReportForm form = new ReportForm();
        form.values.put("overview", entries.overview());
        form.values.put("problems", entries.problems());
        form.values.put("other", entries.other());
        form.values.put("licences", Long.toString(entries.licences()));
        form.values.put("penalties", Long.toString(entries.penalties()));
        form.values.put("enforcement", Long.toString(entries.enforcement()));
        form.values.put("fees", entries.fees().stripTrailingZeros().toPlainString());
        table(entries.requests(), "requests", Format2021.REQUEST_ROWS, Format2021.REQUEST_COLUMNS, form.values);
        table(entries.appeals(), "appeals", Format2021.APPEAL_GROUPS, Format2021.APPEAL_COLUMNS, form.values);
        return form;
    }

    /** The form as posted; {@link #errors()} holds what could not be read as a number. */
    static ReportForm posted(Map<String, String> params) {
        ReportForm form = new ReportForm();
        params.forEach((k, v) -> {
            if (!k.startsWith("_")) {
                form.values.put(k, v == null ? "" : v);
            }
        });
        return form;
    }

    /** The entries the form holds; cells that are no whole number are noted in {@link #errors()} and read as 0. */
    ReportEntries entries() {
        Map<String, List<Long>> requests = new LinkedHashMap<>();
        for (Line row : Format2021.REQUEST_ROWS) {
            requests.put(row.key(), row("requests." + row.key() + ".", Format2021.REQUEST_COLUMNS));
        }
        Map<String, List<Long>> appeals = new LinkedHashMap<>();
        for (Line group : Format2021.APPEAL_GROUPS) {
            appeals.put(group.key(), row("appeals." + group.key() + ".", Format2021.APPEAL_COLUMNS));
        }
        BigDecimal fees = BigDecimal.ZERO;
        String feeText = value("fees").strip();
        if (!feeText.isEmpty()) {
            try {
                fees = new BigDecimal(feeText);
                if (fees.signum() < 0 || fees.scale() > 4) {
                    errors.put("fees", "行政事业性收费金额应为不小于 0 的数，单位万元，最多四位小数");
                }
            } catch (NumberFormatException e) {
                errors.put("fees", "行政事业性收费金额应为数字（单位：万元）");
            }
        }
        return new ReportEntries(value("overview"), number("licences"), number("penalties"), number("enforcement"),
                fees, requests, appeals, value("problems"), value("other"));
    }

    private List<Long> row(String prefix, List<Line> columns) {
        List<Long> values = new ArrayList<>();
        columns.forEach(c -> values.add(number(prefix + c.key())));
        return values;
    }

    private long number(String name) {
        String text = value(name).strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        errors.put(name, "应填写不小于 0 的整数，而不是“" + text + "”");
        return 0;
    }

    /** Each cell's value as typed. */
    public String value(String name) {
        return values.getOrDefault(name, "");
    }

    /** Each cell's problem in Chinese, keyed by the cell's name. */
    public Map<String, String> errors() {
        return errors;
    }

    /** Adds the checks' problems (in Chinese) to the form's own. */
    void addErrors(Map<String, String> more) {
        more.forEach((k, v) -> errors.merge(k, v, (a, b) -> a + "；" + b));
    }

    private static void table(Map<String, List<Long>> table, String name, List<Line> rows, List<Line> columns,
            Map<String, String> values) {
        for (Line row : rows) {
            List<Long> numbers = table.get(row.key());
            for (int c = 0; c < columns.size(); c++) {
                long v = numbers == null || numbers.size() <= c || numbers.get(c) == null ? 0 : numbers.get(c);
                values.put(name + "." + row.key() + "." + columns.get(c).key(), Long.toString(v));
            }
        }
    }
}
