package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.tongfa.common.EntityTags;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;

/** Serving the site while it is rendered again and swapped in. */
class SiteControllerTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    static final int RENDERINGS = 60;

    @TempDir
    Path out;

    @Test
    void aPageCarriesATagOfItsBytesAndIsAnswered304WhenItIsSentBack() throws Exception {
        MutableClock clock = new MutableClock(T0);
        PublishedEntryStore store = PullTestSupport.store(clock);
        WebsiteChannel channel = (WebsiteChannel) SiteTestSupport.factory(store, clock).create(
                PullTestSupport.config("site", "website", Map.of("output-directory", out.toString())));
        SiteController controller = new SiteController(() -> Optional.of(channel));
        ItemSnapshot item = Snapshots.item("tagged", "news", "标签", T0);
        channel.deliver(dispatch(Action.PUBLISH, item));

        MockHttpServletResponse first = new MockHttpServletResponse();
        controller.page(new MockHttpServletRequest("GET", "/site/items/tagged.html"), first);
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getHeader("ETag")).isEqualTo(EntityTags.of(first.getContentAsByteArray()));

        MockHttpServletRequest again = new MockHttpServletRequest("GET", "/site/items/tagged.html");
        again.addHeader("If-None-Match", first.getHeader("ETag"));
        MockHttpServletResponse notModified = new MockHttpServletResponse();
        controller.page(again, notModified);
        assertThat(notModified.getStatus()).isEqualTo(304);
        assertThat(notModified.getContentAsByteArray()).isEmpty();

        // A page that changed is sent whole again under its new tag; a missing page has no tag to revalidate.
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.updated(item, "标签已改", T0.plusSeconds(1))));
        MockHttpServletResponse changed = new MockHttpServletResponse();
        controller.page(again, changed);
        assertThat(changed.getStatus()).isEqualTo(200);
        assertThat(changed.getHeader("ETag")).isNotEqualTo(first.getHeader("ETag"));
        MockHttpServletResponse missing = new MockHttpServletResponse();
        controller.page(new MockHttpServletRequest("GET", "/site/items/none.html"), missing);
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getHeader("ETag")).isNull();
    }

    @Test
    void pagesRequestedWhileTheSiteIsSwappedAreNeverAnsweredWithAnError() throws Exception {
        MutableClock clock = new MutableClock(T0);
        PublishedEntryStore store = PullTestSupport.store(clock);
        WebsiteChannelFactory factory = SiteTestSupport.factory(store, clock);
        // One item per column page, so the second page comes and goes with every flip.
        WebsiteChannel channel = (WebsiteChannel) factory.create(PullTestSupport.config("site", "website",
                Map.of("output-directory", out.toString(), "page-size", "1")));
        SiteController controller = new SiteController(() -> Optional.of(channel));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("keep", "news", "常驻信息", T0)));
        AtomicInteger flipping = new AtomicInteger(0);
        AtomicBoolean done = new AtomicBoolean();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int reader = 0; reader < 2; reader++) {
                pool.submit(() -> {
                    while (!done.get()) {
                        String item = "items/f" + flipping.get() + ".html";
                        for (String path : List.of(item, "columns/news/page-2.html", "elder/" + item, "")) {
                            try {
                                MockHttpServletResponse answer = new MockHttpServletResponse();
                                controller.page(new MockHttpServletRequest("GET", "/site/" + path), answer);
                                statuses.computeIfAbsent(answer.getStatus(), s -> new LongAdder()).increment();
                            } catch (Exception | Error e) {
                                errors.add(e);
                            }
                        }
                    }
                });
            }
            Future<?> renderer = pool.submit(() -> {
                try {
                    for (int k = 1; k <= RENDERINGS / 2; k++) {
                        ItemSnapshot flip = Snapshots.item("f" + k, "news", "第" + k + "条", T0.plusSeconds(k));
                        flipping.set(k);
                        channel.deliver(dispatch(Action.PUBLISH, flip));
                        channel.deliver(dispatch(Action.RETRACT, flip));
                    }
                } finally {
                    done.set(true);
                }
                return null;
            });
            renderer.get(60, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(errors).as("requests that failed (a 500 on the wire)").isEmpty();
        assertThat(statuses.keySet()).as("statuses seen: %s", statuses).isSubsetOf(200, 404, 410);
        assertThat(statuses.get(200).sum()).isPositive();
    }
}
