package org.tongfa.compliance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;

/**
 * Each configured column's inspection category, read from {@code tongfa.columns.<key>.inspection} once at
 * start-up: an unknown category stops the service naming the key, as an unknown review step does. A column
 * that declares none is watched as {@link Inspection#DYNAMIC}, the strictest window, so a forgotten category
 * warns too early rather than never (logged at start-up).
 */
final class ColumnInspections {

    private static final Logger log = LoggerFactory.getLogger(ColumnInspections.class);

    /** What this feature reads of one column's settings; the rest of the subtree belongs to others. */
    record Setting(String inspection) {
    }

    private final Map<String, Inspection> byColumn = new LinkedHashMap<>();

    ColumnInspections(TongfaProperties properties, SettingsBinder settings) {
        Map<String, Setting> declared = settings.bindEach("tongfa.columns", Setting.class);
        for (String key : properties.columns().keySet()) {
            Setting setting = declared.get(key);
            String value = setting == null || setting.inspection() == null ? "" : setting.inspection().strip();
            if (value.isEmpty()) {
                log.warn("Column {} declares no tongfa.columns.{}.inspection: watched as dynamic (2 weeks)", key, key);
                byColumn.put(key, Inspection.DYNAMIC);
                continue;
            }
            byColumn.put(key, Inspection.of(value).orElseThrow(() -> new InvalidConfigurationException(
                    "tongfa.columns." + key + ".inspection", "unknown inspection category '" + value
                            + "'; known: dynamic, notice-policy, planning-personnel, exempt")));
        }
    }

    /** The categories in the columns' configured order. */
    Map<String, Inspection> all() {
        return byColumn;
    }
}
