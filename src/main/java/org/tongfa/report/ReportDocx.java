package org.tongfa.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.tongfa.report.ReportDocument.Block;
import org.tongfa.report.ReportDocument.Cell;
import org.tongfa.report.ReportDocument.Paragraph;
import org.tongfa.report.ReportDocument.Section;
import org.tongfa.report.ReportDocument.Table;

/**
 * A report as a Word document (Apache POI): the title, each section's heading in bold, its paragraphs
 * and tables in order, a header cell spanning several columns merged with {@code gridSpan}. Every
 * table is as wide as its widest row, so a reader opening it in Word or WPS sees the template's grid.
 */
final class ReportDocx {

    private ReportDocx() {
    }

    /** The {@code .docx} file's bytes. */
    static byte[] write(ReportDocument document) {
        try (XWPFDocument docx = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph title = docx.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            XWPFRun run = title.createRun();
            run.setBold(true);
            run.setFontSize(18);
            run.setText(document.title());
            for (Section section : document.sections()) {
                XWPFRun heading = docx.createParagraph().createRun();
                heading.setBold(true);
                heading.setText(section.heading());
                for (Block block : section.blocks()) {
                    if (block instanceof Table t) {
                        table(docx, t);
                    } else if (block instanceof Paragraph p) {
                        docx.createParagraph().createRun().setText(p.text());
                    }
                }
            }
            docx.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the .docx could not be written in memory", e);
        }
    }

    private static void table(XWPFDocument docx, Table t) {
        XWPFRun caption = docx.createParagraph().createRun();
        caption.setItalic(true);
        caption.setText(t.caption());
        XWPFTable table = docx.createTable();
        boolean first = true;
        for (List<Cell> header : t.header()) {
            XWPFTableRow row = first ? table.getRow(0) : table.createRow();
            int i = 0;
            for (Cell c : header) {
                XWPFTableCell cell = cell(row, i++);
                cell.setText(c.text());
                if (c.span() > 1) {
                    cell.getCTTc().addNewTcPr().addNewGridSpan().setVal(BigInteger.valueOf(c.span()));
                }
            }
            first = false;
        }
        for (List<String> values : t.rows()) {
            XWPFTableRow row = first ? table.getRow(0) : table.createRow();
            for (int i = 0; i < values.size(); i++) {
                cell(row, i).setText(values.get(i));
            }
            first = false;
        }
    }

    /** The row's cell at {@code index}, created when the row is shorter (rows copy the first row's width). */
    private static XWPFTableCell cell(XWPFTableRow row, int index) {
        while (row.getTableCells().size() <= index) {
            row.addNewTableCell();
        }
        return row.getCell(index);
    }
}
