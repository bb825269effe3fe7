package org.tongfa.console.delivery;

import org.tongfa.console.ConsoleTimes;
import org.tongfa.delivery.Action;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryDesk;
import org.tongfa.delivery.DeliveryStatus;

/**
 * One cell of the delivery matrix: where one channel stands with one item (its latest ledger row), as the
 * page shows it and the live stream re-renders it under the same {@link #domId()}.
 *
 * @param domId the cell's element id, stable across renders
 * @param itemId the item
 * @param channel the channel id
 * @param deliveryId the ledger row, or {@code null} when the item never went to this channel
 * @param state the state in Chinese (待发送, 已送达...)
 * @param tone the badge's class ({@code ok bad warn wait off}); the word says it, the icon repeats it
 * @param attempts attempts made
 * @param nextAttempt when a waiting delivery is next tried, Beijing time, or empty
 * @param remoteUrl where readers find it (the page, the WeChat article), or {@code null}
 * @param error the last error in Chinese, or {@code null}
 * @param retryable FAILED, DEAD, or waiting after a failed attempt: an operator may retry it (now)
 * @param checkable waiting after an unknown outcome: an operator may have it checked now
 */
public record MatrixCell(String domId, String itemId, String channel, Long deliveryId, String state, String tone,
        int attempts, String nextAttempt, String remoteUrl, DeliveryErrors.Shown error, boolean retryable,
        boolean checkable) {

    /** The cell of an item on a channel it was never sent to. */
    static MatrixCell empty(String itemId, String channel) {
        return new MatrixCell(domId(itemId, channel), itemId, channel, null, "未投放", "off", 0, "", null, null, false, false);
    }

    static MatrixCell of(Delivery d, ConsoleTimes times) {
        boolean retract = d.action() == Action.RETRACT;
        String state;
        String tone;
        boolean unknown = DeliveryDesk.outcomeUnknown(d);
        switch (d.status()) {
            case PENDING:
                if (unknown) {
                    state = "结果未知";
                    tone = "warn";
                } else if (d.attempts() > d.retryFrom()) {
                    state = retract ? "撤回失败待重试" : "失败待重试";
                    tone = "warn";
                } else {
                    state = retract ? "待撤回" : "待发送";
                    tone = "wait";
                }
                break;
            case IN_PROGRESS:
                state = retract ? "撤回中" : "发送中";
                tone = "wait";
                break;
            case DELIVERED:
                state = retract ? "已撤回" : "已送达";
                tone = "ok";
                break;
            case FAILED:
                state = retract ? "撤回失败" : "失败";
                tone = "bad";
                break;
            case DEAD:
                state = retract ? "撤回已放弃" : "已放弃";
                tone = "bad";
                break;
            case RETRACTED:
                state = "已撤回";
                tone = "off";
                break;
            default: // SUPERSEDED
                state = "已被取代";
                tone = "off";
                break;
        }
        boolean failed = d.status() == DeliveryStatus.FAILED || d.status() == DeliveryStatus.DEAD
                || d.status() == DeliveryStatus.PENDING && d.attempts() > d.retryFrom() && !unknown;
        String url = retract || d.status() != DeliveryStatus.DELIVERED ? null : web(d.remoteUrl());
        return new MatrixCell(domId(d.itemId(), d.channel()), d.itemId(), d.channel(), d.id(), state, tone, d.attempts(),
                d.status() == DeliveryStatus.PENDING ? times.minute(d.nextAttemptAt()) : "", url,
                d.status() == DeliveryStatus.DELIVERED ? null : DeliveryErrors.show(d.lastError()), failed, unknown);
    }

    /** Only a link a browser may follow from the console (the folder channel reports file: paths). */
    private static String web(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }

    static String domId(String itemId, String channel) {
        return "cell-" + safe(itemId) + "-" + safe(channel);
    }

    private static String safe(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
