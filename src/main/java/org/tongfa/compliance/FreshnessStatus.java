package org.tongfa.compliance;

/** Where a watched subject stands against its window. */
public enum FreshnessStatus {
    /** Updated within its window, with more than the lead time left. */
    OK("正常"),
    /** The window closes within the lead time: publish something soon. */
    WARN("即将超期"),
    /** The window has closed (or nothing was ever published): an inspection would count it as not updated. */
    BREACH("已超期"),
    /** Not watched ({@link Inspection#EXEMPT}). */
    EXEMPT("不监测");

    private final String label;

    FreshnessStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Worse than {@code other}: OK < WARN < BREACH. */
    boolean worseThan(FreshnessStatus other) {
        return rank() > other.rank();
    }

    private int rank() {
        return switch (this) {
            case EXEMPT, OK -> 0;
            case WARN -> 1;
            case BREACH -> 2;
        };
    }
}
