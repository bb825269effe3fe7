package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.web.ApiTestSupport;

/** 文件类型 through the item API: stored and shown, a 规章 needs its 成文日期, an unknown type is named. */
class DocumentTypeIntegrationTest extends ApiTestSupport {

    @Test
    void aRegulationNeedsItsSignedOnAndKeepsItsType() {
        Map<String, Object> item = validItem();
        item.put("column", "policies");
        item.put("documentType", "REGULATION");
        assertThat(fields(problem(postJson("/api/v1/items", write(item)), 400))).containsExactly("signedOn");

        item.put("signedOn", "2026-01-05");
        HttpResponse<String> created = postJson("/api/v1/items", write(item));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).path("id").asString();
        assertThat(json(get("/api/v1/items/" + id)).path("documentType").asString()).isEqualTo("REGULATION");

        item.put("documentType", "OTHER");
        item.remove("signedOn");
        HttpResponse<String> edited = putJson("/api/v1/items/" + id, write(item));
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(json(edited).path("documentType").asString()).isEqualTo("OTHER");
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheField() {
        Map<String, Object> item = validItem();
        item.put("documentType", "LAW");
        assertThat(problem(postJson("/api/v1/items", write(item)), 400).toString()).contains("documentType");
    }
}
