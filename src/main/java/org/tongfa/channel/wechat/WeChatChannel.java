package org.tongfa.channel.wechat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.draft.WxMpAddDraft;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishItem;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishList;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.channel.wechat.WeChatChannelProperties.UpdatePolicy;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ContentLimits;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot;

/**
 * A {@code wechat} channel: one official account (公众号). Each publication uploads the body's images
 * ({@code media/uploadimg}) and the cover (a permanent {@code image} material), saves a draft
 * ({@code draft/add}) and submits it for publication ({@code freepublish/submit}). WeChat finishes
 * publishing later: the attempt that submitted ends "awaiting", and a later attempt completes the
 * delivery from the {@code PUBLISHJOBFINISH} event received on the callback, or else by polling
 * {@code freepublish/get} within its quota of 100 calls a day.
 *
 * <p><b>Never twice.</b> The draft's media id and the publish id are saved in the delivery's
 * {@link DeliveryProgress} before the next step, so an attempt after a crash or timeout resumes. When
 * a submit's outcome is unknown (a timeout after sending), the next attempt first looks for the
 * article among the account's publications ({@code freepublish/batchget}); it submits again only when
 * the article is absent after {@link #UNKNOWN_SUBMIT_GRACE} and the draft is still in the draft box.
 *
 * <p>With {@code mass-send} on, the first publication of an item is pushed to every follower once it
 * is live (群发, see {@link #pushToFollowers}), within the account kind's quota.
 *
 * <p>It never retries (WxJava's retry is off) except the single token refresh WxJava makes on
 * 40001/42001/40014, never sleeps, and is thread-safe: state lives in the database and in WxJava's
 * token holder, which has its own lock.
 */
final class WeChatChannel implements Channel {

    static final String TYPE = "wechat";
    /** WeChat's article limits (标题 32, 作者 16, 摘要 128, 正文 under 20,000 characters and 1 MB). */
    static final ContentLimits LIMITS = new ContentLimits("WeChat", 32, 16, 128, 20_000);
    static final int POLL_QUOTA_PER_DAY = 100;
    static final Duration UNKNOWN_SUBMIT_GRACE = Duration.ofMinutes(15);
    static final Duration GIVE_UP_WAITING_AFTER = Duration.ofHours(24);

    static final String DRAFT = "wechat.draft-media-id";
    static final String SUBMIT_SENT = "wechat.submit-sent-at";
    static final String PUBLISH_ID = "wechat.publish-id";
    static final String OLD_DELETED = "wechat.previous-deleted";

    private static final Logger log = LoggerFactory.getLogger(WeChatChannel.class);

    private final String id;
    private final WeChatChannelProperties settings;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatErrors errors;
    private final WeChatCalls calls;
    private final WeChatArticles articles;
    private final WeChatMassSend massSend;
    private final Clock clock;
    private final WeChatCrypto crypto;

    WeChatChannel(String id, WeChatChannelProperties settings, WxMpService wx, WeChatStore store, Clock clock,
            Path tempDir) {
        this.id = id;
        this.settings = settings;
        this.wx = wx;
        this.store = store;
        this.errors = new WeChatErrors(id, settings.secret());
        this.calls = new WeChatCalls(id, errors, clock);
        this.massSend = new WeChatMassSend(id, settings, wx, store, errors, clock);
        this.articles = new WeChatArticles(id, settings, new WeChatMedia(id, settings, wx, store, calls, clock, tempDir));
        this.clock = clock;
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

    /** The callback token, or {@code null} when callbacks are not configured. */
    String callbackToken() {
        return settings.callbackToken();
    }

    /** Safe mode's decryption of callbacks (安全模式), or {@code null} in plain-text mode. */
    WeChatCrypto callbackCrypto() {
        return crypto;
    }

    @Override
    public DeliveryResult deliver(Dispatch dispatch) throws DeliveryFailure {
        log.debug("Delivering {} of item {} v{} as delivery {} to {} (attempt {})", dispatch.action(),
                dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), id, dispatch.attempt());
        return switch (dispatch.action()) {
            case RETRACT -> retract(dispatch);
            case UPDATE -> update(dispatch);
            case PUBLISH -> publish(dispatch);
        };
    }

