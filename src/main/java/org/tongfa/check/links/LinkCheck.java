package org.tongfa.check.links;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.CheckSubject;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemCheck;
import org.tongfa.check.ItemDirectory;
import org.tongfa.check.Verdict;
import org.tongfa.config.TongfaProperties;
import org.tongfa.net.PrivateNetworkGuard;

/**
 * Dead links (死链): every external link is fetched (HEAD, then GET when the server answers 405)
 * through the webhooks' {@link PrivateNetworkGuard}, with a short timeout, several at once, and the
 * answer cached for a while; a 4xx or 5xx answer or a link that cannot be reached warns. A link to one
 * of Tongfa's own item pages ({@code items/<id>.html} on the public site) must point at a live item:
 * one that is retracted or expired, or that does not exist, blocks.
 */
@Component
@Order(10)
public class LinkCheck implements ItemCheck, DisposableBean {

    static final String NAME = "links";
    static final String ALLOW_KEY = "tongfa.checks.links.allow-private-network";
    /** The website's item pages, as {@code SitePaths} writes them (plain, 长者 and 繁體 editions). */
    private static final Pattern ITEM_PAGE =
            Pattern.compile("(?:^|/)(?:elder/|hant/)?items/([A-Za-z0-9-]{1,64})\\.html$");
    private static final int CACHE_LIMIT = 10_000;

    private final ItemDirectory directory;
    private final CheckProperties.Links settings;
    private final URI base;
    private final OkHttpClient client;
    private final ExecutorService pool;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public LinkCheck(ItemDirectory directory, CheckProperties properties, TongfaProperties tongfa, Clock clock) {
        this(directory, properties.links(), tongfa.publicBaseUrl(), clock);
    }

    /** @param base the public site's address: relative links and Tongfa's own item pages are resolved against it */
    LinkCheck(ItemDirectory directory, CheckProperties.Links settings, URI base, Clock clock) {
        this.directory = directory;
        this.settings = settings;
        this.base = base;
        this.clock = clock;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .callTimeout(settings.timeout())
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .retryOnConnectionFailure(false);
        new PrivateNetworkGuard(ALLOW_KEY, Dns.SYSTEM).apply(builder, settings.allowPrivateNetwork());
        this.client = builder.build();
        this.pool = Executors.newFixedThreadPool(settings.parallelism(), r -> {
            Thread t = new Thread(r, "link-check");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(CheckSubject subject) {
        return check(subject, true);
    }

    /**
     * Where only a block matters (a submission, a release), only the links to Tongfa's own items, read from
     * the database: an external link can only warn, so the transaction does not wait on another site (up to
     * the timeout for each link, with the item locked); it is fetched on save and at each review step.
     */
    @Override
    public List<Finding> checkForBlocks(CheckSubject subject) {
        return check(subject, false);
    }

    private List<Finding> check(CheckSubject subject, boolean fetchExternal) {
        Map<String, Future<Optional<String>>> external = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (CheckSubject.Link link : subject.links()) {
            URI uri = resolve(link.href());
            if (uri == null) {
                continue;
            }
            String own = ownItem(uri);
            if (own != null) {
                ownItemFinding(own, link).ifPresent(findings::add);
            } else if (fetchExternal && isExternal(uri)) {
                external.computeIfAbsent(uri.toString(), u -> pool.submit(() -> problem(u)));
            }
        }
        for (CheckSubject.Link link : subject.links()) {
            URI uri = resolve(link.href());
            Future<Optional<String>> answer = uri == null ? null : external.get(uri.toString());
            if (answer == null) {
                continue;
            }
            problemOf(answer).ifPresent(p -> findings.add(new Finding(NAME, Verdict.WARN, link.field(), -1,
                    link.href(), "链接无法访问：" + p, null)));
        }
        return findings;
    }

    private Optional<Finding> ownItemFinding(String itemId, CheckSubject.Link link) {
        Optional<ItemDirectory.State> state = directory.state(itemId);
        if (state.isEmpty()) {
            return Optional.of(new Finding(NAME, Verdict.BLOCK, link.field(), -1, link.href(),
                    "链接指向不存在的稿件 " + itemId, null));
        }
        return switch (state.get()) {
            case LIVE -> Optional.empty();
            case WITHDRAWN -> Optional.of(new Finding(NAME, Verdict.BLOCK, link.field(), -1, link.href(),
                    "链接指向已撤稿或已过期的稿件 " + itemId + "，读者将看到撤稿页", null));
            case NOT_PUBLISHED -> Optional.of(new Finding(NAME, Verdict.WARN, link.field(), -1, link.href(),
                    "链接指向尚未发布的稿件 " + itemId + "，请确认它先于或与本稿一同发布", null));
        };
    }

    /** The link as an absolute URI (relative ones against the public site), or null when it is not one. */
    private URI resolve(String href) {
        if (href == null || href.isBlank() || href.startsWith("#")) {
            return null;
        }
        try {
            URI uri = base.resolve(new URI(href.strip()));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? uri : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The item id when {@code uri} is one of Tongfa's own item pages, else null. */
    private String ownItem(URI uri) {
        if (!isOwnHost(uri) || uri.getPath() == null) {
            return null;
        }
        Matcher m = ITEM_PAGE.matcher(uri.getPath());
        return m.find() ? m.group(1) : null;
    }

    private boolean isOwnHost(URI uri) {
        return uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
    }

    private boolean isExternal(URI uri) {
        return !isOwnHost(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Optional<String> problemOf(Future<Optional<String>> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("检查被中断");
        } catch (ExecutionException e) {
            return Optional.of("检查失败（" + e.getCause().getClass().getSimpleName() + "）");
        }
    }

    /** What is wrong with the link at {@code url}, from the cache while its answer is fresh. */
    Optional<String> problem(String url) {
        Instant now = clock.instant();
        Cached cached = cache.get(url);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.problem();
        }
        Optional<String> problem = fetch(url);
        if (!settings.cacheTtl().isZero()) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(url, new Cached(problem, now.plus(settings.cacheTtl())));
        }
        return problem;
    }

    private Optional<String> fetch(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return Optional.of("地址无法解析");
        }
        try {
            int status = status(new Request.Builder().url(parsed).head().build());
            if (status == 405) {
                status = status(new Request.Builder().url(parsed).get().build());
            }
            return status >= 400 ? Optional.of("服务器返回 HTTP " + status) : Optional.empty();
        } catch (IOException e) {
            if (PrivateNetworkGuard.findRefusal(e) != null) {
                return Optional.of("指向内部网络地址，公众无法访问");
            }
            if (e instanceof java.net.UnknownHostException) {
                return Optional.of("域名无法解析");
            }
            if (e instanceof java.io.InterruptedIOException) {
                return Optional.of("在 " + settings.timeout().toMillis() + " 毫秒内没有响应");
            }
            return Optional.of("无法连接（" + e.getClass().getSimpleName() + "）");
        }
    }

    private int status(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return response.code();
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }

    private record Cached(Optional<String> problem, Instant until) {
    }
}
