package org.tongfa.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.CheckReport;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.PrePublishChecks;
import org.tongfa.check.TextCheck;
import org.tongfa.check.TextField;
import org.tongfa.check.dates.DateCheck;
import org.tongfa.check.parts.RequiredPartsCheck;
import org.tongfa.check.personal.PersonalDataCheck;
import org.tongfa.check.personal.PersonalDataProperties;
import org.tongfa.check.words.WordListCheck;
import org.tongfa.check.words.WordsProperties;

/**
 * Issue 13's figure: every pre-publish check that needs no network over one 200,000-character body against a
 * generated 10,000-entry word list, timed over 100 runs after a warm-up (p50, p95, max): the word-list check
 * (敏感词, 错敏字, 规范表述) and the personal-data check alone, then both, then the whole of
 * {@link PrePublishChecks} as a release runs it (both text checks over every field, the required-parts and
 * date checks), which is the figure the target (p95 under 50 ms on these 2 cores) is about. The checks are
 * built here without Spring, so the benchmark measures the checks and nothing else. The body is realistic government
 * prose with planted hits: terms of the list (some split by spaces or full-width punctuation), ID numbers,
 * mobiles and bank card numbers.
 *
 * <p>Run with the test classpath: {@code mvn -o -q -B -Pbench -Dbench.main=org.tongfa.bench.CheckBenchmark
 * test-compile exec:exec}; options {@code -Dbench.args="<body chars> <entries> <runs>"}, default
 * {@code 200000 10000 100}.
 */
public final class CheckBenchmark {

    private static final String[] SENTENCES = {
        "市人民政府办公室关于进一步做好稳就业工作的通知已经市政府同意，现印发给你们，请认真贯彻执行。",
        "本次招聘面向社会公开进行，报名时间为工作日上午九时至下午五时，逾期不再受理。",
        "经研究，决定对二〇二六年度全市优秀志愿服务项目名单予以公示，公示期为五个工作日。",
        "各街道要加强冬季供暖保障，做好困难群众走访慰问，确保群众温暖过冬。",
        "全市共设立便民服务点三百二十个，累计办理各类事项十二万件，群众满意率百分之九十八。",
        "如对公示内容有异议，请在公示期内以书面形式向市人力资源和社会保障局反映。",
        "下一步，将持续深化“放管服”改革，推动更多政务服务事项网上办、掌上办、就近办。",
        "The bureau's English summary of the notice is published on the same day.\n",
    };
    private static final String[] PERSONAL = {"身份证号440802199001011238，", "电话138-1234-5678，",
        "卡号6217001234567893，", "旧证号440802900101123，", "已遮盖440802********1238，"};
    private static final String[] CATEGORIES = {"敏感词", "错敏字", "规范表述"};

    private CheckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int bodyChars = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Random random = new Random(13);

        Path dir = Files.createTempDirectory("check-bench");
        List<String> terms = terms(random, entries);
        StringBuilder list = new StringBuilder("# generated for CheckBenchmark\n");
        for (int i = 0; i < terms.size(); i++) {
            String category = CATEGORIES[i % 3];
            list.append(terms.get(i)).append(" | ").append(category).append(" | ").append(i % 2 == 0 ? "block" : "warn");
            if (i % 3 != 0) {
                list.append(" | 正确").append(terms.get(i));
            }
            list.append('\n');
        }
        Files.writeString(dir.resolve("bench.txt"), list, StandardCharsets.UTF_8);

        long loadStart = System.nanoTime();
        WordListCheck words = new WordListCheck(new WordsProperties(dir, Duration.ZERO));
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        PersonalDataCheck personal = new PersonalDataCheck(new PersonalDataProperties(null, null),
                Clock.systemDefaultZone());

        List<TextField> fields = List.of(new TextField("body", body(random, bodyChars, terms)));
        System.out.printf("Body %,d characters, word list %,d entries (read and built in %.0f ms), %d runs%n",
                fields.get(0).text().length(), words.size(), loadMs, runs);
        System.out.printf("Findings per run: words %d, personal data %d%n", words.scan("news", fields).size(),
                personal.scan("news", fields).size());

