package org.tongfa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.support.TestDatabases;
import org.tongfa.support.ItemRows;

/**
 * The ledger's ordering promise under random interleavings, run against each real database: per
 * (item, channel), what a receiver ends with is the latest action, and it is never sent an action
 * older than one it was already sent.
 *
 * <p>Each run drives the ledger directly (no HTTP, no Camel) as the item service and two worker nodes
 * would: publish, update with a new version (which may add or remove channels), retract, manual retry,
 * claim, send, the attempt's outcome (success, transient failure, permanent failure, outcome unknown,
 * remote work awaited), lease expiry and node crash ({@link DeliveryLedger#releaseLeasesOf}). Every
 * channel has a fake receiver that records each message sent to it. After the random phase everything
 * settles (receivers accept everything, an operator retries every FAILED or DEAD row, time passes) and
 * the end state is checked.
 *
 * <p>Checked, per (item, channel):
 * <ul>
 *   <li>during the run, at every send: the ledger row ids of the messages the receiver was sent never
 *       decrease (the row id is the action sequence: a later version's publication, a retraction or a
 *       re-publication always gets a higher id), so nothing is sent after its successor;</li>
 *   <li>every (item, version, channel, action) reaches the receiver under one idempotency key;</li>
 *   <li>after settling: the last message the receiver accepted is the latest action (the latest
 *       version if published; a retraction or nothing at all if retracted), the latest ledger row is
 *       DELIVERED (or a publication withdrawn before it was ever attempted), and nothing is left PENDING
 *       or IN_PROGRESS.</li>
 * </ul>
 *
 * <p>Model assumption, as in the service: an attempt sends within its lease (the lease outlasts one
 * attempt, see {@code tongfa.delivery.lease}); a node whose lease lapsed before it sent never sends.
 * A node that already sent may still report late, and is fenced.
 *
 * <p>The runs are seeded: the base seed is printed, and {@code -Dtongfa.interleavings.seed=<seed>}
 * replays a failing run first (its seed and the tail of its trace are in the failure message).
 */
abstract class DeliveryLedgerInterleavingContract {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final int RUNS = Integer.getInteger("tongfa.interleavings.runs", 30);
    private static final int STEPS = 140;
    private static final int SETTLE_ROUNDS = 60;

    private AnnotationConfigApplicationContext context;
    private DeliveryLedger ledger;
    private JdbcClient jdbc;
    private TransactionTemplate tx;
    private HikariDataSource pool;
    /** How often each kind of event happened over all runs: shows the runs reach the cases that matter. */
    private final Map<String, Integer> seen = new TreeMap<>();

    /** A fresh database URL. */
    abstract String url();

    @BeforeEach
    void start() {
        String url = url();
        TestDatabases.migrated(url);
        // Pooled: thousands of statements per run, and a new PostgreSQL connection for each costs more than the statement.
        pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(url.startsWith("jdbc:h2") ? "sa" : "postgres");
        pool.setPassword("");
        pool.setMaximumPoolSize(2);
        DataSource ds = pool;
        context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> ds);
        context.register(DeliveryLedgerContract.LedgerConfig.class);
        context.refresh();
        ledger = context.getBean(DeliveryLedger.class);
        jdbc = context.getBean(JdbcClient.class);
        tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    @AfterEach
    void stop() {
        context.close();
        pool.close();
    }

