package org.tongfa.check;

/**
 * What a pre-publish check (发布前检查) says about an item: it may go ({@link #PASS}), a person should look
 * ({@link #WARN}: acknowledged with a note at a review step), or it stops submission and release
 * ({@link #BLOCK}).
 */
public enum Verdict {
    PASS("通过"),
    WARN("提示"),
    BLOCK("阻止");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The verdict in Chinese, as the console shows it. */
    public String label() {
        return label;
    }

    /** The more serious of the two. */
    public Verdict worse(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
