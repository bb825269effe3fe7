package org.tongfa.channel.display;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.Range;

/**
 * One screen's settings as written under {@code tongfa.screens.<id>.*}, bound and validated by the
 * settings binder; {@link Screens} checks what needs the rest of the configuration (columns, channel,
 * dayparts, key) and names the key of any mistake.
 *
 * <p>A bean with setters rather than a record, for start-up time alone: Spring binds a record through
 * its constructor and parses every parameter's annotations again for each object, which for ten
 * thousand screens took twice as long as binding them all as beans (Spring keeps a bean's properties
 * between objects of one type). {@link Screens} turns each into an immutable {@link Screen}.
 */
final class ScreenProperties {

    /** What operators call the screen. */
    @NotBlank
    private String name;
    /** Where it hangs. */
    private String location;
    /** The {@code display} channel it shows; may be left out when exactly one is configured. */
    private String channel;
    /** The columns (栏目) it shows, each a key of {@code tongfa.columns}. */
    @NotEmpty(message = "name at least one column to show")
    private List<String> columns = new ArrayList<>();
    /** When it plays, such as {@code MON-FRI 08:00-18:00}, {@code DAILY 22:00-06:00}; empty means always. */
    private List<String> dayparts = new ArrayList<>();
    /** Seconds each item stays on screen. */
    @Range(min = 3, max = 3600)
    private int itemSeconds = 15;
    /** {@code landscape} or {@code portrait}. */
    private String orientation = "landscape";
    /**
     * The screen's secret, from the environment; left out or empty generates one into
     * {@code <data-directory>/screen-keys/<id>}.
     */
    private String key;
    /** How often the player asks for its feed. */
    @Range(min = 1, max = 3600)
    private int pollSeconds = 30;
    /**
     * How long a silent screen counts as online; default {@code tongfa.display.offline-after}, else
     * three poll intervals.
     */
    private Duration offlineAfter;
    /** Play only the newest this many items (emergencies always play); unset: every item. */
    @Range(min = 1, max = 10000)
    private Integer maxItems;
    /** Play only items first published within this long, such as {@code 14d} (emergencies always play). */
    private Duration maxAge;

    String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    String getLocation() {
        return location;
    }

    void setLocation(String location) {
        this.location = location;
    }

    String getChannel() {
        return channel;
    }

    void setChannel(String channel) {
        this.channel = channel;
    }

    List<String> getColumns() {
        return columns;
    }

    void setColumns(List<String> columns) {
        this.columns = columns;
    }

    List<String> getDayparts() {
        return dayparts;
    }

    void setDayparts(List<String> dayparts) {
        this.dayparts = dayparts;
    }

    int getItemSeconds() {
        return itemSeconds;
    }

    void setItemSeconds(int itemSeconds) {
        this.itemSeconds = itemSeconds;
    }

    String getOrientation() {
        return orientation;
    }

    void setOrientation(String orientation) {
        this.orientation = orientation;
    }

    String getKey() {
        return key;
    }

    void setKey(String key) {
        this.key = key;
    }

    int getPollSeconds() {
        return pollSeconds;
    }

    void setPollSeconds(int pollSeconds) {
        this.pollSeconds = pollSeconds;
    }

    Duration getOfflineAfter() {
        return offlineAfter;
    }

    void setOfflineAfter(Duration offlineAfter) {
        this.offlineAfter = offlineAfter;
    }

    Integer getMaxItems() {
        return maxItems;
    }

    void setMaxItems(Integer maxItems) {
        this.maxItems = maxItems;
    }

    Duration getMaxAge() {
        return maxAge;
    }

    void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public String toString() {
        return "ScreenProperties[name=" + name + ", columns=" + columns + ", dayparts=" + dayparts + ", key=****]";
    }
}
