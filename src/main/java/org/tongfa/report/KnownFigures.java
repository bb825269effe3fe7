package org.tongfa.report;

import java.util.List;

/**
 * What Tongfa counts itself for one year's report, from the items and the delivery ledger. Days and
 * months are Beijing's (the year runs from 1 January 00:00 Beijing time).
 *
 * @param columns proactively disclosed items (主动公开) first published in the year, per column and month
 * @param proactiveTotal all of them
 * @param interpretations of them, policy interpretations (政策解读): items that interpret another
 * @param channels per channel, the items delivered in the year and the ledger's outcomes of the year's releases
 * @param regulations table 2a's row 规章
 * @param normativeDocuments table 2a's row 行政规范性文件
 */
public record KnownFigures(
        List<ColumnCount> columns,
        long proactiveTotal,
        long interpretations,
        List<ChannelCount> channels,
        DocumentCount regulations,
        DocumentCount normativeDocuments) {

    /**
     * One column's items.
     *
     * @param column the column key
     * @param name the column's name (栏目名称), or the key of a column no longer configured
     * @param months twelve counts, January first
     * @param total their sum
     */
    public record ColumnCount(String column, String name, List<Long> months, long total) {
    }

    /**
     * One channel's deliveries.
     *
     * @param channel the channel id
     * @param itemsDelivered distinct items delivered to it in the year (first publication or update)
     * @param delivered publish deliveries of the year's releases now DELIVERED
     * @param failed now FAILED or DEAD (given up)
     * @param pending not yet settled (PENDING, IN_PROGRESS)
     * @param other RETRACTED or SUPERSEDED before they were needed
     */
    public record ChannelCount(String channel, long itemsDelivered, long delivered, long failed, long pending,
            long other) {
    }

    /**
     * One row of table 2a (第二十条第（一）项).
     *
     * @param issued 本年制发件数: signed (成文日期) in the year
     * @param abolished 本年废止件数: repealed (废止) or lapsed (失效) in the year
     * @param inForce 现行有效件数: signed by the year's end and not repealed or lapsed by then
     */
    public record DocumentCount(long issued, long abolished, long inForce) {
    }

    /** The items per month over every column: the chart's series. */
    public List<Long> monthTotals() {
        long[] months = new long[12];
        columns.forEach(c -> {
            for (int m = 0; m < 12; m++) {
                months[m] += c.months().get(m);
            }
        });
        return java.util.Arrays.stream(months).boxed().toList();
    }
}
