package org.tongfa.config;

/** A configuration value is missing or wrong; start-up stops with a message naming the key. */
public class InvalidConfigurationException extends RuntimeException {

    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The full property key, such as {@code tongfa.channels.nanfang.url}. */
    public String key() {
        return key;
    }
}
