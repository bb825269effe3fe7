package org.tongfa.item;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.check.CheckReport;
import org.tongfa.check.Finding;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.AuditEvent.Action;
import org.tongfa.delivery.ItemSnapshot;
import org.tongfa.item.ItemRequest.Disclosure;
import org.tongfa.item.ReviewRecord.Decision;
import org.tongfa.item.ReviewRecord.Secrecy;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * The review chain (三审) of an item's current version: submitting it, deciding its current step, and
 * its history. The rules: the step's role on the item's column; no self-approval (neither the item's
 * drafter nor the version's may decide any step of it); one person takes one step of a version; a
 * decision names the version and step it decides, so of two reviewers deciding at once one wins and the
 * other is refused (409), by the item row's lock and, beneath it, the history's unique key.
 *
 * <p>An item that has never been released carries its review state as its status; a PUBLISHED one
 * stays PUBLISHED while its newer version is reviewed ({@link ReviewProgress} says where it stands).
 */
@Service
public class ReviewDesk {

    private static final Logger log = LoggerFactory.getLogger(ReviewDesk.class);

    private final ItemRepository items;
    private final ReviewRepository reviews;
    private final ReviewChains chains;
    private final ItemScheduler scheduler;
    private final ItemChecks checks;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    ReviewDesk(ItemRepository items, ReviewRepository reviews, ReviewChains chains, @Lazy ItemScheduler scheduler,
            ItemChecks checks, ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
        this.items = items;
        this.reviews = reviews;
        this.chains = chains;
        this.scheduler = scheduler;
        this.checks = checks;
        this.events = events;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * A decision on the current step.
     *
     * @param decision approve or return
     * @param step the step the caller decides ({@code office}, {@code confidentiality}, {@code signer})
     * @param version the version the caller read
     * @param opinion required when returning
     * @param secrecy the confidentiality step's verdict (required there when approving)
     * @param secrecyBasis its basis
     * @param disclosure at the office step, the disclosure attribute confirmed or changed; {@code null}
     *     confirms the drafter's proposal
     * @param acknowledgement when approving a version the pre-publish checks warn about, the reviewer's
     *     note that they read the warnings (recorded in the audit trail with them); else ignored
     */
    public record Decide(Verdict decision, String step, Integer version, String opinion, Secrecy secrecy,
            String secrecyBasis, Disclosure disclosure, String acknowledgement) {

        /** A decision with no acknowledgement of the pre-publish checks' warnings. */
        public Decide(Verdict decision, String step, Integer version, String opinion, Secrecy secrecy,
                String secrecyBasis, Disclosure disclosure) {
            this(decision, step, version, opinion, secrecy, secrecyBasis, disclosure, null);
        }
    }

    /** Approve the step, or return the item to its drafter. */
    public enum Verdict {
        APPROVE, RETURN
    }

    /** An item's chain, where its current version stands, and every decision on it. */
    public record History(List<String> chain, boolean unreviewed, ItemView.Review current, List<ReviewRecord> records) {
    }

    ReviewChains.Chain chain(String column) {
        return chains.of(column);
    }

    ReviewProgress progress(ItemRow row) {
        return ReviewProgress.of(chains.of(row.column()), row.currentVersion(),
                reviews.forVersion(row.id(), row.currentVersion()));
    }

    /** Where one version of the item stands in its chain: DRAFT, IN_REVIEW, RETURNED or APPROVED. */
    ItemStatus stateOf(ItemRow row, int version) {
        return ReviewProgress.of(chains.of(row.column()), version, reviews.forVersion(row.id(), version)).state();
    }

    /**
     * One line of a reviewer's inbox (待我审核).
     *
     * @param drafter the login of who drafted the version under review
     * @param submittedAt when the version was last submitted
     */
    public record Awaiting(String itemId, String title, String column, int version, String step, String drafter,
            Instant submittedAt) {
    }

    /**
     * The items whose current version waits at a step {@code caller} may take (the step's role on the
     * item's column), oldest change first. Items the caller drafted are left out: nobody reviews their own.
     */
    @Transactional(readOnly = true)
    public List<Awaiting> awaiting(Caller caller) {
        List<Awaiting> waiting = new ArrayList<>();
        for (ItemRow row : items.underReview()) {
            ReviewProgress progress = progress(row);
            if (progress.state() != ItemStatus.IN_REVIEW || !caller.holds(progress.step().role(), row.column())) {
                continue;
            }
            List<ReviewRecord> decisions = reviews.forVersion(row.id(), row.currentVersion());
            ReviewRecord submitted = decisions.stream().filter(r -> r.step().equals(ReviewRecord.SUBMIT))
                    .reduce((a, b) -> b).orElse(null);
            String drafter = items.version(row.id(), row.currentVersion()).map(ItemVersion::createdBy).orElse(null);
            if (caller.login().equals(row.createdBy()) || caller.login().equals(drafter)) {
                continue;
            }
            waiting.add(new Awaiting(row.id(), row.title(), row.column(), row.currentVersion(), progress.step().key(),
                    drafter, submitted == null ? null : submitted.actedAt()));
        }
        return waiting;
    }

    static List<String> keys(ReviewChains.Chain chain) {
        return chain.steps().stream().map(ReviewStep::key).toList();
    }

    /** Puts the current version before the chain's first step; the caller needs DRAFTER on the column. */
    @Transactional
    public void submit(String id, Integer expectedVersion, Caller caller) {
        ItemRow row = lock(id);
        ItemService.require(caller, Role.DRAFTER, row.column());
        ReviewProgress progress = progress(row);
        if (progress.unreviewed()) {
            throw ItemRefusal.notAllowed("column " + row.column() + " is configured with review: none; publish the "
                    + "item directly");
        }
        checkVersion(row, expectedVersion);
        boolean pending = row.status() == ItemStatus.PUBLISHED && row.currentVersion() > row.releasedVersion();
        boolean draft = row.status() == ItemStatus.DRAFT || row.status() == ItemStatus.RETURNED;
        if (!draft && !(pending && progress.state() != ItemStatus.IN_REVIEW && !progress.approved())) {
            throw ItemRefusal.notAllowed("item " + id + " is " + describe(row, progress)
                    + "; only a DRAFT or RETURNED version can be submitted");
        }
        ItemVersion current = items.version(id, row.currentVersion()).orElseThrow();
        refuseBlocked(checks.reportForBlocks(row, current), current, "submitted");
        Instant now = clock.instant();
        int round = progress.round() + 1;
        reviews.append(id, new ReviewRecord(row.currentVersion(), round, ReviewRecord.SUBMIT, Decision.SUBMITTED,
                caller.login(), caller.displayName(), now, null, null, null, null, null, false));
        if (row.status() != ItemStatus.PUBLISHED) {
            items.update(row.toBuilder().status(ItemStatus.IN_REVIEW).updatedAt(now).build());
        }
        audit(Action.SUBMIT, caller, id, row.currentVersion(), Map.of("round", String.valueOf(round),
                "step", progress.chain().steps().get(0).key()));
        log.info("Item {} v{} submitted by {}", id, row.currentVersion(), caller.login());
    }

    /**
     * Decides the current step of the current version. Returning an APPROVED or SCHEDULED item (the
     * chain's last step, {@code signer}) withdraws its approval: a scheduled release is cancelled and
     * does not happen.
     *
     * <p>An approval needs the version's full report, whose link check asks other sites (up to its timeout
     * for each link): that report is made first, outside the transaction, so the item is not locked nor a
     * database connection held while they answer. Inside, it is used when the item is still as it was read;
     * else (the item changed in between) it is made again there.
     */
    public void decide(String id, Decide request, Caller caller) {
        Checked checked = checkedBefore(id, request, caller);
        tx.executeWithoutResult(status -> decide(id, request, caller, checked));
    }

    /**
     * The full report on the version an approval names, made before its transaction; {@code null} when the
     * request is no approval of the current version by someone who may take the step named (nobody else
     * makes Tongfa ask other sites).
     */
    private Checked checkedBefore(String id, Decide request, Caller caller) {
        ReviewStep named = request.step() == null ? null : ReviewStep.of(request.step()).orElse(null);
        if (request.decision() != Verdict.APPROVE || request.version() == null || named == null) {
            return null;
        }
        ItemRow row = items.find(id).orElse(null);
        if (row == null || row.currentVersion() != request.version() || !caller.holds(named.role(), row.column())) {
            return null;
        }
        return items.version(id, row.currentVersion()).map(version -> new Checked(row, checks.report(row, version)))
                .orElse(null);
    }

    /** The report on the item's current version as it was when the report was made. */
    private record Checked(ItemRow row, CheckReport report) {
    }

    private void decide(String id, Decide request, Caller caller, Checked checked) {
        ItemRow row = lock(id);
        ReviewProgress progress = progress(row);
        if (progress.unreviewed()) {
            throw ItemRefusal.notAllowed("column " + row.column() + " is configured with review: none; its items "
                    + "are not reviewed");
        }
        if (request.decision() == null) {
            throw ItemRefusal.invalid("decision", "is required: APPROVE or RETURN");
        }
        if (request.version() == null) {
            throw ItemRefusal.invalid("version", "is required: the version you reviewed");
        }
        ReviewStep step = ReviewStep.of(request.step() == null ? "" : request.step()).orElseThrow(() ->
                ItemRefusal.invalid("step", "is required: one of " + keys(progress.chain())));
        checkVersion(row, request.version());
        boolean pending = row.status() == ItemStatus.PUBLISHED && row.currentVersion() > row.releasedVersion();
        if (row.status() == ItemStatus.RETRACTED || row.status() == ItemStatus.PUBLISHED && !pending) {
            throw ItemRefusal.notAllowed("item " + id + " is " + row.status() + "; its released version is not under "
                    + "review: edit it to review a new version" + (row.status() == ItemStatus.PUBLISHED
                            ? ", or retract it" : ""));
        }
        boolean withdrawing = progress.approved() && request.decision() == Verdict.RETURN;
        if (withdrawing && step != progress.chain().last()) {
            throw ItemRefusal.notAllowed("item " + id + " is " + describe(row, progress) + "; only its sign-off ("
                    + progress.chain().last().key() + ") can be withdrawn");
        }
        if (!withdrawing && progress.state() != ItemStatus.IN_REVIEW) {
            throw ItemRefusal.notAllowed("item " + id + " is " + describe(row, progress) + ", not IN_REVIEW");
        }
        if (!withdrawing && step != progress.step()) {
            throw ItemRefusal.notAllowed("item " + id + " is IN_REVIEW at step " + progress.step().key() + ", not "
                    + step.key());
        }
        ItemService.require(caller, step.role(), row.column());
        ItemVersion version = items.version(id, row.currentVersion()).orElseThrow();
        checkNotOwn(caller, row, version, step);
        Instant now = clock.instant();
        ReviewRecord record = record(request, step, withdrawing, row, version, progress, caller, now);
        List<Finding> acknowledged = request.decision() == Verdict.APPROVE
                ? checkApproval(version, request, checked != null && checked.row().equals(row) ? checked.report()
                        : checks.report(row, version))
                : List.of();
        if (!reviews.append(id, record)) {
            throw ItemRefusal.notAllowed("step " + step.key() + " of version " + version.version() + " was decided "
                    + "by someone else at the same time; reload the item");
        }
        ItemRow updated = row.toBuilder().updatedAt(now).build();
        if (record.disclosureChanged()) {
            items.changeDisclosure(id, version.version(), record.disclosureType(), record.disclosureReason());
            updated = updated.toBuilder().disclosureType(record.disclosureType()).build();
        }
        boolean signed = request.decision() == Verdict.APPROVE && progress.chain().after(step) == null;
        if (row.status() != ItemStatus.PUBLISHED) {
            ItemStatus status = request.decision() == Verdict.RETURN ? ItemStatus.RETURNED
                    : signed ? ItemStatus.APPROVED : ItemStatus.IN_REVIEW;
            if (row.status() == ItemStatus.SCHEDULED) {
                scheduler.cancelPublish(id);
                if (row.expireAt() != null) {
                    scheduler.cancelExpiry(id);
                }
            }
            updated = updated.toBuilder().status(status).scheduledAt(null).build();
        }
        items.update(updated);
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("step", record.step());
        changes.put("decision", record.decision().name());
        if (record.opinion() != null) {
            changes.put("opinion", record.opinion());
        }
        if (record.secrecy() != null) {
            changes.put("secrecy", record.secrecy().name());
        }
        if (record.disclosureChanged()) {
            changes.put("disclosure", version.disclosureType() + " -> " + record.disclosureType());
        }
        if (!acknowledged.isEmpty()) {
            changes.put("checkWarnings", acknowledged.stream().map(f -> f.check() + " " + f.field() + ": " + f.message())
                    .collect(java.util.stream.Collectors.joining("; ")));
            changes.put("acknowledgement", request.acknowledgement().strip());
        }
        audit(request.decision() == Verdict.RETURN ? Action.RETURN : signed ? Action.SIGN : Action.APPROVE, caller,
                id, version.version(), changes);
        log.info("Item {} v{}: step {} {} by {}", id, version.version(), record.step(), record.decision(),
                caller.login());
    }

    private ReviewRecord record(Decide request, ReviewStep step, boolean withdrawing, ItemRow row, ItemVersion version,
            ReviewProgress progress, Caller caller, Instant now) {
        String opinion = blankToNull(request.opinion());
        if (request.decision() == Verdict.RETURN && opinion == null) {
            throw ItemRefusal.invalid("opinion", "is required when returning: tell the drafter what to change");
        }
        Secrecy secrecy = null;
        String basis = null;
        if (step == ReviewStep.CONFIDENTIALITY && !withdrawing) {
            secrecy = request.secrecy();
            basis = blankToNull(request.secrecyBasis());
            if (request.decision() == Verdict.APPROVE) {
                if (secrecy == null) {
                    throw ItemRefusal.invalid("secrecy", "is required: SECRET (涉密) or NOT_SECRET (不涉密)");
                }
                if (secrecy == Secrecy.SECRET) {
                    throw ItemRefusal.invalid("secrecy", "an item found SECRET (涉密) cannot be approved for release; "
                            + "return it");
                }
                if (basis == null) {
                    throw ItemRefusal.invalid("secrecyBasis", "is required: the basis of the verdict");
                }
            }
        }
        DisclosureType disclosure = null;
        String disclosureReason = null;
        boolean changed = false;
        if (step == ReviewStep.OFFICE && !withdrawing && request.decision() == Verdict.APPROVE) {
            Disclosure given = request.disclosure() == null
                    ? new Disclosure(version.disclosureType(), version.disclosureReason()) : request.disclosure();
            disclosure = given.type() == null ? version.disclosureType() : given.type();
            disclosureReason = disclosure == DisclosureType.PROACTIVE ? null : blankToNull(given.reason());
            if (disclosure != DisclosureType.PROACTIVE && disclosureReason == null) {
                throw ItemRefusal.invalid("disclosure.reason", "is required when the type is " + disclosure);
            }
            if (disclosureReason != null && disclosureReason.length() > 500) {
                throw ItemRefusal.invalid("disclosure.reason", "is longer than 500 characters");
            }
            changed = disclosure != version.disclosureType()
                    || !java.util.Objects.equals(disclosureReason, version.disclosureReason());
        }
        if (opinion != null && opinion.length() > 2000) {
            throw ItemRefusal.invalid("opinion", "is longer than 2000 characters");
        }
        if (basis != null && basis.length() > 2000) {
            throw ItemRefusal.invalid("secrecyBasis", "is longer than 2000 characters");
        }
        return new ReviewRecord(version.version(), progress.round(), withdrawing ? ReviewRecord.WITHDRAW : step.key(),
                request.decision() == Verdict.RETURN ? Decision.RETURNED : Decision.APPROVED, caller.login(),
                caller.displayName(), now, opinion, secrecy, basis, disclosure, disclosureReason, changed);
    }

    /**
     * Refuses when the pre-publish checks (发布前检查) block the version, naming every blocking finding
     * (422, as a release rule does).
     */
    private static CheckReport refuseBlocked(CheckReport report, ItemVersion version, String what) {
        List<ItemRefusal.Field> blocks = ItemChecks.blocking(report);
        if (!blocks.isEmpty()) {
            throw ItemRefusal.byRule("version " + version.version() + " cannot be " + what + ": the pre-publish "
                    + "checks (发布前检查) found " + blocks.size() + " blocking problem(s); fix them and save again",
                    blocks);
        }
        return report;
    }

    /**
     * An approval needs a version with no blocking finding, and a note acknowledging its warnings when it
     * has any; returns the warnings acknowledged.
     */
    private static List<Finding> checkApproval(ItemVersion version, Decide request, CheckReport full) {
        CheckReport report = refuseBlocked(full, version, "approved");
        List<Finding> warnings = report.warnings();
        if (!warnings.isEmpty() && blankToNull(request.acknowledgement()) == null) {
            throw ItemRefusal.invalid(warnings.stream().map(f -> {
                ItemRefusal.Field w = ItemChecks.asField(f);
                return new ItemRefusal.Field("acknowledgement", "acknowledge with a note (确认说明) the warning on "
                        + w.field() + ": " + w.message());
            }).toList());
        }
        if (request.acknowledgement() != null && request.acknowledgement().length() > 2000) {
            throw ItemRefusal.invalid("acknowledgement", "is longer than 2000 characters");
        }
        return warnings;
    }

    /** The drafter takes no step of their own item, and nobody takes two steps of one version. */
    private void checkNotOwn(Caller caller, ItemRow row, ItemVersion version, ReviewStep step) {
        if (caller.login().equals(row.createdBy()) || caller.login().equals(version.createdBy())) {
            throw ItemRefusal.forbidden(caller.login() + " drafted this item (version " + version.version()
                    + ") and cannot decide any step of it: no self-approval");
        }
        List<String> stepKeys = ReviewDesk.keys(chains.of(row.column()));
        reviews.forVersion(row.id(), version.version()).stream()
                .filter(r -> caller.login().equals(r.actorLogin()) && stepKeys.contains(r.step())
                        && !r.step().equals(step.key()))
                .findFirst().ifPresent(r -> {
                    throw ItemRefusal.forbidden(caller.login() + " already took step " + r.step() + " of version "
                            + version.version() + "; one person takes one step of a version");
                });
    }

    /** Records a retraction in the history, like a step. */
    void recordRetraction(ItemRow row, String reason, Caller caller, Instant now) {
        reviews.append(row.id(), new ReviewRecord(row.releasedVersion(), 0, ReviewRecord.RETRACT, Decision.RETRACTED,
                caller.login(), caller.displayName(), now, reason, null, null, null, null, false));
    }

    /** Records that a version of a {@code review: none} column was released without review. */
    void recordUnreviewedRelease(String itemId, ItemVersion version, Instant now) {
        if (chains.of(version.column()).unreviewed()) {
            reviews.append(itemId, new ReviewRecord(version.version(), 0, ReviewRecord.RELEASE,
                    Decision.RELEASED_UNREVIEWED, null, null, now, "column " + version.column()
                            + " is configured with review: none", null, null, null, null, false));
        }
    }

    /** The chain, the current version's progress and every decision on the item. */
    @Transactional(readOnly = true)
    public History history(String id) {
        ItemRow row = items.find(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
        ReviewProgress progress = progress(row);
        return new History(keys(progress.chain()), progress.unreviewed(), ItemView.Review.of(progress),
                reviews.history(id));
    }

    /**
     * The names readers may see with a version: its 审核人 and 签发人 from its last round, when the column
     * shows them ({@code show-reviewers}); else {@code null}.
     */
    ItemSnapshot.Reviewers reviewers(String itemId, String column, int version) {
        ReviewChains.Chain chain = chains.of(column);
        if (!chain.showReviewers() || chain.unreviewed()) {
            return null;
        }
        List<ReviewRecord> approved = reviews.forVersion(itemId, version).stream()
                .filter(r -> r.decision() == Decision.APPROVED).toList();
        int round = approved.stream().mapToInt(ReviewRecord::round).max().orElse(0);
        String signer = null;
        List<String> reviewers = new ArrayList<>();
        for (ReviewRecord r : approved) {
            if (r.round() == round && r.step().equals(chain.last().key())) {
                signer = r.actorName();
            } else if (r.round() == round) {
                reviewers.add(r.actorName());
            }
        }
        return new ItemSnapshot.Reviewers(List.copyOf(reviewers), signer);
    }

    private void checkVersion(ItemRow row, Integer expected) {
        if (expected != null && expected != row.currentVersion()) {
            throw ItemRefusal.notAllowed("item " + row.id() + " is at version " + row.currentVersion() + ", not "
                    + expected + ": it was edited since; review the current version");
        }
    }

    /** The item's state in words, for refusals: its status, and for a PUBLISHED one its newer version's. */
    private static String describe(ItemRow row, ReviewProgress progress) {
        if (row.status() == ItemStatus.PUBLISHED) {
            return row.currentVersion() > row.releasedVersion()
                    ? "PUBLISHED with version " + row.currentVersion() + " " + progress.state()
                    : "PUBLISHED";
        }
        return progress.state() == ItemStatus.IN_REVIEW ? "IN_REVIEW at step " + progress.step().key()
                : row.status().name();
    }

    private ItemRow lock(String id) {
        return items.lock(id).orElseThrow(() -> ItemRefusal.notFound("no item " + id));
    }

    private void audit(Action action, Caller caller, String itemId, int version, Map<String, String> changes) {
        events.publishEvent(new AuditEvent(action, caller.login(), null, itemId, version, changes));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
