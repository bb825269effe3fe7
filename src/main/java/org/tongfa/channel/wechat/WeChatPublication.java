package org.tongfa.channel.wechat;

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
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;
import org.tongfa.delivery.Dispatch;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.ItemSnapshot;

/**
 * Takes one delivery through WeChat's publication, one {@link State} at a time: save the draft
 * ({@code draft/add}), submit it ({@code freepublish/submit}), then learn the job's outcome from the
 * {@code PUBLISHJOBFINISH} event the callback stored, or else by polling {@code freepublish/get}
 * within its quota of {@value #POLL_QUOTA_PER_DAY} calls a day.
 *
 * <p><b>Never twice.</b> The draft's media id and the publish id are saved in the delivery's
 * {@link DeliveryProgress} before the next step, so an attempt after a crash or timeout resumes. When
 * a submit's outcome is unknown (a timeout after sending), the next attempt first looks for the
 * article among the account's publications ({@code freepublish/batchget}); it submits again only when
 * the article is absent after {@link #UNKNOWN_SUBMIT_GRACE} and the draft is still in the draft box.
 */
final class WeChatPublication {

    static final int POLL_QUOTA_PER_DAY = 100;
    /** The status call counted against {@link #POLL_QUOTA_PER_DAY}. */
    static final String POLL_API = "freepublish/get";
    static final Duration UNKNOWN_SUBMIT_GRACE = Duration.ofMinutes(15);
    static final Duration GIVE_UP_WAITING_AFTER = Duration.ofHours(24);

    /** Progress key: the saved draft's media id. */
    static final String DRAFT = "wechat.draft-media-id";
    /** Progress key: when the last submit went out; cleared when WeChat refused it. */
    static final String SUBMIT_SENT = "wechat.submit-sent-at";
    /** Progress key: the publication job WeChat made of the submit. */
    static final String PUBLISH_ID = "wechat.publish-id";

    /**
     * Where a delivery's publication stands. It is read from the progress keys above, which are all
     * that is stored (as before the states had names), so a delivery that was under way when the
     * service was upgraded goes on from where it was.
     */
    enum State {
        /** Nothing of this delivery is on WeChat yet. */
        NEW,
        /** The draft is saved ({@link #DRAFT}), not yet submitted. */
        DRAFTED,
        /** A submit went out ({@link #SUBMIT_SENT}) and its answer never came: it may have gone through. */
        SUBMIT_UNCONFIRMED,
        /** WeChat made a publication job of the submit ({@link #PUBLISH_ID}); its outcome comes later. */
        SUBMITTED;

        static State of(DeliveryProgress progress) {
            if (WeChatChannel.saved(progress, PUBLISH_ID).isPresent()) {
                return SUBMITTED;
            }
            if (WeChatChannel.saved(progress, SUBMIT_SENT).isPresent()) {
                return SUBMIT_UNCONFIRMED;
            }
            return WeChatChannel.saved(progress, DRAFT).isPresent() ? DRAFTED : NEW;
        }
    }

    /** A publication job's state as WeChat numbers it: 0 published, 1 publishing, 2-6 failed or gone. */
    record JobStatus(int status, String articleId, String url, String failIdx) {
    }

    private static final Logger log = LoggerFactory.getLogger(WeChatPublication.class);

    private final String id;
    private final String appId;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatErrors errors;
    private final WeChatCalls calls;
    private final WeChatArticles articles;
    private final WeChatMassSend massSend;
    private final Clock clock;

    WeChatPublication(String id, String appId, WxMpService wx, WeChatStore store, WeChatErrors errors, WeChatCalls calls,
            WeChatArticles articles, WeChatMassSend massSend, Clock clock) {
        this.id = id;
        this.appId = appId;
        this.wx = wx;
        this.store = store;
        this.errors = errors;
        this.calls = calls;
        this.articles = articles;
        this.massSend = massSend;
        this.clock = clock;
    }

    /** Takes the publication one step further: awaiting WeChat, or delivered once the article is live. */
    DeliveryResult publish(Dispatch dispatch) throws DeliveryFailure {
        DeliveryProgress progress = dispatch.progress();
        Instant now = clock.instant();
        return switch (State.of(progress)) {
            case SUBMITTED -> outcome(dispatch, WeChatChannel.saved(progress, PUBLISH_ID).orElseThrow());
            case NEW, DRAFTED -> submit(dispatch, draft(dispatch), now);
            case SUBMIT_UNCONFIRMED -> resumeUnconfirmed(dispatch, draft(dispatch), now);
        };
    }

    /** The saved draft's media id, or a new draft saved now. */
    private String draft(Dispatch dispatch) throws DeliveryFailure {
        Optional<String> saved = WeChatChannel.saved(dispatch.progress(), DRAFT);
        if (saved.isPresent()) {
            return saved.get();
        }
        WxMpDraftArticles article = articles.article(dispatch);
        String draft = calls.call("draft/add", () -> wx.getDraftService().addDraft(new WxMpAddDraft(List.of(article))), true);
        String mediaId = unquote(draft);
        dispatch.progress().put(DRAFT, mediaId);
        log.info("Delivery {} to {}: draft {} saved", dispatch.deliveryId(), id, mediaId);
        return mediaId;
    }

