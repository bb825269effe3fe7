package org.tongfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tongfa.support.TestSettings;

/** {@code tongfa.site.strict}: a blank required value stops start-up only when the operator asks for it. */
class SitePropertiesTest {

    private static Map<String, String> complete() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tongfa.site.name", "示范市工业和信息化局");
        keys.put("tongfa.site.organiser", "示范市工业和信息化局");
        keys.put("tongfa.site.site-code", "4401000001");
        keys.put("tongfa.site.icp.number", "粤ICP备12345678号");
        keys.put("tongfa.site.public-security.number", "粤公网安备 44010402000001号");
        keys.put("tongfa.site.public-security.url", "https://beian.mps.gov.cn/");
        keys.put("tongfa.site.conac-url", "https://bszs.conac.cn/sitename?method=show&id=1");
        keys.put("tongfa.site.contact.phone", "020-83123456");
        keys.put("tongfa.site.contact.address", "示范市府前路1号");
        return keys;
    }

    private static SiteProperties bind(Map<String, String> keys) {
        return new TongfaSettings().siteProperties(TestSettings.binder(keys));
    }

    @Test
    void strictWithABlankRequiredValueStopsStartUpNamingTheKey() {
        Map<String, String> keys = complete();
        keys.put("tongfa.site.strict", "true");
        keys.put("tongfa.site.site-code", " ");

        assertThatThrownBy(() -> bind(keys)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("tongfa.site.site-code").hasMessageContaining("strict");
    }

    @Test
    void strictWithEveryRequiredValueSetStarts() {
        Map<String, String> keys = complete();
        keys.put("tongfa.site.strict", "true");

        assertThat(bind(keys).siteCode()).isEqualTo("4401000001");
    }

    @Test
    void withoutStrictABlankValueIsAllowedAndLeftOutOfThePages() {
        Map<String, String> keys = complete();
        keys.remove("tongfa.site.icp.number");

        assertThat(bind(keys).missingRequired()).containsExactly("icp.number");
    }
}
