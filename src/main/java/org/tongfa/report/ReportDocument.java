package org.tongfa.report;

import static org.tongfa.report.Format2021.APPEAL_COLUMNS;
import static org.tongfa.report.Format2021.APPEAL_GROUPS;
import static org.tongfa.report.Format2021.REQUEST_COLUMNS;
import static org.tongfa.report.Format2021.REQUEST_ROWS;
import static org.tongfa.report.Format2021.SECTIONS;

import java.util.ArrayList;
import java.util.List;
import org.tongfa.report.Format2021.Line;
import org.tongfa.report.KnownFigures.ChannelCount;
import org.tongfa.report.KnownFigures.ColumnCount;

/**
 * A report laid out as the template lays it out: six sections of paragraphs and tables, the same for
 * the {@code .docx} and the HTML export so that both show the same cells in the same order.
 *
 * @param title the report's title
 * @param sections the six sections, in order
 */
record ReportDocument(String title, List<Section> sections) {

    /** One section: its heading and blocks. */
    record Section(String heading, List<Block> blocks) {
    }

    /** A paragraph or a table. */
    sealed interface Block permits Paragraph, Table {
    }

    /** Text; lines are kept. */
    record Paragraph(String text) implements Block {
    }

    /**
     * A table.
     *
     * @param caption what the table is, above it
     * @param header the header rows: each cell is a text with how many columns it spans
     * @param rows the body, every row as wide as the table
     */
    record Table(String caption, List<List<Cell>> header, List<List<String>> rows) implements Block {
    }

    /** A header cell spanning {@code span} columns. */
    record Cell(String text, int span) {
    }

    /** The document of {@code report}, for a department named {@code department}. */
    static ReportDocument of(AnnualReport report, String department) {
        KnownFigures f = report.figures();
        ReportEntries e = report.entriesOrEmpty();
        List<Section> sections = new ArrayList<>();

        List<Block> overview = new ArrayList<>();
        paragraphs(e.overview(), overview);
        overview.add(new Paragraph("本年度通过本机关发布系统主动公开政府信息 " + f.proactiveTotal() + " 条，其中政策解读 "
                + f.interpretations() + " 条。"));
        overview.add(columnsTable(f));
        overview.add(channelsTable(f));
        sections.add(new Section(SECTIONS.get(0), overview));

        List<Block> proactive = new ArrayList<>();
        proactive.add(new Table("第二十条第（一）项", List.of(cells("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")),
                List.of(List.of("规章", n(f.regulations().issued()), n(f.regulations().abolished()),
                                n(f.regulations().inForce())),
                        List.of("行政规范性文件", n(f.normativeDocuments().issued()),
                                n(f.normativeDocuments().abolished()), n(f.normativeDocuments().inForce())))));
        proactive.add(new Table("第二十条第（五）项", List.of(cells("信息内容", "本年处理决定数量")),
                List.of(List.of("行政许可", n(e.licences())))));
        proactive.add(new Table("第二十条第（六）项", List.of(cells("信息内容", "本年处理决定数量")),
                List.of(List.of("行政处罚", n(e.penalties())), List.of("行政强制", n(e.enforcement())))));
        proactive.add(new Table("第二十条第（八）项", List.of(cells("信息内容", "本年收费金额（单位：万元）")),
                List.of(List.of("行政事业性收费", e.fees().stripTrailingZeros().toPlainString()))));
        sections.add(new Section(SECTIONS.get(1), proactive));

        List<List<String>> requests = new ArrayList<>();
        for (Line row : REQUEST_ROWS) {
            List<String> cells = new ArrayList<>();
            cells.add(row.label());
            for (int c = 0; c < REQUEST_COLUMNS.size(); c++) {
                cells.add(n(e.request(row.key(), c)));
            }
            requests.add(cells);
        }
        List<Cell> organisations = new ArrayList<>();
        organisations.add(new Cell("", 1));
        organisations.add(new Cell("", 1));
        REQUEST_COLUMNS.subList(1, 6).forEach(c -> organisations.add(new Cell(c.label(), 1)));
        organisations.add(new Cell("", 1));
        sections.add(new Section(SECTIONS.get(2), List.of(new Table("收到和处理政府信息公开申请情况", List.of(
                List.of(new Cell("本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", 1),
                        new Cell("申请人情况", 7)),
                List.of(new Cell("", 1), new Cell("自然人", 1), new Cell("法人或其他组织", 5), new Cell("总计", 1)),
                organisations), requests))));

        List<Cell> groups = new ArrayList<>();
        List<Cell> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Line group : APPEAL_GROUPS) {
            groups.add(new Cell(group.label(), APPEAL_COLUMNS.size()));
            List<Long> numbers = e.appeals().get(group.key());
            for (int c = 0; c < APPEAL_COLUMNS.size(); c++) {
                columns.add(new Cell(APPEAL_COLUMNS.get(c).label(), 1));
                values.add(n(numbers == null ? 0 : numbers.get(c)));
            }
        }
        sections.add(new Section(SECTIONS.get(3), List.of(new Table("政府信息公开行政复议、行政诉讼情况",
                List.of(groups, columns), List.of(values)))));

        List<Block> problems = new ArrayList<>();
        paragraphs(e.problems(), problems);
        sections.add(new Section(SECTIONS.get(4), problems));
        List<Block> other = new ArrayList<>();
        paragraphs(e.other(), other);
        sections.add(new Section(SECTIONS.get(5), other));
        return new ReportDocument(department + report.year() + "年政府信息公开工作年度报告", sections);
    }

    private static Table columnsTable(KnownFigures f) {
        List<Cell> header = new ArrayList<>();
        header.add(new Cell("栏目", 1));
        for (int m = 1; m <= 12; m++) {
            header.add(new Cell(m + "月", 1));
        }
        header.add(new Cell("合计", 1));
        List<List<String>> rows = new ArrayList<>();
        for (ColumnCount c : f.columns()) {
            List<String> row = new ArrayList<>();
            row.add(c.name());
            c.months().forEach(v -> row.add(n(v)));
            row.add(n(c.total()));
            rows.add(row);
        }
        return new Table("本年主动公开信息（按栏目、月份）", List.of(header), rows);
    }

    private static Table channelsTable(KnownFigures f) {
        List<List<String>> rows = new ArrayList<>();
        for (ChannelCount c : f.channels()) {
            rows.add(List.of(c.channel(), n(c.itemsDelivered()), n(c.delivered()), n(c.failed()), n(c.pending())));
        }
        return new Table("本年各发布渠道送达情况", List.of(cells("渠道", "送达信息条数", "送达成功次数", "送达失败次数",
                "尚在送达次数")), rows);
    }

    private static void paragraphs(String text, List<Block> blocks) {
        for (String paragraph : text.split("\\R\\s*\\R|\\R")) {
            if (!paragraph.isBlank()) {
                blocks.add(new Paragraph(paragraph.strip()));
            }
        }
    }

    private static List<Cell> cells(String... texts) {
        List<Cell> cells = new ArrayList<>();
        for (String t : texts) {
            cells.add(new Cell(t, 1));
        }
        return cells;
    }

    private static String n(long value) {
        return Long.toString(value);
    }
}
