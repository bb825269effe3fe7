package org.tongfa.check.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.tongfa.check.personal.PersonalDataProperties.Policies;

class PersonalDataPropertiesTest {

    @Test
    void blocksIdNumbersAndBankCardsAndWarnsAboutMobilesByDefault() {
        PersonalDataProperties properties = bind(Map.of());

        assertThat(properties.of("news")).isEqualTo(new Policies(Policy.BLOCK, Policy.WARN, Policy.BLOCK));
    }

    @Test
    void aColumnOverridesSomeKindsAndInheritsTheRest() {
        PersonalDataProperties properties = bind(Map.of(
                "tongfa.checks.personal-data.defaults.mobile", "block",
                "tongfa.checks.personal-data.columns.notices.mobile", "allow",
                "tongfa.checks.personal-data.columns.notices.bank-card", "warn"));

        assertThat(properties.of("notices")).isEqualTo(new Policies(Policy.BLOCK, Policy.ALLOW, Policy.WARN));
        assertThat(properties.of("news")).isEqualTo(new Policies(Policy.BLOCK, Policy.BLOCK, Policy.BLOCK));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "tongfa.checks.personal-data.defaults.id-number",
        "tongfa.checks.personal-data.columns.notices.id-number",
    })
    void refusesToAllowFullIdNumbersNamingTheKey(String key) {
        assertThatThrownBy(() -> bind(Map.of(key, "allow")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage(key + ": \"allow\" is refused: a full ID number (身份证号码) is never published; use "
                        + "block or warn (a masked number such as 440802********1234 always passes)");
    }

    @Test
    void refusesAnUnknownPolicy() {
        assertThatThrownBy(() -> bind(Map.of("tongfa.checks.personal-data.defaults.mobile", "maybe")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("tongfa.checks.personal-data.defaults.mobile");
    }

    private static PersonalDataProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("tongfa.checks.personal-data", PersonalDataProperties.class);
    }
}
