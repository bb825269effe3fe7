package org.tongfa.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.CheckReport;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.PrePublishChecks;
import org.tongfa.check.TextCheck;
import org.tongfa.check.dates.DateCheck;
import org.tongfa.check.parts.RequiredPartsCheck;

/**
 * The pre-publish checks that need no network (issue 13's target: under 50 ms p95 over 100 runs on
 * these 2 cores for a 200,000-character body): {@link PrePublishChecks} with the date and
 * required-parts checks over a body of that length with dates, images and relations spread through it.
 * The text checks (word lists, personal data) are added here once their branch is merged: this class
 * constructs the checks itself, without Spring, so it measures the checks and nothing else.
 *
 * <p>Run with the test classpath (docs/benchmarks.md); options {@code <characters> <runs>}, default
 * {@code 200000 100}.
 */
public final class CheckBenchmark {

    private CheckBenchmark() {
    }

    public static void main(String[] args) {
        int characters = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        CheckProperties properties = new CheckProperties(List.of("policies"),
                new CheckProperties.Links(Duration.ofSeconds(3), Duration.ofMinutes(10), 4, false));
        List<TextCheck> textChecks = List.of();
        List<ItemCheck> itemChecks = List.of(new RequiredPartsCheck(properties), new DateCheck());
        PrePublishChecks checks = new PrePublishChecks(textChecks, itemChecks, Clock.systemUTC());
        CheckSubject subject = subject(characters);

        for (int i = 0; i < 20; i++) {
            checks.run(subject);
        }
        long[] nanos = new long[runs];
        CheckReport report = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            report = checks.run(subject);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("body %,d characters, %d runs, %d findings (%s)%n", subject.bodyText().length(), runs,
                report.findings().size(), report.verdict());
        System.out.printf("p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", ms(nanos[runs / 2]),
                ms(nanos[(int) Math.ceil(runs * 0.95) - 1]), ms(nanos[runs - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A policy body of {@code characters}: Chinese prose with a date every ~300 characters and 50 images. */
    private static CheckSubject subject(int characters) {
        String sentence = "为进一步推进中小企业数字化转型，市工业和信息化局会同有关部门制定本措施，请各单位认真贯彻落实。";
        StringBuilder text = new StringBuilder(characters + 100);
        int n = 0;
        while (text.length() < characters) {
            text.append(sentence);
            if (++n % 6 == 0) {
                text.append(n % 12 == 0 ? "2027年1月" + (n % 28 + 1) + "日" : "2026-11-" + String.format("%02d", n % 28 + 1));
            }
        }
        text.setLength(characters);
        List<CheckSubject.Image> images = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            images.add(new CheckSubject.Image("/assets/" + i, i % 10 == 0 ? "" : "图" + i));
        }
        return new CheckSubject("bench", 1, "policies", "PROACTIVE", "标题", "摘要", "作者", "<p>" + text + "</p>",
                text.toString(), images, List.of(), java.util.Map.of(), List.of("website"), "示工信规〔2026〕3号",
                null, List.of(), Instant.parse("2026-12-01T02:00:00Z"), null, null);
    }
}
