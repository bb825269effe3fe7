package org.tongfa.check;

import java.util.List;

/**
 * A check that reads only an item's text: the word lists (敏感词, 错敏字, 规范表述) and personal data
 * (个人信息). Each is a Spring bean; the pre-publish checks run every one over every text field of the
 * version being checked, on save, at submission, at each review step and at release.
 */
public interface TextCheck {

    /** The check's name, as in {@link Finding#check()}. */
    String name();

    /**
     * @param column the item's column (a check may be configured per column)
     * @param fields the version's text, field by field
     * @return what it found, in field order then offset order; empty when the text passes
     */
    List<Finding> scan(String column, List<TextField> fields);
}
