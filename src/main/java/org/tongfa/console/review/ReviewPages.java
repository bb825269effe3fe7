package org.tongfa.console.review;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tongfa.check.CheckReport;
import org.tongfa.console.CheckFindings;
import org.tongfa.console.ConsoleLabels;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.console.FormErrors;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemStatus;
import org.tongfa.item.ItemView;
import org.tongfa.item.ReviewDesk;
import org.tongfa.item.ReviewRecord;
import org.tongfa.item.ReviewStep;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/**
 * The version history and its diff, the review page and its decision form, and the reviewer's inbox.
 * Every read and every decision goes through {@link ItemService} and {@link ReviewDesk}, as the API's
 * do: the roles, the no-self-approval rule and the version a decision names are theirs.
 */
@Controller
class ReviewPages {

    /** What the confidentiality step (保密审查) confirms before approving: each a required checkbox. */
    static final List<String> SECRECY_CHECKS = List.of("不涉及国家秘密", "不涉及工作秘密", "不涉及个人隐私和商业秘密");

    private final ItemService items;
    private final ReviewDesk desk;
    private final ConsoleLabels labels;
    private final ConsoleTimes times;

    ReviewPages(ItemService items, ReviewDesk desk, ConsoleLabels labels, ConsoleTimes times) {
        this.items = items;
        this.desk = desk;
        this.labels = labels;
        this.times = times;
    }

    @GetMapping("/console/items/{id}/history")
    String history(@PathVariable String id, Model model) {
        ItemView item = items.get(checkId(id));
        List<ItemView.VersionEntry> versions = items.versions(id);
        model.addAttribute("item", item);
        model.addAttribute("versions", newestFirst(versions));
        model.addAttribute("defaultFrom", Math.max(1, item.version() - 1));
        return "console/review/history";
    }

    @GetMapping("/console/items/{id}/history/diff")
    String diff(@PathVariable String id, @RequestParam int from, @RequestParam int to, Model model) {
        ItemView item = items.get(checkId(id));
        model.addAttribute("item", item);
        model.addAttribute("comparison", VersionComparison.of(items.get(id, from), items.get(id, to), labels, times));
        return "console/review/diff";
    }

    @GetMapping("/console/items/{id}/review")
    String review(@PathVariable String id, Model model) {
        model.addAttribute("decision", Map.of());
        return reviewPage(checkId(id), model, FormErrors.none());
    }

    /** A decision of the current step, as POST /api/v1/items/{id}/review takes it. */
    @PostMapping("/console/items/{id}/review/decision")
    String decide(@PathVariable String id, @RequestParam Map<String, String> form, Model model) {
        checkId(id);
        String step = form.getOrDefault("step", "");
        Integer version = parse(form.get("version"));
        ReviewDesk.Verdict verdict = "RETURN".equals(form.get("decision")) ? ReviewDesk.Verdict.RETURN
                : "APPROVE".equals(form.get("decision")) ? ReviewDesk.Verdict.APPROVE : null;
        ReviewRecord.Secrecy secrecy = null;
        String basis = null;
        if (step.equals("confidentiality")) {
            List<String> confirmed = new ArrayList<>();
            for (int i = 0; i < SECRECY_CHECKS.size(); i++) {
                if (form.containsKey("check" + i)) {
                    confirmed.add(SECRECY_CHECKS.get(i));
                }
            }
            // Only every check confirmed makes the verdict 不涉密; the desk refuses an approval without it.
            if (confirmed.size() == SECRECY_CHECKS.size()) {
                secrecy = ReviewRecord.Secrecy.NOT_SECRET;
            }
            String given = form.getOrDefault("basis", "").strip();
            basis = confirmed.isEmpty() && given.isEmpty() ? null
                    : String.join("；", confirmed) + (given.isEmpty() ? "" : "。审查依据：" + given);
        }
        try {
            desk.decide(id, new ReviewDesk.Decide(verdict, step, version, form.get("opinion"), secrecy, basis, null,
                    verdict == ReviewDesk.Verdict.APPROVE ? blankToNull(form.get("acknowledgement")) : null),
                    Caller.current().orElseThrow());
        } catch (ItemRefusal refusal) {
            if (refusal.kind() == ItemRefusal.Kind.NOT_FOUND) {
                throw refusal;
            }
            // The form comes back with its errors and what was typed, answered 200 like every console form.
            model.addAttribute("decision", form);
            return reviewPage(id, model, errors(refusal));
        }
        String done = verdict == ReviewDesk.Verdict.RETURN ? "returned" : step.equals("signer") ? "signed" : "approved";
        return "redirect:/console/items/" + id + "/review?done=" + done;
    }

