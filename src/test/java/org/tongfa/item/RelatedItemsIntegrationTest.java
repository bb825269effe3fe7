package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.SnapshotSource;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * Only live (PUBLISHED), proactively disclosed (主动公开) items appear in what a channel receives about
 * another item: a draft, a scheduled item, a retracted one or a not-public one is left out of
 * {@code related}, whichever side declared the link, on every channel (the snapshot is what every
 * channel gets: website page, webhook payload, drop-folder item.json, WeChat).
 */
class RelatedItemsIntegrationTest extends ApiTestSupport {

    @Autowired
    SnapshotSource snapshots;

    private Map<String, Object> item(String title) {
        Map<String, Object> item = validItem();
        item.put("title", title);
        item.put("indexNumber", "11440000-2026-" + Math.abs(title.hashCode() % 100000));
        return item;
    }

    private Map<String, Object> notPublic(String title) {
        Map<String, Object> item = item(title);
        item.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "涉及内部事务"));
        item.put("channels", List.of("internal"));
        return item;
    }


    @Test
    void onlyLiveProactiveItemsAppearAsRelatedOnAnyChannel() throws Exception {
        String policy = createPublished(item("公开的政策文件"));
        String draft = createItem(notPublic("不公开的草稿标题"));
        String scheduled = createItem(item("尚未发布的信息"));
        assertThat(postJson("/api/v1/items/" + scheduled + "/publish", "{\"publishAt\":\""
                + Instant.now().plus(2, ChronoUnit.DAYS) + "\"}").statusCode()).isEqualTo(202);
        String retracted = createPublished(item("已撤回的信息"));
        awaitDelivered(retracted, "archive", 1, "PUBLISH");
        assertThat(retract(retracted).statusCode()).isEqualTo(202);
        String internal = createPublished(notPublic("内部发布的不公开信息"));

        Map<String, Object> reading = item("政策解读：公开的政策文件");
        reading.put("related", List.of(
                Map.of("itemId", policy, "relation", "INTERPRETS"),
                Map.of("itemId", draft, "relation", "RELATED"),
                Map.of("itemId", scheduled, "relation", "RELATED"),
                Map.of("itemId", retracted, "relation", "RELATED"),
                Map.of("itemId", internal, "relation", "RELATED")));
        String id = createPublished(reading);
        awaitDelivered(id, "archive", 1, "PUBLISH");
        awaitDelivered(id, "website", 1, "PUBLISH");

        List<String> hidden = List.of("不公开的草稿标题", "尚未发布的信息", "已撤回的信息", "内部发布的不公开信息");
        ItemSnapshot snapshot = snapshots.snapshot(id, 1, "nanfang");
        assertThat(snapshot.related()).extracting(ItemSnapshot.RelatedRef::itemId).containsExactly(policy);
        assertThat(snapshot.related().get(0).title()).isEqualTo("公开的政策文件");
        String itemJson = Files.readString(ARCHIVE.resolve(id + "-v1").resolve("item.json"));
        assertThat(itemJson).contains(policy, "公开的政策文件");
        hidden.forEach(title -> assertThat(itemJson).doesNotContain(title));
        assertThat(itemJson).doesNotContain(draft, scheduled, retracted, internal);
        String page = get("/site/items/" + id + ".html").body();
        assertThat(page).contains("公开的政策文件");
        hidden.forEach(title -> assertThat(page).doesNotContain(title));
        // The editors' own view keeps every link, with its state.
        assertThat(json(get("/api/v1/items/" + id)).path("related")).hasSize(5);
    }

    @Test
    void aLinkDeclaredByANotPublicDraftDoesNotShowTheDraftOnThePublicItem() throws Exception {
        String target = createItem(item("被不公开草稿引用的信息"));
        Map<String, Object> draft = notPublic("引用它的不公开草稿");
        draft.put("related", List.of(Map.of("itemId", target, "relation", "RELATED")));
        createItem(draft);

        assertThat(post("/api/v1/items/" + target + "/publish").statusCode()).isEqualTo(202);
        awaitDelivered(target, "archive", 1, "PUBLISH");

        assertThat(snapshots.snapshot(target, 1, "archive").related()).isEmpty();
        assertThat(Files.readString(ARCHIVE.resolve(target + "-v1").resolve("item.json")))
                .doesNotContain("引用它的不公开草稿");
    }

    @Test
    void aPolicyPageLinksItsInterpretationOnceItIsPublishedAndDropsItWhenRetractedWithoutTouchingThePolicy() {
        String policy = createPublished(item("关于加快推进制造业数字化转型的实施意见"));
        awaitDelivered(policy, "website", 1, "PUBLISH");
        JsonNode before = json(get("/api/v1/items/" + policy));
        String pageBefore = get("/site/items/" + policy + ".html").body();
        assertThat(pageBefore).doesNotContain("相关信息");

        Map<String, Object> reading = item("《关于加快推进制造业数字化转型的实施意见》政策解读");
        reading.put("column", "interpretations");
        reading.put("related", List.of(Map.of("itemId", policy, "relation", "INTERPRETS")));
        String interpretation = createPublished(reading);
        awaitDelivered(interpretation, "website", 1, "PUBLISH");

        String link = "<li>政策解读：<a href=\"http://localhost:8080/site/items/" + interpretation + ".html\">"
                + "《关于加快推进制造业数字化转型的实施意见》政策解读</a></li>";
        String elderLink = "<li>政策解读：<a href=\"http://localhost:8080/site/elder/items/" + interpretation + ".html\">";
        String page = get("/site/items/" + policy + ".html").body();
        assertThat(page).contains("<h2 id=\"related\">相关信息</h2>", link);
        assertThat(get("/site/elder/items/" + policy + ".html").body()).contains(elderLink);
        assertThat(get("/site/items/" + interpretation + ".html").body())
                .contains("<li>解读的政策：<a href=\"http://localhost:8080/site/items/" + policy + ".html\">");
        // The policy was not touched: same version, same dates, no new delivery, and its page says the same
        // 发布时间 and still no 更新时间.
        JsonNode after = json(get("/api/v1/items/" + policy));
        for (String field : List.of("version", "firstPublishedAt", "lastPublishedAt", "updatedAt", "releasedVersion")) {
            assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
        }
        assertThat(json(get("/api/v1/items/" + policy + "/deliveries")).valueStream())
                .allSatisfy(d -> assertThat(d.path("itemVersion").asInt()).isEqualTo(1));
        assertThat(page).doesNotContain("更新时间").contains(publicationTime(pageBefore));

        assertThat(retract(interpretation).statusCode()).isEqualTo(202);
        awaitDelivered(interpretation, "website", 1, "RETRACT");
        String withdrawn = get("/site/items/" + policy + ".html").body();
        assertThat(withdrawn).doesNotContain("相关信息", interpretation).contains(publicationTime(pageBefore));
        assertThat(get("/site/elder/items/" + policy + ".html").body()).doesNotContain(interpretation);
        assertThat(json(get("/api/v1/items/" + policy)).path("updatedAt")).isEqualTo(before.path("updatedAt"));
    }

    private static String publicationTime(String page) {
        java.util.regex.Matcher time = java.util.regex.Pattern.compile("<dt>发布时间：</dt><dd>(.*?)</dd>").matcher(page);
        assertThat(time.find()).as(page).isTrue();
        return time.group(0);
    }
}
