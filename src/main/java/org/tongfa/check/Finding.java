package org.tongfa.check;

import java.util.Objects;

/**
 * One thing a check found, said so that a drafter can find it and fix it.
 *
 * @param check the check's name ({@code words}, {@code personal-data}, {@code links}, {@code parts},
 *        {@code dates}, ...)
 * @param verdict {@link Verdict#WARN} or {@link Verdict#BLOCK} (a finding is never a pass)
 * @param field where: {@code title}, {@code summary}, {@code body}, {@code images[2].alt},
 *        {@code overrides.wechat.title}, {@code documentNumber}, ...
 * @param offset the character offset of the match in the field's checked text, or -1 when the finding is
 *        about the field as a whole
 * @param excerpt the text around the match (a few characters each side), or empty
 * @param message what is wrong, in Chinese
 * @param suggestion what to write instead (the correct form, the masked number), or {@code null}
 */
public record Finding(String check, Verdict verdict, String field, int offset, String excerpt, String message,
        String suggestion) {

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (verdict == Verdict.PASS) {
            throw new IllegalArgumentException("a finding is a warning or a block, not a pass");
        }
        excerpt = excerpt == null ? "" : excerpt;
    }

    /** A finding about a field as a whole (no offset, no excerpt). */
    public static Finding about(String check, Verdict verdict, String field, String message) {
        return new Finding(check, verdict, field, -1, "", message, null);
    }
}
