package org.tongfa.delivery;

/**
 * A permanent failure: the remote side refused the item (a 4xx with a reason, a rule the item breaks),
 * so retrying cannot help. The delivery becomes FAILED; an editor may fix the item or retry by hand.
 *
 * <p>With {@code disableChannel} the remote side said the endpoint is gone for good (HTTP 410): the
 * channel is disabled until an operator enables it again.
 */
public class GiveUpException extends Exception {

    private final boolean disableChannel;

    public GiveUpException(String reason) {
        this(reason, false);
    }

    public GiveUpException(String reason, boolean disableChannel) {
        super(reason);
        this.disableChannel = disableChannel;
    }

    /** Whether the channel itself must stop receiving deliveries. */
    public boolean disableChannel() {
        return disableChannel;
    }
}
