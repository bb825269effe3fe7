package org.tongfa.check;

import java.util.Objects;

/**
 * One piece of an item's text as the text checks read it: the field's name ({@code title},
 * {@code summary}, {@code body}, {@code images[0].alt}, {@code overrides.wechat.summary}, ...) and its plain
 * text (the body without its markup), to which a {@link Finding}'s offset points.
 */
public record TextField(String name, String text) {

    public TextField {
        Objects.requireNonNull(name, "name");
        text = text == null ? "" : text;
    }
}
