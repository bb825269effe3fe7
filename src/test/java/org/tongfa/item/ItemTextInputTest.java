package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Characters no reader can be shown, refused in every text field of an item with a 4xx that names the
 * field, so they never reach a feed (where XML cannot carry them) or a page: C0 and C1 control
 * characters (tab and line breaks only where a text has lines: summary, body, reasons), unpaired
 * surrogates and noncharacters. Fields with a pattern of their own refuse them with 400; every other
 * field with 422. Nothing is stored.
 */
class ItemTextInputTest extends ApiTestSupport {

    /** Sends every character outside ASCII as a JSON escape, so an unpaired surrogate travels as it is. */
    static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    static final Map<String, String> BAD = new LinkedHashMap<>();

    static {
        BAD.put("U+0001", "\u0001");
        BAD.put("U+000B (vertical tab, as Word pastes it)", "\u000b");
        BAD.put("U+001B", "\u001b");
        BAD.put("U+007F", "\u007f");
        BAD.put("U+0085 (C1)", "\u0085");
        BAD.put("U+009F (C1)", "\u009f");
        BAD.put("unpaired high surrogate", "\ud800");
        BAD.put("unpaired low surrogate", "\udc00");
        BAD.put("U+FFFE", "\ufffe");
        BAD.put("U+FFFF", "\uffff");
        BAD.put("U+FDD0", "\ufdd0");
        BAD.put("U+1FFFF", "\ud83f\udfff");
        BAD.put("U+0000", "\u0000");
    }

    /**
     * One text field of the request.
     *
     * @param path the field as errors[].field names it
     * @param status what refusing it answers: 400 where the field has a pattern of its own, else 422
     * @param put how to put a value into a valid request
     */
    record Field(String path, int status, BiConsumer<Map<String, Object>, String> put) {
        @Override
        public String toString() {
            return path;
        }
    }

