package org.tongfa.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.channel.website.search.SearchRequest;
import org.tongfa.channel.website.search.SiteSearch;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryStatus;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.published.PublishedEntry;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.support.ItemRequests;
import org.tongfa.support.TestCallers;

/**
 * The site search figures of issue 10: the time to index 10,000 realistic Chinese items (what a node
 * does at start), query latency percentiles over a mix of queries, and the time from publishing an
 * item through the service (item service, ledger, Camel, website channel) to the search page listing it.
 *
 * <p>Part one measures the index alone ({@link SiteSearch}, highlighting included) in this JVM. Part two
 * starts Tongfa (H2, the website channel only), times publish to searchable on a nearly empty site,
 * then puts the same 10,000 items into the website's store (in the column the published items go to),
 * and times the first rendering after it (site and index), {@code GET /site/search} over HTTP, and
 * publish to searchable again: each such delivery renders the new item's pages and the 500 pages of its
 * column in three modes, and adds one document to the index.
 *
 * <p>Run with the test classpath (see docs/benchmarks.md, "Site search");
 * options {@code -Dbench.args="<items> <queries> <publications>"}, default {@code 10000 5000 5}.
 */
public final class SearchBenchmark {

    private static final String[] DEPARTMENTS = {"市工业和信息化局", "市发展和改革委员会", "市财政局", "市统计局",
            "市生态环境局", "市科学技术局", "市商务局", "市人力资源和社会保障局", "市市场监督管理局", "市交通运输局"};
    private static final String[] TOPICS = {"中小企业数字化转型", "智能制造", "工业互联网", "新能源汽车产业", "集成电路",
            "绿色低碳发展", "专精特新企业培育", "工业投资", "招商引资", "人工智能产业", "生物医药", "节能降碳",
            "安全生产", "营商环境", "5G应用", "数据要素市场", "先进制造业集群", "技术改造", "首台（套）重大技术装备",
            "产业园区高质量发展"};
    private static final String[] KINDS = {"关于印发《%s实施方案》的通知", "关于开展2026年%s试点工作的通知",
            "关于促进%s的若干措施", "《关于%s的若干措施》政策解读", "2026年%s工作要点", "关于征求%s政策意见的公告",
            "%s专项资金申报指南", "全市%s情况通报", "关于公布%s名单的通知", "图解：%s"};
    private static final String[] SENTENCES = {
        "为深入贯彻落实党中央、国务院关于推动制造业高质量发展的决策部署，结合本市实际，制定本方案。",
        "到2027年，全市规模以上工业企业数字化改造基本完成，重点行业关键工序数控化率达到百分之七十以上。",
        "各区工业和信息化主管部门要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。",
        "对符合条件的企业，按照项目实际投资额的百分之十给予补助，单个项目最高不超过五百万元。",
        "申报单位应当在本市注册登记，具有独立法人资格，近三年无重大安全、质量、环境污染事故。",
        "申报材料一式三份，于规定时间内报送所在区主管部门，逾期不予受理。",
        "本措施自印发之日起施行，有效期三年，具体解释工作由市工业和信息化局负责。",
        "今年以来，全市工业经济运行总体平稳，规模以上工业增加值同比增长百分之六点二。",
        "其中，高技术制造业增加值增长百分之九点八，占规模以上工业增加值的比重提高一点五个百分点。",
        "下一步，我们将持续优化营商环境，加大对专精特新企业的支持力度，推动产业链供应链稳定畅通。",
        "市财政安排专项资金，重点支持工业互联网平台建设、智能工厂示范和中小企业公共服务体系建设。",
        "各有关单位要严格落实安全生产责任制，深入开展隐患排查治理，坚决遏制重特大事故发生。",
        "鼓励企业加大研发投入，建设企业技术中心、工程研究中心等创新平台，提升自主创新能力。",
        "加快新型基础设施建设，推进5G网络、数据中心、工业互联网标识解析节点等重大项目。",
        "完善政策宣传解读机制，通过政府网站、政务新媒体等渠道及时发布政策信息，回应社会关切。",
        "联系人：综合处，联系电话：020-83123456，通讯地址：市政府大楼东座八楼。",
        "本次公开内容包括部门预算收支总表、一般公共预算财政拨款支出表和政府性基金预算支出表。",
        "“三公”经费预算较上年减少百分之五，主要是严格落实过紧日子要求，压减一般性支出。",
        "企业可登录市政务服务网在线申报，也可到各区政务服务中心窗口办理，实行一窗受理、限时办结。",
        "对认定为国家级专精特新“小巨人”企业的，给予一次性奖励一百万元。",
        "推动产业园区提质增效，开展园区循环化改造，提高土地集约利用水平和单位面积产出。",
        "加强人才引进和培养，支持高校、职业院校与企业共建实训基地，培养高素质技术技能人才。",
        "建立重点项目服务专员制度，协调解决项目建设中的用地、用能、融资等问题。",
        "本通知所称中小企业，是指符合《中小企业划型标准规定》的企业。"};
    private static final String TABLE = "<table><caption>2026年部门预算收支总表（单位：万元）</caption><thead><tr>"
            + "<th scope=\"col\">项目</th><th scope=\"col\">预算数</th></tr></thead><tbody>"
            + "<tr><th scope=\"row\">一般公共预算拨款收入</th><td>12,345.67</td></tr>"
            + "<tr><th scope=\"row\">政府性基金预算拨款收入</th><td>1,234.00</td></tr>"
            + "<tr><th scope=\"row\">事业收入</th><td>56.78</td></tr></tbody></table>";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    /**
     * The column of the 10,000 items, the one the items published through the service go to (news, as
     * {@link ItemRequests#news} makes them): each of those lands on top of it and moves one item from
     * every one of its 500 pages to the next, the most a delivery can change on the site.
     */
    private static final String COLUMN = "news";

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int publications = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<ItemSnapshot> snapshots = snapshots(items);
        List<String> mix = queries(snapshots);
        long chars = snapshots.stream().mapToLong(s -> s.title().length() + s.summary().length() + s.bodyHtml().length()).sum();
        System.out.printf("%d items, %.1f M characters of title, summary and body HTML; %d distinct queries in the mix%n",
                items, chars / 1e6, mix.size());

