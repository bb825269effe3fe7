package org.tongfa.console.delivery;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes the delivery matrix's cells, for the page (the controllers' {@code cellsHtml}, by item, in
 * {@code matrix.html} and {@code retract.html}) and for the live stream alike, so a pushed cell is the cell
 * a reload would show. Written here rather than as a template fragment: a page has 120 of them, and
 * including a fragment per cell made the matrix spend most of its time evaluating the fragment's
 * expressions (docs/benchmarks.md, editor console). Every value is HTML-escaped.
 */
@Component
class CellRenderer {

    /**
     * Whose page a cell is rendered for: whether it shows action buttons, and the session's CSRF token
     * those forms carry (a stream is rendered without a request, so the token is taken when it opens).
     */
    record Viewer(boolean canAct, String csrfParam, String csrfToken) {
    }

    /** The cells' HTML on one line (a server-sent event's data may not hold a line break). */
    String render(List<MatrixCell> cells, Viewer viewer) {
        return write(cells, viewer);
    }

    /** The cells as {@code <td>} elements, one after the other, on one line. */
    static String write(List<MatrixCell> cells, Viewer viewer) {
        StringBuilder html = new StringBuilder(cells.size() * 400);
        for (MatrixCell cell : cells) {
            cell(html, cell, viewer);
        }
        return html.toString();
    }

    private static void cell(StringBuilder h, MatrixCell c, Viewer viewer) {
        h.append("<td id=\"").append(esc(c.domId())).append("\" class=\"cell\" data-summary=\"")
                .append(esc(c.channel() + "：" + c.state())).append("\">");
        h.append(" <span class=\"status ").append(esc(c.tone())).append("\">").append(esc(c.state())).append("</span>");
        if (c.attempts() > 0) {
            h.append(" <span class=\"attempts\">尝试 ").append(c.attempts()).append(" 次</span>");
        }
        if (c.nextAttempt() != null && !c.nextAttempt().isEmpty()) {
            h.append(" <span class=\"next\">下次尝试 ").append(esc(c.nextAttempt())).append("</span>");
        }
        if (c.remoteUrl() != null) {
            h.append(" <a class=\"remote\" href=\"").append(esc(c.remoteUrl())).append("\" rel=\"noopener\">查看已发布内容")
                    .append(hidden(c.channel())).append("</a>");
        }
        if (c.error() != null) {
            h.append(" <div class=\"error\"> <p>").append(esc(c.error().text())).append("</p>");
            if (c.error().original() != null) {
                h.append(" <details><summary>原始信息</summary><code>").append(esc(c.error().original()))
                        .append("</code></details>");
            }
            h.append(" </div>");
        }
        if (viewer.canAct() && c.retryable()) {
            form(h, c, viewer, "retry", "重试");
        }
        if (viewer.canAct() && c.checkable()) {
            form(h, c, viewer, "check", "核对对方状态");
        }
        h.append(" </td>");
    }

    private static void form(StringBuilder h, MatrixCell c, Viewer viewer, String action, String label) {
        String url = "/console/deliveries/" + c.deliveryId() + "/" + action;
        h.append(" <form class=\"act\" method=\"post\" action=\"").append(url).append("\" hx-post=\"").append(url)
                .append("\" hx-target=\"#notice\" hx-swap=\"innerHTML\"><input type=\"hidden\" name=\"")
                .append(esc(viewer.csrfParam())).append("\" value=\"").append(esc(viewer.csrfToken()))
                .append("\"><button type=\"submit\">").append(label).append(hidden(c.channel())).append("</button></form>");
    }

    /** Which channel a link or button is about, for a screen reader (the column heading says it to the eye). */
    private static String hidden(String channel) {
        return "<span class=\"visually-hidden\">（" + esc(channel) + "）</span>";
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
