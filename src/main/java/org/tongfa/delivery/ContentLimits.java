package org.tongfa.delivery;

import java.util.Optional;

/**
 * How long an item's fields may be on a channel whose partner enforces limits (WeChat: title 32,
 * author 16, summary 128, body under 20,000 characters). The item feature checks them when an item
 * is created or edited, so an editor learns at once rather than at delivery.
 *
 * @param partner the partner's name for messages, such as {@code WeChat}
 * @param title the most characters a title may have
 * @param author the most characters an author may have
 * @param summary the most characters a summary may have
 * @param body the body must have fewer characters than this
 */
public record ContentLimits(String partner, int title, int author, int summary, int body) {

    /**
     * The first field that breaks a limit, as a message naming the field, or empty when all fit. The
     * title and summary are the channel's (its override applied); fields are checked in the order
     * title, author, summary, body.
     */
    public Optional<String> check(String title, String author, String summary, String body) {
        return violation(title, author, summary, body).map(Violation::message);
    }

    /** The first field that breaks a limit: its name ({@code title}, {@code author}, {@code summary}, {@code body}). */
    public Optional<Violation> violation(String title, String author, String summary, String body) {
        if (length(title) > this.title) {
            return Optional.of(new Violation("title", partner + " allows at most " + this.title
                    + " characters in a title (标题), this one has " + length(title)));
        }
        if (length(author) > this.author) {
            return Optional.of(new Violation("author", partner + " allows at most " + this.author
                    + " characters in an author (作者), this one has " + length(author)));
        }
        if (length(summary) > this.summary) {
            return Optional.of(new Violation("summary", partner + " allows at most " + this.summary
                    + " characters in a summary (摘要), this one has " + length(summary)));
        }
        if (length(body) >= this.body) {
            return Optional.of(new Violation("body", partner + " needs a body (正文) under " + this.body
                    + " characters, this one has " + length(body)));
        }
        return Optional.empty();
    }

    /** A field over its limit and why. */
    public record Violation(String field, String message) {
    }

    /** Characters as a reader counts them (code points), so one Chinese character is one. */
    private static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }
}
