package org.tongfa.channel.wechat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tongfa.delivery.ChannelWaker;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the callback endpoint does, apart from HTTP: checks WeChat's signature (SHA-1 of the sorted
 * token, timestamp and nonce), answers the GET echo handshake, and records a {@code PUBLISHJOBFINISH}
 * event for the delivery that waits for it, then wakes the channel so that delivery completes at once
 * without spending the {@code freepublish/get} quota. Plain-text mode only (not the AES safe mode).
 *
 * <p>In plain-text mode WeChat's signature covers the timestamp and nonce, not the body, so a signed
 * request is accepted only within {@link #MAX_SKEW} of our clock, and only results of publication jobs
 * our own deliveries submitted are recorded.
 */
final class WeChatCallbacks {

    /** The answer to a callback. */
    record Answer(int status, String body) {
    }

    /** How far a callback's timestamp may be from our clock: bounds the replay of a captured signature. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(WeChatCallbacks.class);

    private final Function<String, Optional<WeChatChannel>> channels;
    private final WeChatStore store;
    private final BiConsumer<String, String> expedite;
    private final ChannelWaker waker;
    private final Clock clock;

    /**
     * @param expedite given the channel id and the publish id, makes the delivery waiting for that
     *     job due now
     */
    WeChatCallbacks(Function<String, Optional<WeChatChannel>> channels, WeChatStore store,
            BiConsumer<String, String> expedite, ChannelWaker waker, Clock clock) {
        this.channels = channels;
        this.store = store;
        this.expedite = expedite;
        this.waker = waker;
        this.clock = clock;
    }

    /** The URL check WeChat makes when the callback is configured: echo {@code echostr} if signed. */
    Answer handshake(String channelId, String signature, String timestamp, String nonce, String echostr) {
        Optional<WeChatChannel> channel = channels.apply(channelId);
        if (channel.isEmpty()) {
            return new Answer(404, "unknown channel");
        }
        if (!verified(channel.get(), signature, timestamp, nonce)) {
            log.warn("Refused a WeChat callback handshake for {}: bad signature", channelId);
            return new Answer(403, "bad signature");
        }
        return new Answer(200, echostr == null ? "" : echostr);
    }

    /** An event pushed by WeChat; only {@code PUBLISHJOBFINISH} matters here, others are acknowledged. */
    Answer event(String channelId, String signature, String timestamp, String nonce, byte[] body) {
        Optional<WeChatChannel> channel = channels.apply(channelId);
        if (channel.isEmpty()) {
            return new Answer(404, "unknown channel");
        }
        if (!verified(channel.get(), signature, timestamp, nonce)) {
            log.warn("Refused a WeChat callback event for {}: bad signature", channelId);
            return new Answer(403, "bad signature");
        }
        if (!fresh(timestamp)) {
            log.warn("Refused a WeChat callback event for {}: timestamp {} is more than {} away", channelId,
                    timestamp, MAX_SKEW);
            return new Answer(403, "stale timestamp");
        }
        Element xml;
        try {
            xml = parse(body);
        } catch (Exception e) {
            log.warn("Unreadable WeChat callback event for {}: {}", channelId, e.toString());
            return new Answer(400, "unreadable XML");
        }
        if (!"event".equals(text(xml, "MsgType")) || !"PUBLISHJOBFINISH".equals(text(xml, "Event"))) {
            return new Answer(200, "success");
        }
        Element info = child(xml, "PublishEventInfo");
        String publishId = info == null ? null : WeChatChannel.unquote(text(info, "publish_id"));
        String status = info == null ? null : text(info, "publish_status");
        if (publishId == null || publishId.isEmpty() || status == null || !status.strip().matches("\\d+")) {
            return new Answer(400, "PUBLISHJOBFINISH without publish_id or publish_status");
        }
        if (!store.hasJob(channel.get().appId(), publishId)) {
            // Published by hand on the platform, or not ours: nothing waits for it.
            log.info("WeChat publish job {} on {} finished; not submitted by Tongfa, ignored", publishId, channelId);
            return new Answer(200, "success");
        }
        String url = null;
        Element detail = child(info, "article_detail");
        if (detail != null) {
            Element item = child(detail, "item");
            url = item == null ? null : text(item, "article_url");
        }
        List<String> failed = new ArrayList<>();
        NodeList fails = info.getElementsByTagName("fail_idx");
        for (int i = 0; i < fails.getLength(); i++) {
            failed.add(fails.item(i).getTextContent().strip());
        }
        store.savePublishResult(channel.get().appId(), publishId, new WeChatStore.PublishResult(
                Integer.parseInt(status.strip()), text(info, "article_id"), url,
                failed.isEmpty() ? null : failed.toString()), clock.instant());
        log.info("WeChat reported publish job {} on {} finished with status {}", publishId, channelId, status.strip());
        expedite.accept(channelId, publishId);
        waker.wake(channelId);
        return new Answer(200, "success");
    }

    private boolean fresh(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp.strip());
            long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
            return skew <= MAX_SKEW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean verified(WeChatChannel channel, String signature, String timestamp, String nonce) {
        String token = channel.callbackToken();
        if (token == null || token.isEmpty() || signature == null || timestamp == null || nonce == null) {
            return false;
        }
        String expected = signature(token, timestamp, nonce);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** WeChat's callback signature: hex SHA-1 of token, timestamp and nonce sorted and joined. */
    static String signature(String token, String timestamp, String nonce) {
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element parse(byte[] body) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // No DTDs, no external entities: the body comes from the network.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        return doc.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
