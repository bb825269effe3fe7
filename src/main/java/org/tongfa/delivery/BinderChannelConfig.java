package org.tongfa.delivery;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * {@link ChannelConfig} over Spring's {@link Binder}: relaxed names, environment overrides and
 * command-line overrides work for every adapter setting, and violations name the full key.
 */
public final class BinderChannelConfig implements ChannelConfig {

    private final String channelId;
    private final Binder binder;
    private final Validator validator;

    public BinderChannelConfig(String channelId, Binder binder, Validator validator) {
        this.channelId = channelId;
        this.binder = binder;
        this.validator = validator;
    }

    @Override
    public String channelId() {
        return channelId;
    }

    @Override
    public String prefix() {
        return "tongfa.channels." + channelId;
    }

    @Override
    public <T> T bind(Class<T> type) {
        T bound;
        try {
            bound = binder.bindOrCreate(prefix(), type);
        } catch (BindException e) {
            String key = e.getName() == null ? prefix() : e.getName().toString();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new InvalidConfigurationException(key, root.getMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(bound);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .orElseThrow();
            throw new InvalidConfigurationException(
                    prefix() + "." + kebab(first.getPropertyPath().toString()), first.getMessage());
        }
        return bound;
    }

    /** {@code allowPrivateNetwork} becomes {@code allow-private-network}, the form used in config files. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
