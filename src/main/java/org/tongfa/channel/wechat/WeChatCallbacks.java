package org.tongfa.channel.wechat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;
import org.tongfa.delivery.PartnerReports;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the callback endpoint does, apart from HTTP: checks WeChat's signature, answers the GET echo
 * handshake, and records a {@code PUBLISHJOBFINISH} event for the delivery that waits for it, then
 * wakes the channel so that delivery completes at once without spending the {@code freepublish/get}
 * quota.
 *
 * <p><b>Plain-text mode</b> (明文模式): the signature (SHA-1 of the sorted token, timestamp and nonce)
 * does not cover the body. <b>Safe mode</b> (安全模式, with {@code encoding-aes-key}): only encrypted
 * messages are accepted, verified by {@code msg_signature}, which covers the ciphertext, and decrypted
 * ({@link WeChatCrypto}); a plain-text message is refused however it is signed. The handshake is the
 * same in both modes: an official account's {@code echostr} is never encrypted (only WeCom's is).
 *
 * <p><b>No replays.</b> A signed callback is accepted only within {@link #MAX_SKEW} of our clock, and
 * only once: it is remembered (account, nonce, timestamp, signature) in the database, shared by every
 * node, in the same transaction that records what it reports, so a callback whose recording failed
 * can come again. Only results of publication jobs our own deliveries submitted are recorded.
 */
final class WeChatCallbacks {

    /** The answer to a callback. */
    record Answer(int status, String body) {
    }

    /** How far a callback's timestamp may be from our clock: bounds the replay of a captured signature. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** How long an accepted callback is remembered: its freshness window, twice over for clock skew between nodes. */
    static final Duration REMEMBER = MAX_SKEW.multipliedBy(2);

    private static final Logger log = LoggerFactory.getLogger(WeChatCallbacks.class);

    private final Function<String, Optional<WeChatChannel>> channels;
    private final WeChatStore store;
    private final PartnerReports reports;
    private final Clock clock;
    private final TransactionOperations transactions;

    /**
     * @param reports told when a publication job a delivery waits for has finished
     * @param transactions runs remembering a callback and recording what it reports as one unit
     */
    WeChatCallbacks(Function<String, Optional<WeChatChannel>> channels, WeChatStore store,
            PartnerReports reports, Clock clock, TransactionOperations transactions) {
        this.channels = channels;
        this.store = store;
        this.reports = reports;
        this.clock = clock;
        this.transactions = transactions;
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

    /** A plain-text event (no {@code encrypt_type}); see {@link #event(String, String, String, String, String, String, byte[])}. */
    Answer event(String channelId, String signature, String timestamp, String nonce, byte[] body) {
        return event(channelId, signature, timestamp, nonce, null, null, body);
    }

    /**
     * An event pushed by WeChat; only {@code PUBLISHJOBFINISH} matters here, others are acknowledged.
     *
     * @param encryptType the URL's {@code encrypt_type}: {@code aes} in safe mode
     * @param msgSignature the URL's {@code msg_signature}, which signs the body in safe mode
     */
    Answer event(String channelId, String signature, String timestamp, String nonce, String encryptType,
            String msgSignature, byte[] body) {
        Optional<WeChatChannel> found = channels.apply(channelId);
        if (found.isEmpty()) {
            return new Answer(404, "unknown channel");
        }
        WeChatChannel channel = found.get();
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) {
            return new Answer(400, "missing or overlong nonce");
        }
        WeChatCrypto crypto = channel.callbackCrypto();
        String signed;
        Element xml;
        if (crypto == null) {
            if (!verified(channel, signature, timestamp, nonce)) {
                log.warn("Refused a WeChat callback event for {}: bad signature", channelId);
                return new Answer(403, "bad signature");
            }
            if (!fresh(timestamp)) {
                return stale(channelId, timestamp);
            }
            try {
                xml = parse(body);
            } catch (Exception e) {
                log.warn("Unreadable WeChat callback event for {}: {}", channelId, e.toString());
                return new Answer(400, "unreadable XML");
            }
            signed = signature.toLowerCase(Locale.ROOT);
        } else {
            if (!"aes".equalsIgnoreCase(encryptType) || msgSignature == null || msgSignature.length() > 64) {
                // The plain signature covers nothing of the body: in safe mode it proves nothing.
                log.warn("Refused a WeChat callback event for {}: not encrypted, and the channel is in safe mode",
                        channelId);
                return new Answer(403, "safe mode: encrypted messages only");
            }
            String encrypt;
            try {
                encrypt = text(parse(body), "Encrypt");
            } catch (Exception e) {
                log.warn("Unreadable WeChat callback event for {}: {}", channelId, e.toString());
                return new Answer(400, "unreadable XML");
            }
            if (encrypt == null || encrypt.isEmpty()) {
                return new Answer(400, "safe mode: no Encrypt element");
            }
            if (!crypto.verify(msgSignature, timestamp, nonce, encrypt)) {
                log.warn("Refused a WeChat callback event for {}: bad msg_signature", channelId);
                return new Answer(403, "bad signature");
            }
            if (!fresh(timestamp)) {
                return stale(channelId, timestamp);
            }
            try {
                xml = parse(crypto.decrypt(encrypt).getBytes(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // Signed with our token, yet not for us or not under our key: refused, never processed.
                log.warn("Refused a WeChat callback event for {}: {}", channelId, e.getMessage());
                return new Answer(403, "cannot decrypt: " + e.getMessage());
            } catch (Exception e) {
                log.warn("Unreadable decrypted WeChat callback event for {}: {}", channelId, e.toString());
                return new Answer(400, "unreadable XML");
            }
            signed = msgSignature.toLowerCase(Locale.ROOT);
        }
        long seconds = Long.parseLong(timestamp.strip());
        Instant now = clock.instant();
        Answer answer = transactions.execute(status -> {
            if (!store.rememberCallback(channel.appId(), nonce, seconds, signed, now, now.minus(REMEMBER))) {
                status.setRollbackOnly();
                return new Answer(403, "replayed callback");
            }
            return record(channelId, channel, xml, now);
        });
        if (answer.status() == 403) {
            log.warn("Refused a WeChat callback event for {}: nonce {} at {} was accepted before (a replay)",
                    channelId, nonce, timestamp);
        }
        return answer;
    }

    private Answer record(String channelId, WeChatChannel channel, Element xml, Instant now) {
        if (!"event".equals(text(xml, "MsgType")) || !"PUBLISHJOBFINISH".equals(text(xml, "Event"))) {
            return new Answer(200, "success");
        }
        Element info = child(xml, "PublishEventInfo");
        String publishId = info == null ? null : WeChatPublication.unquote(text(info, "publish_id"));
        String status = info == null ? null : text(info, "publish_status");
        if (publishId == null || publishId.isEmpty() || status == null || !status.strip().matches("\\d{1,9}")) {
            return new Answer(400, "PUBLISHJOBFINISH without publish_id or publish_status");
        }
        if (!store.hasJob(channel.appId(), publishId)) {
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
        store.savePublishResult(channel.appId(), publishId, new WeChatStore.PublishResult(
                Integer.parseInt(status.strip()), text(info, "article_id"), url,
                failed.isEmpty() ? null : failed.toString()), now);
        log.info("WeChat reported publish job {} on {} finished with status {}", publishId, channelId, status.strip());
        // Inside the transaction: the delivery is woken once the result above is committed.
        reports.finished(channelId, WeChatPublication.PUBLISH_ID, publishId);
        return new Answer(200, "success");
    }

    private Answer stale(String channelId, String timestamp) {
        log.warn("Refused a WeChat callback event for {}: timestamp {} is more than {} away", channelId, timestamp,
                MAX_SKEW);
        return new Answer(403, "stale timestamp");
    }

    private boolean fresh(String timestamp) {
        if (timestamp == null || !timestamp.strip().matches("\\d{1,12}")) {
            return false;
        }
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
                signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** WeChat's callback signature: hex SHA-1 of token, timestamp and nonce sorted and joined. */
    static String signature(String token, String timestamp, String nonce) {
        return WeChatCrypto.signature(token, timestamp, nonce);
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
