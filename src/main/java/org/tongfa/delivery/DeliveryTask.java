package org.tongfa.delivery;

/**
 * A claimed delivery on its way through the channel's route (the Camel body between loading and the
 * attempt): the ledger row ({@link Delivery}), the channel it goes to, and what that channel is sent
 * ({@link Dispatch}). It lives for one attempt only; the row is the memory.
 */
public final class DeliveryTask {

    private final Delivery row;
    private final Channel channel;
    private final Dispatch dispatch;

    DeliveryTask(Delivery row, Channel channel, Dispatch dispatch) {
        this.row = row;
        this.channel = channel;
        this.dispatch = dispatch;
    }

    public Delivery row() {
        return row;
    }

    Channel channel() {
        return channel;
    }

    Dispatch dispatch() {
        return dispatch;
    }

    @Override
    public String toString() {
        return "DeliveryTask[" + row.id() + " " + row.action() + " " + row.itemId() + " v" + row.itemVersion()
                + " -> " + row.channel() + "]";
    }
}
