package org.tongfa.item;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.PersistJobDataAfterExecution;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.stereotype.Component;

/**
 * Persistent Quartz jobs for the times an item has: its scheduled release and its expiry. Jobs live
 * in the same database as the items and are written in the same transaction (Spring's
 * {@code LocalDataSourceJobStore}), so a release that rolls back leaves no job behind.
 *
 * <p>A job missed while the service was down fires as soon as it is back ("fire now" misfire policy):
 * late, never skipped. Each job carries the time it was set for, and the item ignores a job whose time
 * no longer matches, so a replaced or stale job can never act twice.
 *
 * <p>A due action happens or is tried again until it does. When it fails at its time (a database
 * error, anything but a publishing rule's refusal), the attempt rolls back whole and the job's trigger
 * moves to a later time, the wait doubling from {@code tongfa.scheduling.retry-delay} up to
 * {@code max-retry-delay}. The trigger also repeats every {@code max-retry-delay} by itself, so even a
 * failure to move it (the database gone at that moment) only delays the next attempt. The job is
 * removed by the transaction that finally acts. A release a rule refuses is not retried: the item
 * goes back to APPROVED (DRAFT in a column without review) with the reason
 * ({@link ItemView#releaseRefusal()}). Every failure is logged at
 * ERROR and counted in {@code tongfa_release_failures_total{kind}} (kind {@code release_error},
 * {@code release_refused}, {@code expiry_error}).
 */
@Component
class ItemScheduler {

    private static final Logger log = LoggerFactory.getLogger(ItemScheduler.class);
    static final String GROUP = "items";
    private static final String FAILURES = "failures";

    private final Scheduler scheduler;
    private final SchedulingProperties settings;
    private final Clock clock;
    private final MeterRegistry meters;

