package org.tongfa.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default configuration's columns with {@code review: none}, for tests about channels, delivery and
 * scheduling rather than review: they keep the flow of one caller creating and publishing an item. Tests
 * about the review chain configure the chains they exercise.
 */
public final class TestColumns {

    /** For {@code @SpringBootTest(properties = ...)}: one property per line. */
    public static final String UNREVIEWED = """
            tongfa.columns.news.review=none
            tongfa.columns.notices.review=none
            tongfa.columns.policies.review=none
            tongfa.columns.interpretations.review=none
            """;

    private TestColumns() {
    }

    /** The same as key/value pairs, for command-line arguments. */
    public static Map<String, String> unreviewed() {
        Map<String, String> properties = new LinkedHashMap<>();
        UNREVIEWED.lines().map(line -> line.split("=", 2)).forEach(kv -> properties.put(kv[0], kv[1]));
        return properties;
    }
}
