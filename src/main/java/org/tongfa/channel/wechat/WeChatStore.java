package org.tongfa.channel.wechat;

import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The WeChat channel's durable state, shared by every node: uploaded media by content hash, API calls
 * counted against daily quotas, publication results received on the callback, and the callbacks
 * accepted recently (against replays).
 */
final class WeChatStore {

    /** A file already on WeChat's side. */
    record Media(String mediaId, String url) {
    }

    /** The outcome of a publication job as WeChat reported it ({@code PUBLISHJOBFINISH}). */
    record PublishResult(int status, String articleId, String articleUrl, String failIdx) {
    }

    private final JdbcClient jdbc;

    WeChatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Media> media(String appId, String kind, String sha256) {
        return jdbc.sql("SELECT media_id, url FROM wechat_media WHERE app_id = :app AND kind = :kind AND sha256 = :sha")
                .param("app", appId).param("kind", kind).param("sha", sha256)
                .query((rs, n) -> new Media(rs.getString("media_id"), rs.getString("url"))).optional();
    }

    void saveMedia(String appId, String kind, String sha256, Media media, Instant now) {
        try {
            jdbc.sql("INSERT INTO wechat_media (app_id, kind, sha256, media_id, url, created_at) "
                            + "VALUES (:app, :kind, :sha, :media, :url, :now)")
                    .param("app", appId).param("kind", kind).param("sha", sha256)
                    .param("media", media.mediaId()).param("url", media.url()).param("now", ts(now))
                    .update();
        } catch (DuplicateKeyException raced) {
            // Another node uploaded the same file at the same time; either copy serves.
        }
    }

    /** Counts one call of {@code api} on {@code day}; false (and nothing counted) when {@code limit} is spent. */
    boolean takeCall(String appId, String api, LocalDate day, int limit) {
        for (int tries = 0; tries < 2; tries++) {
            int taken = jdbc.sql("UPDATE wechat_api_calls SET calls = calls + 1 "
                            + "WHERE app_id = :app AND api = :api AND call_day = :day AND calls < :limit")
                    .param("app", appId).param("api", api).param("day", day).param("limit", limit).update();
            if (taken == 1) {
                return true;
            }
            boolean exists = jdbc.sql("SELECT COUNT(*) FROM wechat_api_calls WHERE app_id = :app AND api = :api AND call_day = :day")
                    .param("app", appId).param("api", api).param("day", day).query(Long.class).single() > 0;
            if (exists) {
                return false;
            }
            try {
                jdbc.sql("INSERT INTO wechat_api_calls (app_id, api, call_day, calls) VALUES (:app, :api, :day, 1)")
                        .param("app", appId).param("api", api).param("day", day).update();
                return limit > 0;
            } catch (DuplicateKeyException raced) {
                // another node counted the first call of the day: count ours on that row
            }
        }
        return false;
    }

    /** How many calls of {@code api} {@link #takeCall} counted on {@code day}. */
    int calls(String appId, String api, LocalDate day) {
        return jdbc.sql("SELECT calls FROM wechat_api_calls WHERE app_id = :app AND api = :api AND call_day = :day")
                .param("app", appId).param("api", api).param("day", day).query(Integer.class).optional().orElse(0);
    }

    /** Gives back one call counted by {@link #takeCall} (WeChat refused it without acting). */
    void releaseCall(String appId, String api, LocalDate day) {
        jdbc.sql("UPDATE wechat_api_calls SET calls = calls - 1 WHERE app_id = :app AND api = :api AND call_day = :day AND calls > 0")
                .param("app", appId).param("api", api).param("day", day).update();
    }

    /** A push to followers (群发) of one item. */
    record MassSend(long deliveryId, WeChatMassSend.State status, String msgId, String note) {
    }

    /**
     * Claims the push of {@code itemId} for {@code deliveryId}; false when the item was claimed
     * before (by this or another delivery), so that no item is pushed twice.
     */
    boolean claimMassSend(String appId, String itemId, long deliveryId, String mediaId, Instant now) {
        try {
            jdbc.sql("INSERT INTO wechat_mass_send (app_id, item_id, delivery_id, media_id, status, created_at, updated_at) "
                            + "VALUES (:app, :item, :delivery, :media, :status, :now, :now)")
                    .param("app", appId).param("item", itemId).param("delivery", deliveryId).param("media", mediaId)
                    .param("status", WeChatMassSend.State.PENDING.name())
                    .param("now", ts(now))
                    .update();
            return true;
        } catch (DuplicateKeyException claimed) {
            return false;
        }
    }

    /** Records how the claimed push of {@code itemId} ended; {@code status} is never {@code ALREADY}. */
    void finishMassSend(String appId, String itemId, WeChatMassSend.State status, String msgId, String note, Instant now) {
        jdbc.sql("UPDATE wechat_mass_send SET status = :status, msg_id = :msg, note = :note, updated_at = :now "
                        + "WHERE app_id = :app AND item_id = :item")
                .param("status", status.name()).param("msg", msgId)
                .param("note", note == null || note.length() <= 1000 ? note : note.substring(0, 1000))
                .param("now", ts(now)).param("app", appId).param("item", itemId)
                .update();
    }