    /** After a submit with no answer: the article it made if listed, else a wait, else a second submit. */
    private DeliveryResult resumeUnconfirmed(Dispatch dispatch, String mediaId, Instant now) throws DeliveryFailure {
        Instant sentAt = Instant.parse(WeChatChannel.saved(dispatch.progress(), SUBMIT_SENT).orElseThrow());
        Optional<DeliveryReceipt> found = findPublished(dispatch.item(), sentAt);
        if (found.isPresent()) {
            // Remember it as a finished job (its publish id never reached us) for later updates.
            String job = "found:" + found.get().remoteId();
            store.saveJob(appId, job, dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), now);
            store.savePublishResult(appId, job,
                    new WeChatStore.PublishResult(0, found.get().remoteId(), found.get().remoteUrl(), null), now);
            log.info("Delivery {} to {}: the earlier submit went through, article {}", dispatch.deliveryId(), id,
                    found.get().remoteId());
            massSend.pushToFollowers(dispatch, mediaId, found.get());
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
        return submit(dispatch, mediaId, now);
    }

    private DeliveryResult submit(Dispatch dispatch, String mediaId, Instant now) throws DeliveryFailure {
        DeliveryProgress progress = dispatch.progress();
        progress.put(SUBMIT_SENT, now.toString());
        String submitted = calls.call("freepublish/submit", () -> wx.getFreePublishService().submit(mediaId), true,
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
        store.saveJob(appId, published, dispatch.item().itemId(), dispatch.item().version(), dispatch.deliveryId(), now);
        log.info("Delivery {} to {}: draft {} submitted as publish job {}", dispatch.deliveryId(), id, mediaId, published);
        return DeliveryResult.awaiting("wechat channel " + id + ": awaiting PUBLISHJOBFINISH for publish job "
                + published, Duration.ofMinutes(1));
    }

    /** Completes a submitted publication from the callback's result, else by polling within quota. */
    private DeliveryResult outcome(Dispatch dispatch, String publishId) throws DeliveryFailure {
        Instant now = clock.instant();
        Instant sentAt = WeChatChannel.saved(dispatch.progress(), SUBMIT_SENT).map(Instant::parse).orElse(now);
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
        return finish(dispatch, publishId, s);
    }

    /**
     * A job's state from the callback's record, else from {@code freepublish/get}; empty when today's
     * quota of that call is spent (then only the callback can tell).
     */
    Optional<JobStatus> jobStatus(String publishId) throws DeliveryFailure {
        Optional<WeChatStore.PublishResult> pushed = store.publishResult(appId, publishId);
        if (pushed.isPresent()) {
            WeChatStore.PublishResult r = pushed.get();
            return Optional.of(new JobStatus(r.status(), r.articleId(), r.articleUrl(), r.failIdx()));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), BeijingTime.ZONE);
        if (!store.takeCall(appId, POLL_API, today, POLL_QUOTA_PER_DAY)) {
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
            store.savePublishResult(appId, publishId,
                    new WeChatStore.PublishResult(code, status.getArticle_id(), url, failIdx), clock.instant());
        }
        return Optional.of(new JobStatus(code, status.getArticle_id(), url, failIdx));
    }

    private DeliveryResult finish(Dispatch dispatch, String publishId, JobStatus job) throws DeliveryFailure {
        if (job.status() == 0) {
            log.info("Delivery {} to {}: publish job {} finished, article {}", dispatch.deliveryId(), id, publishId,
                    job.articleId());
            DeliveryReceipt receipt = new DeliveryReceipt(job.articleId(), job.url());
            massSend.pushToFollowers(dispatch, WeChatChannel.saved(dispatch.progress(), DRAFT).orElse(null), receipt);
            return receipt;
        }
        if (job.status() == 1) {
            // Check back less often as the wait grows: the poll quota is shared by every delivery.
            long minutes = Math.min(30, 1L << Math.min(5, Math.max(0, dispatch.attempt() - 1)));
            return DeliveryResult.awaiting("wechat channel " + id + ": publish job " + publishId
                    + " still publishing", Duration.ofMinutes(minutes));
        }
        String failIdx = job.failIdx();
        throw new GiveUpException("wechat channel " + id + ": publish job " + publishId + " failed with status "
                + job.status() + (failIdx == null || failIdx.isEmpty() || failIdx.equals("[]") ? "" : " (articles " + failIdx + ")")
                + ": " + publishFailure(job.status()));
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
    private Optional<DeliveryReceipt> findPublished(ItemSnapshot item, Instant sentAt) throws DeliveryFailure {
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
}
