package org.tongfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.tongfa.report.KnownFigures.ChannelCount;
import org.tongfa.report.KnownFigures.ColumnCount;
import org.tongfa.report.KnownFigures.DocumentCount;

/**
 * The {@code .docx} opens with Apache POI and holds the six sections with their tables in the template's
 * order and cells; the HTML holds the same tables in the same order.
 */
class ReportExportTest {

    private static final KnownFigures FIGURES = new KnownFigures(
            List.of(new ColumnCount("news", "工作动态", List.of(1L, 0L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L), 3)),
            3, 1, List.of(new ChannelCount("website", 3, 4, 1, 0, 0)),
            new DocumentCount(2, 1, 7), new DocumentCount(5, 3, 40));

    private static ReportDocument document() {
        AnnualReport report = new AnnualReport(2025, Format2021.VERSION, false, null, null, null, null, FIGURES,
                ReportSamples.valid(), List.of(), null);
        return ReportDocument.of(report, "示例市工业和信息化局");
    }

    @Test
    void theDocxOpensWithItsSectionsAndTablesInTheTemplatesOrder() throws IOException {
        byte[] bytes = ReportDocx.write(document());

        try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            List<String> outline = new ArrayList<>();
            for (IBodyElement element : docx.getBodyElements()) {
                if (element instanceof XWPFParagraph p && Format2021.SECTIONS.contains(p.getText())) {
                    outline.add(p.getText());
                } else if (element instanceof XWPFTable t) {
                    outline.add("table: " + t.getRow(0).getCell(0).getText());
                }
            }
            assertThat(docx.getParagraphs().get(0).getText()).isEqualTo("示例市工业和信息化局2025年政府信息公开工作年度报告");
            assertThat(outline).containsExactly(
                    "一、总体情况", "table: 栏目", "table: 渠道",
                    "二、主动公开政府信息情况", "table: 信息内容", "table: 信息内容", "table: 信息内容", "table: 信息内容",
                    "三、收到和处理政府信息公开申请情况", "table: 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和",
                    "四、政府信息公开行政复议、行政诉讼情况", "table: 行政复议",
                    "五、存在的主要问题及改进情况", "六、其他需要报告的事项");

            List<XWPFTable> tables = docx.getTables();
            assertThat(texts(tables.get(2).getRow(0))).containsExactly("信息内容", "本年制发件数", "本年废止件数", "现行有效件数");
            assertThat(texts(tables.get(2).getRow(1))).containsExactly("规章", "2", "1", "7");
            assertThat(texts(tables.get(2).getRow(2))).containsExactly("行政规范性文件", "5", "3", "40");
            assertThat(texts(tables.get(3).getRow(1))).containsExactly("行政许可", "12");
            assertThat(texts(tables.get(4).getRow(1))).containsExactly("行政处罚", "34");
            assertThat(texts(tables.get(4).getRow(2))).containsExactly("行政强制", "5");
            assertThat(texts(tables.get(5).getRow(1))).containsExactly("行政事业性收费", "1.25");

            XWPFTable requests = tables.get(6);
            assertThat(requests.getRows()).hasSize(3 + 25);
            List<String> rowLabels = requests.getRows().subList(3, 28).stream().map(r -> r.getCell(0).getText()).toList();
            assertThat(rowLabels).isEqualTo(Format2021.REQUEST_ROWS.stream().map(Format2021.Line::label).toList());
            // Row 一 for 自然人 is （七）总计 + 1 in the sample (see ReportSamples).
            int total = ReportSamples.outcomeTotal(0);
            assertThat(requests.getRow(3).getCell(1).getText()).isEqualTo(Integer.toString(total + 1));
            assertThat(texts(requests.getRow(2))).containsSubsequence("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他");

            XWPFTable appeals = tables.get(7);
            assertThat(appeals.getRow(1).getTableCells()).hasSize(15);
            assertThat(texts(appeals.getRow(2))).startsWith("3", "1", "0", "1", "5", "1");
            assertThat(docx.getParagraphs().stream().map(XWPFParagraph::getText))
                    .contains("一是公开内容不够全面。", "本年度未收取信息处理费。");
        }
    }

    @Test
    void theHtmlHasTheSameTablesInTheSameOrderAndOnlyMarkupAnItemBodyKeeps() {
        Document html = Jsoup.parse(ReportHtml.page(document()));
        List<String> captions = html.select("table > caption").eachText();
        assertThat(captions).containsExactly("本年主动公开信息（按栏目、月份）", "本年各发布渠道送达情况", "第二十条第（一）项",
                "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "收到和处理政府信息公开申请情况",
                "政府信息公开行政复议、行政诉讼情况");
        assertThat(html.select("h2").eachText()).isEqualTo(Format2021.SECTIONS);
        Element requests = html.select("table").get(6);
        assertThat(requests.select("tbody tr")).hasSize(25);
        assertThat(requests.select("thead th[colspan=7]").text()).isEqualTo("申请人情况");
        String body = ReportHtml.body(document());
        assertThat(Jsoup.parseBodyFragment(body).body().select("*").stream().map(Element::tagName).distinct())
                .isSubsetOf("body", "h2", "p", "table", "caption", "thead", "tbody", "tr", "th", "td");
    }

    private static List<String> texts(XWPFTableRow row) {
        return row.getTableCells().stream().map(c -> c.getText()).toList();
    }
}
