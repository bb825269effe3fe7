package org.tongfa.channel.display;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.Range;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One screen's settings as written under {@code tongfa.screens.<id>.*}, bound and validated by the
 * settings binder; {@link Screens} checks what needs the rest of the configuration (columns, channel,
 * dayparts, key) and names the key of any mistake.
 *
 * @param name what operators call the screen (required)
 * @param location where it hangs
 * @param channel the {@code display} channel it shows; may be left out when exactly one is configured
 * @param columns the columns (栏目) it shows (required, each a key of {@code tongfa.columns})
 * @param dayparts when it plays, such as {@code MON-FRI 08:00-18:00}, {@code DAILY 22:00-06:00}; empty
 *     means always
 * @param itemSeconds seconds each item stays on screen
 * @param orientation {@code landscape} or {@code portrait}
 * @param key the screen's secret, from the environment; empty generates one into
 *     {@code <data-directory>/screen-keys/<id>}; left out entirely is a mistake
 * @param pollSeconds how often the player asks for its feed
 * @param offlineAfter how long a silent screen counts as online; default {@code tongfa.display.offline-after},
 *     else three poll intervals
 */
record ScreenProperties(
        @NotBlank String name,
        String location,
        String channel,
        @NotEmpty(message = "name at least one column to show") @DefaultValue List<String> columns,
        @DefaultValue List<String> dayparts,
        @Range(min = 3, max = 3600) @DefaultValue("15") int itemSeconds,
        @DefaultValue("landscape") String orientation,
        String key,
        @Range(min = 1, max = 3600) @DefaultValue("30") int pollSeconds,
        Duration offlineAfter) {

    @Override
    public String toString() {
        return "ScreenProperties[name=" + name + ", columns=" + columns + ", dayparts=" + dayparts + ", key=****]";
    }
}
