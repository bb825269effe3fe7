package org.tongfa.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.tongfa.delivery.DeliveryReceipt;
import org.tongfa.delivery.DeliveryResult;

/** Asserts which {@link DeliveryResult} a channel answered, and hands it over typed. */
public final class DeliveryResults {

    private DeliveryResults() {
    }

    /** The receipt, failing the test when the channel answered anything else. */
    public static DeliveryReceipt delivered(DeliveryResult result) {
        assertThat(result).as("the channel's answer").isInstanceOf(DeliveryReceipt.class);
        return (DeliveryReceipt) result;
    }

    /** The wait, failing the test when the channel answered anything else. */
    public static DeliveryResult.Awaiting awaiting(DeliveryResult result) {
        assertThat(result).as("the channel's answer").isInstanceOf(DeliveryResult.Awaiting.class);
        return (DeliveryResult.Awaiting) result;
    }
}
