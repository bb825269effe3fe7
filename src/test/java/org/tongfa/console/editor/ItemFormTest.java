package org.tongfa.console.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.console.FormErrors;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.DocumentType;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.Priority;
import org.tongfa.item.RelationType;

/** The editor's form binding: what was typed becomes the API's request, field by field. */
class ItemFormTest {

    private static final String OTHER = "0a1b2c3d-0000-4000-8000-000000000001";

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return params;
    }

    @Test
    void everyFieldOfTheFormBecomesTheRequestTheApiWouldGet() {
        ItemForm form = ItemForm.of(params("title", " 标题 ", "summary", "摘要", "body", "<p>正文</p>",
                "author", "", "department", "办公室", "column", "news", "disclosure.type", "ON_REQUEST",
                "disclosure.reason", "涉及个人信息", "indexNumber", "IDX-1", "documentNumber", "府〔2026〕1号",
                "coverAssetId", "", "tags", "甲，乙、丙, ", "priority", "URGENT",
                "publishAt", "2030-12-01T09:30", "expireAt", "", "channels", "website", "channels", "gzh",
                "overrides.gzh.title", "微信标题", "overrides.gzh.summary", "", "overrides.website.title", "",
                "signedOn", "2026-11-30", "validity.status", "VALID", "validity.date", "", "topic", "",
                "documentType", "NORMATIVE",
                "related[3].itemId", OTHER, "related[3].relation", "INTERPRETS", "related[7].itemId", "",
                "related[7].relation", "RELATED", "q", "picker words", "_csrf", "token"));
        FormErrors errors = FormErrors.none();

        ItemRequest request = form.toRequest(errors, List.of("website", "gzh", "display"));

        assertThat(errors.isEmpty()).isTrue();
        assertThat(request.title()).isEqualTo("标题");
        assertThat(request.author()).isEmpty();
        assertThat(request.disclosure()).isEqualTo(new ItemRequest.Disclosure(DisclosureType.ON_REQUEST, "涉及个人信息"));
        assertThat(request.coverAssetId()).isNull();
        assertThat(request.tags()).containsExactly("甲", "乙", "丙");
        assertThat(request.priority()).isEqualTo(Priority.URGENT);
        // datetime-local is Beijing time
        assertThat(request.publishAt()).isEqualTo(Instant.parse("2030-12-01T01:30:00Z"));
        assertThat(request.expireAt()).isNull();
        assertThat(request.channels()).containsExactly("website", "gzh");
        assertThat(request.overrides()).containsOnlyKeys("gzh");
        assertThat(request.overrides().get("gzh").title()).isEqualTo("微信标题");
        assertThat(request.overrides().get("gzh").summary()).isNull();
        // rows without an item are left out and the rest numbered from 0, as the API will name them
        assertThat(request.related()).containsExactly(new ItemRequest.Relation(OTHER, RelationType.INTERPRETS));
        assertThat(form.getRelated()).hasSize(1);
        assertThat(request.signedOn()).hasToString("2026-11-30");
        assertThat(request.validity().date()).isNull();
        assertThat(request.topic()).isNull();
        assertThat(request.documentType()).isEqualTo(DocumentType.NORMATIVE);
    }

    @Test
    void whatCannotBeReadIsAnErrorAtItsFieldAndTheTextIsKept() {
        ItemForm form = ItemForm.of(params("publishAt", "明天上午", "signedOn", "2026-02-30", "priority", "HIGH",
                "related[0].itemId", OTHER, "related[0].relation", "", "title", "留着", "documentType", "LAW"));
        FormErrors errors = FormErrors.none();

        ItemRequest request = form.toRequest(errors, List.of());

        assertThat(errors.getFields()).containsOnlyKeys("publishAt", "signedOn", "priority", "related[0].relation", "documentType");
        assertThat(errors.of("publishAt")).contains("2026-12-01 09:30");
        assertThat(request.publishAt()).isNull();
        assertThat(form.v("publishAt")).isEqualTo("明天上午");
        assertThat(form.v("title")).isEqualTo("留着");
    }

    @Test
    void fieldPathsHaveAnInputIdALabelAndListElementsShowAtTheirList() {
        ItemForm form = ItemForm.blank();
        FormErrors errors = FormErrors.none().add("tags[1]", "太长").add("tags", "太多");

        assertThat(form.id("disclosure.reason")).isEqualTo("f-disclosure-reason");
        assertThat(form.id("overrides.gzh.title")).isEqualTo("f-overrides-gzh-title");
        assertThat(form.id("related[2].itemId")).isEqualTo("f-related-2-itemId");
        assertThat(form.id("tags[1]")).isEqualTo("f-tags");
        assertThat(form.errorId("title")).isEqualTo("e-title");
        assertThat(form.label("related[2].itemId")).isEqualTo("关联稿件 3");
        assertThat(form.label("overrides.gzh.summary")).isEqualTo("渠道“gzh”的摘要");
        assertThat(form.label("disclosure.reason")).isEqualTo("不予主动公开的理由");
        assertThat(form.errorAt(errors, "tags")).isEqualTo("太长；太多");
        assertThat(form.v("disclosure.type")).isEqualTo("PROACTIVE");
    }

    @Test
    void theItemMessagesOfTheEditorAreShownInChinese() {
        assertThat(FormErrors.chinese("is required when the type is ON_REQUEST: state the legal ground for not "
                + "disclosing proactively")).isEqualTo("依申请公开或不公开时必填：请写明不予主动公开的依据");
        assertThat(FormErrors.chinese("is too long for channel gzh: WeChat allows at most 32 characters in a title "
                + "(标题), this one has 40; shorten it or set overrides.gzh.title"))
                .isEqualTo("超出渠道“gzh”的限制：标题最多 32 字，现有 40 字；请删减，或在“各渠道单独设置”中另写");
        assertThat(FormErrors.chinese("image 2 (/assets/x) has no alt text: describe it for readers who cannot see it"))
                .isEqualTo("第 2 张图片没有替代文字：请说明图片内容");
        assertThat(FormErrors.chinese("is not after publishAt")).isEqualTo("须晚于定时发布时间");
    }
}
