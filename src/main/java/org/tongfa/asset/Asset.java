package org.tongfa.asset;

import java.time.Instant;

/**
 * A stored image (an item's cover or an image inside its body).
 *
 * @param id the asset id
 * @param sha256 hex digest of the bytes; identical uploads share one asset
 * @param contentType {@code image/png}, {@code image/jpeg} or {@code image/gif}
 * @param size bytes
 * @param width pixels
 * @param height pixels
 * @param filename the uploaded file name, if any
 * @param createdAt when it was uploaded
 */
public record Asset(String id, String sha256, String contentType, long size, int width, int height, String filename,
        Instant createdAt) {

    /** The path the service serves it at, relative to the public base URL. */
    public String path() {
        return "/assets/" + id;
    }
}
