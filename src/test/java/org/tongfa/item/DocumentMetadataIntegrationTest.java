package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.common.BeijingTime;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * 成文日期, 有效性 and 主题分类 go from the API to storage, to every channel's snapshot and to what
 * readers see (the item page's metadata box, the feeds' {@code gov:} elements); a document repealed
 * later keeps its first publication time.
 */
class DocumentMetadataIntegrationTest extends ApiTestSupport {

    private static Map<String, Object> policy(String title) {
        Map<String, Object> item = validItem();
        item.put("title", title);
        item.put("column", "policies");
        item.put("indexNumber", "11440000-2026-" + Math.abs(title.hashCode() % 100000));
        item.put("signedOn", "2024-03-15");
        item.put("topic", "工业、交通");
        item.put("validity", Map.of("status", "VALID"));
        return item;
    }


    @Test
    void theApiStoresAndShowsTheDocumentsSigningDayValidityAndTopic() {
        String id = createItem(policy("关于印发工业互联网创新发展行动计划的通知"));

        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("signedOn").asString()).isEqualTo("2024-03-15");
        assertThat(item.path("topic").asString()).isEqualTo("工业、交通");
        assertThat(item.path("validity").path("status").asString()).isEqualTo("VALID");
        assertThat(item.path("validity").path("date").isNull()).isTrue();
    }

    @Test
    void aDayThatIsNotOnTheCalendarIsRefusedNamingTheFieldAndTheFormat() {
        Map<String, Object> item = policy("关于印发二月三十日施行办法的通知");
        item.put("signedOn", "2026-02-30");
        JsonNode problem = problem(postJson("/api/v1/items", write(item)), 400);
        assertThat(fields(problem)).containsExactly("signedOn");
        assertThat(problem.path("errors").get(0).path("message").asString())
                .isEqualTo("cannot read '2026-02-30' as a real calendar date (yyyy-MM-dd)");
    }

    @Test
    void anItemWithoutThemStatesNone() {
        JsonNode item = json(get("/api/v1/items/" + createItem(validItem())));
        assertThat(item.path("signedOn").isNull()).isTrue();
        assertThat(item.path("validity").isNull()).isTrue();
        assertThat(item.path("topic").isNull()).isTrue();
    }

    @Test
    void theItemPageFeedsAndDropFolderCarryThem() throws Exception {
        String id = createPublished(policy("关于印发中小企业数字化转型指南的通知"));
        awaitDelivered(id, "website", 1, "PUBLISH");
        awaitDelivered(id, "feeds", 1, "PUBLISH");
        awaitDelivered(id, "archive", 1, "PUBLISH");

        String page = get("/site/items/" + id + ".html").body();
        assertThat(page).contains("<dt>成文日期：</dt><dd><time datetime=\"2024-03-15\">2024-03-15</time></dd>",
                "<dt>主题分类：</dt><dd>工业、交通</dd>", "<dt>有效性：</dt><dd>有效</dd>");
        assertThat(get("/site/elder/items/" + id + ".html").body()).contains("成文日期", "主题分类", "有效性");
        String rss = get("/feeds/all.rss").body();
        assertThat(rss).contains("<gov:signedOn", ">2024-03-15</gov:signedOn>", ">工业、交通</gov:topic>",
                ">VALID</gov:validity>");
        assertThat(get("/feeds/all.atom").body()).contains(">2024-03-15</gov:signedOn>");
        JsonNode gov = JSON.readTree(get("/feeds/all.json").body()).path("items").valueStream()
                .filter(i -> i.path("url").asString().endsWith(id + ".html")).findFirst().orElseThrow().path("_gov");
        assertThat(gov.path("signed_on").asString()).isEqualTo("2024-03-15");
        assertThat(gov.path("topic").asString()).isEqualTo("工业、交通");
        assertThat(gov.path("validity").asString()).isEqualTo("VALID");
        assertThat(gov.has("validity_date")).isFalse();
        JsonNode archived = JSON.readTree(Files.readString(ARCHIVE.resolve(id + "-v1").resolve("item.json")));
        assertThat(archived.toString()).contains("\"signedOn\":\"2024-03-15\"", "\"topic\":\"工业、交通\"");
    }

    @Test
    void repealingAPublishedPolicyKeepsItsFirstPublicationTimeAndSaysSoOnThePage() {
        Map<String, Object> request = policy("关于促进软件产业发展的若干措施");
        String id = createPublished(request);
        awaitDelivered(id, "website", 1, "PUBLISH");
        String firstPublishedAt = json(get("/api/v1/items/" + id)).path("firstPublishedAt").asString();

        String today = LocalDate.now(BeijingTime.ZONE).toString();
        Map<String, Object> repealed = new LinkedHashMap<>(request);
        repealed.put("validity", Map.of("status", "REPEALED", "date", today));
        assertThat(putJson("/api/v1/items/" + id, write(repealed)).statusCode()).isEqualTo(200);
        awaitDelivered(id, "website", 2, "PUBLISH");
        awaitDelivered(id, "feeds", 2, "PUBLISH");

        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("firstPublishedAt").asString()).isEqualTo(firstPublishedAt);
        assertThat(item.path("validity").path("status").asString()).isEqualTo("REPEALED");
        assertThat(item.path("validity").path("date").asString()).isEqualTo(today);
        String page = get("/site/items/" + id + ".html").body();
        assertThat(page).contains("本文件已于<time datetime=\"" + today + "\">" + today + "</time>废止，仅供查阅。",
                "<dt>有效性：</dt><dd>废止（<time datetime=\"" + today + "\">" + today + "</time>起）</dd>");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/feeds/all.rss").body())
                .contains(">REPEALED</gov:validity>", ">" + today + "</gov:validityDate>"));
        // The list still dates it by its first publication: a repeal is no new information.
        java.util.regex.Matcher listed = java.util.regex.Pattern.compile(id + "\\.html\">[^<]*</a> <time datetime=\"([^\"]+)\"")
                .matcher(get("/site/columns/policies/index.html").body());
        assertThat(listed.find()).isTrue();
        assertThat(Instant.parse(listed.group(1)).truncatedTo(ChronoUnit.MILLIS))
                .isEqualTo(Instant.parse(firstPublishedAt).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void urgentAndEmergencyItemsAreMarkedInWordsOnTheListAndThePage() {
        Map<String, Object> urgent = validItem();
        urgent.put("title", "关于暴雨天气停课的紧急通知");
        urgent.put("indexNumber", "11440000-2026-70001");
        urgent.put("priority", "URGENT");
        Map<String, Object> emergency = validItem();
        emergency.put("title", "台风红色预警信号发布");
        emergency.put("indexNumber", "11440000-2026-70002");
        emergency.put("priority", "EMERGENCY");
        String u = createPublished(urgent);
        String e = createPublished(emergency);
        awaitDelivered(u, "website", 1, "PUBLISH");
        awaitDelivered(e, "website", 1, "PUBLISH");

        assertThat(get("/site/items/" + u + ".html").body()).contains("<strong class=\"priority\">【紧急】</strong>");
        assertThat(get("/site/items/" + e + ".html").body()).contains("<strong class=\"priority\">【特急】</strong>");
        for (String list : List.of("/site/columns/notices/index.html", "/site/", "/site/elder/")) {
            assertThat(get(list).body()).as(list)
                    .contains("<li><strong class=\"priority\">【紧急】</strong><a href=", ">关于暴雨天气停课的紧急通知</a>")
                    .contains("<li><strong class=\"priority\">【特急】</strong><a href=", ">台风红色预警信号发布</a>");
        }
    }
}