        for (int i = 0; i < 30; i++) {
            words.scan("news", fields);
            personal.scan("news", fields);
        }
        long[] wordsNanos = new long[runs];
        long[] personalNanos = new long[runs];
        long[] bothNanos = new long[runs];
        int sink = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            List<Finding> a = words.scan("news", fields);
            long middle = System.nanoTime();
            List<Finding> b = personal.scan("news", fields);
            long end = System.nanoTime();
            wordsNanos[i] = middle - start;
            personalNanos[i] = end - middle;
            bothNanos[i] = end - start;
            sink += a.size() + b.size();
        }
        System.out.println("Word lists:     " + summary(wordsNanos));
        System.out.println("Personal data:  " + summary(personalNanos));
        System.out.println("Both:           " + summary(bothNanos));

        CheckProperties settings = new CheckProperties(List.of("policies"),
                new CheckProperties.Links(Duration.ofSeconds(3), Duration.ofMinutes(10), 4, false));
        List<TextCheck> textChecks = List.of(words, personal);
        List<ItemCheck> itemChecks = List.of(new RequiredPartsCheck(settings), new DateCheck());
        PrePublishChecks all = new PrePublishChecks(textChecks, itemChecks, Clock.systemUTC());
        CheckSubject subject = subject(fields.get(0).text());
        for (int i = 0; i < 20; i++) {
            all.run(subject);
        }
        long[] allNanos = new long[runs];
        CheckReport report = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            report = all.run(subject);
            allNanos[i] = System.nanoTime() - start;
        }
        System.out.println("All (release):  " + summary(allNanos) + "   (target: p95 under 50 ms; "
                + report.findings().size() + " findings, " + report.verdict() + ")");
        System.out.println("Load average:   " + Files.readString(Path.of("/proc/loadavg")).strip()
                + " on " + Runtime.getRuntime().availableProcessors() + " cores (findings seen: " + sink + ")");
    }

    /** A policy document with the body, 50 images (one in ten without alt text), released on 1 December 2026. */
    private static CheckSubject subject(String text) {
        List<CheckSubject.Image> images = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            images.add(new CheckSubject.Image("/assets/" + i, i % 10 == 0 ? "" : "图" + i));
        }
        return new CheckSubject("bench", 1, "policies", "PROACTIVE", "关于推进制造业数字化转型的实施方案", "摘要", "作者",
                "<p>" + text + "</p>", text, images, List.of(), java.util.Map.of(), List.of("website"),
                "示工信规〔2026〕3号", null, List.of(), Instant.parse("2026-12-01T02:00:00Z"), null, null);
    }

    /** Distinct 2 to 6 character terms of random common ideographs, so that the text rarely hits by chance. */
    private static List<String> terms(Random random, int count) {
        Set<String> terms = new LinkedHashSet<>();
        while (terms.size() < count) {
            int length = 2 + random.nextInt(5);
            StringBuilder term = new StringBuilder();
            for (int i = 0; i < length; i++) {
                term.append((char) (0x4E00 + random.nextInt(0x9FA5 - 0x4E00)));
            }
            terms.add(term.toString());
        }
        return new ArrayList<>(terms);
    }

    /** Prose with a planted term (plain, split by a space, or by full-width punctuation) every ~2,000 chars. */
    private static String body(Random random, int chars, List<String> terms) {
        StringBuilder body = new StringBuilder(chars + 200);
        int planted = 0;
        while (body.length() < chars) {
            body.append(SENTENCES[random.nextInt(SENTENCES.length)]);
            if (random.nextInt(40) == 0) {
                String term = terms.get(random.nextInt(terms.size()));
                body.append(switch (planted++ % 3) {
                    case 0 -> term;
                    case 1 -> term.charAt(0) + " " + term.substring(1);
                    default -> term.charAt(0) + "，" + term.substring(1);
                });
            }
            if (random.nextInt(60) == 0) {
                body.append(PERSONAL[random.nextInt(PERSONAL.length)]);
            }
        }
        body.setLength(chars);
        return body.toString();
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("p50 %.2f ms, p95 %.2f ms, max %.2f ms", percentile(sorted, 50) / 1e6,
                percentile(sorted, 95) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