    static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("title", 422, (i, v) -> i.put("title", "标题" + v + "后")));
        fields.add(new Field("summary", 422, (i, v) -> i.put("summary", "摘要" + v + "后")));
        fields.add(new Field("body", 422, (i, v) -> i.put("body", "<p>正文" + v + "后</p>")));
        fields.add(new Field("author", 422, (i, v) -> i.put("author", "王" + v + "五")));
        fields.add(new Field("department", 422, (i, v) -> i.put("department", "应急" + v + "管理厅")));
        fields.add(new Field("column", 422, (i, v) -> i.put("column", "notices" + v)));
        fields.add(new Field("indexNumber", 400, (i, v) -> i.put("indexNumber", "11440000" + v + "-2026")));
        fields.add(new Field("documentNumber", 422, (i, v) -> i.put("documentNumber", "粤应急" + v + "〔2026〕7号")));
        fields.add(new Field("coverAssetId", 400, (i, v) -> i.put("coverAssetId", "0".repeat(35) + v)));
        fields.add(new Field("tags[1]", 422, (i, v) -> i.put("tags", List.of("防汛", "应" + v + "急"))));
        fields.add(new Field("overrides.archive.title", 422,
                (i, v) -> i.put("overrides", Map.of("archive", Map.of("title", "存档" + v)))));
        fields.add(new Field("overrides.archive.summary", 422,
                (i, v) -> i.put("overrides", Map.of("archive", Map.of("summary", "存档" + v)))));
        fields.add(new Field("overrides", 422, (i, v) -> i.put("overrides", Map.of("arch" + v, Map.of("title", "x")))));
        fields.add(new Field("disclosure.reason", 422,
                (i, v) -> i.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "依据" + v))));
        fields.add(new Field("related[0].itemId", 400,
                (i, v) -> i.put("related", List.of(Map.of("itemId", "0".repeat(35) + v, "relation", "RELATED")))));
        fields.add(new Field("channels[0]", 422, (i, v) -> i.put("channels", List.of("archive" + v))));
        return fields;
    }

    record Case(Field field, String what, String value) {
        @Override
        public String toString() {
            return field.path() + " with " + what;
        }
    }

    /** Every character in the title; in every other field two of them, in turn, so each field meets each kind. */
    static Stream<Case> cases() {
        List<Map.Entry<String, String>> bad = List.copyOf(BAD.entrySet());
        List<Field> fields = fields();
        List<Case> cases = new ArrayList<>();
        bad.forEach(b -> cases.add(new Case(fields.get(0), b.getKey(), b.getValue())));
        for (int f = 1; f < fields.size(); f++) {
            for (int k = 0; k < 2; k++) {
                Map.Entry<String, String> b = bad.get((f * 2 + k) % bad.size());
                cases.add(new Case(fields.get(f), b.getKey(), b.getValue()));
            }
        }
        return cases.stream();
    }

    private HttpResponse<String> create(Map<String, Object> item) {
        return postJson("/api/v1/items", ESCAPING.writeValueAsString(item));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesTheCharacterNamingTheFieldAndStoresNothing(Case bad) {
        long before = itemTotal();
        Map<String, Object> item = validItem();
        bad.field().put().accept(item, bad.value());

        HttpResponse<String> response = create(item);

        JsonNode problem = problem(response, bad.field().status());
        assertThat(fields(problem)).as(response.body()).contains(bad.field().path());
        assertThat(itemTotal()).isEqualTo(before);
    }

    @Test
    void anEditWithAControlCharacterIsRefusedAndTheItemKeepsItsVersion() {
        String id = createItem(validItem());
        Map<String, Object> item = validItem();
        item.put("title", "从Word粘贴的\u000b标题");

        HttpResponse<String> response = putJson("/api/v1/items/" + id, ESCAPING.writeValueAsString(item));

        JsonNode problem = problem(response, 422);
        assertThat(fields(problem)).containsExactly("title");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("U+000B");
        assertThat(json(get("/api/v1/items/" + id)).path("version").asInt()).isEqualTo(1);
    }

    @Test
    void everyBadFieldOfOneRequestIsNamed() {
        Map<String, Object> item = validItem();
        item.put("title", "a\u0001");
        item.put("author", "b\u0002");
        item.put("tags", List.of("c\u0003"));

        JsonNode problem = problem(create(item), 422);

        assertThat(fields(problem)).containsExactlyInAnyOrder("title", "author", "tags[0]");
    }

    @Test
    void aOneLineFieldRefusesTabsAndLineBreaks() {
        for (String breaking : List.of("\t", "\n", "\r", "\u2028", "\u2029")) {
            Map<String, Object> item = validItem();
            item.put("title", "第一行" + breaking + "第二行");
            assertThat(fields(problem(create(item), 422))).containsExactly("title");
        }
    }

    @Test
    void textWithLinesKeepsTabsAndLineBreaks() {
        Map<String, Object> item = validItem();
        item.put("summary", "第一段\r\n第二段\t缩进");
        item.put("body", "<p>第一段</p>\n<p>第二段</p>");
        item.put("disclosure", Map.of("type", "NOT_PUBLIC", "reason", "第一条\n第二条"));
        item.put("channels", List.of("internal"));

        HttpResponse<String> response = create(item);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response).path("summary").asString()).isEqualTo("第一段\r\n第二段\t缩进");
    }

    @Test
    void aControlCharacterWrittenAsACharacterReferenceInTheBodyIsRefusedToo() {
        Map<String, Object> item = validItem();
        item.put("body", "<p>正文&#x85;后</p>");

        JsonNode problem = problem(create(item), 422);

        assertThat(fields(problem)).containsExactly("body");
    }

    @Test
    void emojiBidiMarksAndZeroWidthCharactersAreOrdinaryText() {
        Map<String, Object> item = validItem();
        String title = "通知😀👨\u200d👩\u200d👧𠀀\u202eRTL\u202c\u200b\ufeff";
        item.put("title", title);

        HttpResponse<String> response = create(item);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(json(response).path("title").asString()).isEqualTo(title);
    }
}