    ItemScheduler(Scheduler scheduler, SchedulingProperties settings, Clock clock, MeterRegistry meters) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        for (String kind : new String[] {"release_error", "release_refused", "expiry_error"}) {
            failureCounter(kind);
        }
    }

    void schedulePublish(String itemId, Instant at) {
        schedule(ReleaseJob.class, publishKey(itemId), itemId, at, at, 0);
        log.info("Scheduled release of item {} at {}", itemId, at);
    }

    void cancelPublish(String itemId) {
        cancel(publishKey(itemId));
    }

    /** Removes the release job if it is still the one set for {@code at}; a newer job stays. */
    void cancelPublishIfFor(String itemId, Instant at) {
        cancelIfFor(publishKey(itemId), at);
    }

    void scheduleExpiry(String itemId, Instant at) {
        schedule(ExpiryJob.class, expiryKey(itemId), itemId, at, at, 0);
        log.info("Scheduled expiry of item {} at {}", itemId, at);
    }

    void cancelExpiry(String itemId) {
        cancel(expiryKey(itemId));
    }

    /** Removes the expiry job if it is still the one set for {@code at}; a newer job stays. */
    void cancelExpiryIfFor(String itemId, Instant at) {
        cancelIfFor(expiryKey(itemId), at);
    }

    /**
     * Sets the release job for {@code at} to try again later, after one more failure. Called in the
     * transaction that holds the item's lock, so an editor's change cannot cross it.
     *
     * @return when it will try again
     */
    Instant retryPublish(String itemId, Instant at) {
        return retry(ReleaseJob.class, publishKey(itemId), itemId, at);
    }

    /** The same for the expiry job. */
    Instant retryExpiry(String itemId, Instant at) {
        return retry(ExpiryJob.class, expiryKey(itemId), itemId, at);
    }

    static JobKey publishKey(String itemId) {
        return JobKey.jobKey("release-" + itemId, GROUP);
    }

    static JobKey expiryKey(String itemId) {
        return JobKey.jobKey("expire-" + itemId, GROUP);
    }

    private Instant retry(Class<? extends QuartzJobBean> type, JobKey key, String itemId, Instant at) {
        TriggerKey triggerKey = TriggerKey.triggerKey(key.getName(), GROUP);
        try {
            Trigger current = scheduler.getTrigger(triggerKey);
            int failures = (current != null && current.getJobDataMap().containsKey(FAILURES)
                    ? current.getJobDataMap().getInt(FAILURES) : 0) + 1;
            Instant next = clock.instant().plus(settings.delayAfter(failures));
            // Job and trigger both, so a job lost before this fix's time (or by hand) is brought back too.
            schedule(type, key, itemId, at, next, failures);
            return next;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot reschedule " + key, e);
        }
    }

    private void schedule(Class<? extends QuartzJobBean> type, JobKey key, String itemId, Instant at, Instant fireAt,
            int failures) {
        JobDetail job = JobBuilder.newJob(type).withIdentity(key)
                .usingJobData("itemId", itemId)
                .usingJobData("at", at.toEpochMilli())
                .requestRecovery(true)
                .build();
        // Repeats until the action's transaction removes the job: a fire that fails and cannot even
        // move the trigger is followed by another one, never by nothing.
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key.getName(), GROUP).forJob(key)
                .usingJobData(FAILURES, failures)
                .startAt(Date.from(fireAt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(settings.maxRetryDelay().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(job, Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + key + " for " + fireAt, e);
        }
    }

    private void cancel(JobKey key) {
        try {
            if (scheduler.deleteJob(key)) {
                log.info("Cancelled {}", key.getName());
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot cancel " + key, e);
        }
    }

    private void cancelIfFor(JobKey key, Instant at) {
        try {
            JobDetail job = scheduler.getJobDetail(key);
            if (job != null && job.getJobDataMap().getLong("at") == at.toEpochMilli()) {
                scheduler.deleteJob(key);
                log.info("Removed {} for {}: nothing left for it to do", key.getName(), at);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot cancel " + key, e);
        }
    }

    private Counter failureCounter(String kind) {
        return Counter.builder("tongfa.release.failures")
                .description("Scheduled releases and expiries that failed at their time, by kind")
                .tag("kind", kind)
                .register(meters);
    }

    void countFailure(String kind) {
        failureCounter(kind).increment();
    }

    /** A job about one item at one time; Spring injects the item service when Quartz creates it. */
    abstract static class ItemJob extends QuartzJobBean {

        private ItemService items;
        private ItemScheduler scheduler;

        @Autowired
        public void setItemService(ItemService items) {
            this.items = items;
        }

        @Autowired
        public void setItemScheduler(ItemScheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            var data = context.getMergedJobDataMap();
            String itemId = data.getString("itemId");
            Instant at = Instant.ofEpochMilli(data.getLong("at"));
            try {
                run(items, itemId, at);
            } catch (RuntimeException failure) {
                try {
                    failed(items, scheduler, itemId, at, failure);
                } catch (RuntimeException alsoFailed) {
                    // Throwing would only make Quartz log it again: the trigger repeats by itself.
                    log.error("{} of item {} due {} failed and the failure could not be recorded either; it is "
                            + "tried again within {}", kind(), itemId, at, scheduler.settings.maxRetryDelay(), alsoFailed);
                    scheduler.countFailure(errorKind());
                }
            }
        }

        abstract void run(ItemService items, String itemId, Instant at);

        abstract void failed(ItemService items, ItemScheduler scheduler, String itemId, Instant at,
                RuntimeException failure);

        abstract String kind();

        abstract String errorKind();

        /** Moves the job on and says so; the item is left as it was (the attempt rolled back). */
        final void retried(ItemScheduler scheduler, String itemId, Instant at, Instant next, RuntimeException failure) {
            scheduler.countFailure(errorKind());
            if (next == null) {
                log.warn("{} of item {} due {} failed, but the item has changed since; nothing to retry: {}", kind(),
                        itemId, at, failure.toString());
            } else {
                log.error("{} of item {} due {} failed; tried again at {}", kind(), itemId, at, next, failure);
            }
        }
    }

    /** Releases a SCHEDULED item at its time. */
    @DisallowConcurrentExecution
    @PersistJobDataAfterExecution
    public static class ReleaseJob extends ItemJob {
        @Override
        void run(ItemService items, String itemId, Instant at) {
            items.releaseScheduled(itemId, at);
        }

        @Override
        void failed(ItemService items, ItemScheduler scheduler, String itemId, Instant at, RuntimeException failure) {
            if (failure instanceof ItemRefusal refusal) {
                // A publishing rule said no: trying again cannot help, so the editor has to see it.
                if (items.refuseScheduledRelease(itemId, at, refusal)) {
                    scheduler.countFailure("release_refused");
                    log.error("Scheduled release of item {} due {} refused, returned to DRAFT: {}", itemId, at,
                            refusal.oneLine());
                }
                return;
            }
            retried(scheduler, itemId, at, items.retryScheduledRelease(itemId, at), failure);
        }

        @Override
        String kind() {
            return "Scheduled release";
        }

        @Override
        String errorKind() {
            return "release_error";
        }
    }

    /** Takes a PUBLISHED item off its channels at its expiry time. */
    @DisallowConcurrentExecution
    @PersistJobDataAfterExecution
    public static class ExpiryJob extends ItemJob {
        @Override
        void run(ItemService items, String itemId, Instant at) {
            items.expire(itemId, at);
        }

        @Override
        void failed(ItemService items, ItemScheduler scheduler, String itemId, Instant at, RuntimeException failure) {
            // Whatever the cause, an item must not stay public past its expiry: always try again.
            retried(scheduler, itemId, at, items.retryExpiry(itemId, at), failure);
        }

        @Override
        String kind() {
            return "Expiry";
        }

        @Override
        String errorKind() {
            return "expiry_error";
        }
    }
}
