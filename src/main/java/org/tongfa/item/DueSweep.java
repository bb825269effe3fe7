package org.tongfa.item;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.item.ItemScheduler.Due;
import org.tongfa.item.ItemScheduler.Kind;

/**
 * Every node's sweep of due releases and expiries ({@link ItemScheduler}): a loop that claims a batch
 * of each kind (one short transaction each, {@code FOR UPDATE SKIP LOCKED}, so nodes share the work
 * and never wait for each other), runs the batch on {@code tongfa.scheduling.threads} threads, each
 * action in its own transaction, and claims again at once while batches come back full. Otherwise it
 * sleeps until the earliest action it knows of, {@code poll-interval} at the most, so an action set on
 * another node is seen within that.
 *
 * <p>At a stop it claims nothing more, lets the actions already started finish and hands the claimed
 * ones not started back for the next sweep, on any node. An action that fails is recorded
 * ({@link ItemService#retryScheduledRelease}); one whose node dies is tried again when its lease lapses.
 */
@Component
class DueSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DueSweep.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final ItemScheduler scheduler;
    private final ItemService items;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final SchedulingProperties settings;
    private final Object wake = new Object();
    private volatile boolean running;
    private Thread loop;
    private ExecutorService pool;

    DueSweep(ItemScheduler scheduler, ItemService items, TransactionTemplate transactions, Clock clock) {
        this.scheduler = scheduler;
        this.items = items;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = scheduler.settings();
        scheduler.whenSet(this::wakeUp);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "due-action-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        loop = new Thread(this::run, "due-sweep");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        Thread sweeping;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            sweeping = loop;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            sweeping.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Started actions finish (each is one transaction); the ones not started were handed back.
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Due actions still running after {}; their leases bring them back", STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the delivery pipeline stops (its phase is lower), after it started. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** Wakes the sweep to read the next due time again (an action was set on this node). */
    void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean full = false;
            try {
                full = sweep();
            } catch (RuntimeException e) {
                log.error("Sweeping due releases and expiries failed; trying again in {}", settings.pollInterval(), e);
            }
            if (!full && running) {
                pause();
            }
        }
    }

    private void pause() {
        Duration wait = settings.pollInterval();
        try {
            Instant next = scheduler.nextDue();
            if (next != null) {
                Duration until = Duration.between(clock.instant(), next);
                if (until.compareTo(wait) < 0) {
                    wait = until.isNegative() ? Duration.ZERO : until;
                }
            }
        } catch (RuntimeException e) {
            log.debug("Could not read the next due time", e);
        }
        if (wait.isZero()) {
            // Due now but not claimable (another node holds it, or an editor's transaction): look again soon.
            wait = Duration.ofMillis(Math.min(50, settings.pollInterval().toMillis()));
        }
        synchronized (wake) {
            if (running) {
                try {
                    wake.wait(Math.max(1, wait.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /**
     * One round: claims a batch of each kind and works it. Package-private for the tests.
     *
     * @return whether a batch came back full (more may be due)
     */
    boolean sweep() {
        List<Due> claimed = new ArrayList<>();
        boolean full = false;
        for (Kind kind : Kind.values()) {
            List<Due> batch = transactions.execute(s -> scheduler.claim(kind, settings.batch()));
            claimed.addAll(batch);
            full |= batch.size() >= settings.batch();
        }
        if (claimed.isEmpty()) {
            return false;
        }
        List<Future<?>> work = new ArrayList<>();
        for (Due due : claimed) {
            work.add(pool.submit(() -> {
                if (running) {
                    act(due);
                } else {
                    handBack(due);
                }
            }));
        }
        for (Future<?> f : work) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("A due action ended with an error", e.getCause());
            }
        }
        return full;
    }

    private void act(Due due) {
        try {
            if (due.kind() == Kind.RELEASE) {
                items.releaseScheduled(due.itemId(), due.at());
            } else {
                items.expire(due.itemId(), due.at());
            }
        } catch (RuntimeException failure) {
            try {
                failed(due, failure);
            } catch (RuntimeException alsoFailed) {
                // Its claim stays: it is tried again when the lease lapses.
                log.error("{} of item {} due {} failed and the failure could not be recorded either; it is tried "
                        + "again within {}", due.kind().label, due.itemId(), due.at(), settings.lease(), alsoFailed);
                scheduler.countFailure(due.kind().errorKind);
            }
        }
    }

    private void failed(Due due, RuntimeException failure) {
        if (due.kind() == Kind.RELEASE && failure instanceof ItemRefusal refusal) {
            // A publishing rule said no: trying again cannot help, so the editor has to see it.
            if (items.refuseScheduledRelease(due.itemId(), due.at(), refusal)) {
                scheduler.countFailure("release_refused");
                log.error("Scheduled release of item {} due {} refused, returned to DRAFT: {}", due.itemId(), due.at(),
                        refusal.oneLine());
            }
            return;
        }
        // Whatever the cause, an item must not stay public past its expiry: always try again.
        Instant next = due.kind() == Kind.RELEASE
                ? items.retryScheduledRelease(due.itemId(), due.at())
                : items.retryExpiry(due.itemId(), due.at());
        scheduler.countFailure(due.kind().errorKind);
        if (next == null) {
            log.warn("{} of item {} due {} failed, but the item has changed since; nothing to retry: {}",
                    due.kind().label, due.itemId(), due.at(), failure.toString());
        } else {
            log.error("{} of item {} due {} failed; tried again at {}", due.kind().label, due.itemId(), due.at(), next,
                    failure);
        }
    }

    private void handBack(Due due) {
        try {
            transactions.executeWithoutResult(s -> scheduler.handBack(due));
        } catch (RuntimeException e) {
            log.warn("Could not hand back the {} of item {}; it is tried again when its lease lapses", due.kind().prefix,
                    due.itemId(), e);
        }
    }
}
