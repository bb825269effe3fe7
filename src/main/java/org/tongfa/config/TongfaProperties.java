package org.tongfa.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.util.unit.DataSize;
import org.tongfa.text.Printable;

/**
 * The service-wide settings under {@code tongfa.*}, bound and validated at start-up by the
 * {@link SettingsBinder}: a bad value stops the service with a message naming the key. Channel
 * adapters bind their own type-specific keys through the same binder (see {@code ChannelConfig});
 * this record holds only what the core needs of every channel.
 *
 * @param publicBaseUrl the absolute URL the public reaches this service at; asset and page links
 *     handed to channels are built from it
 * @param nodeId this node's name in the delivery ledger's leases; must be stable across restarts so a
 *     restarted node releases the work it held at once
 * @param dataDirectory where the embedded database and generated files live
 * @param columns the column catalogue (栏目), keyed by column key
 * @param channels the channels, keyed by channel id
 * @param api the REST API's settings
 * @param delivery the delivery pipeline's settings
 * @param assets limits on uploaded images
 * @param sanitizer what an item body may embed
 */
public record TongfaProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl,
        String nodeId,
        @NotNull @DefaultValue("./data") Path dataDirectory,
        @NotEmpty Map<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String, @Valid Column> columns,
        @NotEmpty Map<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String, @Valid ChannelSettings> channels,
        @Valid @DefaultValue Api api,
        @Valid @DefaultValue Delivery delivery,
        @Valid @DefaultValue Assets assets,
        @Valid @DefaultValue Sanitizer sanitizer) {

    public TongfaProperties {
        // In the order configured: the site's navigation and home page list the columns so.
        columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
        channels = channels == null ? Map.of() : new TreeMap<>(channels);
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = defaultNodeId();
        }
    }

    /** The host name: stable across restarts of the same machine or container. */
    private static String defaultNodeId() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "tongfa-node";
        }
    }

    /**
     * A column (栏目) in the catalogue.
     *
     * @param name the display name editors and readers see
     * @param channels the channel ids an item in this column goes to unless the item names its own
     * @param review the review chain (三审), its steps in order: {@code office}, {@code confidentiality},
     *     {@code signer}; {@code none} alone for a column fed by a system that did its own review; empty
     *     (not configured) means one sign-off by someone other than the drafter. The item feature checks
     *     the step names at start-up
     * @param showReviewers whether readers see the names of the 审核人 and 签发人 with the item
     */
    public record Column(@NotBlank @Printable String name, @NotNull @DefaultValue List<@NotBlank String> channels,
            @NotNull @DefaultValue List<@NotBlank String> review, @DefaultValue("false") boolean showReviewers) {
    }

    /**
     * What the core needs of every channel; the adapter binds the rest of the same subtree.
     *
     * @param type selects the adapter ({@code folder}, {@code webhook}, ...)
     * @param enabled a disabled channel keeps its ledger rows but receives nothing
     * @param publicChannel whether readers see what it publishes; only 主动公开 (PROACTIVE) items may go
     *     to public channels. Key: {@code public}
     * @param concurrency deliveries in flight at once on this channel (its own worker threads)
     * @param retrySchedule the wait before each attempt (the first is usually 0); after the last attempt
     *     fails the delivery is DEAD. Empty means {@code tongfa.delivery.retry-schedule}
     */
    public record ChannelSettings(
            @NotBlank String type,
            @DefaultValue("true") boolean enabled,
            @Name("public") @DefaultValue("true") boolean publicChannel,
            @Min(1) @DefaultValue("4") int concurrency,
            @DefaultValue List<@NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE_WAIT) Duration> retrySchedule) {
    }

    /**
     * @param tokens bearer tokens by name (the name is recorded as the actor; env
     *     {@code TONGFA_API_TOKENS_<NAME>}); blank values are ignored, and with none configured a token is
     *     generated into {@code <data-directory>/api-token}
     * @param tokenRoles the roles of the configured token of the same name (env
     *     {@code TONGFA_API_TOKENROLES_<NAME>=DRAFTER,SIGNER}); a token with none configured holds every
     *     role but {@code ADMIN}
     * @param tokenColumns the columns the configured token of the same name holds its roles on; none
     *     configured: every column
     * @param signInValidity how long a bearer token obtained by signing in with a password stays valid
     * @param maxBodySize the largest JSON request body accepted
     */
    public record Api(
            @DefaultValue Map<String, String> tokens,
            @DefaultValue Map<String, List<String>> tokenRoles,
            @DefaultValue Map<String, List<String>> tokenColumns,
            @NotNull @DefaultValue("8h") Duration signInValidity,
            @NotNull @DefaultValue("1MB") DataSize maxBodySize) {

        @Override
        public String toString() {
            return "Api[tokens=" + tokens.keySet() + ", tokenRoles=" + tokenRoles + ", tokenColumns=" + tokenColumns
                    + ", signInValidity=" + signInValidity + ", maxBodySize=" + maxBodySize + "]";
        }
    }

    /** Why a wait in a retry schedule may not be negative. */
    static final String NOT_NEGATIVE_WAIT = "must not be negative: it is the wait before an attempt";

    /**
     * The pipeline's numbers. Each is bounded where a wrong value would break a promise, and start-up
     * refuses it naming the key and the reason (docs/configuration.md lists the bounds); the lease is
     * also checked against the longest attempt of the configured channels ({@code DeliveryBounds}).
     *
     * @param pollInterval how often each channel looks for due work it was not woken for; from 10 ms
     *     (Camel's timer reads a zero period as "fire once", so retries would never be picked up) to 1 h
     *     (a retry that came due, or another node's lapsed lease, waits up to one poll)
     * @param lease how long a claimed delivery stays reserved for its node; must outlast one attempt
     *     including its short retries, or a second node claims the row while the first still sends it
     * @param shortRetries retries inside one attempt, with exponential back-off, before the ledger's
     *     schedule takes over; at most 10 (each holds a worker thread and the lease)
     * @param shortRetryDelay the first short-retry delay; doubled each time; from 1 ms to 10 s (Camel cuts
     *     each back-off at 10 s)
     * @param retrySchedule the default long-retry schedule; no wait may be negative
     * @param breakerFailures consecutive failed calls (short retries included) that open a channel's circuit
     * @param breakerOpen how long an open circuit waits before one probe; from 1 s (shorter is no rest
     *     for the partner) to 1 h (doubled on each failed probe, up to 32 times)
     */
    public record Delivery(
            @NotNull @DefaultValue("1s")
            @DurationMin(millis = 10, message = "must be at least 10ms: a zero poll interval polls only once, so "
                    + "retries that come due and lapsed leases are never picked up")
            @DurationMax(hours = 1, message = "must be at most 1h: a retry that came due waits up to one poll interval")
            Duration pollInterval,
            @NotNull @DefaultValue("5m") Duration lease,
            @Min(value = 0, message = "must not be negative")
            @Max(value = 10, message = "must be at most 10: each short retry holds a worker thread and the lease; "
                    + "longer waits belong in the retry schedule")
            @DefaultValue("2") int shortRetries,
            @NotNull @DefaultValue("200ms")
            @DurationMin(millis = 1, message = "must be at least 1ms: retrying at once hits a partner that just failed")
            @DurationMax(seconds = 10, message = "must be at most 10s: Camel cuts each short-retry back-off at 10s, so "
                    + "a longer delay would silently not apply")
            Duration shortRetryDelay,
            @NotEmpty @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"})
            List<@NotNull @DurationMin(millis = 0, message = NOT_NEGATIVE_WAIT) Duration> retrySchedule,
            @Min(value = 1, message = "must be at least 1: the number of failures in a row that open the circuit")
            @DefaultValue("5") int breakerFailures,
            @NotNull @DefaultValue("30s")
            @DurationMin(seconds = 1, message = "must be at least 1s: a shorter wait is no rest for a failing partner, "
                    + "which would be probed continuously")
            @DurationMax(hours = 1, message = "must be at most 1h: the wait doubles on each failed probe (up to 32 "
                    + "times), and a recovered partner should not wait days")
            Duration breakerOpen) {
    }

    /**
     * @param maxSize the largest image file accepted
     * @param maxDecodedBytes the largest image accepted once decoded (width x height x bytes per pixel,
     *     from its header): a small file may declare a huge picture (a decompression bomb)
     * @param maxDimension the largest width or height accepted, in pixels
     */
    public record Assets(
            @NotNull @DefaultValue("10MB") DataSize maxSize,
            @NotNull @DefaultValue("128MB") DataSize maxDecodedBytes,
            @Min(1) @DefaultValue("16384") int maxDimension) {
    }

    /** @param iframeHosts hosts whose {@code https} iframes an item body may embed (video players) */
    public record Sanitizer(@DefaultValue List<String> iframeHosts) {
    }
}
