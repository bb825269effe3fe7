package org.tongfa.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every refusal into {@code application/problem+json} that names the field and the problem, and
 * makes sure a bad request is never answered with a 500.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** An {@link ApiException} as problem+json; features that map their own refusals answer through it. */
    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return problem(e.status(), e.title(), e.getMessage(), e.errors(), request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(fieldPath(error.getField()), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldProblem::field));
        ApiException api = ApiException.invalid(errors);
        return problem(api.status(), api.title(), api.getMessage(), errors, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new FieldProblem(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        ApiException api = ApiException.invalid(errors);
        return problem(api.status(), api.title(), api.getMessage(), errors, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge, request);
            }
        }
        List<FieldProblem> errors = new ArrayList<>();
        String detail;
        if (cause instanceof UnrecognizedPropertyException unknown) {
            detail = "unknown field '" + unknown.getPropertyName() + "'";
            errors.add(new FieldProblem(path(unknown), "unknown field"));
        } else if (cause instanceof InvalidFormatException format) {
            String target = format.getTargetType() == null ? "value" : format.getTargetType().getSimpleName();
            detail = path(format) + ": cannot read '" + format.getValue() + "' as " + describe(format.getTargetType(), target);
            errors.add(new FieldProblem(path(format), "cannot read '" + format.getValue() + "' as "
                    + describe(format.getTargetType(), target)));
        } else if (cause instanceof DatabindException mapping && !mapping.getPath().isEmpty()) {
            detail = path(mapping) + ": " + mapping.getOriginalMessage();
            errors.add(new FieldProblem(path(mapping), mapping.getOriginalMessage()));
        } else if (cause instanceof JacksonException json) {
            detail = "malformed JSON: " + json.getOriginalMessage();
        } else {
            detail = "the request body is missing or is not valid JSON";
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail, errors, request);
    }

    /**
     * A field path in the form {@link FieldProblem} documents: list elements by index ({@code tags[1]}),
     * map entries by key as a property ({@code overrides.nanfang.title}, where Bean Validation says
     * {@code overrides[nanfang].title}), the same form the service's own checks use.
     */
    public static String fieldPath(String field) {
        return MAP_KEY.matcher(field).replaceAll(".$1");
    }

    private static final java.util.regex.Pattern MAP_KEY = java.util.regex.Pattern.compile("\\[([^\\]]*[^\\]0-9][^\\]]*)]");

    private static String describe(Class<?> type, String fallback) {
        if (type == java.time.LocalDate.class) {
            return "a real calendar date (yyyy-MM-dd)";
        }
        if (type != null && type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(constant.toString());
            }
            return "one of " + names;
        }
        return fallback;
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e, HttpServletRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", e.getMessage(), List.of(), request);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> uploadTooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Upload too large",
                "the upload exceeds the limit of " + e.getMaxUploadSize() + " bytes",
                List.of(new FieldProblem("file", "too large")), request);
    }

    @ExceptionHandler(MissingServletRequestPartException.class)
    ResponseEntity<ProblemDetail> missingPart(MissingServletRequestPartException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "missing part '" + e.getRequestPartName() + "'",
                List.of(new FieldProblem(e.getRequestPartName(), "is required")), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "expected a multipart/form-data upload with a 'file' part", List.of(), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e,
            HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "missing parameter '" + e.getParameterName() + "'",
                List.of(new FieldProblem(e.getParameterName(), "is required")), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = describe(e.getRequiredType(), e.getRequiredType() == null ? "value"
                : e.getRequiredType().getSimpleName());
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                e.getName() + ": cannot read '" + e.getValue() + "' as " + expected,
                List.of(new FieldProblem(e.getName(), "cannot read '" + e.getValue() + "' as " + expected)), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type",
                "content type '" + e.getContentType() + "' is not supported; send " + e.getSupportedMediaTypes(),
                List.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "Not acceptable", "this resource is available as application/json",
                List.of(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                "method " + e.getMethod() + " is not allowed here", List.of(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not found", "no resource at " + request.getRequestURI(), List.of(), request);
    }

    /**
     * A header the firewall refuses (control characters, say) is found only when a handler reads it:
     * the request is malformed, not the service.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", "the request's headers or parameters are malformed",
                List.of(), request);
    }

    /**
     * The client of a long request (a push stream: the delivery matrix's, a lobby screen's) went away while
     * something was being written: there is no one left to answer, and nothing went wrong in the service.
     */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void clientGone(Exception e, HttpServletRequest request, HttpServletResponse response) {
        // With the response among the arguments, Spring MVC takes the request as handled: nothing is written.
        log.debug("The client of {} {} went away: {}", request.getMethod(), request.getRequestURI(), e.toString());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof org.springframework.web.ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            return problem(HttpStatus.valueOf(status.value()), response.getBody().getTitle(),
                    response.getBody().getDetail(), List.of(), request);
        }
        if (unknownHealthComponent(e)) {
            return problem(HttpStatus.NOT_FOUND, "Not found", "no health component at " + request.getRequestURI(),
                    List.of(), request);
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "an unexpected error occurred; nothing was changed", List.of(), request);
    }

    /**
     * Spring Boot 4.0's health endpoint answers 404 for {@code /actuator/health/x} when there is no
     * component {@code x}, but for a longer path under a missing one ({@code /actuator/health/x/y},
     * {@code /actuator/health/readiness/x/y}) it walks on from the missing component and fails an
     * assertion ("'contributor' must not be null", {@code HealthEndpointSupport.getContributor}). That is
     * the caller's wrong path, not the service's error: recognised by where it was thrown, it answers 404
     * as the shorter path does.
     */
    private static boolean unknownHealthComponent(Exception e) {
        if (!(e instanceof IllegalStateException) || e.getStackTrace().length < 2) {
            return false;
        }
        // Assert.state, then the method that asserted.
        StackTraceElement asserting = e.getStackTrace()[1];
        return asserting.getClassName().equals("org.springframework.boot.health.actuate.endpoint.HealthEndpointSupport")
                && asserting.getMethodName().equals("getContributor");
    }

    /**
     * Writes a problem straight to the response, for filters that answer before Spring MVC: the same
     * fields as {@link #problem}, JSON-escaped.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String title, String detail, List<FieldProblem> errors) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        if (!errors.isEmpty()) {
            problem.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        }
        byte[] body = JSON.writeValueAsBytes(problem);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail,
            List<FieldProblem> errors, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setInstance(URI.create(request.getRequestURI()));
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, status);
    }
}
