package org.tongfa.channel.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.tongfa.published.PullTestSupport.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tongfa.delivery.Action;
import org.tongfa.published.Snapshots;
import org.tongfa.support.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feeds as a second, independent reader sees them: Python's feedparser (Debian's
 * {@code python3-feedparser} under {@code /usr/bin/python3}; skipped where it is not installed) reads
 * RSS and Atom without complaint (no "bozo") and finds the title, language, self and hub links, the
 * cover's enclosure and the government elements.
 */
class FeedparserTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final String SCRIPT = """
            import feedparser, json, sys
            d = feedparser.parse(sys.argv[1])
            e = d.entries[0]
            print(json.dumps({"bozo": bool(d.bozo), "version": d.version, "title": d.feed.get("title"),
                "language": d.feed.get("language"), "links": sorted(l.rel for l in d.feed.links),
                "enclosures": [dict(x) for x in e.get("enclosures", [])], "department": e.get("gov_department"),
                "entries": len(d.entries)}))
            """;

    @TempDir
    Path dir;

    private static boolean feedparserInstalled() throws InterruptedException {
        try {
            Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import feedparser").start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private JsonNode parse(String feed) throws Exception {
        Path file = dir.resolve("feed.xml");
        Files.writeString(file, feed, StandardCharsets.UTF_8);
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT, file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        return JsonMapper.builder().build().readTree(out);
    }

    @Test
    void feedparserReadsRssAndAtomCleanlyWithTheirLinksEnclosuresAndGovernmentElements() throws Exception {
        assumeThat(feedparserInstalled()).as("python3-feedparser installed").isTrue();
        Instant t0 = Instant.parse("2026-03-02T01:30:00Z");
        FeedChannel channel = new FeedTestDatabase(new MutableClock(t0)).channel(Map.of("hub-url", "https://hub.example/"));
        channel.deliver(dispatch(Action.PUBLISH, FeedChannelTest.with(Snapshots.item("i1", "news", "标题", t0),
                Map.of("cover", Map.of("id", "a1", "contentType", "image/png", "size", 2048, "sha256", "ab",
                        "url", "https://gov.example/assets/a1", "alt", "")))));
        channel.deliver(dispatch(Action.PUBLISH, Snapshots.item("i0", "news", "更早的信息", t0.minusSeconds(60))));

        for (String feed : List.of("all.rss", "all.atom", "columns/news.rss", "columns/news.atom")) {
            JsonNode read = parse(channel.document(feed).orElseThrow().text());
            assertThat(read.path("bozo").asBoolean()).as(feed + ": " + read).isFalse();
            assertThat(read.path("version").asString()).isEqualTo(feed.endsWith("rss") ? "rss20" : "atom10");
            assertThat(read.path("title").asString()).startsWith("示范市工业和信息化局");
            assertThat(read.path("language").asString()).isEqualTo("zh-CN");
            assertThat(read.path("links").toString()).contains("\"self\"", "\"hub\"");
            assertThat(read.path("enclosures").get(0).path("href").asString()).isEqualTo("https://gov.example/assets/a1");
            assertThat(read.path("enclosures").get(0).path("length").asString()).isEqualTo("2048");
            assertThat(read.path("enclosures").get(0).path("type").asString()).isEqualTo("image/png");
            assertThat(read.path("department").asString()).isEqualTo("市工业和信息化局");
            assertThat(read.path("entries").asInt()).isEqualTo(2);
        }
    }
}
