package org.tongfa.item;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tongfa.asset.AssetStore;
import org.tongfa.check.CheckReport;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.AuditEvent.Action;
import org.tongfa.config.TongfaProperties;
import org.tongfa.config.TopicProperties;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelRegistry;
import org.tongfa.delivery.Delivery;
import org.tongfa.delivery.DeliveryLedger;
import org.tongfa.delivery.Outbox;
import org.tongfa.item.ItemRequest.ChannelOverride;
import org.tongfa.item.ItemRequest.Disclosure;
import org.tongfa.item.ItemRefusal.Field;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.text.PlainText;

/**
 * The item lifecycle: create and edit versions, put them through the column's review chain, publish
 * now or at a time, retract, expire. Every change is one transaction that also writes the delivery
 * ledger rows, the scheduled actions and the audit event it implies, so a change is either complete or
 * absent. The item row is locked for the length of each change. The caller must hold the role the
 * change needs on the item's column; the review rules themselves are {@link ReviewDesk}'s.
 */
@Service
public class ItemService {

    private static final Logger log = LoggerFactory.getLogger(ItemService.class);

    private final ItemRepository items;
    private final BodySanitizer sanitizer;
    private final AssetStore assets;
    private final ChannelRegistry channels;
    private final Outbox outbox;
    private final DeliveryLedger ledger;
    private final ItemScheduler scheduler;
    private final List<ReleaseCheck> checks;
    private final TongfaProperties properties;
    private final TopicProperties topics;
    private final ReviewDesk review;
    private final ItemChecks prePublish;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ItemService(ItemRepository items, BodySanitizer sanitizer, AssetStore assets, ChannelRegistry channels,
            Outbox outbox, DeliveryLedger ledger, @Lazy ItemScheduler scheduler, List<ReleaseCheck> checks,
            TongfaProperties properties, TopicProperties topics, ReviewDesk review, ItemChecks prePublish,
            ApplicationEventPublisher events, Clock clock) {
        this.items = items;
        this.sanitizer = sanitizer;
        this.assets = assets;
        this.channels = channels;
        this.outbox = outbox;
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.checks = checks;
        this.properties = properties;
        this.topics = topics;
        this.review = review;
        this.prePublish = prePublish;
        this.events = events;
        this.clock = clock;
    }

