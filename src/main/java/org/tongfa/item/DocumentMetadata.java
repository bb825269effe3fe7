package org.tongfa.item;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.tongfa.common.BeijingTime;
import org.tongfa.config.TopicProperties;
import org.tongfa.item.ItemRefusal.Field;

/**
 * The checks on the metadata of public information an editor enters with a document: 成文日期
 * ({@code signedOn}), 有效性 ({@code validity}), 主题分类 ({@code topic}) and 文件类型 ({@code documentType}). Days are days in Beijing,
 * where documents are signed: at 00:30 Beijing time (16:30 UTC the day before) today's date is allowed.
 * That a date is a real calendar date is already checked when the JSON is read.
 */
final class DocumentMetadata {

    private DocumentMetadata() {
    }

    /** The problems of {@code r}'s document metadata at {@code now}, each naming its field; empty when none. */
    static List<Field> problems(ItemRequest r, Instant now, TopicProperties topics) {
        List<Field> problems = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, BeijingTime.ZONE);
        if (r.signedOn() != null && r.signedOn().isAfter(today)) {
            problems.add(new Field("signedOn", "is in the future (" + r.signedOn() + "; today is " + today
                    + " in Beijing): 成文日期 is the day the document was signed"));
        }
        ItemRequest.Validity validity = r.validity();
        if (validity != null && validity.status() != null) {
            if (validity.status() == ValidityStatus.VALID) {
                if (validity.date() != null) {
                    problems.add(new Field("validity.date", "is only for REPEALED or LAPSED: a VALID document has "
                            + "no end date; omit it"));
                }
            } else if (validity.date() == null) {
                problems.add(new Field("validity.date", "is required when the status is " + validity.status()
                        + ": the day it was " + (validity.status() == ValidityStatus.REPEALED ? "repealed (废止)"
                        : "no longer in force (失效)")));
            } else if (validity.date().isAfter(today)) {
                // A repeal announced ahead is recorded on its day: until then the document is in force.
                problems.add(new Field("validity.date", "is in the future (" + validity.date() + "; today is " + today
                        + " in Beijing): record a repeal on the day it takes effect"));
            } else if (r.signedOn() != null && validity.date().isBefore(r.signedOn())) {
                problems.add(new Field("validity.date", "is before signedOn (" + r.signedOn() + ")"));
            }
        }
        if (r.documentType() != null && r.documentType().countedInTable2a() && r.signedOn() == null) {
            // The annual report counts a 规章 or 行政规范性文件 in the year it was signed (本年制发件数).
            problems.add(new Field("signedOn", "is required when documentType is " + r.documentType() + " ("
                    + r.documentType().label() + "): the annual report counts it in the year it was signed"));
        }
        if (r.topic() != null && !topics.knows(r.topic())) {
            problems.add(new Field("topic", "unknown topic '" + r.topic() + "'; known (tongfa.topics): "
                    + topics.topics()));
        }
        return problems;
    }
}
