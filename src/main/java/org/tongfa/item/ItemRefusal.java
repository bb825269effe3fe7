package org.tongfa.item;

import java.util.List;

/**
 * The item feature says no: to an editor's request or to a scheduled release at its time. It is a
 * domain answer, not an error: nothing has been stored when it is thrown (the transaction rolls back),
 * and trying the same thing again gives the same answer until the item or the request changes. The
 * item feature's edge ({@link ItemRefusalAnswers}) shows it as problem+json; the release job sends the item back to APPROVED (DRAFT without review) with it.
 *
 * <p>The message is the refusal in one sentence; {@link #fields()} names each field at fault.
 */
public final class ItemRefusal extends RuntimeException {

    /** What kind of no it is; each kind is answered in one way by every caller that shows it. */
    public enum Kind {
        /** There is no such item. */
        NOT_FOUND,
        /** The request is well-formed, but the item's state (say, RETRACTED) does not allow it. */
        NOT_ALLOWED,
        /** Fields of the request are missing or wrong. */
        INVALID,
        /** Text that no channel can show: control characters, unpaired surrogates, line breaks in one-line fields. */
        UNPUBLISHABLE_TEXT,
        /** A publishing rule ({@link ReleaseCheck}, or the item's own times and channels) refuses the release. */
        REFUSED_BY_RULE,
        /** The caller lacks the role on the item's column, or the review rules bar this caller (no self-approval). */
        FORBIDDEN
    }

    /**
     * One field at fault.
     *
     * @param field the field's path in the request, such as {@code title} or {@code overrides.nanfang.title}
     * @param message what is wrong with it
     */
    public record Field(String field, String message) {
    }

    private final Kind kind;
    private final List<Field> fields;

    private ItemRefusal(Kind kind, String reason, List<Field> fields) {
        super(reason);
        this.kind = kind;
        this.fields = List.copyOf(fields);
    }

    /** There is no such item; {@code what} says which, such as {@code no item <id>}. */
    public static ItemRefusal notFound(String what) {
        return new ItemRefusal(Kind.NOT_FOUND, what, List.of());
    }

    /** The item's state does not allow the request; the reason says what the editor can do instead. */
    public static ItemRefusal notAllowed(String reason) {
        return new ItemRefusal(Kind.NOT_ALLOWED, reason, List.of());
    }

    /** The caller may not do this to this item; the reason names the role and column, or the rule. */
    public static ItemRefusal forbidden(String reason) {
        return new ItemRefusal(Kind.FORBIDDEN, reason, List.of());
    }

    /** One field of the request is wrong. */
    public static ItemRefusal invalid(String field, String message) {
        return invalid(List.of(new Field(field, message)));
    }

    /** Fields of the request are wrong; the reason names the field when there is one, else counts them. */
    public static ItemRefusal invalid(List<Field> fields) {
        return new ItemRefusal(Kind.INVALID, summary(fields, ": ", "are invalid"), fields);
    }

    /** Fields hold characters no channel can show; the reason names the field when there is one, else counts them. */
    public static ItemRefusal unpublishableText(List<Field> fields) {
        return new ItemRefusal(Kind.UNPUBLISHABLE_TEXT,
                summary(fields, " ", "contain characters that cannot be published"), fields);
    }

    /** The release checks' problems (at least one); the reason is the first of them. */
    public static ItemRefusal byRules(List<Field> fields) {
        return byRule(fields.get(0).field() + " " + fields.get(0).message(), fields);
    }

    /** A publishing rule refuses the release, for {@code reason}, naming the fields at fault. */
    public static ItemRefusal byRule(String reason, List<Field> fields) {
        return new ItemRefusal(Kind.REFUSED_BY_RULE, reason, fields);
    }

    /** One field as "field, separator, message"; several as "N fields " and what they have in common. */
    private static String summary(List<Field> fields, String separator, String several) {
        return fields.size() == 1 ? fields.get(0).field() + separator + fields.get(0).message()
                : fields.size() + " fields " + several;
    }

    public Kind kind() {
        return kind;
    }

    /** The fields at fault, in the order they were found; empty when the refusal is about the whole item. */
    public List<Field> fields() {
        return fields;
    }

    /** The refusal as one line, for the item and the log: the reason and every field, at most 2,000 characters. */
    String oneLine() {
        StringBuilder line = new StringBuilder(String.valueOf(getMessage()));
        for (Field field : fields) {
            line.append("; ").append(field.field()).append(": ").append(field.message());
        }
        return line.length() > 2000 ? line.substring(0, 1999) + "…" : line.toString();
    }
}
