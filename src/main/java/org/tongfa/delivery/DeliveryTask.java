package org.tongfa.delivery;

/**
 * A claimed delivery on its way through the channel's route: the ledger row, the channel, what it is
 * sent, and, once the channel accepted it, the receipt.
 */
public final class DeliveryTask {

    private final Delivery row;
    private final Channel channel;
    private final Dispatch dispatch;
    private volatile DeliveryReceipt receipt;
    private volatile long acceptedAt;

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

    DeliveryReceipt receipt() {
        return receipt;
    }

    void receipt(DeliveryReceipt receipt) {
        this.receipt = receipt;
        this.acceptedAt = System.nanoTime();
    }

    /** {@link System#nanoTime} when the channel accepted the delivery. */
    long acceptedAt() {
        return acceptedAt;
    }

    @Override
    public String toString() {
        return "DeliveryTask[" + row.id() + " " + row.action() + " " + row.itemId() + " v" + row.itemVersion()
                + " -> " + row.channel() + "]";
    }
}
