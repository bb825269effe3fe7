package org.tongfa.channel.wechat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import me.chanjar.weixin.mp.api.WxMpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.channel.wechat.WeChatChannelProperties.UpdatePolicy;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ContentLimits;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;
import org.tongfa.delivery.Dispatch;

/**
 * A {@code wechat} channel: one official account (公众号). It routes each action and applies the
 * update policy; the work is done by its parts, one job each:
 * <ul>
 *   <li>{@link WeChatPublication}: a publication from draft to live article, never twice, polling
 *       within WeChat's daily quota;</li>
 *   <li>{@link WeChatArticles}: the draft article, its body converted to what WeChat renders;</li>
 *   <li>{@link WeChatMedia}: images uploaded to WeChat once, by content hash;</li>
 *   <li>{@link WeChatMassSend}: the push of a first publication to every follower (群发), when
 *       {@code mass-send} is on;</li>
 *   <li>{@link WeChatCalls} and {@link WeChatErrors}: each WxJava call, its failure classified by
 *       WeChat's errcode.</li>
 * </ul>
 *
 * <p>An update republishes (deletes the live article, then publishes the new version) or, under the
 * {@code ignore} policy, leaves the live article as it is; a retraction deletes the live article. Both
 * wait while an earlier publication of the item is still being published, so nothing is live twice.
 *
 * <p>It never retries (WxJava's retry is off) except the single token refresh WxJava makes on
 * 40001/42001/40014, never sleeps, and is thread-safe: state lives in the database and in WxJava's
 * token holder, which has its own lock.
 */
final class WeChatChannel implements Channel {

    static final String TYPE = "wechat";
    /** WeChat's article limits (标题 32, 作者 16, 摘要 128, 正文 under 20,000 characters and 1 MB). */
    static final ContentLimits LIMITS = new ContentLimits("WeChat", 32, 16, 128, 20_000);

    /** Progress key: the article an update deleted before publishing the new version. */
    static final String OLD_DELETED = "wechat.previous-deleted";
    /** The calls a publication makes in a row: access token, cover, draft/add, freepublish/submit. */
    private static final int CALLS_PER_PUBLICATION = 4;

    private static final Logger log = LoggerFactory.getLogger(WeChatChannel.class);

    private final String id;
    private final WeChatChannelProperties settings;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatCalls calls;
    private final WeChatPublication publication;
    private final WeChatCrypto crypto;

    WeChatChannel(String id, WeChatChannelProperties settings, WxMpService wx, WeChatStore store, Clock clock,
            Path tempDir) {
        this.id = id;
        this.settings = settings;
        this.wx = wx;
        this.store = store;
        WeChatErrors errors = new WeChatErrors(id, settings.secret());
        this.calls = new WeChatCalls(id, errors, clock);
        WeChatArticles articles = new WeChatArticles(id, settings,
                new WeChatMedia(id, settings, wx, store, calls, clock, tempDir));
        this.publication = new WeChatPublication(id, settings.appId(), wx, store, errors, calls, articles,
                new WeChatMassSend(id, settings, wx, store, errors, clock), clock);
        this.crypto = settings.safeMode()
                ? new WeChatCrypto(settings.encodingAesKey().strip(), settings.callbackToken(), settings.appId().strip())
                : null;
    }

    @Override
    public Optional<ContentLimits> contentLimits() {
        return Optional.of(LIMITS);
    }

    String appId() {
        return settings.appId();
    }

    /** The channel's id ({@code tongfa.channels.<id>}). */
    String id() {
        return id;
    }

    /** Whether first publications are pushed to followers (群发), and on which kind of account. */
    WeChatChannelProperties settings() {
        return settings;
    }

    /** The callback token, or {@code null} when callbacks are not configured. */
    String callbackToken() {
        return settings.callbackToken();
    }

    /** Safe mode's decryption of callbacks (安全模式), or {@code null} in plain-text mode. */
    WeChatCrypto callbackCrypto() {
        return crypto;
    }

    /**
     * A publication makes four calls in a row, each cut off at the channel's timeout: the access token,
     * the cover, {@code draft/add} and {@code freepublish/submit} (each new body image adds one more).
     */
    @Override
    public java.time.Duration longestCall() {
        return settings.timeout().multipliedBy(CALLS_PER_PUBLICATION);
    }

