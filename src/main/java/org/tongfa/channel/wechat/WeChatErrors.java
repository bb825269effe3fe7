package org.tongfa.channel.wechat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.Set;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import org.tongfa.common.BeijingTime;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.GiveUpException;
import org.tongfa.delivery.RetryLaterException;

/**
 * Turns what WxJava throws into the core's two failure kinds, with messages an operator can act on
 * in Chinese and English. Messages never carry the secret or an access token ({@link #scrub}).
 */
final class WeChatErrors {

    /** Token errors; WxJava has already refreshed the token and retried once when these reach us. */
    private static final Set<Integer> TOKEN = Set.of(40001, 42001, 40014);
    /** Length and content errors of an article: the item itself must change. */
    private static final Set<Integer> TOO_LONG = Set.of(45002, 45003, 45004, 45005, 45008, 45166);

    /** WxJava reports an empty response body as errcode -99 (无响应内容). */
    private static final int NO_CONTENT = -99;
    /** 40007: the media id (a material or a draft) is not, or no longer, on WeChat. */
    static final int INVALID_MEDIA_ID = 40007;

    private final String channelId;
    private final String secret;

    WeChatErrors(String channelId, String secret) {
        this.channelId = channelId;
        this.secret = secret;
    }

    /**
     * Classifies a failed call.
     *
     * @param api the WeChat API, such as {@code freepublish/submit}
     * @param mayHaveActed whether a transport failure after sending leaves the outcome unknown (a
     *     non-idempotent call)
     */
    DeliveryFailure classify(String api, Throwable e, boolean mayHaveActed, Instant now) {
        if (WeChatCalls.interrupted(e)) {
            // The service is stopping: WxJava reports an interrupted call as a network error or even as
            // an empty answer (-99), but nothing is wrong with WeChat or the item. Keep the interrupt.
            Thread.currentThread().interrupt();
            return retry(what(api) + " was interrupted (the service is stopping); tried again later"
                    + (mayHaveActed ? "; WeChat may have acted on it, the next attempt checks first" : ""),
                    mayHaveActed, WeChatCalls.asInterruption(e));
        }
        if (e instanceof WxErrorException wx && wx.getError() != null && wx.getError().getErrorCode() == NO_CONTENT) {
            // WxJava's code for an empty answer (an HTTP 5xx without a body): nothing was confirmed.
            return retry(what(api) + " got an empty answer from WeChat"
                    + (mayHaveActed ? "; WeChat may have acted on it, the next attempt checks first" : ""),
                    mayHaveActed, null);
        }
        if (e instanceof WxErrorException wx && wx.getError() != null && !(wx.getCause() instanceof IOException)) {
            return classify(api, wx.getError(), now);
        }
        IOException io = findIo(e);
        if (io != null) {
            boolean timeout = io instanceof InterruptedIOException;
            return retry(what(api) + (timeout ? " timed out" : " failed on the network")
                    + " (" + scrub(io.getClass().getSimpleName() + ": " + io.getMessage()) + ")"
                    + (mayHaveActed ? "; WeChat may have acted on it, the next attempt checks first" : ""),
                    mayHaveActed, null);
        }
        // WxRuntimeException (errcode -1 with WxJava's retry off), an HTML error page or an empty 5xx
        // body that WxJava could not parse: all transient, and for a non-idempotent call, unknown.
        return retry(what(api) + " failed: WeChat is busy or answered with an error page ("
                + scrub(e.getClass().getSimpleName() + ": " + e.getMessage()) + ")", mayHaveActed, null);
    }

    /** A transient failure; for a call WeChat may have acted on, one whose outcome is unknown. */
    private static RetryLaterException retry(String message, boolean mayHaveActed, Throwable cause) {
        return mayHaveActed ? RetryLaterException.outcomeUnknown(message, cause) : new RetryLaterException(message, cause);
    }

    /**
     * The errcode WeChat answered a failed call with; empty when WeChat did not answer one (the network
     * failed, the answer was empty or unreadable, or the call was interrupted). The errcode is what
     * callers decide on, never the message text.
     */
    static OptionalInt errcode(Throwable e) {
        if (WeChatCalls.interrupted(e) || !(e instanceof WxErrorException wx) || wx.getError() == null
                || wx.getError().getErrorCode() == NO_CONTENT || wx.getCause() instanceof IOException) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(wx.getError().getErrorCode());
    }

    /** Classifies WeChat's answer {@code error} to a call of {@code api}. */
    DeliveryFailure classify(String api, WxError error, Instant now) {
        int code = error.getErrorCode();
        String detail = what(api) + " answered errcode " + code + " (" + scrub(error.getErrorMsg()) + ")";
        if (code == -1) {
            return new RetryLaterException(detail + ": WeChat is busy");
        }
        if (TOKEN.contains(code)) {
            return new RetryLaterException(detail + ": access token still refused after one refresh");
        }
        if (code == 45009) {
            return RetryLaterException.rateLimited(detail + ": 接口调用超过每日限额，零点后再试。 Daily API quota reached; "
                    + "retrying after midnight Beijing time.", untilTomorrow(now));
        }
        if (code == 45011) {
            return RetryLaterException.rateLimited(detail + ": 接口调用过于频繁。 API called too often; retrying in a minute.",
                    Duration.ofMinutes(1));
        }
        String advice = switch (code) {
            case 48001 -> "公众号未获得该接口权限（未认证或未开通发布能力），请在微信公众平台完成认证并确认接口权限。"
                    + " The account is not authorised for this API (not verified, or publishing not granted):"
                    + " verify the account and check its API permissions in the WeChat Official Accounts Platform.";
            case 40164 -> "本服务的出口 IP 不在公众号的 IP 白名单中，请在公众平台“设置与开发 > 基本配置 > IP白名单”中添加。"
                    + " This service's egress IP is not whitelisted: add it under Settings and Development >"
                    + " Basic Configuration > IP whitelist in the WeChat Official Accounts Platform.";
            case INVALID_MEDIA_ID -> "素材或草稿的 media_id 无效（可能已被删除），请重试投递以重新上传。"
                    + " Invalid media_id (the material or draft was deleted on WeChat): retry the delivery to upload again.";
            case 40125, 40013, 41004 -> "AppID 或 AppSecret 不正确，请检查 tongfa.channels." + channelId + ".app-id / secret。"
                    + " Wrong AppID or AppSecret: check tongfa.channels." + channelId + ".app-id and .secret.";
            default -> TOO_LONG.contains(code)
                    ? "标题、作者、摘要或正文超出微信限制，请缩短或为微信渠道单独设置标题/摘要。"
                            + " Title, author, summary or body exceeds WeChat's limits: shorten it or give the item"
                            + " a WeChat title/summary override."
                    : "请对照微信全局返回码说明处理。 See WeChat's global return codes for this errcode.";
        };
        return new GiveUpException(detail + ": " + advice);
    }

    private String what(String api) {
        return "wechat channel " + channelId + ": " + api;
    }

    /** Removes anything that could be a credential from text bound for logs and the ledger. */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("(access_token|secret)=[^&\\s\"]*", "$1=***");
        if (secret != null && !secret.isEmpty()) {
            clean = clean.replace(secret, "***");
        }
        return clean;
    }

    /** Until just after the next midnight Beijing time, when WeChat's daily quotas reset. */
    static Duration untilTomorrow(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, BeijingTime.ZONE).plusDays(1).atStartOfDay(BeijingTime.ZONE)
                .toInstant();
        return Duration.between(now, midnight).plusMinutes(1);
    }

    private static IOException findIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
