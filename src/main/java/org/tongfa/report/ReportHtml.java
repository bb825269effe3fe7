package org.tongfa.report;

import java.util.List;
import org.jsoup.nodes.Entities;
import org.tongfa.text.PlainText;
import org.tongfa.report.ReportDocument.Block;
import org.tongfa.report.ReportDocument.Cell;
import org.tongfa.report.ReportDocument.Paragraph;
import org.tongfa.report.ReportDocument.Section;
import org.tongfa.report.ReportDocument.Table;

/**
 * A report as HTML. {@link #body} is markup the item editor's sanitiser keeps whole (headings,
 * paragraphs, tables with {@code caption}, {@code th scope} and {@code colspan}): paste it, or send it,
 * as the body of an item in the 信息公开年报 column. {@link #page} wraps it as a document of its own.
 */
final class ReportHtml {

    private ReportHtml() {
    }

    /** Text for HTML: escaped, and cleaned of the characters no reader can be shown. */
    private static String esc(String text) {
        return Entities.escape(PlainText.clean(text));
    }

    /** The sections as an item's body. */
    static String body(ReportDocument document) {
        StringBuilder html = new StringBuilder();
        for (Section section : document.sections()) {
            html.append("<h2>").append(esc(section.heading())).append("</h2>\n");
            for (Block block : section.blocks()) {
                if (block instanceof Table t) {
                    table(t, html);
                } else if (block instanceof Paragraph p) {
                    html.append("<p>").append(esc(p.text())).append("</p>\n");
                }
            }
        }
        return html.toString();
    }

    /** The report as a standalone page. */
    static String page(ReportDocument document) {
        return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + esc(document.title()) + "</title>\n<style>table{border-collapse:collapse;margin:0 0 1em}"
                + "th,td{border:1px solid #555;padding:2px 6px}td{text-align:right}td:first-child{text-align:left}</style>\n"
                + "</head>\n<body>\n<h1>" + esc(document.title()) + "</h1>\n" + body(document) + "</body>\n</html>\n";
    }

    private static void table(Table t, StringBuilder html) {
        html.append("<table>\n<caption>").append(esc(t.caption())).append("</caption>\n<thead>\n");
        for (List<Cell> row : t.header()) {
            html.append("<tr>");
            for (Cell c : row) {
                html.append("<th scope=\"col\"");
                if (c.span() > 1) {
                    html.append(" colspan=\"").append(c.span()).append('"');
                }
                html.append('>').append(esc(c.text())).append("</th>");
            }
            html.append("</tr>\n");
        }
        html.append("</thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                html.append(i == 0 ? "<th scope=\"row\">" : "<td>").append(esc(row.get(i)))
                        .append(i == 0 ? "</th>" : "</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }
}
