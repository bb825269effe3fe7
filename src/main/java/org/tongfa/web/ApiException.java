package org.tongfa.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, rendered as {@code application/problem+json} with the status, a title,
 * a detail and, for bad fields, one entry per field. Nothing has been stored when it is thrown.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiException(HttpStatus status, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400: fields are missing or wrong. */
    public static ApiException invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors);
    }

    /** 400 for one field. */
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    /** 404. */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", what, List.of());
    }

    /** 409: the request is well-formed but the resource's state does not allow it. */
    public static ApiException conflict(String reason) {
        return new ApiException(HttpStatus.CONFLICT, "Not allowed in the current state", reason, List.of());
    }

    /** 422: a publishing rule refuses the request. */
    public static ApiException refused(String reason, List<FieldProblem> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Refused by a publishing rule", reason, errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
