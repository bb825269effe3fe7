package org.tongfa.web;

/**
 * One bad field of a request, as listed in a problem+json response's {@code errors}.
 *
 * @param field the field's path in the request, such as {@code title} or {@code overrides.nanfang.title}
 * @param message what is wrong with it
 */
public record FieldProblem(String field, String message) {
}
