package org.tongfa.delivery;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** {@link PartnerReports} on the ledger: finds the delivery by its saved progress and expedites it. */
@Component
class LedgerPartnerReports implements PartnerReports {

    private final DeliveryProgressStore progress;
    private final DeliveryLedger ledger;
    private final ChannelWaker waker;
    private final Clock clock;

    LedgerPartnerReports(DeliveryProgressStore progress, DeliveryLedger ledger, ChannelWaker waker, Clock clock) {
        this.progress = progress;
        this.ledger = ledger;
        this.waker = waker;
        this.clock = clock;
    }

    @Override
    public void finished(String channelId, String step, String remoteId) {
        progress.findDelivery(channelId, step, remoteId).ifPresent(id -> ledger.expedite(id, clock.instant()));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    waker.wake(channelId);
                }
            });
        } else {
            waker.wake(channelId);
        }
    }
}
