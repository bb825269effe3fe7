package org.tongfa.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Entries that pass every check, with figures worked out by hand: in each of the six applicant columns
 * c (0 to 5), outcome row i (0 to 20, in the template's order) holds (i + c) % 3; 二 holds 1 and 四 holds 2,
 * so 一 is （七）总计 + 1. The 总计 column adds the six.
 */
final class ReportSamples {

    private ReportSamples() {
    }

    static ReportEntries valid() {
        return withRequests(requests());
    }

    static Map<String, List<Long>> requests() {
        Map<String, List<Long>> rows = new LinkedHashMap<>();
        List<String> outcomes = Format2021.OUTCOME_ROWS;
        for (int i = 0; i < outcomes.size(); i++) {
            int row = i;
            rows.put(outcomes.get(i), row(c -> (row + c) % 3));
        }
        rows.put(Format2021.OUTCOME_TOTAL, row(c -> outcomeTotal(c)));
        rows.put(Format2021.CARRIED_OVER, row(c -> 1));
        rows.put(Format2021.CARRIED_FORWARD, row(c -> 2));
        rows.put(Format2021.RECEIVED, row(c -> outcomeTotal(c) + 1));
        return rows;
    }

    /** （七）总计 of applicant column {@code c}: the sum over the 21 outcome rows of (i + c) % 3. */
    static int outcomeTotal(int c) {
        int sum = 0;
        for (int i = 0; i < Format2021.OUTCOME_ROWS.size(); i++) {
            sum += (i + c) % 3;
        }
        return sum;
    }

    static ReportEntries withRequests(Map<String, List<Long>> requests) {
        Map<String, List<Long>> appeals = new LinkedHashMap<>();
        appeals.put("reconsideration", List.of(3L, 1L, 0L, 1L, 5L));
        appeals.put("lawsuitDirect", List.of(1L, 0L, 0L, 0L, 1L));
        appeals.put("lawsuitAfterReconsideration", List.of(0L, 0L, 0L, 0L, 0L));
        return new ReportEntries("本年度，本局认真贯彻落实《中华人民共和国政府信息公开条例》。", 12, 34, 5,
                new BigDecimal("1.25"), requests, appeals, "一是公开内容不够全面。", "本年度未收取信息处理费。");
    }

    /** A copy of {@code requests} with cell ({@code row}, {@code column}) set to {@code value}. */
    static Map<String, List<Long>> with(Map<String, List<Long>> requests, String row, int column, long value) {
        Map<String, List<Long>> copy = new LinkedHashMap<>(requests);
        List<Long> values = new ArrayList<>(copy.get(row));
        values.set(column, value);
        copy.put(row, values);
        return copy;
    }

    private static List<Long> row(IntUnaryOperator column) {
        List<Long> values = new ArrayList<>();
        long total = 0;
        for (int c = 0; c < 6; c++) {
            long v = column.applyAsInt(c);
            values.add(v);
            total += v;
        }
        values.add(total);
        return values;
    }
}
