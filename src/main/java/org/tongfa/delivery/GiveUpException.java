package org.tongfa.delivery;

/**
 * A failure retrying cannot cure: the partner refused the item ({@link Reason#PERMANENT}: a 4xx with a
 * reason, a rule the item breaks), so the delivery becomes FAILED and an editor may fix the item or
 * retry by hand; or the partner's endpoint is gone for good ({@link Reason#PARTNER_GONE}, HTTP 410),
 * so the channel is disabled too, until an operator enables it again.
 */
public final class GiveUpException extends DeliveryFailure {

    /** The partner refused this item. */
    public GiveUpException(String message) {
        this(message, Reason.PERMANENT);
    }

    private GiveUpException(String message, Reason reason) {
        super(message, reason, null, null);
    }

    /** The partner's endpoint is gone: the channel stops receiving deliveries. */
    public static GiveUpException partnerGone(String message) {
        return new GiveUpException(message, Reason.PARTNER_GONE);
    }
}
