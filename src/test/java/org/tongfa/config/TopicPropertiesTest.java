package org.tongfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code tongfa.topics}: the State Council's 22 topics unless a bureau lists its own. */
class TopicPropertiesTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static TopicProperties bind(Map<String, String> properties) {
        return new SettingsBinder(List.of(new MapConfigurationPropertySource(properties)), PlaceholdersResolver.NONE,
                VALIDATOR).bind("tongfa", TopicProperties.class);
    }

    @Test
    void theDefaultIsTheStateCouncilsTwentyTwoFirstLevelTopics() {
        TopicProperties topics = bind(Map.of());
        assertThat(topics.topics()).hasSize(22).startsWith("国务院组织机构", "综合政务").endsWith("国防", "其他")
                .contains("工业、交通", "科技、教育");
        assertThat(topics.knows("工业、交通")).isTrue();
        assertThat(topics.knows("工业")).isFalse();
    }

    @Test
    void aConfiguredListReplacesTheDefaultWhole() {
        TopicProperties topics = bind(Map.of("tongfa.topics[0]", "工业、交通/信息产业（含电信）",
                "tongfa.topics[1]", "其他"));
        assertThat(topics.topics()).containsExactly("工业、交通/信息产业（含电信）", "其他");
    }

    @Test
    void aBlankTopicStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("tongfa.topics[0]", "工业、交通", "tongfa.topics[1]", " ")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tongfa.topics");
    }
}
