package org.tongfa.channel.wechat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.bean.WxMpMassTagMessage;
import me.chanjar.weixin.mp.bean.result.WxMpMassSendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.DeliveryProgress;
import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.Dispatch;

/**
 * Pushes an article just published to every follower (群发, {@code message/mass/sendall} with the
 * draft's media id), when {@code mass-send} is on and this is the item's first publication on the
 * account (a {@code PUBLISH} delivery; never an update or a retraction). At most once per item: the
 * push is claimed in {@code wechat_mass_send} and noted in the delivery's progress ({@link #MASS_SEND})
 * before the call, and a call whose outcome is unknown is never made again. It never fails the
 * delivery: the article is already live. When the account's quota (subscription: 1 a day; service: 4
 * a month, Beijing calendar) is spent, here or by WeChat's 45028, the push is skipped and said so.
 */
final class WeChatMassSend {

    /** The progress key of the push of this delivery; its value is a {@link State}'s {@link State#progress}. */
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

    /**
     * Where the push of an item stands. The constant's name is what the {@code wechat_mass_send.status}
     * column holds ({@link State#ALREADY} never stands there); {@link #progress} is what the delivery's
     * progress holds under {@link #MASS_SEND}. Both encodings are the ones earlier versions wrote, so a
     * push under way across an upgrade is read back as it was left.
     */
    enum State {
        /** Claimed; in progress ({@code sending}) the call is out, or was when an attempt died in it. */
        PENDING("sending"),
        /** Pushed; progress {@code sent:<msg_id>} when this delivery pushed, {@code sent} when read back. */
        SENT("sent"),
        /** Not pushed: the account's quota was spent. */
        SKIPPED_QUOTA("skipped-quota"),
        /** The push may or may not have gone out; it is never made again. */
        UNKNOWN("unknown"),
        /** WeChat refused the push; the article is live all the same. */
        FAILED("failed"),
        /** Progress only: the item was pushed, or considered, by another delivery. */
        ALREADY("already");

        /** The progress value of this state. */
        final String progress;

        State(String progress) {
            this.progress = progress;
        }

