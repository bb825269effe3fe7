package org.tongfa.delivery;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;
import org.tongfa.config.TongfaProperties.ChannelSettings;
import org.tongfa.config.TongfaProperties.Column;
import org.tongfa.config.TongfaProperties;

/**
 * The configured channels, built once at start-up from {@code tongfa.channels} by the adapter factory
 * of each type, and the column catalogue checked against them. Any mistake stops start-up with the
 * offending key.
 */
@Component
public class ChannelRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ChannelRegistry.class);

    private final TongfaProperties properties;
    private final Map<String, Channel> channels = new TreeMap<>();

    public ChannelRegistry(TongfaProperties properties, List<ChannelFactory> factories, SettingsBinder settingsBinder) {
        this.properties = properties;
        Map<String, ChannelFactory> byType = new LinkedHashMap<>();
        factories.forEach(f -> byType.put(f.type(), f));
        properties.channels().forEach((id, settings) -> {
            ChannelFactory factory = byType.get(settings.type());
            if (factory == null) {
                throw new InvalidConfigurationException("tongfa.channels." + id + ".type",
                        "unknown channel type '" + settings.type() + "'; known types: " + byType.keySet());
            }
            if (settings.enabled()) {
                checkOnlyOne(id, settings.type(), factory);
                channels.put(id, factory.create(new ChannelConfig(id, settingsBinder)));
            }
        });
        properties.columns().forEach((key, column) -> checkColumn(key, column));
        DeliveryBounds.checkLease(properties.delivery(), channels);
        log.info("Channels enabled: {}; disabled by configuration: {}", channels.keySet(),
                properties.channels().keySet().stream().filter(id -> !channels.containsKey(id)).toList());
    }

    /** A type that serves fixed public paths may be enabled once per service. */
    private void checkOnlyOne(String id, String type, ChannelFactory factory) {
        if (!factory.onePerService()) {
            return;
        }
        channels.keySet().forEach(other -> {
            if (properties.channels().get(other).type().equals(type)) {
                throw new InvalidConfigurationException("tongfa.channels." + id + ".type", "only one " + type
                        + " channel may be enabled; '" + other + "' is enabled already");
            }
        });
    }

    private void checkColumn(String key, Column column) {
        for (int i = 0; i < column.channels().size(); i++) {
            String id = column.channels().get(i);
            if (!properties.channels().containsKey(id)) {
                throw new InvalidConfigurationException("tongfa.columns." + key + ".channels[" + i + "]",
                        "no channel '" + id + "' is configured under tongfa.channels");
            }
        }
    }

    /** Every configured channel id, enabled or not. */
    public Set<String> configuredIds() {
        return properties.channels().keySet();
    }

    /** The ids of the channels that run on this node. */
    public Set<String> enabledIds() {
        return Collections.unmodifiableSet(channels.keySet());
    }

    /** The running channel, or empty when it is unknown or disabled by configuration. */
    public Optional<Channel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    /**
     * The running channel {@code id} if it is of the given implementation: how an adapter's own HTTP
     * side (a callback, a public page) finds its channel instances without a cast or a singleton.
     */
    public <T extends Channel> Optional<T> channel(String id, Class<T> implementation) {
        return channel(id).filter(implementation::isInstance).map(implementation::cast);
    }

    /** The running channels of the given implementation, by id. */
    public <T extends Channel> List<T> enabled(Class<T> implementation) {
        return channels.values().stream().filter(implementation::isInstance).map(implementation::cast).toList();
    }

    /** The configured type of a running channel ({@code tongfa.channels.<id>.type}). */
    public String type(String id) {
        if (!channels.containsKey(id)) {
            throw new IllegalArgumentException("channel " + id + " is not running on this node");
        }
        return properties.channels().get(id).type();
    }

    public Optional<ChannelSettings> settings(String id) {
        return Optional.ofNullable(properties.channels().get(id));
    }

    /** Whether readers see what the channel publishes (only 主动公开 items may go there). */
    public boolean isPublic(String id) {
        return settings(id).map(ChannelSettings::publicChannel).orElse(true);
    }

    /** The wait before each attempt on this channel; attempt n (1-based) waits {@code schedule[n-1]}. */
    public List<Duration> retrySchedule(String id) {
        List<Duration> own = settings(id).map(ChannelSettings::retrySchedule).orElse(List.of());
        return own.isEmpty() ? properties.delivery().retrySchedule() : own;
    }

    public int concurrency(String id) {
        return settings(id).map(ChannelSettings::concurrency).orElse(1);
    }

    @Override
    public void destroy() {
        channels.forEach((id, channel) -> {
            if (channel instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Closing channel {} failed: {}", id, e.toString());
                }
            }
        });
    }
}
