package org.tongfa.item;

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

/**
 * The item feature's edge: each kind of {@link ItemRefusal} answered as problem+json with its status
 * and title, the refusal's own reason as the detail and its fields as the {@code errors}. It lives
 * beside the controllers so that the web layer below knows no feature.
 */
@RestControllerAdvice
public class ItemRefusalAnswers {

    private final ProblemHandler problems;

    ItemRefusalAnswers(ProblemHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ItemRefusal.class)
    ResponseEntity<ProblemDetail> itemRefusal(ItemRefusal e, HttpServletRequest request) {
        return problems.api(asApiException(e), request);
    }

    /** The refusal as the API answers it: the same status, title, reason and field problems. */
    public static ApiException asApiException(ItemRefusal refusal) {
        List<FieldProblem> errors = refusal.fields().stream().map(f -> new FieldProblem(f.field(), f.message())).toList();
        String reason = refusal.getMessage();
        return switch (refusal.kind()) {
            case NOT_FOUND -> ApiException.notFound(reason);
            case NOT_ALLOWED -> ApiException.conflict(reason);
            case INVALID -> new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", reason, errors);
            case UNPUBLISHABLE_TEXT -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Characters that cannot be published", reason, errors);
            case REFUSED_BY_RULE -> ApiException.refused(reason, errors);
            case FORBIDDEN -> new ApiException(HttpStatus.FORBIDDEN, "Forbidden", reason, List.of());
        };
    }
}
