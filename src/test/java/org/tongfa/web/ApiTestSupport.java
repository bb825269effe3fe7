package org.tongfa.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.tongfa.support.TestColumns;

/**
 * The one Spring context every API test shares (same properties, same dynamic property source, so the
 * test context cache starts it once): its own in-memory H2 database, its own drop folders, a fixed API
 * token and small body and upload limits. Tests talk to it over loopback HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestColumns.UNREVIEWED,
        "tongfa.api.tokens.editor=" + ApiTestSupport.TOKEN,
        // One configured token per role, for the role matrix and the admin API's tests (roleToken).
        "tongfa.api.tokens.as-drafter=drafter-token", "tongfa.api.token-roles.as-drafter=DRAFTER",
        "tongfa.api.tokens.as-reviewer=reviewer-token", "tongfa.api.token-roles.as-reviewer=REVIEWER",
        "tongfa.api.tokens.as-confidentiality=confidentiality-token",
        "tongfa.api.token-roles.as-confidentiality=CONFIDENTIALITY",
        "tongfa.api.tokens.as-signer=signer-token", "tongfa.api.token-roles.as-signer=SIGNER",
        "tongfa.api.tokens.as-operator=operator-token", "tongfa.api.token-roles.as-operator=OPERATOR",
        "tongfa.api.tokens.as-admin=admin-token", "tongfa.api.token-roles.as-admin=ADMIN",
        "tongfa.node-id=test-node",
        "tongfa.public-base-url=http://localhost:8080",
        "tongfa.api.max-body-size=256KB",
        "tongfa.assets.max-size=64KB",
        "spring.servlet.multipart.max-file-size=64KB",
        "spring.servlet.multipart.max-request-size=128KB",
        "tongfa.channels.internal.type=folder",
        "tongfa.channels.internal.public=false",
        "tongfa.delivery.poll-interval=200ms",
        "tongfa.sanitizer.iframe-hosts=player.example.gov.cn",
})
public abstract class ApiTestSupport {

    public static final String TOKEN = "test-token";

    /** The configured token that holds {@code role} (its name in lower case) alone, on every column. */
    public static String roleToken(String role) {
        return role.toLowerCase(java.util.Locale.ROOT) + "-token";
    }
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ROOT = createRoot();
    public static final Path ARCHIVE = ROOT.resolve("archive");
    public static final Path INTERNAL = ROOT.resolve("internal");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:mem:api-tests-" + ROOT.getFileName() + ";DB_CLOSE_DELAY=-1");
        registry.add("tongfa.data-directory", () -> ROOT.resolve("data").toString());
        registry.add("tongfa.channels.archive.directory", ARCHIVE::toString);
        registry.add("tongfa.channels.internal.directory", INTERNAL::toString);
    }

    private static Path createRoot() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "api-tests-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    protected HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Retracts item {@code id}, giving the reason a retraction needs. */
    protected HttpResponse<String> retract(String id) {
        return postJson("/api/v1/items/" + id + "/retract", "{\"reason\":\"测试撤回\"}");
    }

    protected HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** Asserts the status and that the answer is problem+json; returns the problem. */
    public static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** The fields a problem names in {@code errors[].field}. */
    public static List<String> fields(JsonNode problem) {
        return problem.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }

    // ---- items ----------------------------------------------------------------------------------

    /** A valid create request; tests change what they need. */
    public static Map<String, Object> validItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", "关于做好春季防汛工作的通知");
        item.put("summary", "各地要做好防汛准备。");
        item.put("body", "<h2>一、总体要求</h2><p>各地要<strong>高度重视</strong>防汛工作。</p>");
        item.put("author", "王五");
        item.put("department", "应急管理厅");
        item.put("column", "notices");
        item.put("disclosure", new LinkedHashMap<>(Map.of("type", "PROACTIVE")));
        item.put("indexNumber", "11440000-2026-00042");
        item.put("documentNumber", "粤应急〔2026〕7号");
        item.put("tags", List.of("防汛", "应急"));
        return item;
    }

    protected String createItem(Map<String, Object> item) {
        HttpResponse<String> response = postJson("/api/v1/items", write(item));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asString();
    }

    /** Creates the item and publishes it now; its deliveries may still be under way. */
    protected String createPublished(Map<String, Object> item) {
        String id = createItem(item);
        HttpResponse<String> published = post("/api/v1/items/" + id + "/publish");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        return id;
    }

    protected long itemTotal() {
        HttpResponse<String> response = get("/api/v1/items?size=1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).path("total").asLong();
    }

    /** Waits until the item's delivery of {@code version}/{@code action} on {@code channel} is DELIVERED. */
    protected JsonNode awaitDelivered(String itemId, String channel, int version, String action) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/v1/items/" + itemId + "/deliveries");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode match = json(response).valueStream()
                    .filter(d -> d.path("channel").asString().equals(channel)
                            && d.path("itemVersion").asInt() == version
                            && d.path("action").asString().equals(action))
                    .findFirst().orElse(null);
            assertThat(match).as("delivery %s v%d %s of %s in %s", channel, version, action, itemId,
                    response.body()).isNotNull();
            assertThat(match.path("status").asString()).as(response.body()).isEqualTo("DELIVERED");
            found[0] = match;
        });
        return found[0];
    }

    // ---- assets ---------------------------------------------------------------------------------

    /** A real PNG of the given size; {@code seed} makes its bytes (and so its asset) distinct. */
    public static byte[] png(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, new Color((x * 7 + seed) & 0xff, (y * 13 + seed * 3) & 0xff, seed & 0xff).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A multipart/form-data body with one file part named {@code part}. */
    public static byte[] multipart(String boundary, String part, String filename, String contentType, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    protected HttpResponse<String> upload(String part, String filename, String contentType, byte[] bytes) {
        String boundary = "tongfa-" + UUID.randomUUID();
        return send(request("/api/v1/assets").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, part, filename, contentType, bytes)))
                .build());
    }

    protected String uploadPng(byte[] bytes) {
        HttpResponse<String> response = upload("file", "picture.png", "image/png", bytes);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asString();
    }

    /** Sends raw bytes over a socket (for requests HttpClient will not make) and returns the whole answer. */
    protected String raw(String head, byte[] body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            // Read one response by its framing: the server may keep the connection open (waiting for
            // a body the client never sends), so reading to the end of the stream is not an option.
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            int headerEnd = -1;
            while (headerEnd < 0) {
                int b = in.read();
                if (b < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(b);
                headerEnd = answer.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
            }
            String headers = answer.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            var length = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(headers);
            if (length.find()) {
                answer.writeBytes(in.readNBytes(Integer.parseInt(length.group(1))));
            } else if (headers.contains("transfer-encoding: chunked")) {
                while (!answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    answer.write(b);
                }
            } else {
                answer.writeBytes(in.readAllBytes());
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
