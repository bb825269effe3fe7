package org.tongfa.delivery;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells this node's listeners that ledger rows changed, once the change is visible: the ledger calls
 * {@link #rows} and {@link #items} after each status-changing statement, and a {@link Changed} event is
 * published after the surrounding transaction commits (at once when there is none), one event per
 * transaction however many rows it touched, and none after a rollback. The event is published on the
 * thread that committed (a delivery worker's, a request's): listeners must hand it off quickly.
 *
 * <p>In-process only: a change made by another node sharing the database is not announced here.
 */
@Component
public class DeliveryChanges {

    /**
     * Rows that changed: by id, and every row of an item where the ledger changed several at once.
     *
     * @param deliveryIds ledger rows that changed
     * @param itemIds items some of whose rows changed
     */
    public record Changed(Set<Long> deliveryIds, Set<String> itemIds) {
    }

    /** Nobody listens: for a ledger built by hand in a test. */
    static final DeliveryChanges NONE = new DeliveryChanges(event -> { });

    private final ApplicationEventPublisher events;

    DeliveryChanges(ApplicationEventPublisher events) {
        this.events = events;
    }

    void rows(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            add(ids, null);
        }
    }

    void row(long id) {
        add(Set.of(id), null);
    }

    void item(String itemId) {
        add(Set.of(), itemId);
    }

    private void add(Collection<Long> ids, String itemId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            // Outside a transaction the statement has committed already.
            publish(new Changed(new LinkedHashSet<>(ids), itemId == null ? Set.of() : Set.of(itemId)));
            return;
        }
        Changed bound = (Changed) TransactionSynchronizationManager.getResource(this);
        if (bound == null) {
            bound = new Changed(new LinkedHashSet<>(), new LinkedHashSet<>());
            Changed collected = bound;
            TransactionSynchronizationManager.bindResource(this, collected);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publish(collected);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DeliveryChanges.this);
                }
            });
        }
        bound.deliveryIds().addAll(ids);
        if (itemId != null) {
            bound.itemIds().add(itemId);
        }
    }

    private void publish(Changed changed) {
        events.publishEvent(new Changed(Set.copyOf(changed.deliveryIds()), Set.copyOf(changed.itemIds())));
    }
}
