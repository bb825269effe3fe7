package org.tongfa.account;

import java.util.List;

/**
 * The account feature says no. Nothing has been stored when it is thrown (the transaction rolls back);
 * {@link AccountController} answers it as problem+json: 400 naming each field at fault, 404, or 409.
 */
final class AccountRefusal extends RuntimeException {

    /** What kind of no it is. */
    enum Kind {
        /** No such account or token. */
        NOT_FOUND,
        /** Fields of the request are wrong; {@link #fields()} names them. */
        INVALID,
        /** The request is well-formed but the accounts' state does not allow it (a login taken, the last administrator). */
        CONFLICT
    }

    /**
     * One field at fault.
     *
     * @param field its path in the request, such as {@code password} or {@code roles.SIGNER[0]}
     * @param message what is wrong with it
     */
    record Field(String field, String message) {
    }

    private final Kind kind;
    private final List<Field> fields;

    private AccountRefusal(Kind kind, String reason, List<Field> fields) {
        super(reason);
        this.kind = kind;
        this.fields = List.copyOf(fields);
    }

    static AccountRefusal notFound(String what) {
        return new AccountRefusal(Kind.NOT_FOUND, what, List.of());
    }

    static AccountRefusal conflict(String reason) {
        return new AccountRefusal(Kind.CONFLICT, reason, List.of());
    }

    static AccountRefusal invalid(String field, String message) {
        return new AccountRefusal(Kind.INVALID, field + ": " + message, List.of(new Field(field, message)));
    }

    Kind kind() {
        return kind;
    }

    List<Field> fields() {
        return fields;
    }
}
