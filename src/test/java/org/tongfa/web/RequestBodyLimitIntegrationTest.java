package org.tongfa.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every request body on every path is bounded: multipart only where an upload is meant
 * ({@code POST /api/v1/assets}), refused elsewhere before a byte of it is read; everything else held to
 * {@code tongfa.api.max-body-size} (256 KB here), on public paths as on the API.
 */
class RequestBodyLimitIntegrationTest extends ApiTestSupport {

    static final List<String> PUBLIC_POSTS = List.of("/wechat/gzh/callback", "/display/screens/lobby/heartbeat",
            "/site/index.html", "/feeds/all.rss", "/assets/00000000-0000-4000-8000-000000000000");

    /** The head of a chunked multipart POST; the body that follows is only ever partly sent. */
    static String chunkedMultipart(String path, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders
                + "Content-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    /** The first chunk of a multipart body that claims to go on and on. */
    static byte[] firstChunk() {
        String part = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(4000);
        byte[] bytes = part.getBytes(StandardCharsets.ISO_8859_1);
        return (Integer.toHexString(bytes.length) + "\r\n" + part + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static JsonNode problemIn(String answer, int status) {
        assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status);
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        // A chunked answer: the JSON is the one chunk.
        return JSON.readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
    }

    @Test
    void aMultipartBodyToAPublicPathIsRefusedBeforeTheRestOfItIsSent() {
        for (String path : PUBLIC_POSTS) {
            // Only the first chunk is sent: an answer proves nothing waited for (or buffered) the whole body.
            String answer = raw(chunkedMultipart(path, ""), firstChunk());

            JsonNode problem = problemIn(answer, 415);
            assertThat(problem.path("detail").asString()).as(path).contains("/api/v1/assets");
        }
    }

    @Test
    void aHugeDeclaredMultipartBodyIsRefusedUnreadAnywhereButTheUploadPath() {
        String answer = raw("POST /wechat/gzh/callback HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 500000000\r\n\r\n", new byte[0]);

        problemIn(answer, 415);
    }

    @Test
    void aMultipartBodyOnAnApiPathThatTakesNoUploadIsRefusedToo() {
        String answer = raw(chunkedMultipart("/api/v1/items", "Authorization: Bearer " + TOKEN + "\r\n"), firstChunk());

        problemIn(answer, 415);
    }

    @Test
    void anUploadDeclaredLargerThanTheUploadLimitIs413BeforeReading() {
        String answer = raw("POST /api/v1/assets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 500000000\r\n\r\n", new byte[0]);

        JsonNode problem = problemIn(answer, 413);
        assertThat(fields(problem)).containsExactly("file");
    }

    @Test
    void theConsoleImageUploadIsHeldToTheSameUploadLimit() {
        String answer = raw("POST /console/items/images HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 500000000\r\n\r\n", new byte[0]);

        JsonNode problem = problemIn(answer, 413);
        assertThat(fields(problem)).containsExactly("file");
    }

    @Test
    void aMultipartBodyUnderTheLimitPassesToTheConsoleImageUploadOnly() {
        byte[] body = ("--xyz\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\n图\r\n--xyz--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String head = "Host: localhost\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        String upload = raw("POST /console/items/images HTTP/1.1\r\n" + head, body);
        String autosave = raw("POST /console/items/new/autosave HTTP/1.1\r\n" + head, body);

        // Past the body limit the console's own security answers (no session here), not the 415 of other paths.
        assertThat(upload).as(upload).doesNotStartWith("HTTP/1.1 415").doesNotStartWith("HTTP/1.1 413");
        assertThat(problemIn(autosave, 415).path("detail").asString()).contains("/console/items/images");
    }

    @Test
    void aChunkedBodyToThePublicCallbackIsCutOffAtTheJsonLimit() {
        String xml = "<xml>" + "x".repeat(300 * 1024) + "</xml>";
        byte[] body = (Integer.toHexString(xml.length()) + "\r\n" + xml + "\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        String answer = raw("POST /wechat/gzh/callback?signature=x&timestamp=1&nonce=n HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: text/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", body);

        problemIn(answer, 413);
    }
}
