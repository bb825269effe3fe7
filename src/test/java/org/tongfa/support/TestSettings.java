package org.tongfa.support;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.tongfa.config.SettingsBinder;
import org.tongfa.delivery.ChannelConfig;

/** Settings for unit tests: the service's own binder and validator over a map of full keys. */
public final class TestSettings {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private TestSettings() {
    }

    /** The binder over {@code properties} (full keys such as {@code tongfa.screens.lobby.name}). */
    public static SettingsBinder binder(Map<String, String> properties) {
        return new SettingsBinder(List.of(new MapConfigurationPropertySource(properties)), PlaceholdersResolver.NONE,
                VALIDATOR);
    }

    /** Channel {@code channelId}'s configuration over {@code properties} (full keys). */
    public static ChannelConfig channel(String channelId, Map<String, String> properties) {
        return new ChannelConfig(channelId, binder(properties));
    }
}