    /** Creates a DRAFT with version 1; the caller needs DRAFTER on its column. */
    @Transactional
    public ItemView create(ItemRequest request, Caller caller) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        ItemVersion version = toVersion(id, 1, request, caller.login(), now, null);
        require(caller, Role.DRAFTER, version.column());
        items.insert(ItemRow.builder().id(id).status(ItemStatus.DRAFT).content(version)
                .createdAt(now).createdBy(caller.login()).updatedAt(now).build());
        items.insertVersion(version);
        items.replaceRelations(id, request.related());
        audit(Action.CREATE, caller, id, 1, Map.of("column", version.column(), "title", version.title()));
        log.info("Item {} created by {} in column {}", id, caller.login(), version.column());
        return view(id);
    }

    /**
     * Stores a new version; the caller needs DRAFTER on the item's column (and on the new one, when it
     * moves). In a column with a review chain the new version needs its own approval: the item goes back
     * to DRAFT (a SCHEDULED one loses its schedule), and a PUBLISHED one stays live with its released
     * version until the new one is signed and published. In a {@code review: none} column a SCHEDULED
     * item keeps its schedule (moved if {@code publishAt} changed) and a PUBLISHED item re-delivers the
     * new version at once to the channels that support updates.
     */
    @Transactional
    public ItemView update(String id, ItemRequest request, Caller caller) {
        Instant now = clock.instant();
        ItemRow row = lock(id);
        require(caller, Role.DRAFTER, row.column());
        if (row.status() == ItemStatus.RETRACTED) {
            throw ItemRefusal.notAllowed("item " + id + " is RETRACTED and can no longer be edited; create a new item");
        }
        int next = row.currentVersion() + 1;
        ItemVersion previous = items.version(id, row.currentVersion()).orElseThrow();
        ItemVersion version = toVersion(id, next, request, caller.login(), now, row);
        require(caller, Role.DRAFTER, version.column());
        items.insertVersion(version);
        items.replaceRelations(id, request.related());
        ItemRow updated = row.toBuilder().content(version).updatedAt(now).build();
        if (review.chain(version.column()).unreviewed()) {
            switch (row.status()) {
                case SCHEDULED -> {
                    if (version.publishAt() != null && !version.publishAt().equals(row.scheduledAt())) {
                        updated = reschedule(updated, version.publishAt());
                    }
                }
                case PUBLISHED -> updated = redeliver(updated, previous, version, now);
                default -> { }
            }
        } else if (row.status() == ItemStatus.PUBLISHED) {
            // The released version stays live, with its own expiry, until the new one is released.
            updated = updated.toBuilder().expireAt(row.expireAt()).build();
        } else {
            if (row.status() == ItemStatus.SCHEDULED) {
                scheduler.cancelPublish(id);
            }
            updated = updated.toBuilder().status(ItemStatus.DRAFT).scheduledAt(null).build();
        }
        applyExpiry(row, updated);
        items.update(updated);
        audit(Action.EDIT, caller, id, next, Map.of("status", row.status() + " -> " + updated.status()));
        log.info("Item {} v{} saved by {} ({})", id, next, caller.login(), updated.status());
        return view(id);
    }

    /**
     * Publishes now, or schedules the release when {@code publishAt} (or the item's own) lies ahead; the
     * caller needs DRAFTER on the item's column. In a column with a review chain the current version
     * must be APPROVED; a PUBLISHED item whose newer version is approved releases that version now,
     * keeping its first publication time.
     */
    @Transactional
    public PublishResult publish(String id, Instant requested, Caller caller) {
        Instant now = clock.instant();
        Instant requestedAt = millis(requested);
        ItemRow row = lock(id);
        require(caller, Role.DRAFTER, row.column());
        ReviewProgress progress = review.progress(row);
        switch (row.status()) {
            case PUBLISHED -> {
                if (!progress.unreviewed() && row.currentVersion() > row.releasedVersion() && progress.approved()) {
                    return releaseCorrection(row, requestedAt, caller, now);
                }
                throw ItemRefusal.notAllowed("item " + id + " is already PUBLISHED" + (progress.unreviewed()
                        ? "; edit it (PUT) to deliver a new version"
                        : " and its version " + row.currentVersion() + " is " + progress.state() + ", not APPROVED; "
                                + "edit it (PUT) and put the new version through the review chain"));
            }
            case RETRACTED -> throw ItemRefusal.notAllowed("item " + id + " is RETRACTED and cannot be published again; "
                    + "create a new item");
            case SCHEDULED -> { }
            default -> {
                if (!progress.unreviewed() && !progress.approved()) {
                    throw ItemRefusal.notAllowed("item " + id + " is " + row.status() + "; publishing or scheduling "
                            + "needs APPROVED, after every step of column " + row.column() + "'s review chain "
                            + ReviewDesk.keys(progress.chain()));
                }
            }
        }
        if (requestedAt != null && requestedAt.isBefore(now)) {
            throw ItemRefusal.invalid("publishAt", "is in the past (" + requestedAt + "); a publication time can never "
                    + "be backdated: omit it to publish now");
        }
        ItemVersion version = items.version(id, row.currentVersion()).orElseThrow();
        Instant at = requestedAt != null ? requestedAt : version.publishAt();
        Set<String> targets = targets(version);
        runChecks(row, version, targets, at != null && at.isAfter(now) ? at : now);
        if (version.expireAt() != null && !version.expireAt().isAfter(at == null || at.isBefore(now) ? now : at)) {
            throw ItemRefusal.invalid("expireAt", "is not after the publication time; the item would never be shown");
        }
        if (at != null && at.isAfter(now)) {
            ItemRow scheduled = reschedule(row, at);
            applyExpiry(row, scheduled);
            items.update(scheduled);
            audit(Action.SCHEDULE, caller, id, version.version(), Map.of("publishAt", at.toString()));
            log.info("Item {} scheduled for {} by {}", id, at, caller.login());
            return new PublishResult(view(id), List.of());
        }
        release(row, version, targets, now);
        audit(Action.PUBLISH, caller, id, version.version(), Map.of("channels", String.join(",", targets)));
        log.info("Item {} v{} published by {} to {}", id, version.version(), caller.login(), targets);
        return new PublishResult(view(id), ledger.forItem(id));
    }

    /** Releases the approved newer version of a PUBLISHED item in place of the live one. */
    private PublishResult releaseCorrection(ItemRow row, Instant requestedAt, Caller caller, Instant now) {
        if (requestedAt != null) {
            throw ItemRefusal.invalid("publishAt", "a new version of a PUBLISHED item is released at once; omit it");
        }
        ItemVersion live = items.version(row.id(), row.releasedVersion()).orElseThrow();
        ItemVersion version = items.version(row.id(), row.currentVersion()).orElseThrow();
        ItemRow updated = redeliver(row.toBuilder().expireAt(version.expireAt()).build(), live, version, now);
        applyExpiry(row, updated);
        items.update(updated);
        audit(Action.PUBLISH, caller, row.id(), version.version(), Map.of("replaces", "v" + live.version()));
        log.info("Item {} v{} released by {} in place of v{}", row.id(), version.version(), caller.login(),
                live.version());
        return new PublishResult(view(row.id()), ledger.forItem(row.id()));
    }

    /** The answer to a publish request: the item and its deliveries (none yet when scheduled). */
    public record PublishResult(ItemView item, List<Delivery> deliveries) {
    }

    /**
     * Cancels a SCHEDULED item's release job; it goes back to APPROVED (its approval stands), or to DRAFT
     * in a {@code review: none} column. The caller needs DRAFTER on its column.
     */
    @Transactional
    public ItemView unschedule(String id, Caller caller) {
        ItemRow row = lock(id);
        require(caller, Role.DRAFTER, row.column());
        if (row.status() != ItemStatus.SCHEDULED) {
            throw ItemRefusal.notAllowed("item " + id + " is " + row.status() + ", not SCHEDULED");
        }
        scheduler.cancelPublish(id);
        ItemRow back = row.toBuilder().status(unscheduled(row)).scheduledAt(null).updatedAt(clock.instant()).build();
        applyExpiry(row, back);
        items.update(back);
        audit(Action.UNSCHEDULE, caller, id, row.currentVersion(), Map.of("status", "SCHEDULED -> " + back.status()));
        return view(id);
    }

    /** The state a SCHEDULED item returns to when its release is cancelled or refused. */
    private ItemStatus unscheduled(ItemRow row) {
        return review.chain(row.column()).unreviewed() ? ItemStatus.DRAFT : ItemStatus.APPROVED;
    }

    /**
     * Withdraws a PUBLISHED item from every channel that may hold it; the caller needs SIGNER on its
     * column and gives the reason, recorded in the review history like a step.
     */
    @Transactional
    public PublishResult retract(String id, String reason, Caller caller) {
        ItemRow row = lock(id);
        require(caller, Role.SIGNER, row.column());
        if (reason == null || reason.isBlank()) {
            throw ItemRefusal.invalid("reason", "is required: say why the item is withdrawn");
        }
        switch (row.status()) {
            case PUBLISHED -> { }
            case DRAFT -> throw ItemRefusal.notAllowed("item " + id + " is a DRAFT and was never published");
            case SCHEDULED -> throw ItemRefusal.notAllowed("item " + id + " is SCHEDULED, not published: unschedule it "
                    + "instead (POST /api/v1/items/" + id + "/unschedule)");
            case RETRACTED -> throw ItemRefusal.notAllowed("item " + id + " is already RETRACTED");
            default -> throw ItemRefusal.notAllowed("item " + id + " is " + row.status() + " and was never published");
        }
        Instant now = clock.instant();
        withdraw(row, "RETRACTED", now);
        review.recordRetraction(row, reason.strip(), caller, now);
        audit(Action.RETRACT, caller, id, row.releasedVersion(), Map.of("reason", reason.strip()));
        log.info("Item {} retracted by {}", id, caller.login());
        return new PublishResult(view(id), ledger.forItem(id));
    }

    /**
     * Called by the sweep ({@link DueSweep}): releases the item if it is still scheduled for {@code at}. Idempotent on
     * the item's state: a second call for the same time finds it PUBLISHED and does nothing, and the
     * first publication time is the time it really went out.
     *
     * @throws ItemRefusal when a publishing rule refuses the release now (nothing is stored; the job
     *     then calls {@link #refuseScheduledRelease}); any other exception leaves it to be retried
     */
    @Transactional
    public void releaseScheduled(String id, Instant at) {
        Instant now = clock.instant();
        ItemRow row = items.lock(id).orElse(null);
        if (row == null || row.status() != ItemStatus.SCHEDULED || !sameJobTime(at, row.scheduledAt())) {
            log.info("Release job for item {} at {} is stale; nothing to do", id, at);
            scheduler.cancelPublishIfFor(id, at);
            return;
        }
        ReviewProgress progress = review.progress(row);
        if (!progress.unreviewed() && !progress.approved()) {
            // Unreachable while returning a scheduled item cancels its job; checked so a job that is
            // already running cannot release what is no longer approved.
            log.warn("Release job for item {} at {}: its approval was withdrawn; not released", id, at);
            scheduler.cancelPublishIfFor(id, at);
            return;
        }
        ItemVersion version = items.version(id, row.currentVersion()).orElseThrow();
        if (version.expireAt() != null && !version.expireAt().isAfter(now)) {
            throw ItemRefusal.byRule("the item expired at " + version.expireAt() + " before it could be released",
                    List.of(new Field("expireAt", "passed before the release happened")));
        }
        Set<String> targets = targets(version);
        // A rule that passed when it was scheduled may fail now (say, its policy was retracted).
        runChecks(row, version, targets, now);
        release(row, version, targets, now);
        audit(Action.RELEASE, null, id, version.version(), Map.of("scheduledAt", at.toString()));
        log.info("Item {} v{} released on schedule (due {}, {} late)", id, version.version(), at,
                java.time.Duration.between(at, now));
    }

    /**
     * Records that the release due at {@code at} was refused: the item goes back to APPROVED (DRAFT in a
     * column without review, {@link #unscheduled}), its jobs are removed and the reason stays visible with
     * the item until it is scheduled or published again.
     *
     * @return whether it was recorded ({@code false} when the item has changed since)
     */
    @Transactional
    boolean refuseScheduledRelease(String id, Instant at, ItemRefusal refusal) {
        Instant now = clock.instant();
        ItemRow row = items.lock(id).orElse(null);
        if (row == null || row.status() != ItemStatus.SCHEDULED || !sameJobTime(at, row.scheduledAt())) {
            scheduler.cancelPublishIfFor(id, at);
            return false;
        }
        scheduler.cancelPublish(id);
        ItemRow back = row.toBuilder().status(unscheduled(row)).scheduledAt(null).updatedAt(now).build();
        applyExpiry(row, back);
        items.update(back);
        items.markReleaseRefused(id, now, refusal.oneLine());
        return true;
    }

    /**
     * After a failed attempt (rolled back): sets the release job to try again later, if the item is
     * still scheduled for {@code at}.
     *
     * @return when it is tried again, or {@code null} when the item has changed since
     */
    @Transactional
    Instant retryScheduledRelease(String id, Instant at) {
        ItemRow row = items.lock(id).orElse(null);
        if (row == null || row.status() != ItemStatus.SCHEDULED || !sameJobTime(at, row.scheduledAt())) {
            return null;
        }
        return scheduler.retryPublish(id, at);
    }

    /** Called by the sweep: takes the item off its channels if it still expires at {@code at}. */
    @Transactional
    public void expire(String id, Instant at) {
        ItemRow row = items.lock(id).orElse(null);
        if (row != null && row.status() == ItemStatus.SCHEDULED && sameJobTime(at, row.expireAt())) {
            // Not released yet (its release is being retried): the release refuses an expired item and
            // removes this job; until then it stays, in case the release happens first.
            log.warn("Item {} reached its expiry {} before its release; nothing to withdraw", id, at);
            return;
        }
        if (row == null || row.status() != ItemStatus.PUBLISHED || !sameJobTime(at, row.expireAt())) {
            log.info("Expiry job for item {} at {} is stale; nothing to do", id, at);
            scheduler.cancelExpiryIfFor(id, at);
            return;
        }
        withdraw(row, "EXPIRED", clock.instant());
        audit(Action.EXPIRE, null, id, row.releasedVersion(), Map.of("expireAt", at.toString()));
        log.info("Item {} expired", id);
    }

    /**
     * After a failed expiry (rolled back): sets the expiry job to try again later, if the item is still
     * published and expiring at {@code at}.
     *
     * @return when it is tried again, or {@code null} when the item has changed since
     */
    @Transactional
    Instant retryExpiry(String id, Instant at) {
        ItemRow row = items.lock(id).orElse(null);
        if (row == null || row.status() != ItemStatus.PUBLISHED || !sameJobTime(at, row.expireAt())) {
            return null;
        }
        return scheduler.retryExpiry(id, at);
    }

    @Transactional(readOnly = true)
    public ItemView get(String id) {
        return view(id);
    }

    /**
     * The item with the content of one of its versions (its lifecycle state is the item's, as for
     * {@link #get}): what a version history, a diff or a preview of that version shows.
     */
    @Transactional(readOnly = true)
    public ItemView get(String id, int version) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        return view(row, items.version(id, version)
                .orElseThrow(() -> ItemRefusal.notFound("no version " + version + " of item " + id)));
    }

    /** Every version of an item, oldest first, with who saved it and where it stands. */
    @Transactional(readOnly = true)
    public List<ItemView.VersionEntry> versions(String id) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        return items.versions(id).stream().map(v -> new ItemView.VersionEntry(v.version(), v.createdBy(),
                v.createdAt(), v.releasedAt(), v.releasedAt() != null ? ItemStatus.PUBLISHED
                        : review.stateOf(row, v.version()))).toList();
    }

    /**
     * What the release rules ({@link ReleaseCheck}: disclosure) would refuse if the current version were
     * published now; empty when nothing would. The pre-publish checks' findings are {@link #checks}'s.
     */
    @Transactional(readOnly = true)
    public List<Field> releaseProblems(String id) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        ItemVersion version = items.version(id, row.currentVersion()).orElseThrow();
        List<Field> problems = new ArrayList<>();
        checks.forEach(c -> problems.addAll(c.check(row, version, targets(version))));
        return problems;
    }

    @Transactional(readOnly = true)
    public ItemView.Page list(String column, ItemStatus status, int page, int size) {
        return list(column, status, null, page, size);
    }

    /** A page of items whose title contains {@code titleContains} (any case; every item when null or blank). */
    @Transactional(readOnly = true)
    public ItemView.Page list(String column, ItemStatus status, String titleContains, int page, int size) {
        ItemRepository.Page found = items.list(column, status, titleContains, page, size);
        return new ItemView.Page(found.rows().stream().map(ItemView.Summary::of).toList(), page, size, found.total());
    }

    @Transactional(readOnly = true)
    public List<Delivery> deliveries(String id) {
        if (!items.exists(id)) {
            throw ItemRefusal.notFound("no item " + id);
        }
        return ledger.forItem(id);
    }

    // ---- transitions --------------------------------------------------------------------------

    private void release(ItemRow row, ItemVersion version, Set<String> targets, Instant now) {
        Set<String> queued = outbox.release(row.id(), version.version(), targets, now);
        if (queued.isEmpty()) {
            throw ItemRefusal.byRule("none of the item's channels " + targets + " is enabled",
                    List.of(new Field("channels", "no enabled channel to publish to")));
        }
        items.markReleased(row.id(), version.version(), now);
        review.recordUnreviewedRelease(row.id(), version, now);
        ItemRow published = row.toBuilder().status(ItemStatus.PUBLISHED).releasedVersion(version.version())
                .scheduledAt(null).expireAt(version.expireAt())
                .firstPublishedAt(row.firstPublishedAt() == null ? now : row.firstPublishedAt()).lastPublishedAt(now)
                .retractedAt(null).retractReason(null).updatedAt(now).build();
        if (row.status() == ItemStatus.SCHEDULED) {
            scheduler.cancelPublish(row.id());
        }
        applyExpiry(row, published);
        items.update(published);
        items.clearReleaseRefusal(row.id());
    }

    private ItemRow redeliver(ItemRow row, ItemVersion previous, ItemVersion version, Instant now) {
        Set<String> before = targets(previous);
        Set<String> after = targets(version);
        runChecks(row, version, after, now);
        Set<String> added = new TreeSet<>(after);
        added.removeAll(before);
        Set<String> kept = new TreeSet<>(after);
        kept.retainAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(after);
        outbox.release(row.id(), version.version(), kept, now);
        outbox.release(row.id(), version.version(), added, now);
        if (!removed.isEmpty()) {
            outbox.retract(row.id(), version.version(), removed, "channel removed from the item", now);
        }
        items.markReleased(row.id(), version.version(), now);
        review.recordUnreviewedRelease(row.id(), version, now);
        return row.toBuilder().releasedVersion(version.version()).lastPublishedAt(now).updatedAt(now).build();
    }

    private void withdraw(ItemRow row, String reason, Instant now) {
        Set<String> held = new TreeSet<>();
        ledger.forItem(row.id()).forEach(d -> held.add(d.channel()));
        outbox.retract(row.id(), row.releasedVersion(), held, reason.toLowerCase(), now);
        ItemRow retracted = row.toBuilder().status(ItemStatus.RETRACTED).scheduledAt(null).retractedAt(now)
                .retractReason(reason).updatedAt(now).build();
        applyExpiry(row, retracted);
        items.update(retracted);
    }

    private ItemRow reschedule(ItemRow row, Instant at) {
        if (!at.isAfter(clock.instant())) {
            throw ItemRefusal.invalid("publishAt", "is in the past (" + at + "); a publication time can never be "
                    + "backdated");
        }
        scheduler.schedulePublish(row.id(), at);
        items.clearReleaseRefusal(row.id());
        return row.toBuilder().status(ItemStatus.SCHEDULED).scheduledAt(at).updatedAt(clock.instant()).build();
    }

    /**
     * Keeps the expiry job in line with the item: a job while it is scheduled or published with an
     * expiry time, none otherwise. Only written when something changes.
     */
    private void applyExpiry(ItemRow before, ItemRow after) {
        boolean wanted = after.expireAt() != null
                && (after.status() == ItemStatus.SCHEDULED || after.status() == ItemStatus.PUBLISHED);
        boolean had = before.expireAt() != null
                && (before.status() == ItemStatus.SCHEDULED || before.status() == ItemStatus.PUBLISHED);
        if (wanted && (!had || !after.expireAt().equals(before.expireAt()))) {
            scheduler.scheduleExpiry(after.id(), after.expireAt());
        } else if (!wanted && had) {
            scheduler.cancelExpiry(after.id());
        }
    }

    /**
     * Whether a job set for {@code jobAt} is still the item's job for {@code itemAt}. A job carries its
     * time in epoch milliseconds and times are stored to the millisecond (older rows may hold more
     * digits), so the two are compared to the millisecond.
     */
    static boolean sameJobTime(Instant jobAt, Instant itemAt) {
        return itemAt != null && jobAt.toEpochMilli() == itemAt.toEpochMilli();
    }

    /**
     * Refuses the release of {@code version} at {@code releaseAt} when a release rule or a blocking
     * pre-publish check (发布前检查) says no; warnings do not stop a release (they were acknowledged at
     * the review steps).
     */
    private void runChecks(ItemRow row, ItemVersion version, Set<String> targets, Instant releaseAt) {
        List<Field> problems = problems(row, version, targets, releaseAt);
        if (!problems.isEmpty()) {
            throw ItemRefusal.byRules(problems);
        }
    }

    private List<Field> problems(ItemRow row, ItemVersion version, Set<String> targets, Instant releaseAt) {
        List<Field> problems = new ArrayList<>();
        checks.forEach(c -> problems.addAll(c.check(row, version, targets)));
        problems.addAll(ItemChecks.blocking(prePublish.reportForBlocks(row, version, targets, releaseAt)));
        return problems;
    }

    /**
     * The pre-publish checks' report on the current version, as if it were released at its scheduled
     * or requested time (now when none lies ahead). Never refuses: a report is for reading. Not in a
     * transaction: the link check fetches external links (up to its timeout each), and a transaction would
     * hold a database connection, which deliveries need, all that time; the item and its version are two
     * reads, and a version never changes.
     */
    public CheckReport checks(String id) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        ItemVersion version = items.version(id, row.currentVersion()).orElseThrow();
        return prePublish.report(row, version);
    }

    /** The item's own channels, or its column's. */
    Set<String> targets(ItemVersion version) {
        return prePublish.targets(version);
    }

    // ---- validation -------------------------------------------------------------------------------

    /** Refuses with 403 unless the caller holds {@code role} on {@code column}. */
    static void require(Caller caller, Role role, String column) {
        if (!caller.holds(role, column)) {
            throw ItemRefusal.forbidden("this needs role " + role + " (" + role.label() + ") on column " + column
                    + ", which " + caller.login() + " does not hold");
        }
    }

    /** Publishes the audit event of a change, inside its transaction; {@code caller} null is the service. */
    void audit(Action action, Caller caller, String itemId, Integer version, Map<String, String> changes) {
        events.publishEvent(new AuditEvent(action, caller == null ? null : caller.login(), null, itemId, version,
                changes));
    }

    ItemRow lock(String id) {
        return items.lock(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
    }

    /**
     * Checks everything Bean Validation cannot (catalogue keys, links, assets, times, the body) and
     * builds the version; any problem refuses the whole request before anything is stored.
     */
    private ItemVersion toVersion(String id, int number, ItemRequest r, String actor, Instant now, ItemRow existing) {
        BodySanitizer.Result body = sanitizer.sanitize(r.body());
        refuseUnprintable(r, body.html());
        List<Field> problems = new ArrayList<>();
        if (!properties.columns().containsKey(r.column())) {
            problems.add(new Field("column", "unknown column '" + r.column() + "'; known: "
                    + properties.columns().keySet()));
        }
        for (int i = 0; i < r.channels().size(); i++) {
            if (!channels.configuredIds().contains(r.channels().get(i))) {
                problems.add(new Field("channels[" + i + "]", "unknown channel '" + r.channels().get(i)
                        + "'; known: " + channels.configuredIds()));
            }
        }
        if (new LinkedHashSet<>(r.channels()).size() != r.channels().size()) {
            problems.add(new Field("channels", "lists a channel twice"));
        }
        for (Map.Entry<String, ChannelOverride> o : r.overrides().entrySet()) {
            if (!channels.configuredIds().contains(o.getKey())) {
                problems.add(new Field("overrides." + o.getKey(), "unknown channel '" + o.getKey() + "'"));
            }
        }
        Disclosure disclosure = r.disclosure();
        if (disclosure.type() != DisclosureType.PROACTIVE && (disclosure.reason() == null || disclosure.reason().isBlank())) {
            problems.add(new Field("disclosure.reason", "is required when the type is " + disclosure.type()
                    + ": state the legal ground for not disclosing proactively"));
        }
        for (int i = 0; i < r.related().size(); i++) {
            String other = r.related().get(i).itemId();
            if (other.equals(id)) {
                problems.add(new Field("related[" + i + "].itemId", "an item cannot be linked to itself"));
            } else if (!items.exists(other)) {
                problems.add(new Field("related[" + i + "].itemId", "no item " + other));
            }
        }
        if (r.coverAssetId() != null && assets.find(r.coverAssetId()).isEmpty()) {
            problems.add(new Field("coverAssetId", "no asset " + r.coverAssetId() + "; upload it first"));
        }
        boolean released = existing != null && existing.status() == ItemStatus.PUBLISHED;
        // A published item's publishAt is history; anywhere else a past time would be a backdating.
        if (r.publishAt() != null && r.publishAt().isBefore(now) && !released) {
            problems.add(new Field("publishAt", "is in the past; a publication time can never be backdated"));
        }
        if (r.expireAt() != null) {
            if (!r.expireAt().isAfter(now)) {
                problems.add(new Field("expireAt", "is not in the future"));
            } else if (r.publishAt() != null && !r.expireAt().isAfter(r.publishAt())) {
                problems.add(new Field("expireAt", "is not after publishAt"));
            }
        }
        body.problems().forEach(p -> problems.add(new Field("body", p)));
        if (body.html().isBlank()) {
            problems.add(new Field("body", "is empty once unsafe markup is removed"));
        }
        List<String> missing = new ArrayList<>(new LinkedHashSet<>(body.imageAssetIds()));
        assets.findAll(missing).forEach(a -> missing.remove(a.id()));
        missing.forEach(a -> problems.add(new Field("body", "image /assets/" + a + " does not exist; upload it first")));
        problems.addAll(channelLimitProblems(r, body.html()));
        problems.addAll(DocumentMetadata.problems(r, now, topics));
        if (!problems.isEmpty()) {
            throw ItemRefusal.invalid(problems);
        }
        return new ItemVersion(id, number, r.title(), r.summary(), body.html(), r.author(), r.department().strip(),
                r.column(), disclosure.type(), disclosure.type() == DisclosureType.PROACTIVE ? null : disclosure.reason(),
                r.indexNumber(), r.documentNumber(), r.coverAssetId(), r.priority(), millis(r.publishAt()),
                millis(r.expireAt()),
                r.tags(), r.overrides(), r.channels(), now, actor, null, r.signedOn(), r.validity(), r.topic(),
                r.documentType());
    }

    /**
     * Refuses, naming every such field, text that no channel can show: control characters,
     * unpaired surrogates, noncharacters, and line breaks in one-line fields ({@link PlainText}). Every
     * string of the request is checked, nested ones included, so a new field cannot be forgotten. The
     * body is checked again once sanitised: a character reference such as {@code &#x85;} becomes the
     * character itself there.
     */
    private static void refuseUnprintable(ItemRequest r, String sanitizedBody) {
        List<Field> problems = new ArrayList<>();
        PlainText.problems(r).forEach(p -> problems.add(new Field(p.field(), p.message())));
        if (problems.stream().noneMatch(p -> p.field().equals("body"))) {
            PlainText.problem(sanitizedBody, true).ifPresent(m -> problems.add(new Field("body",
                    "has a character reference (such as &#x85;) to a character that cannot be published: " + m)));
        }
        if (!problems.isEmpty()) {
            throw ItemRefusal.unpublishableText(problems);
        }
    }

    /** The target channels' field limits ({@link ChannelLimits}) for request {@code r}. */
    private List<Field> channelLimitProblems(ItemRequest r, String bodyHtml) {
        Set<String> targets = new TreeSet<>(r.channels());
        if (targets.isEmpty() && properties.columns().containsKey(r.column())) {
            targets.addAll(properties.columns().get(r.column()).channels());
        }
        return ChannelLimits.problems(channels, targets, r.title(), r.author(), r.summary(), r.overrides(), bodyHtml);
    }

    /**
     * Times an editor gives are kept to the millisecond: the precision of the scheduled actions and of every
     * database we run on, so a job's time and the item's time always compare equal.
     */
    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private ItemView view(String id) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        return view(row, items.version(id, row.currentVersion()).orElseThrow());
    }

    /** The item as the API shows it, with the content of version {@code v} in place of its current one. */
    private ItemView view(ItemRow row, ItemVersion v) {
        String id = row.id();
        List<ItemView.RelatedView> related = items.links(id).stream()
                .map(l -> new ItemView.RelatedView(l.itemId(), l.relation(), l.title(), l.status())).toList();
        return new ItemView(id, v.version(), row.status(), v.title(), v.summary(), v.bodyHtml(), v.author(),
                v.department(), v.column(), new Disclosure(v.disclosureType(), v.disclosureReason()), v.indexNumber(),
                v.documentNumber(), v.coverAssetId(), v.tags(), v.priority(), v.publishAt(), v.expireAt(),
                v.overrides(), related, List.copyOf(targets(v)), row.releasedVersion(), row.scheduledAt(),
                row.firstPublishedAt(), row.lastPublishedAt(), row.retractedAt(), row.retractReason(), row.createdAt(),
                row.createdBy(), row.updatedAt(), items.releaseRefusal(id).orElse(null), v.signedOn(), v.validity(),
                v.topic(), v.documentType(), ItemView.Review.of(review.progress(row)), null);
    }
}
