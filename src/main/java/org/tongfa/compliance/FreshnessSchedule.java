package org.tongfa.compliance;

import java.time.Duration;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.stereotype.Component;

/**
 * Puts the freshness monitor's two jobs into Quartz's clustered JDBC store, where exactly one node fires
 * each: the daily assessment ({@code tongfa.compliance.schedule}, a missed run fired once at the next start)
 * and the retry of alerts still owed (every {@code alerts.retry-interval}). A trigger already stored with
 * the same schedule is left alone, so a restart neither moves nor repeats a run.
 */
@Component
class FreshnessSchedule {

    private static final Logger log = LoggerFactory.getLogger(FreshnessSchedule.class);
    static final String GROUP = "compliance";
    static final JobKey DAILY = JobKey.jobKey("freshness-daily", GROUP);
    static final JobKey RETRY = JobKey.jobKey("freshness-alert-retry", GROUP);

    FreshnessSchedule(Scheduler scheduler, ComplianceProperties settings) throws SchedulerException {
        TriggerKey daily = TriggerKey.triggerKey(DAILY.getName(), GROUP);
        if (!(scheduler.getTrigger(daily) instanceof CronTrigger cron && cron.getCronExpression().equals(settings.schedule())
                && cron.getTimeZone().toZoneId().equals(settings.timeZone()))) {
            scheduler.scheduleJob(JobBuilder.newJob(DailyJob.class).withIdentity(DAILY).requestRecovery(true).build(),
                    Set.of(TriggerBuilder.newTrigger().withIdentity(daily).forJob(DAILY)
                            .withSchedule(CronScheduleBuilder.cronSchedule(settings.schedule())
                                    .inTimeZone(TimeZone.getTimeZone(settings.timeZone()))
                                    .withMisfireHandlingInstructionFireAndProceed())
                            .build()), true);
            log.info("Freshness assessment scheduled at '{}' ({})", settings.schedule(), settings.timeZone());
        }
        TriggerKey retry = TriggerKey.triggerKey(RETRY.getName(), GROUP);
        Duration every = settings.alerts().retryInterval();
        if (!(scheduler.getTrigger(retry) instanceof SimpleTrigger simple && simple.getRepeatInterval() == every.toMillis())) {
            scheduler.scheduleJob(JobBuilder.newJob(RetryJob.class).withIdentity(RETRY).build(),
                    Set.of(TriggerBuilder.newTrigger().withIdentity(retry).forJob(RETRY)
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(every.toMillis())
                                    .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                            .build()), true);
        }
    }

    /** A job of the freshness monitor; Spring injects the run when Quartz creates it. */
    abstract static class FreshnessJob extends QuartzJobBean {

        private FreshnessRun run;

        @Autowired
        public void setFreshnessRun(FreshnessRun run) {
            this.run = run;
        }

        @Override
        protected final void executeInternal(JobExecutionContext context) {
            work(run);
        }

        abstract void work(FreshnessRun run);
    }

    /** The daily assessment. */
    @DisallowConcurrentExecution
    public static class DailyJob extends FreshnessJob {
        @Override
        void work(FreshnessRun run) {
            run.run();
        }
    }

    /** Sends the alerts earlier runs still owe. */
    @DisallowConcurrentExecution
    public static class RetryJob extends FreshnessJob {
        @Override
        void work(FreshnessRun run) {
            run.retryAlerts();
        }
    }
}
