package org.tongfa.asset;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.tongfa.common.Sha256;
import org.tongfa.config.TongfaProperties;
import org.tongfa.delivery.AssetReader;

/**
 * Stores uploaded images in the database (so every node can serve and deliver them), deduplicated by
 * content hash.
 */
@Service
public class AssetStore implements AssetReader {

    private static final String COLUMNS = "id, sha256, content_type, size_bytes, width, height, filename, created_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ImageInspector.Limits limits;

    public AssetStore(JdbcClient jdbc, Clock clock, TongfaProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.limits = new ImageInspector.Limits(properties.assets().maxDecodedBytes().toBytes(),
                properties.assets().maxDimension());
    }

    /**
     * Stores an image, or returns the asset that already holds the same bytes.
     *
     * @throws IllegalArgumentException when the bytes are not an acceptable image; an
     *     {@link ImageInspector.TooLargeException} when it declares more pixels or decoded bytes than
     *     {@code tongfa.assets.max-dimension} and {@code max-decoded-bytes} allow
     */
    public Asset store(byte[] bytes, String filename, String actor) {
        ImageInspector.Inspection image = ImageInspector.inspect(bytes, limits);
        String sha = Sha256.hex(bytes);
        Optional<Asset> existing = bySha(sha);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = UUID.randomUUID().toString();
        String name = filename == null ? null : filename.length() > 255 ? filename.substring(0, 255) : filename;
        try {
            jdbc.sql("INSERT INTO asset (id, sha256, content_type, size_bytes, width, height, filename, data, created_at, "
                            + "created_by) VALUES (:id, :sha, :type, :size, :w, :h, :name, :data, :now, :actor)")
                    .param("id", id).param("sha", sha).param("type", image.contentType()).param("size", bytes.length)
                    .param("w", image.width()).param("h", image.height()).param("name", name).param("data", bytes)
                    .param("now", ts(clock.instant())).param("actor", actor)
                    .update();
        } catch (DuplicateKeyException concurrentSameUpload) {
            return bySha(sha).orElseThrow();
        }
        return find(id).orElseThrow();
    }

    public Optional<Asset> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM asset WHERE id = :id").param("id", id).query(MAPPER).optional();
    }

    /** The assets among {@code ids} that exist. */
    public List<Asset> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM asset WHERE id IN (:ids)").param("ids", ids).query(MAPPER).list();
    }

    private Optional<Asset> bySha(String sha) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM asset WHERE sha256 = :sha").param("sha", sha).query(MAPPER).optional();
    }

    @Override
    public byte[] read(String assetId) {
        return jdbc.sql("SELECT data FROM asset WHERE id = :id").param("id", assetId)
                .query((rs, n) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> new IllegalArgumentException("no asset " + assetId));
    }

    private static final RowMapper<Asset> MAPPER = (rs, n) -> new Asset(
            rs.getString("id"), rs.getString("sha256").strip(), rs.getString("content_type"), rs.getLong("size_bytes"),
            rs.getInt("width"), rs.getInt("height"), rs.getString("filename"),
            instant(rs, "created_at"));
}
