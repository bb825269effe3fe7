package org.tongfa.console.admin;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tongfa.console.FormErrors;
import org.tongfa.web.ApiException;
import org.tongfa.web.FieldProblem;

/**
 * The API's refusals as a form shows them: a request record checked by the same Bean Validation the API
 * applies to its body ({@code @Valid}), as {@link FormErrors} keyed by the API's field paths.
 */
final class AdminRefusals {

    private AdminRefusals() {
    }

    /** The request's constraint violations, as the API would list them; empty when it is valid. */
    static FormErrors validate(Validator validator, Object request, Map<String, String> formProblems) {
        List<FieldProblem> problems = validator.validate(request).stream()
                .map((ConstraintViolation<Object> v) -> new FieldProblem(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field)).toList();
        FormErrors errors = problems.isEmpty() ? FormErrors.none() : FormErrors.of(ApiException.invalid(problems));
        formProblems.forEach(errors::add);
        return errors;
    }
}
