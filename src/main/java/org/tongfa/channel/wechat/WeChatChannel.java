package org.tongfa.channel.wechat;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.WxMpMassTagMessage;
import me.chanjar.weixin.mp.bean.draft.WxMpAddDraft;
import me.chanjar.weixin.mp.bean.draft.WxMpDraftArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishArticles;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishItem;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishList;
import me.chanjar.weixin.mp.bean.freepublish.WxMpFreePublishStatus;
import me.chanjar.weixin.mp.bean.material.WxMpMaterial;
import me.chanjar.weixin.mp.bean.result.WxMpMassSendResult;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.channel.wechat.WeChatChannelProperties.UpdatePolicy;
import org.tongfa.common.BeijingTime;
import org.tongfa.common.Sha256;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ContentLimits;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot.AssetRef;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.delivery.RetryLaterException;

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
    /** A default cover file is read whole: WeChat takes image materials up to 10 MB. */
    static final long MAX_DEFAULT_COVER_BYTES = 10L * 1024 * 1024;

    static final String DRAFT = "wechat.draft-media-id";
    static final String SUBMIT_SENT = "wechat.submit-sent-at";
    static final String PUBLISH_ID = "wechat.publish-id";
    static final String OLD_DELETED = "wechat.previous-deleted";
    /**
     * The push to followers (群发) of this delivery: {@code sending} while the call is out, then
     * {@code sent:<msg_id>}, {@code skipped-quota}, {@code unknown}, {@code failed} or
     * {@code already} (the item was pushed, or considered, by another delivery).
     */
    static final String MASS_SEND = "wechat.mass-send";

    static final String MASS_API = "mass/sendall";
    static final int SUBSCRIPTION_MASS_PER_DAY = 1;
    static final int SERVICE_MASS_PER_MONTH = 4;
    /** 45028: no mass-send quota left (has no masssend quota). */
    static final int NO_MASS_QUOTA = 45028;
    /** 45065: a push with the same clientmsgid was already made (WeChat refuses to push it again). */
    static final int SAME_CLIENT_MSG_ID = 45065;
    /** 45066: a push with the same clientmsgid was retried too fast (the first one may be under way). */
    static final int SAME_CLIENT_MSG_ID_TOO_FAST = 45066;

    private static final Logger log = LoggerFactory.getLogger(WeChatChannel.class);

    private final String id;
    private final WeChatChannelProperties settings;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatErrors errors;
    private final Clock clock;
    private final Path tempDir;
    private final WeChatCrypto crypto;

    WeChatChannel(String id, WeChatChannelProperties settings, WxMpService wx, WeChatStore store, Clock clock,
            Path tempDir) {
        this.id = id;
        this.settings = settings;
        this.wx = wx;
        this.store = store;
        this.errors = new WeChatErrors(id, settings.secret());
        this.clock = clock;
        this.tempDir = tempDir;
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
    public DeliveryResult deliver(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        log.debug("Delivering {} of item {} v{} as delivery {} to {} (attempt {})", dispatch.action(),
                dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), id, dispatch.attempt());
        return switch (dispatch.action()) {
            case RETRACT -> retract(dispatch);
            case UPDATE -> update(dispatch);
            case PUBLISH -> publish(dispatch);
        };
    }

    private DeliveryResult update(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        DeliveryProgress progress = dispatch.progress();
        if (value(progress, OLD_DELETED).isPresent() || value(progress, DRAFT).isPresent()
                || value(progress, PUBLISH_ID).isPresent()) {
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

    private DeliveryResult retract(Dispatch dispatch) throws RetryLaterException, GiveUpException {
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
    private Earlier earlier(Dispatch dispatch) throws RetryLaterException, GiveUpException {
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

    private void deleteArticle(String articleId) throws RetryLaterException, GiveUpException {
        // Deleting twice is harmless on our side: a repeated attempt reaches the same end state.
        call("freepublish/delete", () -> wx.getFreePublishService().deletePushAllArticle(articleId), false);
        log.info("Deleted WeChat article {} on {}", articleId, id);
    }

    private DeliveryResult publish(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        DeliveryProgress progress = dispatch.progress();
        Optional<String> publishId = value(progress, PUBLISH_ID);
        if (publishId.isPresent()) {
            return outcome(dispatch, publishId.get());
        }
        Instant now = clock.instant();
        String mediaId = value(progress, DRAFT).orElse(null);
        if (mediaId == null) {
            WxMpDraftArticles article = article(dispatch);
            String draft = call("draft/add", () -> wx.getDraftService().addDraft(new WxMpAddDraft(List.of(article))), true);
            mediaId = unquote(draft);
            progress.put(DRAFT, mediaId);
            log.info("Delivery {} to {}: draft {} saved", dispatch.deliveryId(), id, mediaId);
        }
        Optional<String> sent = value(progress, SUBMIT_SENT);
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
                pushToFollowers(dispatch, found.get());
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
        String submitted;
        try {
            submitted = call("freepublish/submit", () -> wx.getFreePublishService().submit(draftId), true);
        } catch (RetryLaterException e) {
            if (e.reason() != DeliveryFailure.Reason.OUTCOME_UNKNOWN) {
                // WeChat answered and refused for now: nothing was submitted, the next attempt submits.
                progress.put(SUBMIT_SENT, "");
            }
            throw e;
        } catch (GiveUpException e) {
            progress.put(SUBMIT_SENT, "");
            if (e.getMessage().contains("errcode 40007")) {
                // The draft is gone: a retry by hand must build a new one.
                progress.put(DRAFT, "");
            }
            throw e;
        }
        String published = unquote(submitted);
        progress.put(PUBLISH_ID, published);
        store.saveJob(appId(), published, dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), now);
        log.info("Delivery {} to {}: draft {} submitted as publish job {}", dispatch.deliveryId(), id, draftId, published);
        return DeliveryResult.awaiting("wechat channel " + id + ": awaiting PUBLISHJOBFINISH for publish job "
                + published, Duration.ofMinutes(1));
    }

    /** Completes a submitted publication from the callback's result, else by polling within quota. */
    private DeliveryResult outcome(Dispatch dispatch, String publishId) throws RetryLaterException, GiveUpException {
        Instant now = clock.instant();
        Instant sentAt = value(dispatch.progress(), SUBMIT_SENT).map(Instant::parse).orElse(now);
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
    private Optional<JobStatus> jobStatus(String publishId) throws RetryLaterException, GiveUpException {
        Optional<WeChatStore.PublishResult> pushed = store.publishResult(appId(), publishId);
        if (pushed.isPresent()) {
            WeChatStore.PublishResult r = pushed.get();
            return Optional.of(new JobStatus(r.status(), r.articleId(), r.articleUrl(), r.failIdx()));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE);
        if (!store.takeCall(appId(), "freepublish/get", today, POLL_QUOTA_PER_DAY)) {
            return Optional.empty();
        }
        WxMpFreePublishStatus status = call("freepublish/get", () -> wx.getFreePublishService().getPushStatus(publishId), false);
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
            String failIdx) throws RetryLaterException, GiveUpException {
        if (status == 0) {
            log.info("Delivery {} to {}: publish job {} finished, article {}", dispatch.deliveryId(), id, publishId,
                    articleId);
            DeliveryReceipt receipt = new DeliveryReceipt(articleId, url);
            pushToFollowers(dispatch, receipt);
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

    /**
     * Pushes the article just published to every follower (群发, {@code message/mass/sendall} with the
     * draft's media id), when {@code mass-send} is on and this is the item's first publication on the
     * account (a {@code PUBLISH} delivery; never an update or a retraction). At most once per item:
     * the push is claimed in {@code wechat_mass_send} and noted in the delivery's progress before the
     * call, and a call whose outcome is unknown is never made again. It never fails the delivery: the
     * article is already live. When the account's quota (subscription: 1 a day; service: 4 a month,
     * Beijing calendar) is spent, here or by WeChat's 45028, the push is skipped and said so.
     */
    private void pushToFollowers(Dispatch dispatch, DeliveryReceipt receipt) {
        if (!settings.massSend() || dispatch.action() != Action.PUBLISH) {
            return;
        }
        DeliveryProgress progress = dispatch.progress();
        String itemId = dispatch.item().itemId();
        Instant now = clock.instant();
        Optional<String> earlier = value(progress, MASS_SEND);
        if (earlier.isPresent()) {
            Optional<WeChatStore.MassSend> row = store.massSend(appId(), itemId);
            if (earlier.get().equals("sending") && row.isPresent() && !row.get().status().equals("PENDING")) {
                // The outcome was recorded but the attempt stopped before noting it here.
                progress.put(MASS_SEND, row.get().status().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            } else if (earlier.get().equals("sending")) {
                // An attempt sent the push and never learnt what happened (a crash): never push again.
                massOutcome(dispatch, "UNKNOWN", "unknown", null, "群发结果未知（上次调用中断），不再重发，请在公众平台“发表记录”中核对。"
                        + " The outcome of the push to followers is unknown (the last attempt was interrupted);"
                        + " it is not sent again: check the account's records.", now);
            }
            return;
        }
        String mediaId = value(progress, DRAFT).orElse(null);
        if (mediaId == null) {
            log.warn("Delivery {} of item {} to {}: no draft media id to push to followers; not pushed",
                    dispatch.deliveryId(), itemId, id);
            progress.put(MASS_SEND, "failed");
            return;
        }
        if (!store.claimMassSend(appId(), itemId, dispatch.deliveryId(), mediaId, now)) {
            log.info("Delivery {} of item {} to {}: item already pushed to followers (or skipped) by {}; not again",
                    dispatch.deliveryId(), itemId, id, store.massSend(appId(), itemId).map(m -> "delivery "
                            + m.deliveryId() + " (" + m.status() + ")").orElse("another delivery"));
            progress.put(MASS_SEND, "already");
            return;
        }
        boolean service = settings.accountKind() == WeChatChannelProperties.AccountKind.SERVICE;
        LocalDate today = LocalDate.ofInstant(now, BeijingTime.ZONE);
        LocalDate window = service ? today.withDayOfMonth(1) : today;
        if (!store.takeCall(appId(), MASS_API, window, service ? SERVICE_MASS_PER_MONTH : SUBSCRIPTION_MASS_PER_DAY)) {
            skippedForQuota(dispatch, receipt, service, "", now);
            return;
        }
        progress.put(MASS_SEND, "sending");
        WxMpMassTagMessage message = new WxMpMassTagMessage();
        message.setSendAll(true);
        message.setMsgType("mpnews");
        message.setMediaId(mediaId);
        message.setSendIgnoreReprint(false);
        // WeChat refuses a second push with the same clientmsgid (45065): a last guard against twice.
        message.setClientMsgId("tongfa-" + itemId);
        try {
            WxMpMassSendResult result = wx.getMassMessageService().massGroupMessageSend(message);
            String msgId = result == null ? null : result.getMsgId();
            massOutcome(dispatch, "SENT", "sent:" + (msgId == null ? "" : msgId), msgId, null, now);
            log.info("Delivery {} of item {} to {}: article {} pushed to followers (群发), msg_id {}",
                    dispatch.deliveryId(), itemId, id, receipt.remoteId(), msgId);
        } catch (WxErrorException e) {
            int code = e.getError() == null ? 0 : e.getError().getErrorCode();
            boolean answered = e.getError() != null && code != -99 && code != -1 && !(e.getCause() instanceof IOException);
            if (answered && code == NO_MASS_QUOTA) {
                skippedForQuota(dispatch, receipt, service, " (WeChat errcode 45028)", now);
            } else if (answered && code == SAME_CLIENT_MSG_ID) {
                massOutcome(dispatch, "SENT", "sent:", null, "WeChat errcode 45065: already pushed", now);
                log.info("Delivery {} of item {} to {}: WeChat says the item was already pushed to followers (45065)",
                        dispatch.deliveryId(), itemId, id);
            } else if (answered && code != SAME_CLIENT_MSG_ID_TOO_FAST) {
                store.releaseCall(appId(), MASS_API, window);
                String why = errors.classify(MASS_API, e.getError(), now).getMessage();
                massOutcome(dispatch, "FAILED", "failed", null, why, now);
                log.warn("Delivery {} of item {} to {}: 群发失败，文章已发表但未推送给关注者。 The article is live but was not"
                        + " pushed to followers: {}", dispatch.deliveryId(), itemId, id, why);
            } else {
                pushUnknown(dispatch, errors.classify(MASS_API, e, false, now).getMessage(), now);
            }
        } catch (RuntimeException e) {
            pushUnknown(dispatch, errors.classify(MASS_API, e, false, now).getMessage(), now);
        }
    }

    private void skippedForQuota(Dispatch dispatch, DeliveryReceipt receipt, boolean service, String source, Instant now) {
        String note = (service ? "本月群发额度已用完（服务号每月 4 次），本篇未推送给关注者。" : "今日群发额度已用完（订阅号每天 1 次），本篇未推送给关注者。")
                + " Mass-send quota spent for this " + (service ? "month (service account: 4 a month)" : "day (subscription account: 1 a day)")
                + ": not pushed to followers; the article is published" + source + ".";
        massOutcome(dispatch, "SKIPPED_QUOTA", "skipped-quota", null, note, now);
        log.warn("Delivery {} of item {} to {}: {} Article {} {}", dispatch.deliveryId(), dispatch.item().itemId(), id,
                note, receipt.remoteId(), receipt.remoteUrl() == null ? "" : receipt.remoteUrl());
    }

    private void pushUnknown(Dispatch dispatch, String why, Instant now) {
        String note = "群发调用结果未知，为避免重复推送不再重发，请在公众平台核对。 The push to followers may or may not have"
                + " gone out; it is not sent again, to never push twice: check the account's records. " + why;
        massOutcome(dispatch, "UNKNOWN", "unknown", null, note, now);
        log.warn("Delivery {} of item {} to {}: {}", dispatch.deliveryId(), dispatch.item().itemId(), id, note);
    }

    private void massOutcome(Dispatch dispatch, String status, String progressValue, String msgId, String note,
            Instant now) {
        store.finishMassSend(appId(), dispatch.item().itemId(), status, msgId, note, now);
        dispatch.progress().put(MASS_SEND, progressValue);
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
            throws RetryLaterException, GiveUpException {
        WxMpFreePublishList list = call("freepublish/batchget",
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

    private boolean draftExists(String mediaId) throws RetryLaterException, GiveUpException {
        try {
            wx.getDraftService().getDraft(mediaId);
            return true;
        } catch (WxErrorException e) {
            if (e.getError() != null && e.getError().getErrorCode() == 40007) {
                return false;
            }
            throw rethrow(errors.classify("draft/get", e, false, clock.instant()));
        } catch (RuntimeException e) {
            throw rethrow(errors.classify("draft/get", e, false, clock.instant()));
        }
    }

    /** The item's page on the website, for the article's "阅读原文" link, or {@code null}. */
    private String sourceUrl(ItemSnapshot item) {
        String template = settings.sourceUrl();
        return template == null || template.isBlank() ? null : template.replace("{itemId}", item.itemId());
    }

    /** The draft article: limits checked, images uploaded and rewritten, cover uploaded. */
    private WxMpDraftArticles article(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        ItemSnapshot item = dispatch.item();
        Optional<String> refused = LIMITS.check(item.title(), item.author(), item.summary(), item.bodyHtml());
        if (refused.isPresent()) {
            throw new GiveUpException("wechat channel " + id + ": " + refused.get()
                    + " 请缩短或为微信渠道单独设置标题/摘要。 Shorten it or give the item a WeChat override.");
        }
        String content = content(dispatch);
        if (content.length() >= LIMITS.body() || content.getBytes(StandardCharsets.UTF_8).length >= 1_000_000) {
            throw new GiveUpException("wechat channel " + id + ": 正文超出微信限制（20,000 字符、1 MB）。"
                    + " The body exceeds WeChat's limit (20,000 characters, 1 MB) once converted.");
        }
        String thumb = cover(dispatch);
        return WxMpDraftArticles.builder()
                .articleType("news")
                .title(item.title())
                .author(item.author())
                .digest(item.summary())
                .content(content)
                .thumbMediaId(thumb)
                .contentSourceUrl(sourceUrl(item))
                .needOpenComment(0)
                .onlyFansCanComment(0)
                .build();
    }

    /**
     * The body as WeChat renders it on a phone: every image uploaded and pointing at WeChat, links
     * WeChat would reject turned into readable text with their address.
     */
    private String content(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        ItemSnapshot item = dispatch.item();
        Document doc = Jsoup.parseBodyFragment(item.bodyHtml());
        doc.outputSettings().prettyPrint(false);
        doc.select("script, style, iframe, form, input, button, select, textarea, object, embed").remove();
        Map<String, AssetRef> byUrl = new HashMap<>();
        item.images().forEach(image -> byUrl.put(image.url(), image));
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            AssetRef asset = byUrl.get(src);
            if (asset == null) {
                // WeChat strips images it does not host; an image must never silently vanish.
                throw new GiveUpException("wechat channel " + id + ": 正文图片 " + src + " 不是本系统上传的图片，无法上传到微信。"
                        + " The body image " + src + " is not an uploaded asset and cannot be moved to WeChat.");
            }
            img.attr("src", uploadImage(dispatch, asset));
            img.removeAttr("srcset");
            img.attr("style", "max-width:100%;height:auto;");
        }
        for (Element link : doc.select("a[href]")) {
            String href = link.attr("href");
            if (!href.startsWith("https://mp.weixin.qq.com/")) {
                String text = link.text();
                link.replaceWith(new TextNode(text.equals(href) ? href : text + "（" + href + "）"));
            }
        }
        return doc.body().html();
    }

    private String uploadImage(Dispatch dispatch, AssetRef asset) throws RetryLaterException, GiveUpException {
        Optional<WeChatStore.Media> cached = store.media(appId(), "IMAGE", asset.sha256());
        if (cached.isPresent()) {
            return cached.get().url();
        }
        WeChatImages.Prepared prepared = prepare(dispatch.assets().read(asset.id()), asset.contentType(), asset.id());
        String url = withTempFile(prepared, file -> call("media/uploadimg",
                () -> wx.getMaterialService().mediaImgUpload(file.toFile()).getUrl(), false));
        store.saveMedia(appId(), "IMAGE", asset.sha256(), new WeChatStore.Media(null, url), clock.instant());
        return url;
    }

    /** The cover as a permanent image material (reused by content hash); the default cover without one. */
    private String cover(Dispatch dispatch) throws RetryLaterException, GiveUpException {
        AssetRef cover = dispatch.item().cover();
        byte[] bytes;
        String contentType;
        String name;
        if (cover != null) {
            bytes = dispatch.assets().read(cover.id());
            contentType = cover.contentType();
            name = cover.id();
        } else if (settings.defaultCover() != null && !settings.defaultCover().isBlank()) {
            String configured = settings.defaultCover().strip();
            Path file = Path.of(configured);
            try {
                if (Files.isRegularFile(file)) {
                    if (Files.size(file) > MAX_DEFAULT_COVER_BYTES) {
                        throw new GiveUpException("wechat channel " + id + ": 默认封面 " + configured + " 超过 10 MB。"
                                + " The default cover is larger than 10 MB: check tongfa.channels." + id + ".default-cover.");
                    }
                    bytes = Files.readAllBytes(file);
                    contentType = Files.probeContentType(file);
                } else {
                    bytes = dispatch.assets().read(configured);
                    contentType = null;
                }
            } catch (IOException | IllegalArgumentException e) {
                if (interrupted(e)) {
                    // ClosedByInterruptException: the service is stopping, the file is fine.
                    throw retryAfterInterruption("reading the default cover", false, e);
                }
                throw new GiveUpException("wechat channel " + id + ": 默认封面 " + configured + " 无法读取。"
                        + " The default cover cannot be read: check tongfa.channels." + id + ".default-cover.");
            }
            name = "default-cover";
        } else {
            throw new GiveUpException("wechat channel " + id + ": 稿件没有封面且未配置默认封面。 The item has no cover and"
                    + " no default cover is configured: add a cover or set tongfa.channels." + id + ".default-cover.");
        }
        String sha = Sha256.hex(bytes);
        Optional<WeChatStore.Media> cached = store.media(appId(), "THUMB", sha);
        if (cached.isPresent()) {
            return cached.get().mediaId();
        }
        WeChatImages.Prepared prepared = prepare(bytes, contentType == null ? sniff(bytes) : contentType, name);
        String mediaId = withTempFile(prepared, file -> call("material/add_material",
                () -> wx.getMaterialService().materialFileUpload("image",
                        new WxMpMaterial(file.getFileName().toString(), file.toFile(), null, null)).getMediaId(), false));
        store.saveMedia(appId(), "THUMB", sha, new WeChatStore.Media(mediaId, null), clock.instant());
        return mediaId;
    }

    private WeChatImages.Prepared prepare(byte[] bytes, String contentType, String name)
            throws RetryLaterException, GiveUpException {
        if (Thread.currentThread().isInterrupted()) {
            throw retryAfterInterruption("preparing image " + name, false, null);
        }
        try {
            return WeChatImages.prepare(bytes, contentType);
        } catch (WeChatImages.UnusableImageException e) {
            throw new GiveUpException("wechat channel " + id + ": 图片 " + name + " 无法转换为 1 MB 以下的 JPG/PNG。"
                    + " Image " + name + " cannot be made a JPEG/PNG under 1 MB: " + e.getMessage());
        } catch (IOException e) {
            // Only a fault of the image itself is final; an interrupt (the service stopping) never is.
            if (interrupted(e)) {
                throw retryAfterInterruption("preparing image " + name, false, e);
            }
            throw new RetryLaterException("wechat channel " + id + ": preparing image " + name + " failed: " + e, e);
        }
    }

    /**
     * An attempt cut short by an interrupt (the service is stopping): retried later, never failed,
     * with the interrupt kept for the thread's owner. {@code outcomeUnknown} when a call to WeChat may
     * have been under way.
     */
    private RetryLaterException retryAfterInterruption(String what, boolean outcomeUnknown, Throwable cause) {
        Thread.currentThread().interrupt();
        log.info("WeChat channel {} interrupted while {}; the delivery is tried again later", id, what);
        String message = "wechat channel " + id + ": interrupted while " + what
                + " (the service is stopping); tried again later";
        return outcomeUnknown ? RetryLaterException.outcomeUnknown(message, asInterruption(cause))
                : new RetryLaterException(message, asInterruption(cause));
    }

    /**
     * An {@link InterruptedException} caused by {@code cause}: the delivery core recognises an interrupted
     * attempt by it, whichever thread records the outcome.
     */
    static InterruptedException asInterruption(Throwable cause) {
        InterruptedException interrupted = new InterruptedException("interrupted");
        if (cause != null) {
            interrupted.initCause(cause);
        }
        return interrupted;
    }

    /** Whether {@code e} or the thread says the work was interrupted rather than failed. */
    static boolean interrupted(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private <T> T withTempFile(WeChatImages.Prepared prepared, FileCall<T> use) throws RetryLaterException, GiveUpException {
        Path file;
        try {
            file = Files.createTempFile(tempDir, "tongfa-wechat-", "." + prepared.extension());
            Files.write(file, prepared.bytes());
        } catch (IOException e) {
            if (interrupted(e)) {
                throw retryAfterInterruption("writing a temporary file", false, e);
            }
            throw new RetryLaterException("wechat channel " + id + ": cannot write a temporary file: " + e.getMessage(), e);
        }
        try {
            return use.apply(file);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.debug("Could not delete {}: {}", file, e.toString());
            }
        }
    }

    /** One WxJava call, its failures classified. */
    private <T> T call(String api, WxCall<T> call, boolean mayHaveActed) throws RetryLaterException, GiveUpException {
        if (Thread.currentThread().isInterrupted()) {
            // Nothing sent yet: say so, rather than let the call fail half-way with its outcome unknown.
            throw retryAfterInterruption("about to call " + api, false, null);
        }
        try {
            return call.run();
        } catch (WxErrorException | RuntimeException e) {
            Exception classified = errors.classify(api, e, mayHaveActed, clock.instant());
            log.warn("WeChat call {} on {} failed: {}", api, id, classified.getMessage());
            throw rethrow(classified);
        }
    }

    private static RuntimeException rethrow(Exception classified) throws RetryLaterException, GiveUpException {
        if (classified instanceof RetryLaterException retry) {
            throw retry;
        }
        if (classified instanceof GiveUpException giveUp) {
            throw giveUp;
        }
        return new IllegalStateException(classified);
    }

    /** A value saved in progress; an empty value counts as cleared. */
    private static Optional<String> value(DeliveryProgress progress, String key) {
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

    private static String sniff(byte[] bytes) {
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P') {
            return "image/png";
        }
        if (bytes.length > 3 && bytes[0] == 'G' && bytes[1] == 'I') {
            return "image/gif";
        }
        return "image/jpeg";
    }

    @Override
    public String toString() {
        return "WeChatChannel[" + id + ", appId=" + settings.appId() + "]";
    }

    @FunctionalInterface
    interface WxCall<T> {
        T run() throws WxErrorException;
    }

    @FunctionalInterface
    interface FileCall<T> {
        T apply(Path file) throws RetryLaterException, GiveUpException;
    }
}
