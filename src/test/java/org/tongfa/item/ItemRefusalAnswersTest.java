package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.tongfa.item.ItemRefusal.Field;
import org.tongfa.web.FieldProblem;
import org.tongfa.web.ProblemHandler;

/** Each kind of item refusal becomes its own status and title, with the refusal's reason and fields. */
class ItemRefusalAnswersTest {

    private final ItemRefusalAnswers handler = new ItemRefusalAnswers(new ProblemHandler());

    private ResponseEntity<ProblemDetail> answer(ItemRefusal refusal) {
        return handler.itemRefusal(refusal, new MockHttpServletRequest("POST", "/api/v1/items/42/publish"));
    }

    private static void assertProblem(ResponseEntity<ProblemDetail> answer, HttpStatus status, String title,
            String detail) {
        assertThat(answer.getStatusCode()).isEqualTo(status);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getStatus()).isEqualTo(status.value());
        assertThat(answer.getBody().getTitle()).isEqualTo(title);
        assertThat(answer.getBody().getDetail()).isEqualTo(detail);
        assertThat(answer.getBody().getInstance()).hasToString("/api/v1/items/42/publish");
    }

    private static Object errors(ResponseEntity<ProblemDetail> answer) {
        return answer.getBody().getProperties() == null ? null : answer.getBody().getProperties().get("errors");
    }

    @Test
    void noSuchItemIs404() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.notFound("no item 42"));

        assertProblem(answer, HttpStatus.NOT_FOUND, "Not found", "no item 42");
        assertThat(errors(answer)).isNull();
    }

    @Test
    void aStateThatDoesNotAllowTheRequestIs409() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.notAllowed("item 42 is already RETRACTED"));

        assertProblem(answer, HttpStatus.CONFLICT, "Not allowed in the current state", "item 42 is already RETRACTED");
        assertThat(errors(answer)).isNull();
    }

    @Test
    void aCallerWithoutTheRoleOnTheColumnIs403NamingThem() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.forbidden("this needs role SIGNER (签发人) on column news"));

        assertProblem(answer, HttpStatus.FORBIDDEN, "Forbidden", "this needs role SIGNER (签发人) on column news");
        assertThat(errors(answer)).isNull();
    }

    @Test
    void invalidFieldsAre400NamingEachField() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.invalid(List.of(
                new Field("column", "unknown column 'x'"), new Field("channels[0]", "unknown channel 'y'"))));

        assertProblem(answer, HttpStatus.BAD_REQUEST, "Invalid request", "2 fields are invalid");
        assertThat(errors(answer)).isEqualTo(List.of(new FieldProblem("column", "unknown column 'x'"),
                new FieldProblem("channels[0]", "unknown channel 'y'")));
    }

    @Test
    void unpublishableTextIs422WithItsOwnTitle() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.unpublishableText(List.of(
                new Field("title", "contains a line break"))));

        assertProblem(answer, HttpStatus.UNPROCESSABLE_CONTENT, "Characters that cannot be published",
                "title contains a line break");
        assertThat(errors(answer)).isEqualTo(List.of(new FieldProblem("title", "contains a line break")));
    }

    @Test
    void aPublishingRulesRefusalIs422NamingTheField() {
        ResponseEntity<ProblemDetail> answer = answer(ItemRefusal.byRule("none of the item's channels [x] is enabled",
                List.of(new Field("channels", "no enabled channel to publish to"))));

        assertProblem(answer, HttpStatus.UNPROCESSABLE_CONTENT, "Refused by a publishing rule",
                "none of the item's channels [x] is enabled");
        assertThat(errors(answer)).isEqualTo(List.of(new FieldProblem("channels", "no enabled channel to publish to")));
    }
}
