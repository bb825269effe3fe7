package org.tongfa.report;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.tongfa.web.ApiException;
import org.tongfa.web.FieldProblem;
import org.tongfa.web.ProblemHandler;

/** The report API's edge: each {@link ReportRefusal} as problem+json naming its cells. */
@RestControllerAdvice(assignableTypes = ReportController.class)
class ReportRefusalAnswers {

    private final ProblemHandler problems;

    ReportRefusalAnswers(ProblemHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ReportRefusal.class)
    ResponseEntity<ProblemDetail> refusal(ReportRefusal e, HttpServletRequest request) {
        List<FieldProblem> errors = e.problems().stream().filter(p -> !p.field().isEmpty())
                .map(p -> new FieldProblem(p.field(), p.message())).toList();
        ApiException api = switch (e.kind()) {
            case INVALID -> new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), errors);
            case SUMS_DISAGREE -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "The report's sums disagree",
                    e.getMessage(), errors);
            case NOT_ALLOWED -> ApiException.conflict(e.getMessage());
        };
        return problems.api(api, request);
    }
}
