package org.tongfa.item;

import java.time.Instant;
import java.util.Date;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 */
@Component
class ItemScheduler {

    private static final Logger log = LoggerFactory.getLogger(ItemScheduler.class);
    private static final String GROUP = "items";

    private final Scheduler scheduler;

    ItemScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void schedulePublish(String itemId, Instant at) {
        schedule(ReleaseJob.class, publishKey(itemId), itemId, at);
    }

    void cancelPublish(String itemId) {
        cancel(publishKey(itemId));
    }

    void scheduleExpiry(String itemId, Instant at) {
        schedule(ExpiryJob.class, expiryKey(itemId), itemId, at);
    }

    void cancelExpiry(String itemId) {
        cancel(expiryKey(itemId));
    }

    /** When the item's release job will fire, or {@code null}. */
    Instant nextRelease(String itemId) {
        try {
            var triggers = scheduler.getTriggersOfJob(publishKey(itemId));
            return triggers.isEmpty() || triggers.get(0).getNextFireTime() == null ? null
                    : triggers.get(0).getNextFireTime().toInstant();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the schedule of item " + itemId, e);
        }
    }

    private static JobKey publishKey(String itemId) {
        return JobKey.jobKey("release-" + itemId, GROUP);
    }

    private static JobKey expiryKey(String itemId) {
        return JobKey.jobKey("expire-" + itemId, GROUP);
    }

    private void schedule(Class<? extends QuartzJobBean> type, JobKey key, String itemId, Instant at) {
        JobDetail job = JobBuilder.newJob(type).withIdentity(key)
                .usingJobData("itemId", itemId)
                .usingJobData("at", at.toEpochMilli())
                .requestRecovery(true)
                .build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key.getName(), GROUP).forJob(key)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule " + key + " for " + at, e);
        }
        log.info("Scheduled {} at {}", key.getName(), at);
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

    /** A job about one item at one time; Spring injects the item service when Quartz creates it. */
    abstract static class ItemJob extends QuartzJobBean {

        private ItemService items;

        @org.springframework.beans.factory.annotation.Autowired
        public void setItemService(ItemService items) {
            this.items = items;
        }

        @Override
        protected void executeInternal(JobExecutionContext context) {
            var data = context.getMergedJobDataMap();
            run(items, data.getString("itemId"), Instant.ofEpochMilli(data.getLong("at")));
        }

        abstract void run(ItemService items, String itemId, Instant at);
    }

    /** Releases a SCHEDULED item at its time. */
    @DisallowConcurrentExecution
    @PersistJobDataAfterExecution
    public static class ReleaseJob extends ItemJob {
        @Override
        void run(ItemService items, String itemId, Instant at) {
            items.releaseScheduled(itemId, at);
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
    }
}
