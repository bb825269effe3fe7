package org.tongfa.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what: the one place where the access rule of every HTTP path is declared. The first
 * rule that matches a request decides; a request no rule matches is denied. {@link SecurityConfig}
 * turns this list into Spring Security's authorization rules, and {@code EndpointAccessIntegrationTest}
 * fails when a mapped endpoint has no rule here, so a new endpoint cannot be forgotten.
 *
 * <p>Patterns are Spring's {@link PathPattern}s, matched against the decoded path without {@code ;}
 * parameters, exactly as Spring MVC matches its handlers (a raw {@code getRequestURI()} test would let
 * {@code /%61pi/...} through).
 */
public final class AccessRules {

    /** What a caller must present. */
    public enum Access {
        /** Anyone: what the public reads, and callers that prove themselves otherwise (WeChat signs its calls). */
        PUBLIC,
        /** The screen's own key in {@code X-Screen-Key}; the path variable {@code screenId} names the screen. */
        SCREEN_KEY,
        /**
         * A current stream token of the screen in the query parameter {@code token}
         * ({@link ScreenStreamTokens}): for the push stream, which a browser's {@code EventSource} opens
         * without headers. The token is obtained with the screen's key and expires within a minute.
         */
        SCREEN_TOKEN,
        /** A bearer token with an editorial role ({@link Roles#EDITORIAL}). */
        API,
        /** A bearer token for operations: service tokens and administrators ({@link Roles#OPERATIONS}). */
        OPERATIONS,
        /** Nobody. */
        DENIED
    }

    /**
     * One declaration.
     *
     * @param access what a caller must present
     * @param pattern the path pattern
     * @param methods the methods it covers; empty: every method
     * @param why one line saying why this access is right
     */
    public record Rule(Access access, String pattern, Set<HttpMethod> methods, String why) {

        public Rule {
            methods = Set.copyOf(methods);
        }

        boolean matches(String method, PathContainer path) {
            return (methods.isEmpty() || methods.stream().anyMatch(m -> m.name().equals(method)))
                    && PARSER.parse(pattern).matches(path);
        }
    }

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> ANY = Set.of();

    /** The declarations, in the order they are tried. */
    public static final List<Rule> RULES = List.of(
            new Rule(Access.PUBLIC, "/site", READ, "the public website"),
            new Rule(Access.PUBLIC, "/site/search", READ, "the public website's search (站内搜索): live public items only"),
            new Rule(Access.PUBLIC, "/site/elder/search", READ, "the same search in the elder mode"),
            new Rule(Access.PUBLIC, "/site/**", READ, "the public website"),
            new Rule(Access.PUBLIC, "/feeds/**", READ, "the public feeds (served by FeedEndpoint, a servlet filter)"),
            new Rule(Access.PUBLIC, "/assets/{id}", READ, "uploaded images, linked from public pages and feeds"),
            new Rule(Access.PUBLIC, "/wechat/{channelId}/callback", Set.of(HttpMethod.GET, HttpMethod.POST),
                    "WeChat's callback: WeChat signs each call and WeChatCallbacks checks the signature"),
            new Rule(Access.PUBLIC, "/display/screens/{screenId}", READ,
                    "the kiosk player: one static page for every id, no data; its key stays in the URL fragment"),
            new Rule(Access.PUBLIC, "/display/player.js", READ, "the kiosk player's script"),
            new Rule(Access.PUBLIC, "/display/player.css", READ, "the kiosk player's style sheet"),
            new Rule(Access.SCREEN_KEY, "/display/screens/{screenId}/feed.json", READ, "what the screen shows"),
            new Rule(Access.SCREEN_KEY, "/display/screens/{screenId}/heartbeat", Set.of(HttpMethod.POST),
                    "the screen reports what it showed"),
            new Rule(Access.SCREEN_KEY, "/display/screens/{screenId}/stream-token", Set.of(HttpMethod.POST),
                    "the screen trades its key for a one-minute token that opens its push stream"),
            new Rule(Access.SCREEN_TOKEN, "/display/screens/{screenId}/events", READ,
                    "the screen's push stream (server-sent events): EventSource cannot send the key header"),
            new Rule(Access.PUBLIC, "/actuator/health", READ,
                    "the bare status for probes; details only with a token (show-details: when-authorized)"),
            new Rule(Access.OPERATIONS, "/actuator", ANY, "every channel's state, backlog, errors and metrics"),
            new Rule(Access.OPERATIONS, "/actuator/**", ANY, "every channel's state, backlog, errors and metrics"),
            new Rule(Access.PUBLIC, "/v3/api-docs", READ, "the API's description: no data"),
            new Rule(Access.PUBLIC, "/v3/api-docs/**", READ, "the API's description: no data"),
            new Rule(Access.PUBLIC, "/v3/api-docs.yaml", READ, "the API's description: no data"),
            new Rule(Access.PUBLIC, "/swagger-ui.html", READ, "the API's description: no data"),
            new Rule(Access.PUBLIC, "/swagger-ui/**", READ, "the API's description: no data"),
            new Rule(Access.OPERATIONS, "/api/v1/audit", READ, "the audit trail: who did what, from where"),
            new Rule(Access.OPERATIONS, "/api/v1/audit/verify", READ, "re-checks the audit trail's hash chain"),
            new Rule(Access.API, "/api", ANY, "the editors' API"),
            new Rule(Access.API, "/api/**", ANY, "the editors' API"),
            new Rule(Access.DENIED, "/error", ANY,
                    "Boot's error page: only as the ERROR dispatch of another request, never asked for directly"));

    private AccessRules() {
    }

    /** The first rule covering {@code method} on the decoded {@code path}, if any (none: denied). */
    public static Optional<Rule> ruleFor(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return RULES.stream().filter(rule -> rule.matches(method, container)).findFirst();
    }

    /** The rules with the given access, in order. */
    static List<Rule> withAccess(Access access) {
        List<Rule> rules = new ArrayList<>();
        RULES.stream().filter(r -> r.access() == access).forEach(rules::add);
        return rules;
    }
}
