package org.tongfa.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The one settings path: binding, validation, and keys named in every failure. */
class SettingsBinderTest {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    /** A settings record as adapters write them. */
    record Thing(@NotBlank String name, @DefaultValue List<String> tags, @Min(1) @DefaultValue("1") int size,
            @DefaultValue("10s") Duration timeout) {
    }

    static SettingsBinder binder(Map<String, String> properties) {
        return new SettingsBinder(List.of(new MapConfigurationPropertySource(properties)), PlaceholdersResolver.NONE,
                VALIDATOR);
    }

    @Test
    void bindsARecordAndAppliesItsDefaults() {
        Thing thing = binder(Map.of("tongfa.thing.name", "a", "tongfa.thing.tags", "x,y")).bind("tongfa.thing", Thing.class);

        assertThat(thing).isEqualTo(new Thing("a", List.of("x", "y"), 1, Duration.ofSeconds(10)));
    }

    @Test
    void namesTheKeyOfAValueThatCannotBeConverted() {
        assertThatThrownBy(() -> binder(Map.of("tongfa.thing.name", "a", "tongfa.thing.timeout", "soon"))
                .bind("tongfa.thing", Thing.class))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.thing.timeout"));
    }

    @Test
    void namesTheKeyOfAViolatedConstraintInTheFormOfConfigFiles() {
        assertThatThrownBy(() -> binder(Map.of("tongfa.thing.name", " ")).bind("tongfa.thing", Thing.class))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("tongfa.thing.name: must not be blank");
    }

    @Test
    void namesMapEntriesAndListElementsInTheKeyOfAViolation() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tongfa.columns.news.name", "工作动态");
        settings.put("tongfa.columns.news.channels[0]", "archive");
        settings.put("tongfa.columns.news.channels[1]", " ");
        settings.put("tongfa.channels.archive.type", "folder");

        assertThatThrownBy(() -> binder(settings).bind("tongfa", TongfaProperties.class))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.columns.news.channels[1]"));

        settings.put("tongfa.columns.news.channels[1]", "archive");
        settings.put("tongfa.channels.archive.concurrency", "0");
        assertThatThrownBy(() -> binder(settings).bind("tongfa", TongfaProperties.class))
                .isInstanceOfSatisfying(InvalidConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("tongfa.channels.archive.concurrency"));
    }

    @Test
    void bindsEachEntryOfAMapAsSpringsMapBindingDoesWithTheSamePrecedence() {
        MutablePropertySources environment = new MutablePropertySources();
        // Highest precedence first: a command line replaces a whole list, the environment adds a value.
        environment.addLast(new MapPropertySource("commandLine", Map.of("tongfa.things.a.tags[0]", "x")));
        environment.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("TONGFA_THINGS_B_SIZE", "7", "TONGFA_THINGS_C_NAME", "see")));
        environment.addLast(new MapPropertySource("file", Map.of(
                "tongfa.things.a.name", "${greeting}", "tongfa.things.a.tags[0]", "p", "tongfa.things.a.tags[1]", "q",
                "tongfa.things.b.name", "bee", "tongfa.things.b.tags", "one,two", "greeting", "hello")));
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.from(environment);
        PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);

        Map<String, Thing> each = new SettingsBinder(sources, placeholders, VALIDATOR).bindEach("tongfa.things", Thing.class);

        assertThat(each).isEqualTo(new Binder(sources, placeholders)
                .bind("tongfa.things", Bindable.mapOf(String.class, Thing.class)).get());
        assertThat(each.get("a")).isEqualTo(new Thing("hello", List.of("x"), 1, Duration.ofSeconds(10)));
        assertThat(each.get("b")).isEqualTo(new Thing("bee", List.of("one", "two"), 7, Duration.ofSeconds(10)));
        assertThat(each.get("c")).isEqualTo(new Thing("see", List.of(), 1, Duration.ofSeconds(10)));
    }

    @Test
    void bindsAnEntryFromEverySourceThatNamesItInAnotherFormAsSpringDoes() {
        MutablePropertySources environment = new MutablePropertySources();
        // The environment can only spell "main-hall" as MAINHALL; a source naming no entry is left out.
        environment.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("TONGFA_THINGS_MAINHALL_SIZE", "7", "TONGFA_THINGS_MAINHALL_NAME", "env")));
        environment.addLast(new MapPropertySource("unrelated", Map.of("tongfa.other", "x")));
        environment.addLast(new MapPropertySource("file", Map.of("tongfa.things.main-hall.name", "hall",
                "tongfa.things.main-hall.tags", "a", "tongfa.things.side.name", "side")));
        Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.from(environment);

        Map<String, Thing> each = new SettingsBinder(sources, PlaceholdersResolver.NONE, VALIDATOR)
                .bindEach("tongfa.things", Thing.class);

        assertThat(each).isEqualTo(new Binder(sources, PlaceholdersResolver.NONE)
                .bind("tongfa.things", Bindable.mapOf(String.class, Thing.class)).get());
        assertThat(each.get("main-hall")).isEqualTo(new Thing("env", List.of("a"), 7, Duration.ofSeconds(10)));
        assertThat(each.get("side")).isEqualTo(new Thing("side", List.of(), 1, Duration.ofSeconds(10)));
    }

    @Test
    void namesTheEntryInTheKeyOfAnEntrysProblem() {
        Map<String, String> settings = Map.of("tongfa.things.a.name", "a", "tongfa.things.b.name", "b",
                "tongfa.things.b.size", "0");

        assertThatThrownBy(() -> binder(settings).bindEach("tongfa.things", Thing.class))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.things.b.size: ");
    }

    @Test
    void bindsNoEntriesWhenNothingIsSet() {
        assertThat(binder(Map.of("tongfa.other", "x")).bindEach("tongfa.things", Thing.class)).isEmpty();
    }
}
