package org.tongfa.channel.website;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.ItemSnapshot.RelatedRef;
import org.tongfa.published.PublishedEntryStore;
import org.tongfa.published.PullTestSupport;
import org.tongfa.support.MutableClock;

/**
 * Incremental rendering against the whole one: after any sequence of deliveries (publications at any
 * time, edits, column moves, interpretations of a policy, outside links, retractions and
 * re-publications), the site built delivery by delivery holds exactly the files, byte for byte, that a
 * node starting on the same store renders whole, and its index the same items; and so does the site of
 * another node that follows the store now and then, taking several changes at once.
 */
class IncrementalRenderingTest {

    static final Instant T0 = Instant.parse("2026-03-02T01:30:00Z");
    /** Configured (news, policies) and not (extra, whose name comes from its items). */
    static final String[] COLUMNS = {"news", "policies", "extra"};

    @TempDir
    Path out;
    @TempDir
    Path fresh;
    @TempDir
    Path other;
    MutableClock clock = new MutableClock(T0);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aSequenceOfDeliveriesBuildsTheSameSiteAsOneWholeRenderingOfTheStore(long seed) throws Exception {
        PublishedEntryStore store = PullTestSupport.store(clock);
        WebsiteChannel channel = channel(store, out);
        WebsiteChannel follower = channel(store, other);
        Random random = new Random(seed);
        Map<String, ItemSnapshot> items = new LinkedHashMap<>();
        Map<String, Boolean> live = new LinkedHashMap<>();
        for (int step = 1; step <= 40; step++) {
            clock.advance(Duration.ofMinutes(1 + random.nextInt(90)));
            Action action;
            ItemSnapshot item;
            List<String> ids = new ArrayList<>(items.keySet());
            int choice = ids.isEmpty() ? 0 : random.nextInt(10);
            if (choice < 4) {
                action = Action.PUBLISH;
                item = newItem("i" + step, random, items);
            } else if (choice < 7) {
                ItemSnapshot was = items.get(ids.get(random.nextInt(ids.size())));
                action = live.get(was.itemId()) ? Action.UPDATE : Action.PUBLISH;
                item = edited(was, random);
            } else {
                action = Action.RETRACT;
                item = items.get(ids.get(random.nextInt(ids.size())));
            }
            channel.deliver(dispatch(action, item));
            if (action != Action.RETRACT) {
                items.put(item.itemId(), item);
            }
            live.put(item.itemId(), action != Action.RETRACT);
            if (step % 7 == 0) {
                follower.site(); // the clock moved past its refresh interval: it takes what changed since
            }
            if (step % 20 == 0) {
                follower.site();
                assertSameAsWholeRendering(store, channel, follower, seed, step);
            }
        }
    }

    private void assertSameAsWholeRendering(PublishedEntryStore store, WebsiteChannel channel, WebsiteChannel follower,
            long seed, int step) throws Exception {
        Path dir = Files.createTempDirectory(fresh, "node-");
        WebsiteChannel started = channel(store, dir);
        started.site();
        Map<String, String> whole = SiteFiles.contents(dir);
        assertThat(SiteFiles.contents(out)).as("delivering, seed %d, step %d", seed, step).isEqualTo(whole);
        assertThat(SiteFiles.contents(other)).as("following, seed %d, step %d", seed, step).isEqualTo(whole);
        assertThat(channel.search().size()).isEqualTo(started.search().size())
                .isEqualTo(follower.search().size());
    }

    private WebsiteChannel channel(PublishedEntryStore store, Path output) {
        return (WebsiteChannel) SiteTestSupport.factory(store, clock).create(PullTestSupport.config("site", "website",
                Map.of("output-directory", output.toString(), "page-size", "3")));
    }

    /** A new item at any time of the last days, sometimes urgent, linking outside, or interpreting a policy. */
    private ItemSnapshot newItem(String id, Random random, Map<String, ItemSnapshot> items) {
        String column = COLUMNS[random.nextInt(COLUMNS.length)];
        Instant publishedAt = clock.instant().minus(Duration.ofMinutes(random.nextInt(3_000)));
        List<RelatedRef> related = new ArrayList<>();
        List<ItemSnapshot> policies = items.values().stream().filter(i -> i.column().equals("policies")).toList();
        if (!policies.isEmpty() && random.nextInt(3) == 0) {
            ItemSnapshot policy = policies.get(random.nextInt(policies.size()));
            related.add(new RelatedRef(policy.itemId(), "INTERPRETS", policy.title()));
        }
        return snapshot(id, 1, "信息" + id, column, body(random), random.nextInt(6) == 0 ? "URGENT" : "NORMAL",
                publishedAt, publishedAt, related);
    }

    /** The next version: another title, sometimes another column, another body or another priority. */
    private ItemSnapshot edited(ItemSnapshot was, Random random) {
        String column = random.nextInt(3) == 0 ? COLUMNS[random.nextInt(COLUMNS.length)] : was.column();
        String priority = random.nextInt(4) == 0 ? "EMERGENCY" : was.priority();
        return snapshot(was.itemId(), was.version() + 1, "信息" + was.itemId() + "（第" + (was.version() + 1) + "版）",
                column, random.nextBoolean() ? body(random) : was.bodyHtml(), priority, was.publishedAt(),
                clock.instant(), was.related());
    }

    private static String body(Random random) {
        String body = "<p>正文。</p>";
        if (random.nextInt(3) == 0) {
            body += "<p><a href=\"https://other" + random.nextInt(4) + ".example/page\">外部网站</a></p>";
        }
        return body;
    }

    private static ItemSnapshot snapshot(String id, int version, String title, String column, String body,
            String priority, Instant publishedAt, Instant updatedAt, List<RelatedRef> related) {
        String columnName = switch (column) {
            case "news" -> "工作动态";
            case "policies" -> "政策文件";
            default -> "专题专栏";
        };
        return new ItemSnapshot(id, version, title, "摘要：" + title, body, "记者", "市工业和信息化局", column, columnName,
                "PROACTIVE", "11440100-2026-" + id, null, null, List.of(), List.of(), priority, publishedAt, updatedAt,
                null, related);
    }
}
