package org.tongfa.report;

import java.util.List;

/**
 * The rows and columns of the 2021 format (国办公开办函〔2021〕30号) of the annual report, in the
 * template's order. The keys are what the API and the stored JSON use; the labels are the template's.
 */
public final class Format2021 {

    /** The format version reports are stored under. */
    public static final String VERSION = "2021";

    /**
     * One row or column.
     *
     * @param key the key in the API, such as {@code 3.3.1}
     * @param label the template's wording
     */
    public record Line(String key, String label) {
    }

    /** Section 3's columns (申请人情况), the total last. */
    public static final List<Line> REQUEST_COLUMNS = List.of(
            new Line("naturalPerson", "自然人"),
            new Line("business", "商业企业"),
            new Line("research", "科研机构"),
            new Line("publicInterest", "社会公益组织"),
            new Line("legalService", "法律服务机构"),
            new Line("other", "其他"),
            new Line("total", "总计"));

    /** The index of the 总计 column in a row of section 3. */
    public static final int TOTAL_COLUMN = REQUEST_COLUMNS.size() - 1;

    /** Row 一: requests received this year. */
    public static final String RECEIVED = "1";
    /** Row 二: requests carried over from last year. */
    public static final String CARRIED_OVER = "2";
    /** Row 三（七）: the outcomes' total. */
    public static final String OUTCOME_TOTAL = "3.7";
    /** Row 四: requests carried forward to next year. */
    public static final String CARRIED_FORWARD = "4";

    /** Section 3's 25 rows, in the template's order. */
    public static final List<Line> REQUEST_ROWS = List.of(
            new Line(RECEIVED, "一、本年新收政府信息公开申请数量"),
            new Line(CARRIED_OVER, "二、上年结转政府信息公开申请数量"),
            new Line("3.1", "三、本年度办理结果（一）予以公开"),
            new Line("3.2", "三、本年度办理结果（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            new Line("3.3.1", "（三）不予公开 1.属于国家秘密"),
            new Line("3.3.2", "（三）不予公开 2.其他法律行政法规禁止公开"),
            new Line("3.3.3", "（三）不予公开 3.危及“三安全一稳定”"),
            new Line("3.3.4", "（三）不予公开 4.保护第三方合法权益"),
            new Line("3.3.5", "（三）不予公开 5.属于三类内部事务信息"),
            new Line("3.3.6", "（三）不予公开 6.属于四类过程性信息"),
            new Line("3.3.7", "（三）不予公开 7.属于行政执法案卷"),
            new Line("3.3.8", "（三）不予公开 8.属于行政查询事项"),
            new Line("3.4.1", "（四）无法提供 1.本机关不掌握相关政府信息"),
            new Line("3.4.2", "（四）无法提供 2.没有现成信息需要另行制作"),
            new Line("3.4.3", "（四）无法提供 3.补正后申请内容仍不明确"),
            new Line("3.5.1", "（五）不予处理 1.信访举报投诉类申请"),
            new Line("3.5.2", "（五）不予处理 2.重复申请"),
            new Line("3.5.3", "（五）不予处理 3.要求提供公开出版物"),
            new Line("3.5.4", "（五）不予处理 4.无正当理由大量反复申请"),
            new Line("3.5.5", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息"),
            new Line("3.6.1", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            new Line("3.6.2", "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            new Line("3.6.3", "（六）其他处理 3.其他"),
            new Line(OUTCOME_TOTAL, "（七）总计"),
            new Line(CARRIED_FORWARD, "四、结转下年度继续办理"));

    /** The outcome rows that （七）总计 adds up: （一） to （六）, every numbered line. */
    public static final List<String> OUTCOME_ROWS = REQUEST_ROWS.stream().map(Line::key)
            .filter(k -> k.startsWith("3.") && !k.equals(OUTCOME_TOTAL)).toList();

    /** Section 4's three groups of five columns. */
    public static final List<Line> APPEAL_GROUPS = List.of(
            new Line("reconsideration", "行政复议"),
            new Line("lawsuitDirect", "行政诉讼（未经复议直接起诉）"),
            new Line("lawsuitAfterReconsideration", "行政诉讼（复议后起诉）"));

    /** The five columns of each group of section 4, the total last. */
    public static final List<Line> APPEAL_COLUMNS = List.of(
            new Line("upheld", "结果维持"),
            new Line("corrected", "结果纠正"),
            new Line("other", "其他结果"),
            new Line("pending", "尚未审结"),
            new Line("total", "总计"));

    /** The six sections' headings. */
    public static final List<String> SECTIONS = List.of(
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项");

    private Format2021() {
    }

    /** The row's label, or the key itself when it is no row of section 3. */
    public static String requestRowLabel(String key) {
        return REQUEST_ROWS.stream().filter(l -> l.key().equals(key)).map(Line::label).findFirst().orElse(key);
    }
}