    Optional<MassSend> massSend(String appId, String itemId) {
        return jdbc.sql("SELECT delivery_id, status, msg_id, note FROM wechat_mass_send WHERE app_id = :app AND item_id = :item")
                .param("app", appId).param("item", itemId)
                .query((rs, n) -> new MassSend(rs.getLong("delivery_id"), WeChatMassSend.State.valueOf(rs.getString("status")), rs.getString("msg_id"),
                        rs.getString("note")))
                .optional();
    }

    void savePublishResult(String appId, String publishId, PublishResult result, Instant now) {
        int updated = jdbc.sql("UPDATE wechat_publish_result SET publish_status = :status, article_id = :article, "
                        + "article_url = :url, fail_idx = :fail, received_at = :now WHERE app_id = :app AND publish_id = :publish")
                .param("status", result.status()).param("article", result.articleId()).param("url", result.articleUrl())
                .param("fail", result.failIdx()).param("now", ts(now)).param("app", appId).param("publish", publishId)
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO wechat_publish_result (app_id, publish_id, publish_status, article_id, article_url, "
                                + "fail_idx, received_at) VALUES (:app, :publish, :status, :article, :url, :fail, :now)")
                        .param("status", result.status()).param("article", result.articleId())
                        .param("url", result.articleUrl()).param("fail", result.failIdx()).param("now", ts(now))
                        .param("app", appId).param("publish", publishId)
                        .update();
            } catch (DuplicateKeyException raced) {
                // WeChat delivered the same event twice at once; the first copy is as good
            }
        }
    }

    Optional<PublishResult> publishResult(String appId, String publishId) {
        return jdbc.sql("SELECT publish_status, article_id, article_url, fail_idx FROM wechat_publish_result "
                        + "WHERE app_id = :app AND publish_id = :publish")
                .param("app", appId).param("publish", publishId)
                .query((rs, n) -> new PublishResult(rs.getInt("publish_status"), rs.getString("article_id"),
                        rs.getString("article_url"), rs.getString("fail_idx")))
                .optional();
    }

    /** A publication job submitted for an item. */
    record PublishJob(String publishId, int itemVersion, long deliveryId) {
    }

    void saveJob(String appId, String publishId, String itemId, int version, long deliveryId, Instant now) {
        try {
            jdbc.sql("INSERT INTO wechat_publish_job (app_id, publish_id, item_id, item_version, delivery_id, submitted_at) "
                            + "VALUES (:app, :publish, :item, :version, :delivery, :now)")
                    .param("app", appId).param("publish", publishId).param("item", itemId).param("version", version)
                    .param("delivery", deliveryId).param("now", ts(now))
                    .update();
        } catch (DuplicateKeyException again) {
            // saved by an earlier attempt of the same delivery
        }
    }

    /** Whether one of our deliveries submitted that job (events for articles published by hand are not). */
    boolean hasJob(String appId, String publishId) {
        return jdbc.sql("SELECT COUNT(*) FROM wechat_publish_job WHERE app_id = :app AND publish_id = :publish")
                .param("app", appId).param("publish", publishId).query(Long.class).single() > 0;
    }

    /** The latest job submitted for the item by a delivery other than {@code deliveryId}. */
    Optional<PublishJob> latestJob(String appId, String itemId, long deliveryId) {
        return jdbc.sql("SELECT publish_id, item_version, delivery_id FROM wechat_publish_job "
                        + "WHERE app_id = :app AND item_id = :item AND delivery_id <> :delivery "
                        + "ORDER BY submitted_at DESC, delivery_id DESC")
                .param("app", appId).param("item", itemId).param("delivery", deliveryId)
                .query((rs, n) -> new PublishJob(rs.getString("publish_id"), rs.getInt("item_version"),
                        rs.getLong("delivery_id")))
                .list().stream().findFirst();
    }

    /**
     * Remembers an accepted callback; {@code false} when the same one (account, nonce, timestamp and
     * signature) was accepted before, by this node or another: a replay. Callbacks whose timestamp is
     * older than {@code forgetBefore} are forgotten first: they can no longer pass the freshness check.
     */
    boolean rememberCallback(String appId, String nonce, long timestamp, String signature, Instant now,
            Instant forgetBefore) {
        jdbc.sql("DELETE FROM wechat_callback_nonce WHERE callback_ts < :cutoff")
                .param("cutoff", forgetBefore.getEpochSecond()).update();
        try {
            jdbc.sql("INSERT INTO wechat_callback_nonce (app_id, nonce, callback_ts, signature, received_at) "
                            + "VALUES (:app, :nonce, :ts, :signature, :now)")
                    .param("app", appId).param("nonce", nonce).param("ts", timestamp).param("signature", signature)
                    .param("now", ts(now))
                    .update();
            return true;
        } catch (DuplicateKeyException replayed) {
            return false;
        }
    }
}
