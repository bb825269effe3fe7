package org.tongfa.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties;
import org.tongfa.support.TestSettings;

/** Each column's category from tongfa.columns.<key>.inspection; a wrong one stops start-up naming the key. */
class ColumnInspectionsTest {

    private static ColumnInspections inspections(Map<String, String> columns) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tongfa.channels.archive.type", "folder");
        properties.put("tongfa.columns.news.name", "工作动态");
        properties.put("tongfa.columns.plans.name", "规划计划");
        properties.put("tongfa.columns.about.name", "机构职能");
        properties.putAll(columns);
        SettingsBinder binder = TestSettings.binder(properties);
        return new ColumnInspections(binder.bind("tongfa", TongfaProperties.class), binder);
    }

    @Test
    void readsEachColumnsCategoryAndWatchesAnUndeclaredOneAsDynamic() {
        assertThat(inspections(Map.of("tongfa.columns.plans.inspection", "planning-personnel",
                "tongfa.columns.about.inspection", "exempt")).all())
                .containsEntry("news", Inspection.DYNAMIC)
                .containsEntry("plans", Inspection.PLANNING_PERSONNEL)
                .containsEntry("about", Inspection.EXEMPT);
        assertThat(inspections(Map.of("tongfa.columns.news.inspection", "notice-policy")).all())
                .containsEntry("news", Inspection.NOTICE_POLICY);
    }

    @Test
    void anUnknownCategoryStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> inspections(Map.of("tongfa.columns.plans.inspection", "yearly")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.columns.plans.inspection")
                .hasMessageContaining("'yearly'")
                .extracting(e -> ((InvalidConfigurationException) e).key()).isEqualTo("tongfa.columns.plans.inspection");
    }

    @Test
    void aBadWindowStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> FreshnessAssessorTest.settings(Map.of("tongfa.compliance.windows.dynamic", "two weeks")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.compliance.windows.dynamic");
    }
}
