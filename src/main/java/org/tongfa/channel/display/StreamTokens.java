package org.tongfa.channel.display;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import org.tongfa.security.ScreenStreamTokens;

/**
 * Short-lived tokens that open a screen's push stream ({@code /display/screens/<id>/events}). A
 * browser's {@code EventSource} cannot send the {@code X-Screen-Key} header, and the key must never
 * appear in a URL (access logs, proxies, browser history), so the player trades its key for a token
 * ({@code POST .../stream-token}) and puts that in the stream's URL instead.
 *
 * <p>A token is {@code <expiry epoch second>.<HMAC-SHA256>} over the screen id and the expiry, keyed with
 * the SHA-256 of the screen's key. Nothing is stored: every node that knows the screen's key checks
 * tokens any node issued, and changing a key invalidates its tokens. A token only opens a stream within
 * {@link #LIFETIME}; one read from a log later is useless.
 *
 * <p>The security layer checks the token ({@code AccessRules.Access.SCREEN_TOKEN}) through
 * {@link ScreenStreamTokens}. Thread-safe (a new {@link Mac} per call).
 */
@Component
class StreamTokens implements ScreenStreamTokens {

    /** How long a token may be used to open a stream. */
    static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final String ALGORITHM = "HmacSHA256";
    /** Compared against when the screen is unknown, so that case costs the same as a wrong token. */
    private static final byte[] UNKNOWN_SCREEN = new byte[32];

    private final Screens screens;
    private final Clock clock;

    StreamTokens(Screens screens, Clock clock) {
        this.screens = screens;
        this.clock = clock;
    }

    /** A token for {@code screen}, valid for {@link #LIFETIME} from now. */
    String issue(Screen screen) {
        long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
        return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(screen.keyHash(), screen.id(), expiry));
    }

    /** The screen {@code token} opens a stream of, if it was issued for it and has not expired. */
    Optional<Screen> authenticate(String screenId, String token) {
        Screen screen = screenId == null ? null : screens.find(screenId).orElse(null);
        return valid(screen, screenId, token) ? Optional.of(screen) : Optional.empty();
    }

    @Override
    public boolean matches(String screenId, String token) {
        return authenticate(screenId, token).isPresent();
    }

    /**
     * Whether {@code token} was issued for {@code screen} ({@code null}: unknown) and has not expired; a
     * wrong token, an expired one and an unknown screen cannot be told apart.
     */
    private boolean valid(Screen screen, String screenId, String token) {
        if (token == null || screenId == null) {
            return false;
        }
        int dot = token.indexOf('.');
        long expiry;
        byte[] presented;
        try {
            expiry = Long.parseLong(token.substring(0, Math.max(dot, 0)));
            presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        byte[] expected = mac(screen == null ? UNKNOWN_SCREEN : screen.keyHash(), screenId, expiry);
        boolean equal = MessageDigest.isEqual(expected, presented);
        // An expiry further away than a token lives was not issued here, whatever its signature.
        return equal && screen != null && expiry > now && expiry <= now + LIFETIME.toSeconds();
    }

    private static byte[] mac(byte[] key, String screenId, long expiry) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            // A purpose prefix keeps these signatures apart from anything else ever keyed the same way.
            return mac.doFinal(("tongfa-screen-stream\n" + screenId + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
