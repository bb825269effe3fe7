package org.tongfa.channel.display;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tongfa.common.EntityTags;
import org.tongfa.security.ScreenKeys;
import org.tongfa.web.ApiException;

/**
 * The screens' side of the display channel, and the operators' list of screens.
 *
 * <ul>
 *   <li>{@code GET /display/screens/{id}/feed.json}: what to show now, from memory, with a strong
 *       {@code ETag} and {@code 304} on {@code If-None-Match};</li>
 *   <li>{@code POST /display/screens/{id}/heartbeat}: alive, showing what, shown what (proof of play);
 *       only ids of items delivered to the screen are recorded;</li>
 *   <li>{@code POST /display/screens/{id}/stream-token}: a one-minute token ({@link StreamTokens}) that
 *       opens the push stream;</li>
 *   <li>{@code GET /display/screens/{id}/events?token=...}: the push stream (server-sent events,
 *       {@link ScreenStreams}): the feed at once and after every change;</li>
 *   <li>{@code GET /display/screens/{id}}: the kiosk player, one static page for every id (it holds no
 *       data: what it shows comes from {@code feed.json}), with its script and style sheet at
 *       {@code /display/player.js} and {@code /display/player.css};</li>
 *   <li>{@code GET /api/v1/screens}: every screen with last seen, current item and ONLINE/OFFLINE
 *       (bearer token, like all of {@code /api}).</li>
 * </ul>
 *
 * <p>{@code feed.json} and the heartbeat need the screen's own key in {@code X-Screen-Key} (checked in
 * the security layer, {@code AccessRules.Access.SCREEN_KEY}, and here again); a missing key, a wrong
 * key and an unknown screen all get 401 problem+json, the last two with the same answer. The key is
 * never accepted in the query string (it would end up in access logs and browser history): the player
 * reads it from the URL fragment, {@code /display/screens/<id>#key=<key>}, which browsers never send.
 * The push stream, which a browser opens without headers, takes a stream token instead (checked in the
 * security layer, {@code AccessRules.Access.SCREEN_TOKEN}, and here again).
 */
@RestController
class DisplayController {

    private static final Logger log = LoggerFactory.getLogger(DisplayController.class);
    static final String KEY_HEADER = ScreenKeys.HEADER;
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final Screens screens;
    private final DisplayFeeds feeds;
    private final ScreenMonitor monitor;
    private final StreamTokens tokens;
    private final ScreenStreams streams;
    private final byte[] player;
    private final byte[] script;
    private final byte[] style;

    DisplayController(Screens screens, DisplayFeeds feeds, ScreenMonitor monitor, StreamTokens tokens,
            ScreenStreams streams) {
        this.screens = screens;
        this.feeds = feeds;
        this.monitor = monitor;
        this.tokens = tokens;
        this.streams = streams;
        this.player = resource("/display/player.html");
        this.script = resource("/display/player.js");
        this.style = resource("/display/player.css");
    }

