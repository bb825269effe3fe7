package org.tongfa.check.links;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.check.CheckProperties;
import org.tongfa.check.Finding;
import org.tongfa.check.ItemDirectory;
import org.tongfa.check.Subjects;
import org.tongfa.support.MutableClock;

class LinkCheckTest {

    @RegisterExtension
    static final WireMockExtension site = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static final URI BASE = URI.create("https://www.example.gov.cn/");
    private static final Map<String, ItemDirectory.State> ITEMS = Map.of(
            "live-1", ItemDirectory.State.LIVE,
            "gone-1", ItemDirectory.State.WITHDRAWN,
            "draft-1", ItemDirectory.State.NOT_PUBLISHED);
    private static final ItemDirectory DIRECTORY = id -> Optional.ofNullable(ITEMS.get(id));

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-01T02:00:00Z"));

    private LinkCheck check(boolean allowPrivate, Duration ttl) {
        return new LinkCheck(DIRECTORY, new CheckProperties.Links(Duration.ofMillis(800), ttl, 4, allowPrivate), BASE,
                clock);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + site.getPort() + path;
    }

    private List<String> found(LinkCheck check, String... hrefs) {
        Subjects s = Subjects.news();
        for (String href : hrefs) {
            s.link(href);
        }
        return check.check(s.build()).stream().map(f -> f.verdict() + " " + f.excerpt() + " " + f.message()).toList();
    }

    static Stream<Arguments> ownLinks() {
        return Stream.of(
                Arguments.of("a live item, absolute", "https://www.example.gov.cn/site/items/live-1.html", null),
                Arguments.of("a live item, relative, 长者版", "/site/elder/items/live-1.html", null),
                Arguments.of("a retracted item", "https://www.example.gov.cn/site/items/gone-1.html", "BLOCK"),
                Arguments.of("a missing item", "/site/items/no-such-item.html", "BLOCK"),
                Arguments.of("an item not yet published", "/site/hant/items/draft-1.html", "WARN"),
                Arguments.of("another page of the site", "/site/columns/news/index.html", null),
                Arguments.of("an anchor", "#part-2", null),
                Arguments.of("a mail address", "mailto:office@example.gov.cn", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownLinks")
    void linksToTongfaItemsMustPointAtLiveItems(String name, String href, String verdict) {
        List<String> found = found(check(false, Duration.ZERO), href);
        if (verdict == null) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).singleElement().asString().startsWith(verdict + " " + href);
        }
    }

    @Test
    void anExternalLinkThatAnswersPassesAndOneThatFailsWarns() {
        site.stubFor(head(urlEqualTo("/ok")).willReturn(aResponse().withStatus(200)));
        site.stubFor(head(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
        site.stubFor(head(urlEqualTo("/broken")).willReturn(aResponse().withStatus(503)));

        List<String> found = found(check(true, Duration.ZERO), url("/ok"), url("/missing"), url("/broken"));

        assertThat(found).containsExactly("WARN " + url("/missing") + " 链接无法访问：服务器返回 HTTP 404",
                "WARN " + url("/broken") + " 链接无法访问：服务器返回 HTTP 503");
    }

    @Test
    void aServerThatRefusesHeadIsAskedWithGet() {
        site.stubFor(head(urlEqualTo("/no-head")).willReturn(aResponse().withStatus(405)));
        site.stubFor(get(urlEqualTo("/no-head")).willReturn(aResponse().withStatus(200).withBody("ok")));
        site.stubFor(head(urlEqualTo("/gone")).willReturn(aResponse().withStatus(405)));
        site.stubFor(get(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));

        assertThat(found(check(true, Duration.ZERO), url("/no-head"))).isEmpty();
        assertThat(found(check(true, Duration.ZERO), url("/gone"))).singleElement().asString().endsWith("HTTP 410");
        site.verify(1, getRequestedFor(urlEqualTo("/no-head")));
    }

    @Test
    void aSlowServerWarnsAfterTheTimeout() {
        site.stubFor(head(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        assertThat(found(check(true, Duration.ZERO), url("/slow"))).singleElement().asString()
                .endsWith("在 800 毫秒内没有响应");
    }

    @Test
    void aLinkIntoThePrivateNetworkIsNotFetchedUnlessAllowed() {
        site.stubFor(head(urlEqualTo("/inside")).willReturn(aResponse().withStatus(200)));

        assertThat(found(check(false, Duration.ZERO), url("/inside"))).singleElement().asString()
                .endsWith("指向内部网络地址，公众无法访问");
        site.verify(0, headRequestedFor(urlEqualTo("/inside")));
    }

    @Test
    void anUnresolvableHostWarns() {
        assertThat(found(check(false, Duration.ZERO), "https://no-such-host.invalid/page")).singleElement().asString()
                .startsWith("WARN https://no-such-host.invalid/page 链接无法访问：");
    }

    @Test
    void anAnswerIsReusedUntilItsTimeToLivePassesAndOneLinkTwiceIsFetchedOnce() {
        site.stubFor(head(urlEqualTo("/cached")).willReturn(aResponse().withStatus(404)));
        LinkCheck check = check(true, Duration.ofMinutes(10));

        assertThat(found(check, url("/cached"), url("/cached"))).hasSize(2);
        assertThat(found(check, url("/cached"))).hasSize(1);
        site.verify(1, headRequestedFor(urlEqualTo("/cached")));

        clock.advance(Duration.ofMinutes(11));
        assertThat(found(check, url("/cached"))).hasSize(1);
        site.verify(2, headRequestedFor(urlEqualTo("/cached")));
    }

    @Test
    void severalLinksAreFetchedAtOnce() throws Exception {
        // Each answer waits until four requests are in: only fetched side by side do all four get a 200.
        java.util.concurrent.CyclicBarrier four = new java.util.concurrent.CyclicBarrier(4);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            int status;
            try {
                four.await(700, java.util.concurrent.TimeUnit.MILLISECONDS);
                status = 200;
            } catch (Exception e) {
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(found(check(true, Duration.ZERO), base + "/p0", base + "/p1", base + "/p2", base + "/p3"))
                    .isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void atReleaseNoOtherSiteIsAskedAndALinkToAWithdrawnItemStillBlocks() {
        site.stubFor(head(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        site.stubFor(head(urlEqualTo("/missing")).willReturn(aResponse().withStatus(404)));
        Subjects s = Subjects.news();
        s.link(url("/slow")).link(url("/missing")).link("/site/items/gone-1.html").link("/site/items/draft-1.html");

        List<String> found = check(true, Duration.ZERO).checkForBlocks(s.build()).stream()
                .map(f -> f.verdict() + " " + f.excerpt()).toList();

        assertThat(found).containsExactly("BLOCK /site/items/gone-1.html", "WARN /site/items/draft-1.html");
        site.verify(0, headRequestedFor(urlEqualTo("/slow")));
        site.verify(0, headRequestedFor(urlEqualTo("/missing")));
    }

    @Test
    void findingsNameTheCheckAndTheField() {
        site.stubFor(head(urlEqualTo("/x")).willReturn(aResponse().withStatus(500)));
        Subjects s = Subjects.news();
        s.links.add(new org.tongfa.check.CheckSubject.Link(url("/x"), "overrides.wechat"));

        Finding f = check(true, Duration.ZERO).check(s.build()).get(0);
        assertThat(f.check()).isEqualTo("links");
        assertThat(f.field()).isEqualTo("overrides.wechat");
        assertThat(f.offset()).isEqualTo(-1);
    }
}
