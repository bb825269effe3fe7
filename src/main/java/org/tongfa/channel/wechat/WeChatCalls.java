package org.tongfa.channel.wechat;

import java.nio.channels.ClosedByInterruptException;
import java.time.Clock;
import java.util.OptionalInt;
import me.chanjar.weixin.common.error.WxErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.DeliveryFailure;
import org.tongfa.delivery.RetryLaterException;

/**
 * Makes one WxJava call for one channel and turns whatever it throws into the core's
 * {@link DeliveryFailure}, through {@link WeChatErrors}. It never retries and never sleeps. An
 * interrupt (the service stopping) always becomes a retry later that keeps the thread's interrupt.
 */
final class WeChatCalls {

    private static final Logger log = LoggerFactory.getLogger(WeChatCalls.class);

    private final String channelId;
    private final WeChatErrors errors;
    private final Clock clock;

    WeChatCalls(String channelId, WeChatErrors errors, Clock clock) {
        this.channelId = channelId;
        this.errors = errors;
        this.clock = clock;
    }

    /**
     * One WxJava call, its failures classified.
     *
     * @param api the WeChat API, such as {@code freepublish/submit}, for messages
     * @param mayHaveActed whether a transport failure after sending leaves the outcome unknown
     */
    <T> T call(String api, WxCall<T> call, boolean mayHaveActed) throws DeliveryFailure {
        return call(api, call, mayHaveActed, (failure, errcode) -> { });
    }

    /**
     * One WxJava call, its failures classified; {@code onFailure} sees each failure, with WeChat's
     * errcode when WeChat answered one, before it is thrown.
     */
    <T> T call(String api, WxCall<T> call, boolean mayHaveActed, OnFailure onFailure) throws DeliveryFailure {
        if (Thread.currentThread().isInterrupted()) {
            // Nothing sent yet: say so, rather than let the call fail half-way with its outcome unknown.
            RetryLaterException notSent = retryAfterInterruption("about to call " + api, false, null);
            onFailure.failed(notSent, OptionalInt.empty());
            throw notSent;
        }
        try {
            return call.run();
        } catch (WxErrorException | RuntimeException e) {
            DeliveryFailure classified = errors.classify(api, e, mayHaveActed, clock.instant());
            log.warn("WeChat call {} on {} failed: {}", api, channelId, classified.getMessage());
            onFailure.failed(classified, WeChatErrors.errcode(e));
            throw classified;
        }
    }

    /**
     * An attempt cut short by an interrupt (the service is stopping): retried later, never failed,
     * with the interrupt kept for the thread's owner. {@code outcomeUnknown} when a call to WeChat may
     * have been under way.
     */
    RetryLaterException retryAfterInterruption(String what, boolean outcomeUnknown, Throwable cause) {
        Thread.currentThread().interrupt();
        log.info("WeChat channel {} interrupted while {}; the delivery is tried again later", channelId, what);
        String message = "wechat channel " + channelId + ": interrupted while " + what
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

    /** A call to WeChat through WxJava. */
    @FunctionalInterface
    interface WxCall<T> {
        T run() throws WxErrorException;
    }

    /** What a caller does about a failed call before it is thrown (such as forget a draft WeChat lost). */
    @FunctionalInterface
    interface OnFailure {
        void failed(DeliveryFailure failure, OptionalInt errcode);
    }
}
