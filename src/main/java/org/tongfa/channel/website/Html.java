package org.tongfa.channel.website;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.IntFunction;
import java.time.format.DateTimeFormatter;
import org.tongfa.common.BeijingTime;
import org.tongfa.text.PlainText;

/** Writing text and times into the site's HTML: escaped, cleaned, in Beijing time. */
final class Html {

    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(BeijingTime.ZONE);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(BeijingTime.ZONE);

    private Html() {
    }

    /** Text for HTML: escaped, and cleaned of the characters no reader can be shown ({@link PlainText#clean}). */
    static String esc(String raw) {
        if (raw == null) {
            return "";
        }
        String text = PlainText.clean(raw);
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A {@code <time>} element showing the minute in Beijing time. */
    static String time(Instant instant) {
        return "<time datetime=\"" + instant + "\">" + MINUTES.format(instant) + "</time>";
    }

    /** A {@code <time>} element showing a calendar day (成文日期, the day a repeal took effect). */
    static String day(LocalDate day) {
        return "<time datetime=\"" + day + "\">" + day + "</time>";
    }

    /**
     * The pagination of a list of {@code pages} pages, on page {@code n}: the previous and next links
     * and where the reader is (第 n 页，共 m 页).
     *
     * @param label the navigation's accessible name
     * @param href the address of page {@code k}, already fit for an attribute
     */
    static void pagination(StringBuilder main, String label, int n, int pages, IntFunction<String> href) {
        main.append("<nav aria-label=\"").append(label).append("\" class=\"pages\"><ul>\n");
        if (n > 1) {
            main.append("<li><a rel=\"prev\" href=\"").append(href.apply(n - 1)).append("\">上一页</a></li>\n");
        }
        main.append("<li aria-current=\"page\">第 ").append(n).append(" 页，共 ").append(pages).append(" 页</li>\n");
        if (n < pages) {
            main.append("<li><a rel=\"next\" href=\"").append(href.apply(n + 1)).append("\">下一页</a></li>\n");
        }
        main.append("</ul></nav>\n");
    }
}
