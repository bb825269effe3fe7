package org.tongfa.item;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tongfa.item.ReviewRecord.Decision;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * What is on a person's desk (the console's 工作台 and 日历): their drafts, the review steps waiting for
 * them, what was returned to them and why, and what is released when. Read only; each list is one or two
 * queries over the status index with a limit, so it stays fast however many items there are. A list the
 * caller's roles do not open is empty.
 */
@Service
public class ItemAgenda {

    /** How many items the inbox looks at before it filters by step and role: a generous page of them. */
    private static final int INBOX_SCAN = 200;

    private final ItemRepository items;
    private final ReviewRepository reviews;
    private final ReviewChains chains;

    ItemAgenda(ItemRepository items, ReviewRepository reviews, ReviewChains chains) {
        this.items = items;
        this.reviews = reviews;
        this.chains = chains;
    }

    /**
     * A version waiting at a step of its chain.
     *
     * @param step the step to decide ({@link ReviewStep#key()})
     * @param submittedAt when the version was submitted in its current round
     */
    public record Waiting(ItemView.Summary item, String step, Instant submittedAt) {
    }

    /**
     * An item sent back to its drafter.
     *
     * @param step the step that returned it
     * @param by the reviewer's display name
     * @param opinion the reviewer's reason
     */
    public record Returned(ItemView.Summary item, String step, String by, Instant at, String opinion) {
    }

    /**
     * The list lines of these items (title and status as the item row holds them, which are its current
     * version's), keyed by id in the order asked; an id with no item is left out. One query for them all:
     * a page that shows many items (the delivery matrix) reads its rows' items at once.
     */
    public Map<String, ItemView.Summary> summaries(Collection<String> ids) {
        Map<String, ItemView.Summary> found = new HashMap<>();
        items.findAll(ids).forEach(row -> found.put(row.id(), ItemView.Summary.of(row)));
        Map<String, ItemView.Summary> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        }
        return ordered;
    }

    /** The caller's DRAFT items, newest change first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<ItemView.Summary> drafts(Caller caller, int limit) {
        if (!caller.holds(Role.DRAFTER)) {
            return List.of();
        }
        return items.createdBy(caller.login(), ItemStatus.DRAFT, limit).stream().map(ItemView.Summary::of).toList();
    }

    /**
     * Items IN_REVIEW whose current step is one the caller may take on the item's column, longest waiting
     * first, at most {@code limit}. Left out, as {@link ReviewDesk} would refuse them: the caller's own items
     * (no self-approval) and versions where the caller took another step (one person, one step).
     */
    @Transactional(readOnly = true)
    public List<Waiting> inbox(Caller caller, int limit) {
        Set<String> columns = new HashSet<>();
        boolean everyColumn = false;
        for (ReviewStep step : ReviewStep.values()) {
            Set<String> granted = caller.grants().get(step.role());
            if (granted != null) {
                everyColumn |= granted.isEmpty();
                columns.addAll(granted);
            }
        }
        if (!everyColumn && columns.isEmpty()) {
            return List.of();
        }
        List<ItemRow> rows = items.inStatus(ItemStatus.IN_REVIEW, everyColumn ? null : columns, INBOX_SCAN).stream()
                .filter(row -> !caller.login().equals(row.createdBy())).toList();
        Map<String, List<ReviewRecord>> decisions = reviews.forVersions(currentVersions(rows));
        List<Waiting> waiting = new ArrayList<>();
        for (ItemRow row : rows) {
            List<ReviewRecord> records = decisions.get(row.id());
            ReviewProgress progress = ReviewProgress.of(chains.of(row.column()), row.currentVersion(), records);
            if (progress.step() == null || !caller.holds(progress.step().role(), row.column())
                    || tookAnotherStep(caller, progress, records)) {
                continue;
            }
            Instant submitted = records.stream().filter(r -> r.decision() == Decision.SUBMITTED
                    && r.round() == progress.round()).map(ReviewRecord::actedAt).findFirst().orElse(row.updatedAt());
            waiting.add(new Waiting(ItemView.Summary.of(row), progress.step().key(), submitted));
            if (waiting.size() == limit) {
                break;
            }
        }
        return waiting;
    }

    /** The caller's items RETURNED by a reviewer, with the reviewer's reason, newest change first. */
    @Transactional(readOnly = true)
    public List<Returned> returned(Caller caller, int limit) {
        if (!caller.holds(Role.DRAFTER)) {
            return List.of();
        }
        List<ItemRow> rows = items.createdBy(caller.login(), ItemStatus.RETURNED, limit);
        Map<String, List<ReviewRecord>> decisions = reviews.forVersions(currentVersions(rows));
        List<Returned> returned = new ArrayList<>();
        for (ItemRow row : rows) {
            decisions.get(row.id()).stream().filter(r -> r.decision() == Decision.RETURNED)
                    .max(Comparator.comparing(ReviewRecord::actedAt))
                    .ifPresentOrElse(r -> returned.add(new Returned(ItemView.Summary.of(row), r.step(), r.actorName(), r.actedAt(),
                                    r.opinion())),
                            () -> returned.add(new Returned(ItemView.Summary.of(row), null, null, row.updatedAt(), null)));
        }
        return returned;
    }

    /** The items SCHEDULED for release in {@code [from, to)}, soonest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<ItemView.Summary> scheduled(Instant from, Instant to, int limit) {
        return items.scheduledBetween(from, to, limit).stream().map(ItemView.Summary::of).toList();
    }

    /**
     * The items released or to be released in {@code [from, to)}, by that time: SCHEDULED ones at their
     * scheduled time, PUBLISHED and RETRACTED ones at their first publication, at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<ItemView.Summary> calendar(Instant from, Instant to, int limit) {
        return items.releasedBetween(from, to, limit).stream().map(ItemView.Summary::of).toList();
    }

    /** One person takes one step of a version: the same rule {@link ReviewDesk} applies when deciding. */
    private static boolean tookAnotherStep(Caller caller, ReviewProgress progress, List<ReviewRecord> records) {
        List<String> steps = ReviewDesk.keys(progress.chain());
        return records.stream().anyMatch(r -> caller.login().equals(r.actorLogin()) && steps.contains(r.step())
                && !r.step().equals(progress.step().key()));
    }

    private static Map<String, Integer> currentVersions(List<ItemRow> rows) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        rows.forEach(row -> versions.put(row.id(), row.currentVersion()));
        return versions;
    }
}
