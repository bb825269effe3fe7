package org.tongfa.channel.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.MediaType;
import org.jsoup.Jsoup;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads what a receiver answered: the remote id and URL, a refusal's reason, a Retry-After. */
final class WebhookResponses {

    static final int MAX_REASON = 200;

    private WebhookResponses() {
    }

    /** The body as JSON, or {@code null} when it is empty or not JSON: a garbage body is not a failure. */
    static JsonNode jsonOrNull(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * A scalar at {@code path} ({@code id}, or {@code data.id} for nesting) as text, or {@code null}.
     * A key that itself contains dots is found too, before the path is split.
     */
    static String field(JsonNode root, String path) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode node = root.get(path);
        if (node == null) {
            node = root;
            for (String segment : path.split("\\.")) {
                node = node.isObject() ? node.get(segment) : null;
                if (node == null) {
                    return null;
                }
            }
        }
        return node.isString() || node.isNumber() ? node.asString() : null;
    }

    /**
     * Why a receiver refused, for the delivery's error message: a problem+json {@code detail} or
     * {@code title}, a JSON {@code message} or {@code error}, or an excerpt of the text (HTML reduced to
     * its text). Never longer than {@value #MAX_REASON} characters; empty when there is nothing.
     */
    static String reason(ObjectMapper json, MediaType contentType, String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode root = jsonOrNull(json, body);
        if (root != null && root.isObject()) {
            for (String key : new String[] {"detail", "title", "message", "error", "error.message",
                    "error_description"}) {
                String value = field(root, key);
                if (value != null && !value.isBlank()) {
                    return excerpt(value);
                }
            }
        }
        boolean html = contentType != null && "html".equalsIgnoreCase(contentType.subtype())
                || body.stripLeading().startsWith("<");
        return excerpt(html ? Jsoup.parse(body).text() : body);
    }

    /** Collapses whitespace and control characters and cuts to {@value #MAX_REASON} characters. */
    static String excerpt(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return flat.length() <= MAX_REASON ? flat : flat.substring(0, MAX_REASON - 1) + "…";
    }

    /**
     * A {@code Retry-After} value, delay-seconds or HTTP-date, as a wait from {@code now}; a date in the
     * past is a zero wait; {@code null} when absent or unreadable.
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.matches("\\d{1,10}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
