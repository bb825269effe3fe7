package org.tongfa.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tongfa.item.ItemRefusal.Field;

/** What a refusal says: one sentence naming the field, or counting them, and one line for the item. */
class ItemRefusalTest {

    private static final Field TITLE = new Field("title", "is required");
    private static final Field BODY = new Field("body", "is empty once unsafe markup is removed");

    @Test
    void anInvalidFieldIsNamedAndSeveralAreCounted() {
        assertThat(ItemRefusal.invalid("title", "is required").getMessage()).isEqualTo("title: is required");
        assertThat(ItemRefusal.invalid(List.of(TITLE, BODY)).getMessage()).isEqualTo("2 fields are invalid");
        assertThat(ItemRefusal.invalid(List.of(TITLE, BODY)).fields()).containsExactly(TITLE, BODY);
        assertThat(ItemRefusal.invalid(List.of(TITLE)).kind()).isEqualTo(ItemRefusal.Kind.INVALID);
    }

    @Test
    void unpublishableTextIsNamedAndSeveralFieldsAreCounted() {
        Field control = new Field("title", "contains the control character U+0007");

        assertThat(ItemRefusal.unpublishableText(List.of(control)).getMessage())
                .isEqualTo("title contains the control character U+0007");
        assertThat(ItemRefusal.unpublishableText(List.of(control, BODY)).getMessage())
                .isEqualTo("2 fields contain characters that cannot be published");
        assertThat(ItemRefusal.unpublishableText(List.of(control)).kind())
                .isEqualTo(ItemRefusal.Kind.UNPUBLISHABLE_TEXT);
    }

    @Test
    void theRulesReasonIsTheirFirstProblem() {
        Field disclosure = new Field("disclosure.type", "is ON_REQUEST: only PROACTIVE (主动公开) items may be published");

        ItemRefusal refusal = ItemRefusal.byRules(List.of(disclosure, TITLE));

        assertThat(refusal.kind()).isEqualTo(ItemRefusal.Kind.REFUSED_BY_RULE);
        assertThat(refusal.getMessage()).isEqualTo("disclosure.type is ON_REQUEST: only PROACTIVE (主动公开) items may be "
                + "published");
        assertThat(refusal.fields()).containsExactly(disclosure, TITLE);
    }

    @Test
    void aRefusalKeepsTheFieldsItWasGivenNotTheListTheyCameIn() {
        List<Field> fields = new ArrayList<>(List.of(TITLE));
        ItemRefusal refusal = ItemRefusal.invalid(fields);

        fields.add(BODY);

        assertThat(refusal.fields()).containsExactly(TITLE);
    }

    @Test
    void oneLineGivesTheReasonThenEveryFieldAndStopsAt2000Characters() {
        ItemRefusal refusal = ItemRefusal.byRule("none of the item's channels [nanfang] is enabled",
                List.of(new Field("channels", "no enabled channel to publish to")));

        assertThat(refusal.oneLine()).isEqualTo("none of the item's channels [nanfang] is enabled; channels: no enabled "
                + "channel to publish to");

        String longLine = ItemRefusal.byRule("x".repeat(3000), List.of()).oneLine();
        assertThat(longLine).hasSize(2000).endsWith("…");
    }

    @Test
    void notFoundAndNotAllowedCarryTheirReasonAndNoFields() {
        assertThat(ItemRefusal.notFound("no item 42").kind()).isEqualTo(ItemRefusal.Kind.NOT_FOUND);
        assertThat(ItemRefusal.notFound("no item 42").getMessage()).isEqualTo("no item 42");
        assertThat(ItemRefusal.notAllowed("item 42 is already RETRACTED").kind())
                .isEqualTo(ItemRefusal.Kind.NOT_ALLOWED);
        assertThat(ItemRefusal.notAllowed("item 42 is already RETRACTED").fields()).isEmpty();
    }
}
