package org.tongfa.asset;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartFile;
import org.tongfa.config.TongfaProperties;
import org.tongfa.web.ApiException;
import org.tongfa.web.FieldProblem;

/** Uploading images ({@code POST /api/v1/assets}) and serving them to readers ({@code GET /assets/{id}}). */
@RestController
class AssetController {

    private final AssetStore store;
    private final TongfaProperties properties;

    AssetController(AssetStore store, TongfaProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * The JSON answer to an upload.
     *
     * @param id the asset id to reference from an item ({@code coverAssetId}, or {@code <img src="/assets/{id}">})
     * @param url its absolute public URL
     */
    record AssetView(String id, String url, String contentType, long size, int width, int height, String sha256) {
    }

    @Operation(summary = "Upload an image (PNG, JPEG or GIF) as multipart/form-data part 'file'")
    @PostMapping(path = "/api/v1/assets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AssetView> upload(@RequestParam("file") MultipartFile file, HttpServletRequest request)
            throws IOException {
        if (file.isEmpty()) {
            throw ApiException.invalid("file", "is empty");
        }
        if (file.getSize() > properties.assets().maxSize().toBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
                    "file: larger than " + properties.assets().maxSize() + " (tongfa.assets.max-size)", java.util.List.of());
        }
        Asset asset;
        try {
            String actor = request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName();
            asset = store.store(file.getBytes(), file.getOriginalFilename(), actor);
        } catch (ImageInspector.TooLargeException bomb) {
            // Readable, but decoding it would take more memory than any channel may spend on one image.
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Image too large to decode",
                    "file: " + bomb.getMessage(), java.util.List.of(new FieldProblem("file", bomb.getMessage())));
        } catch (IllegalArgumentException notAnImage) {
            throw ApiException.invalid("file", notAnImage.getMessage());
        }
        URI url = properties.publicBaseUrl().resolve(asset.path());
        return ResponseEntity.created(url).body(new AssetView(asset.id(), url.toString(), asset.contentType(),
                asset.size(), asset.width(), asset.height(), asset.sha256()));
    }

    @Operation(summary = "An uploaded image, for readers and channels")
    @GetMapping("/assets/{id}")
    ResponseEntity<byte[]> serve(@PathVariable String id, WebRequest request) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ApiException.notFound("no asset " + id);
        }
        Asset asset = store.find(id).orElseThrow(() -> ApiException.notFound("no asset " + id));
        // Content never changes under an id, so readers and proxies may keep it.
        CacheControl cache = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
        String etag = "\"" + asset.sha256() + "\"";
        if (request.checkNotModified(etag)) {
            // Answered from the metadata: a revalidation never loads the image's bytes.
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(cache).eTag(etag).build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.contentType()))
                .cacheControl(cache)
                .eTag(etag)
                .header("X-Content-Type-Options", "nosniff")
                .body(store.read(id));
    }
}
