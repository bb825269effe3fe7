package org.tongfa.console.editor;

import org.tongfa.item.ItemStatus;

/** An item's state as the console shows it: a Chinese word, with a status class whose icon repeats it. */
final class ItemStates {

    private ItemStates() {
    }

    /** The state's word: 草稿, 审核中, 已退回, 已通过, 已定时, 已发布, 已撤回. */
    static String label(ItemStatus status) {
        return switch (status) {
            case DRAFT -> "草稿";
            case IN_REVIEW -> "审核中";
            case RETURNED -> "已退回";
            case APPROVED -> "已通过";
            case SCHEDULED -> "已定时";
            case PUBLISHED -> "已发布";
            case RETRACTED -> "已撤回";
        };
    }

    /** The {@code .status} class of console.css (its icon): ok, warn, wait or off. */
    static String css(ItemStatus status) {
        return switch (status) {
            case APPROVED, PUBLISHED -> "ok";
            case RETURNED -> "warn";
            case IN_REVIEW, SCHEDULED -> "wait";
            case DRAFT, RETRACTED -> "off";
        };
    }
}
