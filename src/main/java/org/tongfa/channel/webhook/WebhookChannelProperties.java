package org.tongfa.channel.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of one webhook channel, bound from {@code tongfa.channels.<id>.*}. Presence is checked
 * here by Bean Validation; {@link WebhookChannelFactory} checks the meaning (URL scheme, timeout
 * range, field names) so that every message names the full key.
 *
 * @param url where to POST, absolute {@code http} or {@code https}
 * @param secret the signing secret, from the environment in real deployments; never printed
 * @param timeout the whole-call timeout (connect, send, receive)
 * @param allowPrivateNetwork whether the URL may reach loopback or private addresses
 * @param fields the item fields to send, empty for all ({@code itemId} and {@code version} always go)
 * @param remoteIdField where the receiver's id for the item is in its JSON answer, dotted for nesting
 * @param remoteUrlField where the receiver's URL for the item is in its JSON answer
 */
record WebhookChannelProperties(
        @NotBlank String url,
        @NotBlank String secret,
        @NotNull @DefaultValue("10s") Duration timeout,
        @DefaultValue("false") boolean allowPrivateNetwork,
        @NotNull @DefaultValue List<String> fields,
        @NotBlank @DefaultValue("id") String remoteIdField,
        @NotBlank @DefaultValue("url") String remoteUrlField) {

    /** Never prints the secret: settings end up in logs and start-up failure reports. */
    @Override
    public String toString() {
        return "WebhookChannelProperties[url=" + url
                + ", secret=" + (secret == null || secret.isEmpty() ? "<unset>" : "<redacted>")
                + ", timeout=" + timeout
                + ", allowPrivateNetwork=" + allowPrivateNetwork
                + ", fields=" + fields
                + ", remoteIdField=" + remoteIdField
                + ", remoteUrlField=" + remoteUrlField + "]";
    }
}