    private static byte[] resource(String name) {
        try (InputStream in = DisplayController.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A heartbeat.
     *
     * @param showing the item on screen now (an item id, at most 36 characters), or {@code null} in standby
     * @param shown the items shown since the last heartbeat, in order, repeats allowed (at most 500)
     */
    record Heartbeat(@Size(max = 36) String showing, @Size(max = 500) List<@Size(max = 36) String> shown) {
    }

    @GetMapping("/display/screens/{screenId}/feed.json")
    ResponseEntity<byte[]> feed(@PathVariable String screenId,
            @RequestHeader(value = KEY_HEADER, required = false) String key, HttpServletRequest request) {
        Screen screen = authorized(screenId, key);
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
            @RequestHeader(value = KEY_HEADER, required = false) String key, @Valid @RequestBody Heartbeat heartbeat) {
        Screen screen = authorized(screenId, key);
        List<String> shown = heartbeat.shown() == null ? List.of() : heartbeat.shown();
        List<String> reported = new ArrayList<>(shown);
        if (heartbeat.showing() != null) {
            reported.add(heartbeat.showing());
        }
        Set<String> real = feeds.showable(screen, reported);
        String showing = heartbeat.showing() != null && real.contains(heartbeat.showing()) ? heartbeat.showing() : null;
        monitor.heartbeat(screen.id(), showing, shown.stream().filter(real::contains).toList());
        return ResponseEntity.noContent().build();
    }

    /**
     * A stream token.
     *
     * @param token opens the screen's push stream as {@code events?token=<token>}
     * @param expiresInSeconds within how long it must be used
     */
    record StreamToken(String token, long expiresInSeconds) {
    }

    @PostMapping("/display/screens/{screenId}/stream-token")
    ResponseEntity<StreamToken> streamToken(@PathVariable String screenId,
            @RequestHeader(value = KEY_HEADER, required = false) String key) {
        Screen screen = authorized(screenId, key);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new StreamToken(tokens.issue(screen), StreamTokens.LIFETIME.toSeconds()));
    }

    @GetMapping("/display/screens/{screenId}/events")
    SseEmitter events(@PathVariable String screenId, @RequestParam(value = "token", required = false) String token,
            HttpServletResponse response) {
        Screen screen = tokens.authenticate(screenId, token).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                "Unauthorized", "the stream token is not valid or has expired", List.of()));
        SseEmitter emitter = new SseEmitter(streams.lifetime().toMillis());
        Runnable gone = streams.open(screen, new EmitterSink(emitter)).orElseThrow(() -> new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE, "Stream unavailable", "this node holds as many push streams as it may,"
                        + " or is stopping; poll feed.json and open a stream again later", List.of()));
        emitter.onCompletion(gone);
        emitter.onError(error -> gone.run());
        // The stream's life is over: the player opens a new one with a fresh token.
        emitter.onTimeout(emitter::complete);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // Tells a buffering reverse proxy (nginx) to pass events on as they come.
        response.setHeader("X-Accel-Buffering", "no");
        return emitter;
    }

    /**
     * A push stream as server-sent events: {@code event: feed}, the feed's tag as {@code id} (without
     * quotes), the {@code feed.json} document as {@code data}; heartbeats are comment lines.
     */
    private record EmitterSink(SseEmitter emitter) implements ScreenStreams.Sink {

        private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

        @Override
        public void feed(String etag, byte[] document) throws IOException {
            emitter.send(SseEmitter.event().name("feed").id(etag.replace("\"", ""))
                    .data(new String(document, StandardCharsets.UTF_8), TEXT));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void close() {
            emitter.complete();
        }
    }

    /**
     * A push stream whose screen went away: nothing can be written any more, and it is no error of the
     * service's (the screen reconnects or polls), so it is not logged as one.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void streamGone(AsyncRequestNotUsableException gone) {
        log.debug("A push stream ended with its connection: {}", gone.getMessage());
    }

    @GetMapping("/display/screens/{screenId}")
    ResponseEntity<byte[]> player(@PathVariable String screenId) {
        return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noCache()).body(player);
    }

    @GetMapping("/display/player.js")
    ResponseEntity<byte[]> playerScript() {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(script);
    }

    @GetMapping("/display/player.css")
    ResponseEntity<byte[]> playerStyle() {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(style);
    }

    @GetMapping("/api/v1/screens")
    List<ScreenMonitor.ScreenView> list() {
        return monitor.list();
    }

    /** The screen whose key was sent; 401 alike for a missing key, a wrong key and an unknown screen. */
    private Screen authorized(String screenId, String key) {
        return screens.authenticate(screenId, key).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED,
                "Unauthorized", key == null ? "a screen key is required: send " + KEY_HEADER
                        : "the screen key is not valid", List.of()));
    }
    /** {@code If-None-Match}: any listed tag (weak comparison, as GET allows) or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        return EntityTags.matches(ifNoneMatch, etag);
    }
}
