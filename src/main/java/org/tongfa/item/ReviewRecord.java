package org.tongfa.item;

import java.time.Instant;

/**
 * One decision on one version of an item, as the review history shows it: a submission, a step's
 * approval or return, a withdrawn approval, a retraction, or a release without review.
 *
 * @param round which submission of the version it belongs to (1, 2, ...), 0 outside the chain
 * @param step {@code submit}, a {@link ReviewStep#key()}, {@code withdraw}, {@code retract} or {@code release}
 * @param actorLogin who decided ({@code null} for the service itself)
 * @param actorName their display name, as printed with the item when the column shows reviewers
 * @param opinion the reviewer's opinion (required when returning), or the reason of a retraction
 * @param secrecy the confidentiality step's verdict, else {@code null}
 * @param secrecyBasis the basis of that verdict
 * @param disclosureType the disclosure attribute the office step confirmed or set, else {@code null}
 * @param disclosureReason its reason
 * @param disclosureChanged whether the office step changed the drafter's proposal
 */
public record ReviewRecord(int version, int round, String step, Decision decision, String actorLogin,
        String actorName, Instant actedAt, String opinion, Secrecy secrecy, String secrecyBasis,
        DisclosureType disclosureType, String disclosureReason, boolean disclosureChanged) {

    /** Step names of the rows that are not a chain step. */
    static final String SUBMIT = "submit";
    static final String WITHDRAW = "withdraw";
    static final String RETRACT = "retract";
    static final String RELEASE = "release";

    /** What was decided. */
    public enum Decision {
        SUBMITTED, APPROVED, RETURNED, RETRACTED,
        /** Released from a column configured {@code review: none}. */
        RELEASED_UNREVIEWED
    }

    /** The confidentiality verdict (保密审查结论). */
    public enum Secrecy {
        /** 涉密: may not be released. */
        SECRET,
        /** 不涉密. */
        NOT_SECRET
    }
}
