package org.tongfa.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.support.ImageBombs;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/** Uploading images and serving them, and an item that shows them reaching the drop folder. */
class AssetApiIntegrationTest extends ApiTestSupport {

    @Test
    void uploadingARealPngAnswers201WithItsIdUrlTypeAndSize() {
        byte[] png = png(32, 24, 1);

        HttpResponse<String> response = upload("file", "防汛.png", "image/png", png);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode asset = json(response);
        String id = asset.path("id").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(asset.path("url").asString()).isEqualTo("http://localhost:8080/assets/" + id);
        assertThat(asset.path("contentType").asString()).isEqualTo("image/png");
        assertThat(asset.path("width").asInt()).isEqualTo(32);
        assertThat(asset.path("height").asInt()).isEqualTo(24);
        assertThat(asset.path("size").asLong()).isEqualTo(png.length);
        assertThat(response.headers().firstValue("Location")).hasValue("http://localhost:8080/assets/" + id);
    }

    @Test
    void theSameBytesAgainAreTheSameAsset() {
        byte[] png = png(8, 8, 2);

        String first = uploadPng(png);
        HttpResponse<String> again = upload("file", "another-name.png", "application/octet-stream", png);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(again).path("id").asString()).isEqualTo(first);
        assertThat(uploadPng(png(8, 8, 3))).isNotEqualTo(first);
    }

    @Test
    void anAssetIsServedWithoutATokenWithTypeEtagAndImmutableCaching() throws Exception {
        byte[] png = png(10, 10, 4);
        String id = uploadPng(png);

        HttpResponse<byte[]> response = sendForBytes(HttpRequest.newBuilder(uri("/assets/" + id)).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(png);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(cache -> assertThat(cache)
                .contains("max-age=31536000").contains("public").contains("immutable"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        HttpResponse<byte[]> cached = sendForBytes(HttpRequest.newBuilder(uri("/assets/" + id))
                .header("If-None-Match", "\"" + sha + "\"").GET().build());
        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
    }

    @Test
    void anUnknownAssetIs404() {
        problem(send(HttpRequest.newBuilder(uri("/assets/00000000-0000-4000-8000-000000000000")).GET().build()), 404);
        problem(send(HttpRequest.newBuilder(uri("/assets/not-an-asset-id")).GET().build()), 404);
    }

    @Test
    void aTextFileNamedPngIsRefusedNamingFile() {
        byte[] text = "this is not a picture, whatever its name says".getBytes(StandardCharsets.UTF_8);

        JsonNode problem = problem(upload("file", "photo.png", "image/png", text), 400);

        assertThat(fields(problem)).containsExactly("file");
    }

    @Test
    void aPngTruncatedInsideItsHeaderIsRefused() {
        byte[] truncated = Arrays.copyOf(png(16, 16, 5), 20);

        assertThat(fields(problem(upload("file", "cut.png", "image/png", truncated), 400))).containsExactly("file");
    }

    @Test
    void aPngTruncatedInsideItsImageDataIsRefused() {
        byte[] png = png(64, 64, 6);
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThat(fields(problem(upload("file", "cut.png", "image/png", truncated), 400))).containsExactly("file");
    }

    @Test
    void refusesAPngThatWouldDecodeToMoreThanTheLimitWith422NamingFile() {
        // 10000 x 10000 RGBA at 16 bits: 800 MB once decoded, a few hundred bytes on the wire.
        byte[] bomb = ImageBombs.png(10_000, 10_000, 16, ImageBombs.RGBA, 1, 0);
        assertThat(bomb.length).isLessThan(1000);

        JsonNode problem = problem(upload("file", "bomb.png", "image/png", bomb), 422);

        assertThat(fields(problem)).containsExactly("file");
        assertThat(problem.path("errors").get(0).path("message").asString())
                .contains("10000x10000").contains("800").contains("tongfa.assets.max-decoded-bytes");
    }

    @Test
    void refusesAJpegAndAGifThatWouldDecodeToMoreThanTheLimit() {
        JsonNode jpeg = problem(upload("file", "bomb.jpg", "image/jpeg", ImageBombs.jpegDeclaring(12_000, 12_000)), 422);
        JsonNode gif = problem(upload("file", "bomb.gif", "image/gif", ImageBombs.gifDeclaring(16_000, 16_000)), 422);

        assertThat(fields(jpeg)).containsExactly("file");
        assertThat(fields(gif)).containsExactly("file");
    }

    @Test
    void refusesAnImageWiderThanTheMaximumDimensionEvenWhenItIsSmallDecoded() {
        // 20000 x 2 grey pixels: 40 KB decoded, but no reader expects a picture that wide.
        JsonNode problem = problem(upload("file", "strip.png", "image/png", ImageBombs.png(20_000, 2, 8, 0, 2, 0)), 422);

        assertThat(fields(problem)).containsExactly("file");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("tongfa.assets.max-dimension");
    }

    @Test
    void acceptsALargeButReasonablePhotoSizedImage() {
        // 6000 x 4000 RGB (a 24-megapixel camera photo): 72 MB decoded, under the default limit.
        HttpResponse<String> response = upload("file", "camera.png", "image/png", ImageBombs.png(6000, 4000, 8, 2, 1, 0));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThat(fields(problem(upload("file", "empty.png", "image/png", new byte[0]), 400))).containsExactly("file");
    }

    @Test
    void anUploadWithoutAFilePartIsRefused() {
        JsonNode problem = problem(upload("image", "photo.png", "image/png", png(4, 4, 7)), 400);

        assertThat(fields(problem)).containsExactly("file");
    }

    @Test
    void anUploadOverTheLimitIs413() {
        byte[] big = new byte[100 * 1024];
        byte[] png = png(4, 4, 8);
        System.arraycopy(png, 0, big, 0, png.length);

        JsonNode problem = problem(upload("file", "big.png", "image/png", big), 413);

        assertThat(fields(problem)).containsExactly("file");
    }

    @Test
    void jsonInsteadOfMultipartIsRefusedAsProblemJson() {
        HttpResponse<String> response = postJson("/api/v1/assets", "{\"file\":\"iVBORw0KGgo=\"}");

        assertThat(response.statusCode()).isIn(400, 415);
        problem(response, response.statusCode());
    }

    @Test
    void uploadingNeedsAToken() {
        String boundary = "b-1";
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/assets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, "file", "x.png", "image/png",
                        png(4, 4, 9)))).build());

        problem(response, 401);
    }

    @Test
    void anItemCarriesItsCoverAndInlineImageIntoTheFolderPackage() throws Exception {
        byte[] coverBytes = png(40, 30, 10);
        byte[] inlineBytes = png(20, 20, 11);
        String cover = uploadPng(coverBytes);
        String inline = uploadPng(inlineBytes);
        Map<String, Object> request = validItem();
        request.put("coverAssetId", cover);
        request.put("body", "<p>现场</p><p><img src=\"/assets/" + inline + "\" alt=\"堤坝巡查现场\"></p>");
        String id = createItem(request);
        JsonNode item = json(get("/api/v1/items/" + id));
        assertThat(item.path("coverAssetId").asString()).isEqualTo(cover);
        assertThat(item.path("body").asString()).contains("/assets/" + inline);

        HttpResponse<String> published = post("/api/v1/items/" + id + "/publish");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
        awaitDelivered(id, "archive", 1, "PUBLISH");

        Path packageDir = ARCHIVE.resolve(id + "-v1");
        assertThat(Files.readAllBytes(packageDir.resolve("assets").resolve(cover + ".png"))).isEqualTo(coverBytes);
        assertThat(Files.readAllBytes(packageDir.resolve("assets").resolve(inline + ".png"))).isEqualTo(inlineBytes);
        JsonNode document = JSON.readTree(Files.readString(packageDir.resolve("item.json")));
        assertThat(document.path("assetFiles").path(cover).asString()).isEqualTo("assets/" + cover + ".png");
        assertThat(document.path("assetFiles").path(inline).asString()).isEqualTo("assets/" + inline + ".png");
        JsonNode snapshot = document.path("item");
        assertThat(snapshot.path("cover").path("id").asString()).isEqualTo(cover);
        assertThat(snapshot.path("images").get(0).path("id").asString()).isEqualTo(inline);
        assertThat(snapshot.path("images").get(0).path("alt").asString()).isEqualTo("堤坝巡查现场");
        assertThat(snapshot.path("bodyHtml").asString()).contains("http://localhost:8080/assets/" + inline);
    }
}
