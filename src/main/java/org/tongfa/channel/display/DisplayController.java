package org.tongfa.channel.display;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.web.ApiException;

/**
 * The screens' side of the display channel, and the operators' list of screens.
 *
 * <ul>
 *   <li>{@code GET /display/screens/{id}/feed.json}: what to show now, from memory, with a strong
 *       {@code ETag} and {@code 304} on {@code If-None-Match};</li>
 *   <li>{@code POST /display/screens/{id}/heartbeat}: alive, showing what, shown what (proof of play);</li>
 *   <li>{@code GET /display/screens/{id}}: the self-contained kiosk player;</li>
 *   <li>{@code GET /api/v1/screens}: every screen with last seen, current item and ONLINE/OFFLINE
 *       (bearer token, like all of {@code /api}).</li>
 * </ul>
 *
 * <p>The {@code /display} calls need the screen's own key, in {@code X-Screen-Key} or {@code ?key=};
 * a missing or wrong key gets 401, an unknown screen 404, both as problem+json.
 */
@RestController
class DisplayController {

    static final String KEY_HEADER = "X-Screen-Key";
    // The player runs its own inline script and style; it may fetch only from this service, and show
    // images from wherever the items' absolute asset URLs point.
    private static final String PLAYER_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src http: https: data:; connect-src 'self'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private final Screens screens;
    private final DisplayFeeds feeds;
    private final ScreenMonitor monitor;
    private final byte[] player;

    DisplayController(Screens screens, DisplayFeeds feeds, ScreenMonitor monitor) {
        this.screens = screens;
        this.feeds = feeds;
        this.monitor = monitor;
        try (InputStream in = DisplayController.class.getResourceAsStream("/display/player.html")) {
            this.player = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A heartbeat.
     *
     * @param showing the item on screen now (an item id, at most 36 characters), or {@code null} in standby
     * @param shown the items shown since the last heartbeat, in order, repeats allowed
     */
    record Heartbeat(@Size(max = 36) String showing, @Size(max = 500) List<@Size(max = 36) String> shown) {
    }

    @GetMapping("/display/screens/{screenId}/feed.json")
    ResponseEntity<byte[]> feed(@PathVariable String screenId,
            @RequestHeader(value = KEY_HEADER, required = false) String headerKey,
            @RequestParam(value = "key", required = false) String queryKey, HttpServletRequest request) {
        Screen screen = authorized(screenId, headerKey, queryKey);
        monitor.polled(screen.id());
        DisplayFeeds.Feed feed = feeds.feed(screen);
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(feed.etag());
        // Screens must ask every time (cheaply, with If-None-Match): an emergency cannot wait for a cache.
        headers.setCacheControl("no-cache");
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), feed.etag())) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(feed.body(), headers, HttpStatus.OK);
    }

    @PostMapping(path = "/display/screens/{screenId}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> heartbeat(@PathVariable String screenId,
            @RequestHeader(value = KEY_HEADER, required = false) String headerKey,
            @RequestParam(value = "key", required = false) String queryKey, @Valid @RequestBody Heartbeat heartbeat) {
        Screen screen = authorized(screenId, headerKey, queryKey);
        monitor.heartbeat(screen.id(), heartbeat.showing(), heartbeat.shown() == null ? List.of() : heartbeat.shown());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/display/screens/{screenId}")
    ResponseEntity<byte[]> player(@PathVariable String screenId,
            @RequestHeader(value = KEY_HEADER, required = false) String headerKey,
            @RequestParam(value = "key", required = false) String queryKey) {
        authorized(screenId, headerKey, queryKey);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(org.springframework.http.CacheControl.noCache())
                .header("Content-Security-Policy", PLAYER_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .body(player);
    }

    @GetMapping("/api/v1/screens")
    List<ScreenMonitor.ScreenView> list() {
        return monitor.list();
    }

    private Screen authorized(String screenId, String headerKey, String queryKey) {
        Screen screen = screens.find(screenId).orElseThrow(() -> ApiException.notFound("no screen '" + screenId + "'"));
        String presented = headerKey != null ? headerKey : queryKey;
        if (!Screens.keyMatches(screen, presented)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Unauthorized", presented == null
                    ? "a screen key is required: send " + KEY_HEADER + " or ?key=" : "the screen key is not valid",
                    List.of());
        }
        return screen;
    }

    /** {@code If-None-Match}: any listed tag (weak comparison, as GET allows) or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
