package org.tongfa.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the successes of deliveries that end at the same moment in one transaction (group commit),
 * without making any of them wait for a batch to fill.
 *
 * <p>A worker whose partner answered queues its success and, if no other worker is committing, commits
 * everything queued at that moment, its own included; one that finds a commit under way waits for it,
 * then finds its success committed in the next batch (by itself or another waiter). So no success waits
 * longer than the commit under way when it arrived plus its own: under light load each is its own
 * batch, as before; under a burst a commit carries every success that arrived meanwhile. The window
 * between a partner's answer and its record (in which a crash makes the row be sent again, under the
 * same key) is not widened by a timer, only by at most one commit of others' rows.
 *
 * <p>Each row keeps its own guard ({@link DeliveryLedger#markDelivered(Delivery, String, String, Instant)}:
 * only the holder of the attempt may complete it), so a batch answers row by row. Should the batch's
 * transaction fail as a whole (a database error, a receipt the database refuses), nothing of it was
 * recorded and every worker in it records its own success alone, as it would have without the batch.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** At most this many successes in one transaction. */
    static final int MAX_BATCH = 64;

    /** A queued success and, once its batch committed (or failed), its answer. */
    static final class Entry {
        final DeliveryLedger.Success success;
        private boolean done;
        /** The ledger's answer; {@code null} when the batch failed and the worker must record it alone. */
        private Boolean recorded;

        Entry(DeliveryLedger.Success success) {
            this.success = success;
        }
    }

    private final DeliveryLedger ledger;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final Object turn = new Object();
    private boolean committing;

    GroupCommit(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * Records the success in a batch.
     *
     * @return whether the row was this attempt's to complete (as {@link DeliveryLedger#markDelivered}
     *     answers), or {@code null} when the batch could not be committed: nothing of it was recorded,
     *     and the caller records the success alone
     */
    Boolean record(Delivery row, String remoteId, String remoteUrl, Instant now) {
        Entry mine = new Entry(new DeliveryLedger.Success(row, remoteId, remoteUrl, now));
        queue.add(mine);
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (turn) {
                    while (!mine.done && committing) {
                        try {
                            turn.wait();
                        } catch (InterruptedException e) {
                            // The success is queued and a committer may be carrying it: its answer must be waited
                            // for, or the row could be recorded twice. A commit takes milliseconds.
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        return mine.recorded;
                    }
                    committing = true;
                }
                try {
                    // Takes what is queued in order: this one too, unless more than a batch was ahead of it.
                    commitQueued();
                } finally {
                    synchronized (turn) {
                        committing = false;
                        turn.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Successes waiting for a commit (not those of the commit under way). */
    int queued() {
        return queue.size();
    }

    private void commitQueued() {
        List<Entry> batch = new ArrayList<>();
        for (Entry e; batch.size() < MAX_BATCH && (e = queue.poll()) != null; ) {
            batch.add(e);
        }
        Boolean[] answers = new Boolean[batch.size()];
        try {
            boolean[] recorded = ledger.markDelivered(batch.stream().map(e -> e.success).toList());
            for (int i = 0; i < answers.length; i++) {
                answers[i] = recorded[i];
            }
        } catch (RuntimeException failed) {
            // Rolled back whole: each worker records its own, with its own handling of what the database refuses.
            log.debug("Recording {} successes together failed; each is recorded alone", batch.size(), failed);
        }
        synchronized (turn) {
            for (int i = 0; i < answers.length; i++) {
                batch.get(i).recorded = answers[i];
                batch.get(i).done = true;
            }
        }
    }
}
