package org.tongfa.report;

/**
 * One cell of the report at fault, or at odds with last year's report.
 *
 * @param field the cell in the API's terms, such as {@code requests.3.7.total} or {@code year}
 * @param message what is wrong, in English, naming the template's row and column
 * @param chinese the same for the console (中文)
 */
public record ReportProblem(String field, String message, String chinese) {
}
