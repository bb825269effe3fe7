package org.tongfa.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The annual report says no. Nothing has been stored when it is thrown. The API answers it as
 * problem+json ({@link ReportRefusalAnswers}); the console shows {@link #chinese()} beside the cells.
 */
public final class ReportRefusal extends RuntimeException {

    /** What kind of no it is. */
    public enum Kind {
        /** Cells missing or not whole numbers of at least 0, text that cannot be published, a year out of range (400). */
        INVALID,
        /** The template's sums disagree (422). */
        SUMS_DISAGREE,
        /** Published already, or nothing entered to publish (409). */
        NOT_ALLOWED
    }

    private final Kind kind;
    private final List<ReportProblem> problems;

    ReportRefusal(Kind kind, String reason, List<ReportProblem> problems) {
        super(reason);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    static ReportRefusal cells(Kind kind, List<ReportProblem> problems) {
        return new ReportRefusal(kind, problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).message()
                : problems.size() + " cells are wrong", problems);
    }

    static ReportRefusal notAllowed(String reason, String chinese) {
        return new ReportRefusal(Kind.NOT_ALLOWED, reason, List.of(new ReportProblem("", reason, chinese)));
    }

    public Kind kind() {
        return kind;
    }

    /** The cells at fault; for {@link Kind#NOT_ALLOWED} one problem without a field, carrying the reason in Chinese. */
    public List<ReportProblem> problems() {
        return problems;
    }

    /** Per cell at fault, its message in Chinese (中文); several for one cell joined by "；". */
    public Map<String, String> chinese() {
        Map<String, String> messages = new LinkedHashMap<>();
        problems.forEach(p -> messages.merge(p.field(), p.chinese(), (a, b) -> a + "；" + b));
        return messages;
    }
}