        /**
         * The state a progress value records. A value this version does not know is taken as a push
         * that may have gone out ({@link #UNKNOWN}): it is never made again.
         */
        static State ofProgress(String value) {
            for (State state : values()) {
                if (state.progress.equals(value)) {
                    return state;
                }
            }
            return value.startsWith(SENT.progress + ":") ? SENT : UNKNOWN;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(WeChatMassSend.class);

    private final String id;
    private final String appId;
    private final WeChatChannelProperties settings;
    private final WxMpService wx;
    private final WeChatStore store;
    private final WeChatErrors errors;
    private final Clock clock;

    WeChatMassSend(String id, WeChatChannelProperties settings, WxMpService wx, WeChatStore store, WeChatErrors errors,
            Clock clock) {
        this.id = id;
        this.appId = settings.appId();
        this.settings = settings;
        this.wx = wx;
        this.store = store;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * Pushes the article of {@code receipt}, saved as draft {@code draftMediaId} ({@code null} when the
     * delivery has none), to every follower if this delivery should; never throws.
     */
    void pushToFollowers(Dispatch dispatch, String draftMediaId, DeliveryReceipt receipt) {
        if (!settings.massSend() || dispatch.action() != Action.PUBLISH) {
            return;
        }
        DeliveryProgress progress = dispatch.progress();
        String itemId = dispatch.item().itemId();
        Instant now = clock.instant();
        Optional<State> earlier = WeChatChannel.saved(progress, MASS_SEND).map(State::ofProgress);
        if (earlier.isPresent()) {
            if (earlier.get() == State.PENDING) {
                resumeInterrupted(dispatch, now);
            }
            return;
        }
        if (draftMediaId == null) {
            log.warn("Delivery {} of item {} to {}: no draft media id to push to followers; not pushed",
                    dispatch.deliveryId(), itemId, id);
            progress.put(MASS_SEND, State.FAILED.progress);
            return;
        }
        if (!store.claimMassSend(appId, itemId, dispatch.deliveryId(), draftMediaId, now)) {
            log.info("Delivery {} of item {} to {}: item already pushed to followers (or skipped) by {}; not again",
                    dispatch.deliveryId(), itemId, id, store.massSend(appId, itemId).map(m -> "delivery "
                            + m.deliveryId() + " (" + m.status() + ")").orElse("another delivery"));
            progress.put(MASS_SEND, State.ALREADY.progress);
            return;
        }
        boolean service = settings.accountKind() == WeChatChannelProperties.AccountKind.SERVICE;
        LocalDate today = LocalDate.ofInstant(now, BeijingTime.ZONE);
        LocalDate window = service ? today.withDayOfMonth(1) : today;
        if (!store.takeCall(appId, MASS_API, window, service ? SERVICE_MASS_PER_MONTH : SUBSCRIPTION_MASS_PER_DAY)) {
            skippedForQuota(dispatch, receipt, service, "", now);
            return;
        }
        progress.put(MASS_SEND, State.PENDING.progress);
        send(dispatch, draftMediaId, receipt, service, window, now);
    }

    /** An earlier attempt of this delivery was making the push when it stopped. */
    private void resumeInterrupted(Dispatch dispatch, Instant now) {
        Optional<WeChatStore.MassSend> row = store.massSend(appId, dispatch.item().itemId());
        if (row.isPresent() && row.get().status() != State.PENDING) {
            // The outcome was recorded but the attempt stopped before noting it here.
            dispatch.progress().put(MASS_SEND, row.get().status().progress);
        } else {
            // An attempt sent the push and never learnt what happened (a crash): never push again.
            outcome(dispatch, State.UNKNOWN, State.UNKNOWN.progress, null, "群发结果未知（上次调用中断），不再重发，请在公众平台“发表记录”中核对。"
                    + " The outcome of the push to followers is unknown (the last attempt was interrupted);"
                    + " it is not sent again: check the account's records.", now);
        }
    }

    private void send(Dispatch dispatch, String draftMediaId, DeliveryReceipt receipt, boolean service, LocalDate window,
            Instant now) {
        String itemId = dispatch.item().itemId();
        WxMpMassTagMessage message = new WxMpMassTagMessage();
        message.setSendAll(true);
        message.setMsgType("mpnews");
        message.setMediaId(draftMediaId);
        message.setSendIgnoreReprint(false);
        // WeChat refuses a second push with the same clientmsgid (45065): a last guard against twice.
        message.setClientMsgId("tongfa-" + itemId);
        try {
            WxMpMassSendResult result = wx.getMassMessageService().massGroupMessageSend(message);
            String msgId = result == null ? null : result.getMsgId();
            outcome(dispatch, State.SENT, sent(msgId == null ? "" : msgId), msgId, null, now);
            log.info("Delivery {} of item {} to {}: article {} pushed to followers (群发), msg_id {}",
                    dispatch.deliveryId(), itemId, id, receipt.remoteId(), msgId);
        } catch (WxErrorException e) {
            int code = e.getError() == null ? 0 : e.getError().getErrorCode();
            boolean answered = e.getError() != null && code != -99 && code != -1 && !(e.getCause() instanceof IOException);
            if (answered && code == NO_MASS_QUOTA) {
                skippedForQuota(dispatch, receipt, service, " (WeChat errcode 45028)", now);
            } else if (answered && code == SAME_CLIENT_MSG_ID) {
                outcome(dispatch, State.SENT, sent(""), null, "WeChat errcode 45065: already pushed", now);
                log.info("Delivery {} of item {} to {}: WeChat says the item was already pushed to followers (45065)",
                        dispatch.deliveryId(), itemId, id);
            } else if (answered && code != SAME_CLIENT_MSG_ID_TOO_FAST) {
                store.releaseCall(appId, MASS_API, window);
                String why = errors.classify(MASS_API, e.getError(), now).getMessage();
                outcome(dispatch, State.FAILED, State.FAILED.progress, null, why, now);
                log.warn("Delivery {} of item {} to {}: 群发失败，文章已发表但未推送给关注者。 The article is live but was not"
                        + " pushed to followers: {}", dispatch.deliveryId(), itemId, id, why);
            } else {
                pushUnknown(dispatch, errors.classify(MASS_API, e, false, now).getMessage(), now);
            }
        } catch (RuntimeException e) {
            pushUnknown(dispatch, errors.classify(MASS_API, e, false, now).getMessage(), now);
        }
    }

    /** The progress value of a push this delivery made: {@code sent:<msg_id>}. */
    private static String sent(String msgId) {
        return State.SENT.progress + ":" + msgId;
    }

    private void skippedForQuota(Dispatch dispatch, DeliveryReceipt receipt, boolean service, String source, Instant now) {
        String note = (service ? "本月群发额度已用完（服务号每月 4 次），本篇未推送给关注者。" : "今日群发额度已用完（订阅号每天 1 次），本篇未推送给关注者。")
                + " Mass-send quota spent for this " + (service ? "month (service account: 4 a month)" : "day (subscription account: 1 a day)")
                + ": not pushed to followers; the article is published" + source + ".";
        outcome(dispatch, State.SKIPPED_QUOTA, State.SKIPPED_QUOTA.progress, null, note, now);
        log.warn("Delivery {} of item {} to {}: {} Article {} {}", dispatch.deliveryId(), dispatch.item().itemId(), id,
                note, receipt.remoteId(), receipt.remoteUrl() == null ? "" : receipt.remoteUrl());
    }

    private void pushUnknown(Dispatch dispatch, String why, Instant now) {
        String note = "群发调用结果未知，为避免重复推送不再重发，请在公众平台核对。 The push to followers may or may not have"
                + " gone out; it is not sent again, to never push twice: check the account's records. " + why;
        outcome(dispatch, State.UNKNOWN, State.UNKNOWN.progress, null, note, now);
        log.warn("Delivery {} of item {} to {}: {}", dispatch.deliveryId(), dispatch.item().itemId(), id, note);
    }

    private void outcome(Dispatch dispatch, State state, String progressValue, String msgId, String note, Instant now) {
        store.finishMassSend(appId, dispatch.item().itemId(), state, msgId, note, now);
        dispatch.progress().put(MASS_SEND, progressValue);
    }
}