    @Override
    public DeliveryResult deliver(Dispatch dispatch) throws DeliveryFailure {
        log.debug("Delivering {} of item {} v{} as delivery {} to {} (attempt {})", dispatch.action(),
                dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), id, dispatch.attempt());
        return switch (dispatch.action()) {
            case RETRACT -> retract(dispatch);
            case UPDATE -> update(dispatch);
            case PUBLISH -> publication.publish(dispatch);
        };
    }

    private DeliveryResult update(Dispatch dispatch) throws DeliveryFailure {
        DeliveryProgress progress = dispatch.progress();
        if (saved(progress, OLD_DELETED).isPresent()
                || WeChatPublication.State.of(progress) != WeChatPublication.State.NEW) {
            // An earlier attempt of this update already started republishing: resume it.
            return publication.publish(dispatch);
        }
        Earlier earlier = earlier(dispatch);
        if (earlier.pending()) {
            return DeliveryResult.awaiting("wechat channel " + id + ": the earlier publication of item "
                    + dispatch.item().itemId() + " is still being published; the update waits for it", Duration.ofMinutes(1));
        }
        if (earlier.articleId() == null) {
            // Nothing of this item is live here: publish this version as the first.
            return publication.publish(dispatch);
        }
        if (settings.updatePolicy() == UpdatePolicy.IGNORE) {
            log.info("Delivery {} to {}: update ignored by policy, article {} stays as published",
                    dispatch.deliveryId(), id, earlier.articleId());
            return new DeliveryReceipt(earlier.articleId(), earlier.url());
        }
        deleteArticle(earlier.articleId());
        progress.put(OLD_DELETED, earlier.articleId());
        return publication.publish(dispatch);
    }

    private DeliveryResult retract(Dispatch dispatch) throws DeliveryFailure {
        Earlier earlier = earlier(dispatch);
        if (earlier.pending()) {
            return DeliveryResult.awaiting("wechat channel " + id + ": item " + dispatch.item().itemId()
                    + " is still being published; it is deleted once WeChat has published it", Duration.ofMinutes(1));
        }
        if (earlier.articleId() == null) {
            log.info("Delivery {} to {}: nothing published to retract", dispatch.deliveryId(), id);
            return new DeliveryReceipt(null, null);
        }
        deleteArticle(earlier.articleId());
        return new DeliveryReceipt(earlier.articleId(), null);
    }

    /**
     * What of this item is live on the account, from the latest publication job submitted for it by
     * another delivery: that covers a job the ledger superseded or withdrew while WeChat was still
     * publishing it, which the ledger's {@code previousRemoteId} cannot know. Without any job, the
     * ledger's last confirmed article.
     */
    private Earlier earlier(Dispatch dispatch) throws DeliveryFailure {
        Optional<WeChatStore.PublishJob> job = store.latestJob(appId(), dispatch.item().itemId(), dispatch.deliveryId());
        if (job.isEmpty()) {
            return new Earlier(dispatch.previousRemoteId(), null, false);
        }
        Optional<WeChatPublication.JobStatus> status = publication.jobStatus(job.get().publishId());
        if (status.isEmpty() || status.get().status() == 1) {
            return new Earlier(null, null, true);
        }
        // Failed jobs (2-4) and articles deleted or blocked since (5, 6) left nothing live.
        return status.get().status() == 0
                ? new Earlier(status.get().articleId(), status.get().url(), false)
                : new Earlier(null, null, false);
    }

    /** The article of this item live on the account, or a job still publishing. */
    private record Earlier(String articleId, String url, boolean pending) {
    }

    private void deleteArticle(String articleId) throws DeliveryFailure {
        // Deleting twice is harmless on our side: a repeated attempt reaches the same end state.
        calls.call("freepublish/delete", () -> wx.getFreePublishService().deletePushAllArticle(articleId), false);
        log.info("Deleted WeChat article {} on {}", articleId, id);
    }

    /** A value saved in progress; an empty value counts as cleared. */
    static Optional<String> saved(DeliveryProgress progress, String key) {
        return progress.get(key).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "WeChatChannel[" + id + ", appId=" + settings.appId() + "]";
    }
}