    private DeliveryResult update(Dispatch dispatch) throws DeliveryFailure {
        DeliveryProgress progress = dispatch.progress();
        if (saved(progress, OLD_DELETED).isPresent() || saved(progress, DRAFT).isPresent()
                || saved(progress, PUBLISH_ID).isPresent()) {
            // An earlier attempt of this update already started republishing: resume it.
            return publish(dispatch);
        }
        Earlier earlier = earlier(dispatch);
        if (earlier.pending()) {
            return DeliveryResult.awaiting("wechat channel " + id + ": the earlier publication of item "
                    + dispatch.item().itemId() + " is still being published; the update waits for it", Duration.ofMinutes(1));
        }
        if (earlier.articleId() == null) {
            // Nothing of this item is live here: publish this version as the first.
            return publish(dispatch);
        }
        if (settings.updatePolicy() == UpdatePolicy.IGNORE) {
            log.info("Delivery {} to {}: update ignored by policy, article {} stays as published",
                    dispatch.deliveryId(), id, earlier.articleId());
            return new DeliveryReceipt(earlier.articleId(), earlier.url());
        }
        deleteArticle(earlier.articleId());
        progress.put(OLD_DELETED, earlier.articleId());
        return publish(dispatch);
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
        Optional<JobStatus> status = jobStatus(job.get().publishId());
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

    /** A publication job's state: 0 published, 1 publishing, 2-6 failed or gone. */
    private record JobStatus(int status, String articleId, String url, String failIdx) {
    }

    private void deleteArticle(String articleId) throws DeliveryFailure {
        // Deleting twice is harmless on our side: a repeated attempt reaches the same end state.
        calls.call("freepublish/delete", () -> wx.getFreePublishService().deletePushAllArticle(articleId), false);
        log.info("Deleted WeChat article {} on {}", articleId, id);
    }

    private DeliveryResult publish(Dispatch dispatch) throws DeliveryFailure {
        DeliveryProgress progress = dispatch.progress();
        Optional<String> publishId = saved(progress, PUBLISH_ID);
        if (publishId.isPresent()) {
            return outcome(dispatch, publishId.get());
        }
        Instant now = clock.instant();
        String mediaId = saved(progress, DRAFT).orElse(null);
        if (mediaId == null) {
            WxMpDraftArticles article = articles.article(dispatch);
            String draft = calls.call("draft/add", () -> wx.getDraftService().addDraft(new WxMpAddDraft(List.of(article))), true);
            mediaId = unquote(draft);
            progress.put(DRAFT, mediaId);
            log.info("Delivery {} to {}: draft {} saved", dispatch.deliveryId(), id, mediaId);
        }
        Optional<String> sent = saved(progress, SUBMIT_SENT);
        if (sent.isPresent()) {
            Instant sentAt = Instant.parse(sent.get());
            Optional<DeliveryReceipt> found = findPublished(dispatch.item(), sentAt);
            if (found.isPresent()) {
                // Remember it as a finished job (its publish id never reached us) for later updates.
                String job = "found:" + found.get().remoteId();
                store.saveJob(appId(), job, dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), now);
                store.savePublishResult(appId(), job,
                        new WeChatStore.PublishResult(0, found.get().remoteId(), found.get().remoteUrl(), null), now);
                log.info("Delivery {} to {}: the earlier submit went through, article {}", dispatch.deliveryId(), id,
                        found.get().remoteId());
                massSend.pushToFollowers(dispatch, saved(progress, DRAFT).orElse(null), found.get());
                return found.get();
            }
            if (Duration.between(sentAt, now).compareTo(UNKNOWN_SUBMIT_GRACE) < 0) {
                return DeliveryResult.awaiting("wechat channel " + id + ": the last submit's outcome is unknown; "
                        + "waiting for the article to appear before submitting again", Duration.ofMinutes(1));
            }
            if (!draftExists(mediaId)) {
                throw new GiveUpException("wechat channel " + id + ": 提交发布的结果未知且草稿已不在草稿箱，请在公众平台“发表记录”中核对后手动重试。"
                        + " The outcome of the last submit is unknown and the draft is gone: check the account's"
                        + " publication records before retrying by hand.");
            }
            log.warn("Delivery {} to {}: no article {} after the unknown submit and the draft is still there; "
                    + "submitting again", dispatch.deliveryId(), id, UNKNOWN_SUBMIT_GRACE);
        }
        progress.put(SUBMIT_SENT, now.toString());
        String draftId = mediaId;
        String submitted = calls.call("freepublish/submit", () -> wx.getFreePublishService().submit(draftId), true,
                (failure, errcode) -> {
                    if (failure.reason() != DeliveryFailure.Reason.OUTCOME_UNKNOWN) {
                        // WeChat answered and refused: nothing was submitted, the next attempt submits.
                        progress.put(SUBMIT_SENT, "");
                    }
                    if (errcode.isPresent() && errcode.getAsInt() == WeChatErrors.INVALID_MEDIA_ID) {
                        // The draft is gone: a retry by hand must build a new one.
                        progress.put(DRAFT, "");
                    }
                });
        String published = unquote(submitted);
        progress.put(PUBLISH_ID, published);
        store.saveJob(appId(), published, dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), now);
        log.info("Delivery {} to {}: draft {} submitted as publish job {}", dispatch.deliveryId(), id, draftId, published);
        return DeliveryResult.awaiting("wechat channel " + id + ": awaiting PUBLISHJOBFINISH for publish job "
                + published, Duration.ofMinutes(1));
    }

    /** Completes a submitted publication from the callback's result, else by polling within quota. */
    private DeliveryResult outcome(Dispatch dispatch, String publishId) throws DeliveryFailure {
        Instant now = clock.instant();
        Instant sentAt = saved(dispatch.progress(), SUBMIT_SENT).map(Instant::parse).orElse(now);
        boolean tooLong = Duration.between(sentAt, now).compareTo(GIVE_UP_WAITING_AFTER) > 0;
        Optional<JobStatus> status = jobStatus(publishId);
        if (status.isEmpty()) {
            if (tooLong) {
                throw stillPublishing(publishId);
            }
            return DeliveryResult.awaiting("wechat channel " + id + ": freepublish/get quota for today spent; "
                    + "awaiting PUBLISHJOBFINISH for publish job " + publishId, WeChatErrors.untilTomorrow(now));
        }
        JobStatus s = status.get();
        if (s.status() == 1 && tooLong) {
            throw stillPublishing(publishId);
        }
        return finish(dispatch, publishId, s.status(), s.articleId(), s.url(), s.failIdx());
    }

    /**
     * A job's state from the callback's record, else from {@code freepublish/get}; empty when today's
     * quota of that call is spent (then only the callback can tell).
     */
    private Optional<JobStatus> jobStatus(String publishId) throws DeliveryFailure {
        Optional<WeChatStore.PublishResult> pushed = store.publishResult(appId(), publishId);
        if (pushed.isPresent()) {
            WeChatStore.PublishResult r = pushed.get();
            return Optional.of(new JobStatus(r.status(), r.articleId(), r.articleUrl(), r.failIdx()));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), WeChatErrors.BEIJING);
        if (!store.takeCall(appId(), "freepublish/get", today, POLL_QUOTA_PER_DAY)) {
            return Optional.empty();
        }
        WxMpFreePublishStatus status = calls.call("freepublish/get", () -> wx.getFreePublishService().getPushStatus(publishId), false);
        String url = null;
        if (status.getArticle_detail() != null && status.getArticle_detail().getItem() != null
                && !status.getArticle_detail().getItem().isEmpty()) {
            url = status.getArticle_detail().getItem().get(0).getArticle_url();
        }
        int code = status.getPublish_status() == null ? 1 : status.getPublish_status();
        String failIdx = status.getFail_idx() == null || status.getFail_idx().isEmpty() ? null : status.getFail_idx().toString();
        if (code != 1) {
            // Final: keep it, so later updates and retractions ask the database, not the quota.
            store.savePublishResult(appId(), publishId,
                    new WeChatStore.PublishResult(code, status.getArticle_id(), url, failIdx), clock.instant());
        }
        return Optional.of(new JobStatus(code, status.getArticle_id(), url, failIdx));
    }

    private DeliveryResult finish(Dispatch dispatch, String publishId, int status, String articleId, String url,
            String failIdx) throws DeliveryFailure {
        if (status == 0) {
            log.info("Delivery {} to {}: publish job {} finished, article {}", dispatch.deliveryId(), id, publishId,
                    articleId);
            DeliveryReceipt receipt = new DeliveryReceipt(articleId, url);
            massSend.pushToFollowers(dispatch, saved(dispatch.progress(), DRAFT).orElse(null), receipt);
            return receipt;
        }
        if (status == 1) {
            // Check back less often as the wait grows: the poll quota is shared by every delivery.
            long minutes = Math.min(30, 1L << Math.min(5, Math.max(0, dispatch.attempt() - 1)));
            return DeliveryResult.awaiting("wechat channel " + id + ": publish job " + publishId
                    + " still publishing", Duration.ofMinutes(minutes));
        }
        throw new GiveUpException("wechat channel " + id + ": publish job " + publishId + " failed with status "
                + status + (failIdx == null || failIdx.isEmpty() || failIdx.equals("[]") ? "" : " (articles " + failIdx + ")")
                + ": " + publishFailure(status));
    }

    static String publishFailure(int status) {
        return switch (status) {
            case 2 -> "原创声明失败。 The originality claim (原创) was rejected.";
            case 3 -> "常规失败，请在公众平台查看原因后重试。 Publishing failed; see the reason in the Official Accounts Platform, then retry.";
            case 4 -> "平台审核不通过，请修改内容后重新发布。 WeChat's review rejected the article; revise the item and publish again.";
            case 5 -> "发布成功后文章已被用户删除。 The article was published and then deleted by a user of the account.";
            case 6 -> "发布成功后文章已被系统封禁。 The article was published and then blocked by WeChat.";
            default -> "未知的发布状态。 Unknown publication status.";
        };
    }

    private GiveUpException stillPublishing(String publishId) {
        return new GiveUpException("wechat channel " + id + ": publish job " + publishId + " has no outcome after "
                + GIVE_UP_WAITING_AFTER.toHours() + "h: 请在公众平台“发表记录”中核对。 Check the account's publication records.");
    }

    /** Looks for the article among the latest publications, submitted no earlier than {@code sentAt}. */
    private Optional<DeliveryReceipt> findPublished(ItemSnapshot item, Instant sentAt)
            throws DeliveryFailure {
        WxMpFreePublishList list = calls.call("freepublish/batchget",
                () -> wx.getFreePublishService().getPublicationRecords(0, 20, 0), false);
        if (list == null || list.getItems() == null) {
            return Optional.empty();
        }
        long earliest = sentAt.minus(Duration.ofMinutes(1)).getEpochSecond();
        for (WxMpFreePublishItem published : list.getItems()) {
            long updated = parseLong(published.getUpdateTime());
            if (updated < earliest || published.getContent() == null || published.getContent().getNewsItem() == null) {
                continue;
            }
            for (WxMpFreePublishArticles article : published.getContent().getNewsItem()) {
                if (item.title().equals(article.getTitle()) && !Boolean.TRUE.equals(article.getIsDeleted())) {
                    return Optional.of(new DeliveryReceipt(published.getArticleId(), article.getUrl()));
                }
            }
        }
        return Optional.empty();
    }

    private boolean draftExists(String mediaId) throws DeliveryFailure {
        try {
            wx.getDraftService().getDraft(mediaId);
            return true;
        } catch (WxErrorException e) {
            if (e.getError() != null && e.getError().getErrorCode() == WeChatErrors.INVALID_MEDIA_ID) {
                return false;
            }
            throw errors.classify("draft/get", e, false, clock.instant());
        } catch (RuntimeException e) {
            throw errors.classify("draft/get", e, false, clock.instant());
        }
    }

    /** A value saved in progress; an empty value counts as cleared. */
    static Optional<String> saved(DeliveryProgress progress, String key) {
        return progress.get(key).filter(v -> !v.isEmpty());
    }

    /** {@code freepublish/submit} may answer {@code publish_id} as a JSON string, which WxJava keeps quoted. */
    static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "WeChatChannel[" + id + ", appId=" + settings.appId() + "]";
    }
}
