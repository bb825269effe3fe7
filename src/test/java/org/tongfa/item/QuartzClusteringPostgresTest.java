package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.tongfa.support.TestDatabases;

/**
 * Proof that Quartz runs clustered as shipped: two schedulers, two nodes in all but the process, on one
 * PostgreSQL database with the Quartz properties of {@code application.yml} ({@code spring.quartz.properties}),
 * and jobs built as the item scheduler built them before releases moved to the item's rows (recoverable,
 * not concurrent, a repeating trigger the job removes when it has done its work; the freshness
 * assessment's daily job, which Quartz still runs, is recoverable and not concurrent too). Each job must
 * run exactly once:
 * <ul>
 *   <li>when both nodes are up and every trigger is due at the same instant, so that either node could
 *       fire any of them (and both do fire some);</li>
 *   <li>when a node starts while the other runs a job: an unclustered Quartz takes every job in flight
 *       in the database at its start for its own, left over from a crash (all unclustered nodes share the
 *       instance id {@code NON_CLUSTERED}), and runs it a second time.</li>
 * </ul>
 * Flipped to {@code org.quartz.jobStore.isClustered: false}, the second test fails (the job runs on both
 * nodes) and so does the check of the shipped value. The first one still passes unclustered: Quartz
 * takes a trigger with a conditional update ({@code WAITING} to {@code ACQUIRED}), so two running nodes
 * seldom fire one trigger twice; it is the start of a node, a restart or a rolling deployment, that does.
 */
class QuartzClusteringPostgresTest {

    /** Every run of every job, by job name, with the node that ran it. */
    static final Map<String, List<String>> RUNS = new ConcurrentHashMap<>();
    private static final String NODE = "tongfa.test.node";
    /** How long each run takes: long enough for the other node to look at the job meanwhile. */
    static volatile long runMillis = 200;
    /** When set, a run lasts until the test opens it (at most 20 s) instead of {@link #runMillis}. */
    static volatile CountDownLatch finish;

    private final List<SchedulerFactoryBean> nodes = new ArrayList<>();
    private final String url = TestDatabases.postgresUrl();

    /** A job as the item scheduler's were: it does its work, then removes itself (the action's transaction did that). */
    @DisallowConcurrentExecution
    public static class ReleaseLikeJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
            String name = context.getJobDetail().getKey().getName();
            try {
                RUNS.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                        .add(context.getScheduler().getContext().getString(NODE));
                CountDownLatch gate = finish;
                if (gate == null) {
                    Thread.sleep(runMillis);
                } else if (!gate.await(20, TimeUnit.SECONDS)) {
                    throw new JobExecutionException("the test never let the run finish");
                }
                context.getScheduler().deleteJob(context.getJobDetail().getKey());
            } catch (SchedulerException | InterruptedException e) {
                throw new JobExecutionException(e);
            }
        }
    }

    /** The shipped {@code spring.quartz.properties}, plus what Spring Boot and QuartzDatabaseSetup add. */
    static Properties shippedQuartzProperties() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties all = yaml.getObject();
        Properties quartz = new Properties();
        String prefix = "spring.quartz.properties.";
        // YAML gives numbers and booleans their own types: stringPropertyNames() would drop them.
        all.forEach((k, v) -> {
            if (k.toString().startsWith(prefix)) {
                quartz.setProperty(k.toString().substring(prefix.length()), String.valueOf(v));
            }
        });
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        return quartz;
    }

    private Scheduler node(String name) throws Exception {
        DataSource own = new DriverManagerDataSource(url, "postgres", "");
        SchedulerFactoryBean factory = new SchedulerFactoryBean();
        factory.setDataSource(own);
        factory.setQuartzProperties(shippedQuartzProperties());
        // The instance id stays the shipped one (AUTO): a node is told apart by its scheduler context.
        factory.setSchedulerContextAsMap(Map.of(NODE, name));
        factory.setSchedulerName("tongfa");
        factory.setAutoStartup(false);
        factory.setWaitForJobsToCompleteOnShutdown(false);
        factory.afterPropertiesSet();
        nodes.add(factory);
        return factory.getScheduler();
    }

    private static void schedule(Scheduler scheduler, String name, Instant at) throws SchedulerException {
        JobDetail job = JobBuilder.newJob(ReleaseLikeJob.class).withIdentity(name, "items").requestRecovery(true).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "items").forJob(job.getKey())
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMinutes(10).repeatForever()
                        .withMisfireHandlingInstructionFireNow())
                .build();
        scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (SchedulerFactoryBean node : nodes) {
            node.destroy();
        }
        RUNS.clear();
        finish = null;
    }

    @Test
    void theShippedConfigurationRunsClustered() {
        assertThat(shippedQuartzProperties().getProperty("org.quartz.jobStore.isClustered")).isEqualTo("true");
    }

    @Test
    void withBothNodesUpEveryJobDueAtOneInstantRunsOnceAndBothNodesTakeSome() throws Exception {
        TestDatabases.migrated(url);
        Scheduler first = node("node-1");
        Scheduler second = node("node-2");
        runMillis = 200;
        Instant at = Instant.now().plusSeconds(3);
        int jobs = 24;
        for (int i = 0; i < jobs; i++) {
            schedule(first, "release-" + i, at);
        }
        first.start();
        second.start();

        await().atMost(Duration.ofSeconds(40)).until(() -> RUNS.size() == jobs && jobsLeft() == 0);
        // A second run comes, if at all, right after the first: give it time to show.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);

        System.out.println("Runs by job: " + new java.util.TreeMap<>(RUNS));
        assertThat(RUNS).hasSize(jobs).allSatisfy((job, ranOn) -> assertThat(ranOn).as(job).hasSize(1));
        assertThat(RUNS.values().stream().map(r -> r.get(0)).distinct()).as("both nodes fired some")
                .containsExactlyInAnyOrder("node-1", "node-2");
    }

    @Test
    void aNodeStartingWhileTheOtherRunsAJobDoesNotRunItAgain() throws Exception {
        TestDatabases.migrated(url);
        Scheduler first = node("node-1");
        finish = new CountDownLatch(1);
        schedule(first, "release-long", Instant.now());
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> RUNS.containsKey("release-long"));

        // Node 2 starts while node 1's run is still under way; unclustered, its start-up recovery would
        // take the job as abandoned and run it again.
        Scheduler second = node("node-2");
        second.start();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        finish.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> jobsLeft() == 0);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);

        System.out.println("Runs: " + RUNS);
        assertThat(RUNS.get("release-long")).as("runs of the job, by node").containsExactly("node-1");
    }

    private int jobsLeft() {
        return JdbcClient.create(new DriverManagerDataSource(url, "postgres", ""))
                .sql("SELECT COUNT(*) FROM qrtz_job_details").query(Integer.class).single();
    }
}