        indexAlone(snapshots, mix, queries);
        throughTheService(snapshots, mix, publications);
        System.exit(0);
    }

    private static void indexAlone(List<ItemSnapshot> snapshots, List<String> mix, int queries) throws Exception {
        System.out.println("== the index alone (SiteSearch, in this JVM)");
        List<PublishedEntry> entries = snapshots.stream().map(s -> new PublishedEntry(s, false, null)).toList();
        for (int round = 1; round <= 2; round++) {
            long heapBefore = usedHeap();
            SiteSearch search = new SiteSearch(Map.of(COLUMN, "工作动态"));
            long start = System.nanoTime();
            long cpu = processCpu();
            search.follow(entries);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("build %d: %d items indexed in %.1f s (%.0f items/s) using %.1f s of CPU; heap held by the "
                    + "index about %d MB; load average %.1f%n", round, search.size(), seconds, search.size() / seconds,
                    (processCpu() - cpu) / 1e9, (usedHeap() - heapBefore) >> 20, load());
            if (round == 2) {
                latencies("query, 1 thread", search, mix, queries, 1);
                latencies("query, 2 threads", search, mix, queries, 2);
                long[] update = new long[20];
                for (int i = 0; i < update.length; i++) {
                    // What a delivery does: add its one document.
                    PublishedEntry more = new PublishedEntry(snapshot(snapshots.size() + i, new Random(i)), false, null);
                    long t = System.nanoTime();
                    search.add(List.of(more));
                    update[i] = System.nanoTime() - t;
                }
                System.out.println(percentiles("one new item into " + snapshots.size(), update));
            }
        }
    }

    private static void latencies(String what, SiteSearch search, List<String> mix, int queries, int threads)
            throws Exception {
        run(search, mix, 2_000, threads); // warm-up
        long[][] nanos = run(search, mix, queries, threads);
        System.out.println(percentiles(what + ", wall", nanos[0]) + String.format("  load %.1f", load()));
        System.out.println(percentiles(what + ", CPU", nanos[1]));
    }

    /** Wall and CPU nanoseconds of each query: the machine is shared, CPU time is what the query itself costs. */
    private static long[][] run(SiteSearch search, List<String> mix, int queries, int threads) throws Exception {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[][]>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            parts.add(pool.submit(() -> {
                long[][] nanos = new long[2][queries / threads];
                for (int i = 0; i < nanos[0].length; i++) {
                    int n = i * threads + offset;
                    // One query in ten asks for a later page.
                    String page = n % 10 == 9 ? String.valueOf(2 + n % 4) : null;
                    long start = System.nanoTime();
                    long startCpu = cpu.getCurrentThreadCpuTime();
                    search.search(SearchRequest.parse(mix.get(n % mix.size()), page));
                    nanos[0][i] = System.nanoTime() - start;
                    nanos[1][i] = cpu.getCurrentThreadCpuTime() - startCpu;
                }
                return nanos;
            }));
        }
        long[][] all = {new long[0], new long[0]};
        for (Future<long[][]> part : parts) {
            long[][] p = part.get();
            for (int k = 0; k < 2; k++) {
                long[] joined = Arrays.copyOf(all[k], all[k].length + p[k].length);
                System.arraycopy(p[k], 0, joined, all[k].length, p[k].length);
                all[k] = joined;
            }
        }
        pool.shutdown();
        return all;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void throughTheService(List<ItemSnapshot> snapshots, List<String> mix, int publications)
            throws Exception {
        System.out.println("== through the service (item service -> ledger -> Camel -> website channel -> /site/search)");
        Path dir = Files.createTempDirectory("tongfa-search-bench-");
        try (ConfigurableApplicationContext tongfa = FeedBenchmark.start(dir)) {
            String port = tongfa.getEnvironment().getProperty("local.server.port");
            String base = "http://127.0.0.1:" + port + "/site/search?q=";
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ItemService itemService = tongfa.getBean(ItemService.class);
            String column = "http://127.0.0.1:" + port + "/site/columns/" + COLUMN + "/index.html";
            publishToSearchable("on a site of a few items", itemService, http, base, column, publications, 0);

            PublishedEntryStore store = tongfa.getBean(PublishedEntryStore.class);
            long t = System.nanoTime();
            for (ItemSnapshot snapshot : snapshots) {
                store.apply("website", Action.PUBLISH, snapshot);
            }
            System.out.printf("stored %d items in the website's store in %.1f s%n", snapshots.size(),
                    (System.nanoTime() - t) / 1e9);
            // The next request after the refresh interval renders the site and indexes the new items, as
            // a node does at start or when another node filled the store.
            Thread.sleep(1_100);
            t = System.nanoTime();
            long cpu = processCpu();
            get(http, base + enc("通知"));
            System.out.printf("first rendering with %d items (site pages + index): %.1f s, %.1f s of CPU; load %.1f%n",
                    snapshots.size() + publications, (System.nanoTime() - t) / 1e9, (processCpu() - cpu) / 1e9, load());

            int requests = 1_000;
            for (int i = 0; i < 200; i++) {
                get(http, base + enc(mix.get(i % mix.size())));
            }
            long[] nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<String> page = get(http, base + enc(mix.get((i * 7) % mix.size())));
                nanos[i] = System.nanoTime() - start;
                if (page.statusCode() != 200) {
                    throw new IllegalStateException("search answered " + page.statusCode());
                }
            }
            System.out.println(percentiles("GET /site/search, 1 client, wall", nanos) + String.format("  load %.1f", load()));
            publishToSearchable("on a site of " + snapshots.size() + " items", itemService, http, base, column,
                    publications, publications);
        }
    }

    /**
     * Publish to searchable, then to listed on the first page of its column: a delivery indexes the item
     * once its own pages are written, and writes the lists after.
     */
    /**
     * How often the benchmark asks again. Asking in a tight loop kept two threads (this one and the
     * request's) busy on a two-core machine and starved the delivery it waits for; 5 ms bounds the error
     * of each figure at 5 ms.
     */
    private static final long POLL_MILLIS = 5;

    private static void publishToSearchable(String what, ItemService items, HttpClient http, String base,
            String column, int count, int first) throws Exception {
        long[] nanos = new long[count];
        long[] listed = new long[count];
        for (int i = 0; i < count; i++) {
            String token = "XQ" + (700_000 + first + i);
            String title = "关于" + token + "号时效测试的通知";
            long start = System.nanoTime();
            ItemView item = items.create(ItemRequests.news(title, List.of("website")), TestCallers.EDITOR);
            items.publish(item.id(), null, TestCallers.EDITOR);
            long deadline = start + Duration.ofSeconds(60).toNanos();
            while (!get(http, base + token).body().contains("/items/" + item.id() + ".html")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(title + " not searchable within 60 s");
                }
                Thread.sleep(POLL_MILLIS);
            }
            nanos[i] = System.nanoTime() - start;
            while (!get(http, column).body().contains("/items/" + item.id() + ".html")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(title + " not listed within 60 s");
                }
                Thread.sleep(POLL_MILLIS);
            }
            listed[i] = System.nanoTime() - start;
            // The delivery goes on writing the column's further pages after its first one shows the item;
            // the next publication starts on a settled site, or it would wait for this one's tail.
            while (!items.deliveries(item.id()).stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(title + " not delivered within 60 s");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
        System.out.println(percentiles("publish -> searchable " + what, nanos) + String.format("  load %.1f", load()));
        System.out.println(percentiles("publish -> listed in its column " + what, listed));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<ItemSnapshot> snapshots(int count) {
        List<ItemSnapshot> snapshots = new ArrayList<>(count);
        Random random = new Random(10);
        for (int i = 0; i < count; i++) {
            snapshots.add(snapshot(i, random));
        }
        return snapshots;
    }

    /** A government item: a title from a template, 6 to 40 sentences of body, a budget table in one of ten. */
    private static ItemSnapshot snapshot(int n, Random random) {
        String topic = TOPICS[random.nextInt(TOPICS.length)];
        String title = String.format(KINDS[random.nextInt(KINDS.length)], topic);
        StringBuilder body = new StringBuilder();
        int sentences = 6 + random.nextInt(35);
        for (int s = 0; s < sentences; s++) {
            body.append(s % 4 == 0 ? (s > 0 ? "</p>" : "") + "<p>" : "").append(SENTENCES[random.nextInt(SENTENCES.length)]);
            if (s == 2) {
                body.append("围绕").append(topic).append("，推进重点任务。");
            }
        }
        body.append("</p>");
        if (n % 10 == 0) {
            body.append(TABLE);
        }
        String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        Instant published = T0.plusSeconds(n * 3_600L);
        return new ItemSnapshot("bench-" + n, 1, title, topic + "相关工作安排", body.toString(), "", department, COLUMN,
                "工作动态", "PROACTIVE", String.format("11440100-%d-%05d", 2024 + n / 4000, n),
                n % 3 == 0 ? String.format("穗工信〔%d〕%d号", 2024 + n / 4000, n % 400 + 1) : null, null, List.of(),
                List.of(), "NORMAL", published, published, null, List.of());
    }

    /** Topic words, department names, numbers, rare and absent phrases, single characters, long sentences. */
    private static List<String> queries(List<ItemSnapshot> snapshots) {
        List<String> mix = new ArrayList<>(List.of("通知", "若干措施", "政策解读", "专项资金", "预算", "安全生产",
                "数字化转型 试点", "专精特新 小巨人", "一般公共预算拨款", "规模以上工业增加值", "局", "市",
                "联系电话", "高技术制造业 增长", "量子计算", "不存在的词语", "循环化改造 土地", "5G", "2026",
                "为深入贯彻落实党中央、国务院关于推动制造业高质量发展的决策部署，结合本市实际"));
        mix.addAll(Arrays.asList(TOPICS));
        mix.addAll(Arrays.asList(DEPARTMENTS));
        for (int i = 0; i < 20; i++) {
            ItemSnapshot s = snapshots.get((i * 487) % snapshots.size());
            mix.add(s.indexNumber());
            if (s.documentNumber() != null) {
                mix.add(s.documentNumber().replace('〔', '[').replace('〕', ']'));
            }
            mix.add(s.title());
        }
        return mix;
    }

    private static String percentiles(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%-44s n=%-5d p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  max %7.2f ms", what, sorted.length,
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
