package org.tongfa.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;

/**
 * One channel's configuration subtree, {@code tongfa.channels.<id>}, as its adapter's factory sees
 * it: the settings record bound and validated by the {@link SettingsBinder} (the same path as every
 * other setting), and the checks adapters share, each failing with the full key of the setting.
 */
public final class ChannelConfig {

    private static final String NOT_ABSOLUTE = "must be an absolute http or https URL";

    private final String channelId;
    private final SettingsBinder settings;

    public ChannelConfig(String channelId, SettingsBinder settings) {
        this.channelId = channelId;
        this.settings = settings;
    }

    /** The channel id (the map key). */
    public String channelId() {
        return channelId;
    }

    /** The configuration prefix, {@code tongfa.channels.<id>}. */
    public String prefix() {
        return "tongfa.channels." + channelId;
    }

    /**
     * Binds the subtree to an adapter's settings record and validates it (Jakarta Bean Validation).
     *
     * @throws InvalidConfigurationException naming the key and the problem
     */
    public <T> T bind(Class<T> type) {
        return settings.bind(prefix(), type);
    }

    /** The full key of one of the channel's settings, {@code tongfa.channels.<id>.<property>}. */
    public String key(String property) {
        return prefix() + "." + property;
    }

    /** A start-up failure naming {@code tongfa.channels.<id>.<property>}, for the adapter to throw. */
    public InvalidConfigurationException problem(String property, String problem) {
        return new InvalidConfigurationException(key(property), problem);
    }

    /**
     * The setting as an absolute {@code http} or {@code https} URL with a host (and a port, if any,
     * from 1 to 65535), stripped of surrounding blanks.
     *
     * @param property the setting's name under the channel, such as {@code url}
     * @throws InvalidConfigurationException naming the key when {@code value} is blank or no such URL
     */
    public URI httpUrl(String property, String value) {
        String url = value == null ? "" : value.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw problem(property, NOT_ABSOLUTE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw problem(property, NOT_ABSOLUTE);
        }
        return uri;
    }

    /**
     * An absolute URL under which the adapter serves or links pages ({@code <url>items/1.html}),
     * {@code fallback} when the setting is blank; always ending in {@code /}.
     *
     * @throws InvalidConfigurationException naming the key when the URL is not absolute http or https
     */
    public String directoryUrl(String property, String value, String fallback) {
        String url = httpUrl(property, value == null || value.isBlank() ? fallback : value).toString();
        return url.endsWith("/") ? url : url + "/";
    }
}
