package org.tongfa.channel.website;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simplified to traditional characters with OpenCC's tables (opencc4j), for the 繁体版 pages.
 *
 * <p>Only the runs of non-ASCII text are converted, each once: markup, URLs and ids pass untouched,
 * and the labels, names and titles that every page repeats are looked up instead of converted again
 * (opencc4j costs about 0.2 ms a call plus the length, markup included). Thread-safe.
 */
final class Traditional {

    private static final Pattern RUN = Pattern.compile("[^\\x00-\\x7F]+");
    /** Enough for every label, column and title of a large site; past it the memory starts afresh. */
    private static final int REMEMBERED = 50_000;
    private static final Map<String, String> CONVERTED = new ConcurrentHashMap<>();

    private Traditional() {
    }

    static String convert(String text) {
        Matcher run = RUN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (run.find()) {
            out.append(text, from, run.start()).append(convertRun(run.group()));
            from = run.end();
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Traditional characters back to simplified: what a reader types on a 繁体版 page, searched in the simplified index. */
    static String toSimplified(String text) {
        return text == null || text.isEmpty() ? text : ZhConverterUtil.toSimple(text);
    }

    private static String convertRun(String run) {
        String known = CONVERTED.get(run);
        if (known != null) {
            return known;
        }
        String converted = ZhConverterUtil.toTraditional(run);
        if (CONVERTED.size() >= REMEMBERED) {
            CONVERTED.clear();
        }
        CONVERTED.put(run, converted);
        return converted;
    }
}