    @Test
    void everyReceiverEndsWithTheLatestActionAndIsNeverSentAnOlderOneAfterANewer() {
        String given = System.getProperty("tongfa.interleavings.seed");
        long base = given != null ? Long.parseLong(given) : new Random().nextLong();
        System.out.println(getClass().getSimpleName() + ": base seed " + base + " (" + RUNS + " runs of " + STEPS
                + " steps; replay with -Dtongfa.interleavings.seed=" + base + ")");
        long started = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long seed = base + i;
            new Run(i, seed).play();
        }
        System.out.printf("%s: %d runs passed in %d ms; %s%n", getClass().getSimpleName(), RUNS,
                (System.nanoTime() - started) / 1_000_000, seen);
    }

    enum Outcome { SUCCESS, TRANSIENT, PERMANENT, UNKNOWN, AWAITING }

    /** One message a receiver was sent; {@code accepted} when it took it (success or outcome unknown). */
    record Sent(long rowId, Action action, int version, String key, boolean accepted) {
    }

    /** What the item service last asked for on one channel: publish {@code version}, or retract. */
    record Expected(Action action, int version) {
    }

    /** A claimed row on one node; {@code outcome} is set once it was sent. */
    static final class Task {
        final Delivery row;
        final String node;
        Outcome outcome;

        Task(Delivery row, String node) {
            this.row = row;
            this.node = node;
        }

        @Override
        public String toString() {
            return "row " + row.id() + " " + row.action() + " v" + row.itemVersion() + " " + row.channel() + " attempt "
                    + row.attempts() + " on " + node + (outcome == null ? "" : " (" + outcome + ")");
        }
    }

    /** The item as the item service sees it. */
    static final class Item {
        final String id;
        final String name;
        int version = 1;
        Set<String> targets;
        final Set<String> held = new TreeSet<>();
        boolean retracted;

        Item(String id, String name, Set<String> targets) {
            this.id = id;
            this.name = name;
            this.targets = targets;
            this.held.addAll(targets);
        }
    }

    private final class Run {
        final long seed;
        final Random random;
        final List<String> channels;
        final List<String> nodes;
        final List<Item> items = new ArrayList<>();
        final List<Task> tasks = new ArrayList<>();
        final Map<String, List<Sent>> received = new HashMap<>();
        final Map<String, String> keys = new HashMap<>();
        final Map<String, Expected> expected = new HashMap<>();
        final Deque<String> trace = new ArrayDeque<>();
        Instant now = T0;

        Run(int index, long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            String run = "r" + index + "-" + Long.toHexString(seed & 0xffffff);
            this.channels = List.of("a-" + run, "b-" + run);
            this.nodes = List.of("n1-" + run, "n2-" + run);
        }

        void play() {
            try {
                for (int step = 0; step < STEPS; step++) {
                    step();
                }
                settle();
                checkEndState();
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("run with seed " + seed + " (replay: -Dtongfa.interleavings.seed=" + seed
                        + ") failed: " + e.getMessage() + "\n--- trace (last " + trace.size() + " steps) ---\n"
                        + String.join("\n", trace), e);
            }
        }

        void count(String what) {
            seen.merge(what, 1, Integer::sum);
        }

        void log(String line) {
            trace.addLast(now.atOffset(ZoneOffset.UTC).toLocalTime() + " " + line);
            if (trace.size() > 80) {
                trace.removeFirst();
            }
        }

        void step() {
            int pick = random.nextInt(100);
            if (pick < 6) {
                publishNewItem();
            } else if (pick < 16) {
                update();
            } else if (pick < 20) {
                retract();
            } else if (pick < 44) {
                claim(nodes.get(random.nextInt(2)), channels.get(random.nextInt(2)), 1 + random.nextInt(3));
            } else if (pick < 64) {
                send(null);
            } else if (pick < 84) {
                record();
            } else if (pick < 90) {
                manualRetry();
            } else if (pick < 92) {
                leaseExpiry();
            } else if (pick < 94) {
                crash(nodes.get(random.nextInt(2)));
            } else {
                now = now.plusMillis(random.nextInt(6000));
            }
        }

        // ---- the item service ------------------------------------------------------------------

        Set<String> someChannels() {
            Set<String> some = new TreeSet<>();
            while (some.isEmpty()) {
                channels.forEach(c -> {
                    if (random.nextBoolean()) {
                        some.add(c);
                    }
                });
            }
            return some;
        }

        void publishNewItem() {
            if (items.size() >= 4) {
                return;
            }
            Item item = new Item(UUID.randomUUID().toString(), "item" + items.size(), someChannels());
            ItemRows.insert(jdbc, item.id, "PUBLISHED", now);
            items.add(item);
            tx.executeWithoutResult(s -> ledger.enqueuePublish(item.id, 1, item.targets, now));
            item.targets.forEach(c -> expected.put(key(item.id, c), new Expected(Action.PUBLISH, 1)));
            log("publish " + item.name + " v1 to " + item.targets);
        }

        Optional<Item> liveItem() {
            List<Item> live = items.stream().filter(i -> !i.retracted).toList();
            return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
        }

        /** As ItemService.redeliver: the new version to kept and added channels, a retraction from removed ones. */
        void update() {
            liveItem().ifPresent(item -> {
                int version = ++item.version;
                Set<String> after = random.nextInt(3) == 0 ? someChannels() : item.targets;
                Set<String> removed = new TreeSet<>(item.targets);
                removed.removeAll(after);
                tx.executeWithoutResult(s -> {
                    ledger.enqueuePublish(item.id, version, after, now);
                    if (!removed.isEmpty()) {
                        ledger.enqueueRetract(item.id, version, removed, removed, "channel removed from the item", now);
                    }
                });
                after.forEach(c -> expected.put(key(item.id, c), new Expected(Action.PUBLISH, version)));
                removed.forEach(c -> expected.put(key(item.id, c), new Expected(Action.RETRACT, version)));
                if (after.stream().anyMatch(c -> item.held.contains(c) && !item.targets.contains(c))) {
                    count("re-publications after removal");
                }
                item.targets = after;
                item.held.addAll(after);
                log("update " + item.name + " to v" + version + " for " + after + (removed.isEmpty() ? "" : ", retract from " + removed));
            });
        }

        /** As ItemService.withdraw: a retraction on every channel that has a row of the item. */
        void retract() {
            liveItem().ifPresent(item -> {
                item.retracted = true;
                List<String> queued = tx.execute(s -> ledger.enqueueRetract(item.id, item.version, item.held, item.held,
                        "retracted", now));
                item.held.forEach(c -> expected.put(key(item.id, c), new Expected(Action.RETRACT, item.version)));
                log("retract " + item.name + " v" + item.version + " from " + item.held + ", queued " + queued);
            });
        }

        void manualRetry() {
            List<Delivery> stuck = rows().stream()
                    .filter(d -> d.status() == DeliveryStatus.FAILED || d.status() == DeliveryStatus.DEAD).toList();
            if (!stuck.isEmpty()) {
                Delivery d = stuck.get(random.nextInt(stuck.size()));
                retryByHand(d);
            }
        }

        /** An operator's retry is accepted only for the latest action of the item on the channel. */
        void retryByHand(Delivery d) {
            boolean requeued = ledger.requeue(d.id(), now);
            long latest = rows().stream().filter(r -> r.itemId().equals(d.itemId()) && r.channel().equals(d.channel()))
                    .mapToLong(Delivery::id).max().orElseThrow();
            log("operator retries row " + d.id() + " " + d.action() + " v" + d.itemVersion() + " " + d.status()
                    + ": " + (requeued ? "requeued" : "refused") + " (latest row " + latest + ")");
            count(requeued ? "retries by hand accepted" : "retries by hand refused");
            assertThat(requeued).as("retry by hand of row %d accepted only when it is the latest row (%d)", d.id(), latest)
                    .isEqualTo(latest == d.id());
        }

        // ---- the worker nodes ------------------------------------------------------------------

        int claim(String node, String channel, int limit) {
            List<Delivery> claimed = ledger.claim(channel, limit, node, now, now.plus(LEASE));
            for (Delivery d : claimed) {
                tasks.add(new Task(d, node));
                log(node + " claims row " + d.id() + " " + d.action() + " v" + d.itemVersion() + " " + itemName(d)
                        + " " + d.channel() + " attempt " + d.attempts());
            }
            return claimed.size();
        }

        void send(Outcome forced) {
            List<Task> ready = tasks.stream().filter(t -> t.outcome == null).toList();
            if (ready.isEmpty()) {
                return;
            }
            Task task = ready.get(random.nextInt(ready.size()));
            task.outcome = forced != null ? forced : randomOutcome();
            Delivery row = task.row;
            String k = key(row.itemId(), row.channel());
            boolean accepted = task.outcome == Outcome.SUCCESS || task.outcome == Outcome.UNKNOWN
                    || task.outcome == Outcome.AWAITING;
            List<Sent> seen = received.computeIfAbsent(k, x -> new ArrayList<>());
            log(task.node + " sends " + task + (accepted ? ", receiver takes it" : ", receiver refuses"));
            count("sends");
            if (seen.stream().anyMatch(x -> x.action() == Action.RETRACT)) {
                count("sends after a retraction");
            }
            for (Sent s : seen) {
                assertThat(row.id()).as("receiver %s was sent row %d (%s v%d) after row %d (%s v%d) of the same item",
                        row.channel(), row.id(), row.action(), row.itemVersion(), s.rowId(), s.action(), s.version())
                        .isGreaterThanOrEqualTo(s.rowId());
            }
            String identity = k + "|" + row.itemVersion() + "|" + row.action();
            String before = keys.putIfAbsent(identity, row.idempotencyKey());
            assertThat(row.idempotencyKey()).as("idempotency key of %s", identity).isEqualTo(before == null
                    ? row.idempotencyKey() : before);
            seen.add(new Sent(row.id(), row.action(), row.itemVersion(), row.idempotencyKey(), accepted));
        }

        Outcome randomOutcome() {
            int pick = random.nextInt(100);
            if (pick < 45) {
                return Outcome.SUCCESS;
            } else if (pick < 65) {
                return Outcome.TRANSIENT;
            } else if (pick < 75) {
                return Outcome.PERMANENT;
            } else if (pick < 90) {
                return Outcome.UNKNOWN;
            }
            return Outcome.AWAITING;
        }

        void record() {
            List<Task> sent = tasks.stream().filter(t -> t.outcome != null).toList();
            if (!sent.isEmpty()) {
                record(sent.get(random.nextInt(sent.size())));
            }
        }

        /** What DeliveryWorker does with each outcome. */
        void record(Task task) {
            tasks.remove(task);
            Delivery row = task.row;
            int made = row.attempts() - row.retryFrom();
            boolean recorded = switch (task.outcome) {
                case SUCCESS -> ledger.markDelivered(row.id(), row.attempts(), "remote-" + row.id(), null, now);
                case PERMANENT -> ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.FAILED, "HTTP 422", now);
                case AWAITING -> ledger.markAwaiting(row.id(), row.attempts(), "awaiting the remote job",
                        now.plusSeconds(30), now);
                case TRANSIENT, UNKNOWN -> made >= SCHEDULE.size()
                        ? ledger.markFinal(row.id(), row.attempts(), DeliveryStatus.DEAD, "gave up", now)
                        : ledger.markRetry(row.id(), row.attempts(), task.outcome == Outcome.UNKNOWN ? "timeout (outcome unknown)"
                                : "HTTP 503", now.plus(SCHEDULE.get(made)), now);
            };
            log(task.node + " records " + task + (recorded ? "" : ": fenced, the row moved on"));
            count(recorded ? "outcome " + task.outcome : "fenced");
        }

        /** Time passes beyond every lease; attempts that had not sent yet never will (their node hung). */
        void leaseExpiry() {
            now = now.plus(LEASE).plusSeconds(1);
            List<Task> hung = tasks.stream().filter(t -> t.outcome == null).toList();
            tasks.removeAll(hung);
            count("lease expiries");
            log("leases lapse; attempts not yet sent are abandoned: " + hung);
        }

        void crash(String node) {
            List<Task> lost = tasks.stream().filter(t -> t.node.equals(node)).toList();
            tasks.removeAll(lost);
            int released = ledger.releaseLeasesOf(node, now);
            count("crashes");
            log(node + " crashes and restarts, losing " + lost + "; hands back " + released);
        }

        // ---- settling and the end state --------------------------------------------------------

        void settle() {
            log("--- settle: receivers accept everything ---");
            for (int round = 0; round < SETTLE_ROUNDS; round++) {
                while (tasks.stream().anyMatch(t -> t.outcome == null)) {
                    send(Outcome.SUCCESS);
                }
                new ArrayList<>(tasks).forEach(this::record);
                rows().stream().filter(d -> d.status() == DeliveryStatus.FAILED || d.status() == DeliveryStatus.DEAD)
                        .forEach(this::retryByHand);
                now = now.plus(LEASE).plusSeconds(1);
                int claimed = 0;
                for (String node : nodes) {
                    for (String channel : channels) {
                        claimed += claim(node, channel, 10);
                    }
                }
                if (claimed == 0 && rows().stream().noneMatch(d -> working(d.status()))) {
                    return;
                }
            }
            throw new AssertionError("not settled after " + SETTLE_ROUNDS + " rounds: " + rows().stream()
                    .filter(d -> working(d.status())).toList());
        }

        void checkEndState() {
            List<Delivery> rows = rows();
            for (Map.Entry<String, Expected> e : expected.entrySet()) {
                String[] parts = e.getKey().split("\\|");
                String itemId = parts[0];
                String channel = parts[1];
                Expected want = e.getValue();
                List<Sent> accepted = received.getOrDefault(e.getKey(), List.of()).stream().filter(Sent::accepted).toList();
                Sent last = accepted.isEmpty() ? null : accepted.get(accepted.size() - 1);
                Delivery latest = rows.stream().filter(d -> d.itemId().equals(itemId) && d.channel().equals(channel))
                        .reduce((a, b) -> b).orElseThrow();
                String where = itemName(latest) + " on " + channel + " (want " + want + ", receiver last took " + last
                        + ", latest row " + latest.id() + " " + latest.action() + " v" + latest.itemVersion() + " "
                        + latest.status() + ")";
                if (want.action() == Action.PUBLISH) {
                    assertThat(last).as("receiver holds the latest version: " + where).isNotNull();
                    assertThat(last.action()).as(where).isEqualTo(Action.PUBLISH);
                    assertThat(last.version()).as(where).isEqualTo(want.version());
                    assertThat(latest.status()).as(where).isEqualTo(DeliveryStatus.DELIVERED);
                    assertThat(latest.itemVersion()).as(where).isEqualTo(want.version());
                } else {
                    assertThat(last == null || last.action() == Action.RETRACT)
                            .as("receiver holds nothing of a retracted item: " + where).isTrue();
                    boolean retractDelivered = latest.action() == Action.RETRACT && latest.status() == DeliveryStatus.DELIVERED;
                    boolean neverSent = latest.action() == Action.PUBLISH && latest.status() == DeliveryStatus.RETRACTED
                            && last == null;
                    assertThat(retractDelivered || neverSent).as("the retraction is done: " + where).isTrue();
                }
            }
        }

        List<Delivery> rows() {
            return jdbc.sql("SELECT " + DeliveryLedger.COLUMNS + " FROM delivery WHERE channel IN (:channels) ORDER BY id")
                    .param("channels", channels).query(DeliveryLedger.MAPPER).list();
        }

        String itemName(Delivery d) {
            return items.stream().filter(i -> i.id.equals(d.itemId())).map(i -> i.name).findFirst().orElse(d.itemId());
        }

        String key(String itemId, String channel) {
            return itemId + "|" + channel;
        }
    }

    /** Whether work will still happen on its own: waiting or claimed. */
    private static boolean working(DeliveryStatus status) {
        return status == DeliveryStatus.PENDING || status == DeliveryStatus.IN_PROGRESS;
    }
}
