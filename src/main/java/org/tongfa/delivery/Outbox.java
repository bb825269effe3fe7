package org.tongfa.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the item feature calls to hand work to the channels. Must be called inside the transaction
 * that changes the item: the ledger rows commit with it or not at all, and the channels are woken only
 * after the commit so a worker never looks for a row that is not yet visible.
 */
@Service
public class Outbox {

    private final DeliveryLedger ledger;
    private final ChannelRegistry registry;
    private final ChannelWaker waker;

    public Outbox(DeliveryLedger ledger, ChannelRegistry registry, ChannelWaker waker) {
        this.ledger = ledger;
        this.registry = registry;
        this.waker = waker;
    }

    /**
     * Queues a release of an item version to every target: its first publication there, or an update
     * of what the target holds (the worker tells which when it loads the row). Channels disabled by
     * configuration are skipped.
     *
     * @return the channels that got a delivery row
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<String> release(String itemId, int version, Collection<String> targets, Instant now) {
        Set<String> channels = running(targets);
        ledger.enqueuePublish(itemId, version, channels, now);
        wakeAfterCommit(channels);
        return channels;
    }

    /**
     * Withdraws an item from the given channels: waiting publications are cancelled and channels that
     * may already hold it get a retraction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> retract(String itemId, int version, Collection<String> targets, String reason, Instant now) {
        List<String> queued = ledger.enqueueRetract(itemId, version, targets, running(targets),
                reason, now);
        wakeAfterCommit(queued);
        return queued;
    }

    private Set<String> running(Collection<String> targets) {
        Set<String> running = new TreeSet<>();
        for (String id : targets) {
            registry.channel(id).ifPresent(c -> running.add(id));
        }
        return running;
    }

    private void wakeAfterCommit(Collection<String> channels) {
        if (channels.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(channels);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                copy.forEach(waker::wake);
            }
        });
    }
}