    @GetMapping("/console/review")
    String inbox(Model model) {
        Caller me = Caller.current().orElseThrow();
        List<ReviewDesk.Awaiting> waiting = new ArrayList<>(desk.awaiting(me));
        waiting.sort(Comparator.comparing(ReviewDesk.Awaiting::submittedAt,
                Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, List<ReviewDesk.Awaiting>> byStep = new LinkedHashMap<>();
        for (ReviewStep step : ReviewStep.values()) {
            List<ReviewDesk.Awaiting> ofStep = waiting.stream().filter(w -> w.step().equals(step.key())).toList();
            if (!ofStep.isEmpty()) {
                byStep.put(step.key(), ofStep);
            }
        }
        model.addAttribute("byStep", byStep);
        model.addAttribute("count", waiting.size());
        return "console/review/inbox";
    }

    private String reviewPage(String id, Model model, FormErrors errors) {
        ItemView item = items.get(id);
        ReviewDesk.History history = desk.history(id);
        List<ItemView.VersionEntry> versions = items.versions(id);
        // The last version the chain approved or readers saw, before the one under review.
        ItemView.VersionEntry base = versions.stream()
                .filter(v -> v.version() < item.version()
                        && (v.state() == ItemStatus.APPROVED || v.state() == ItemStatus.PUBLISHED))
                .reduce((a, b) -> b).orElse(null);
        Caller me = Caller.current().orElseThrow();
        ItemView.Review review = item.review();
        boolean inReview = review.state() == ItemStatus.IN_REVIEW && review.step() != null;
        boolean mine = inReview && me.holds(roleOf(review.step()), item.column());
        model.addAttribute("item", item);
        model.addAttribute("history", history);
        model.addAttribute("records", newestFirst(history.records()));
        model.addAttribute("base", base);
        model.addAttribute("comparison", base == null ? null
                : VersionComparison.of(items.get(id, base.version()), item, labels, times));
        model.addAttribute("problems", items.releaseProblems(id).stream()
                .map(p -> FormErrors.chinese(p.message())).toList());
        CheckReport report = items.checks(id);
        model.addAttribute("report", report);
        model.addAttribute("findings", report.findings().stream().map(CheckFindings::of).toList());
        model.addAttribute("steps", steps(item, history));
        model.addAttribute("canDecide", mine);
        model.addAttribute("secrecyChecks", SECRECY_CHECKS);
        model.addAttribute("errors", errors);
        return "console/review/review";
    }

    /** One step of the chain as the page lists it: its name and where it stands for the current round. */
    public record StepState(String step, String label, String state, String stateClass) {
    }

    private List<StepState> steps(ItemView item, ReviewDesk.History history) {
        ItemView.Review review = item.review();
        int round = history.records().stream()
                .filter(r -> r.version() == item.version() && r.step().equals("submit"))
                .mapToInt(ReviewRecord::round).max().orElse(0);
        List<StepState> steps = new ArrayList<>();
        for (String step : history.chain()) {
            ReviewRecord decided = history.records().stream()
                    .filter(r -> r.version() == item.version() && r.round() == round && r.step().equals(step))
                    .reduce((a, b) -> b).orElse(null);
            if (decided != null) {
                steps.add(new StepState(step, labels.step(step), labels.decision(decided.decision()) + "（"
                        + decided.actorName() + "，" + times.minute(decided.actedAt()) + "）",
                        labels.decisionClass(decided.decision())));
            } else if (step.equals(review.step())) {
                steps.add(new StepState(step, labels.step(step), "待审核", "wait"));
            } else {
                steps.add(new StepState(step, labels.step(step), "未到", "off"));
            }
        }
        return steps;
    }

    private static Role roleOf(String step) {
        return ReviewStep.of(step).map(ReviewStep::role).orElse(Role.REVIEWER);
    }

    /** The desk's refusal in Chinese, by the form's fields. */
    private static FormErrors errors(ItemRefusal refusal) {
        FormErrors errors = FormErrors.none();
        for (ItemRefusal.Field field : refusal.fields()) {
            String message = switch (field.field()) {
                case "secrecy" -> "通过保密审查须确认以上各项均不涉及；如涉密，请退回";
                case "acknowledgement" -> field.message().startsWith("acknowledge")
                        ? "发布前检查有提示（见上表）：通过前须填写确认说明，写明为何仍可发布" : FormErrors.chinese(field.message());
                default -> FormErrors.chinese(field.message());
            };
            if (!(field.field().equals("acknowledgement") && errors.has("acknowledgement"))) {
                errors.add(field.field(), message); // one request for a note, however many warnings
            }
        }
        if (refusal.fields().isEmpty()) {
            errors.addSummary(FormErrors.chinese(refusal.getMessage()));
        }
        return errors;
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> list = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(list);
        return list;
    }

    private static Integer parse(String number) {
        try {
            return number == null ? null : Integer.valueOf(number.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String checkId(String id) {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw ItemRefusal.notFound("no item " + id);
        }
        return id;
    }

    /** No such item or version: a Chinese page, 404. */
    @ExceptionHandler(ItemRefusal.class)
    String refused(ItemRefusal refusal, Model model, HttpServletResponse response) {
        response.setStatus(refusal.kind() == ItemRefusal.Kind.NOT_FOUND ? HttpStatus.NOT_FOUND.value()
                : HttpStatus.CONFLICT.value());
        model.addAttribute("me", Caller.current().orElse(null));
        model.addAttribute("message", refusal.kind() == ItemRefusal.Kind.NOT_FOUND ? "没有这篇稿件或这个版本。"
                : FormErrors.chinese(refusal.getMessage()));
        return "console/review/refused";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
