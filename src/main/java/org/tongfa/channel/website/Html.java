package org.tongfa.channel.website;

import java.time.Instant;
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
}
