package org.tongfa.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call what: the one place where the access rule of every HTTP path is declared, and the
 * roles ({@link Role}) each endpoint of the API needs. The first rule that matches a request decides; a
 * request no rule matches is denied. {@link SecurityConfig} turns this list into Spring Security's
 * authorization rules (a call without a needed role gets 403 problem+json naming the roles), and
 * {@code EndpointAccessIntegrationTest} fails when a mapped endpoint has no rule here, so a new
 * endpoint cannot be forgotten: adding one is one line, {@code needs(roles, methods, pattern, why)}.
 *
 * <p>A rule names roles, not columns: the authority {@code ROLE_<name>} is held when the role is
 * granted on at least one column, and the feature then checks the item's column ({@link Caller#holds(Role,
 * String)}).
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
        /** Any signed-in caller (a bearer token of an account or of the configuration, or a console session), whatever its roles. */
        SIGNED_IN,
        /**
         * A signed-in caller (a bearer token on the API, a session in the console) holding at least one of the
         * rule's {@link Rule#roles()}.
         */
        ROLES,
        /**
         * A signed-in caller, for a request that no handler serves: it hears the API's 404 or 405 instead
         * of 403. Never grants a request some endpoint answers, so an endpoint without its own rule stays
         * denied.
         */
        UNSERVED,
        /** Nobody. */
        DENIED
    }

    /**
     * One declaration.
     *
     * @param access what a caller must present
     * @param roles for {@link Access#ROLES}, the roles any one of which lets a caller through; else empty
     * @param pattern the path pattern
     * @param methods the methods it covers; empty: every method
     * @param why one line saying why this access is right
     */
    public record Rule(Access access, Set<Role> roles, String pattern, Set<HttpMethod> methods, String why) {

        public Rule {
            roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
            methods = Set.copyOf(methods);
            if ((access == Access.ROLES) == roles.isEmpty()) {
                throw new IllegalArgumentException("a rule names roles exactly when its access is ROLES: " + pattern);
            }
        }

        boolean matches(String method, PathContainer path) {
            return (methods.isEmpty() || methods.stream().anyMatch(m -> m.name().equals(method)))
                    && PARSER.parse(pattern).matches(path);
        }

        /**
         * Whether a caller holding {@code held} (and signed in when {@code signedIn}) passes this rule on an
         * endpoint that is served.
         */
        public boolean allows(boolean signedIn, Set<Role> held) {
            return switch (access) {
                case PUBLIC -> true;
                case SIGNED_IN -> signedIn;
                case ROLES -> signedIn && held.stream().anyMatch(roles::contains);
                case SCREEN_KEY, SCREEN_TOKEN, UNSERVED, DENIED -> false;
            };
        }
    }

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<HttpMethod> ANY = Set.of();
    private static final Set<HttpMethod> POST = Set.of(HttpMethod.POST);
    private static final Set<HttpMethod> PUT = Set.of(HttpMethod.PUT);

    private static final Set<Role> DRAFTER = EnumSet.of(Role.DRAFTER);
    private static final Set<Role> SIGNER = EnumSet.of(Role.SIGNER);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> COMPLIANCE_READERS = EnumSet.of(Role.REVIEWER, Role.OPERATOR, Role.ADMIN);
    private static final Set<Role> REPORT_READERS = EnumSet.of(Role.REVIEWER, Role.SIGNER, Role.OPERATOR, Role.ADMIN);
    private static final Set<Role> REPORT_EDITORS = EnumSet.of(Role.SIGNER, Role.ADMIN);

    /** The declarations, in the order they are tried. */
    public static final List<Rule> RULES = List.of(
            open("/site", READ, "the public website"),
            open("/site/search", READ, "the public website's search (站内搜索): live public items only"),
            open("/site/elder/search", READ, "the same search in the elder mode"),
            open("/site/**", READ, "the public website"),
            open("/feeds/**", READ, "the public feeds (served by FeedEndpoint, a servlet filter)"),
            open("/assets/{id}", READ, "uploaded images, linked from public pages and feeds"),
            open("/wechat/{channelId}/callback", Set.of(HttpMethod.GET, HttpMethod.POST),
                    "WeChat's callback: WeChat signs each call and WeChatCallbacks checks the signature"),
            open("/display/screens/{screenId}", READ,
                    "the kiosk player: one static page for every id, no data; its key stays in the URL fragment"),
            open("/display/player.js", READ, "the kiosk player's script"),
            open("/display/player.css", READ, "the kiosk player's style sheet"),
            new Rule(Access.SCREEN_KEY, Set.of(), "/display/screens/{screenId}/feed.json", READ, "what the screen shows"),
            new Rule(Access.SCREEN_KEY, Set.of(), "/display/screens/{screenId}/heartbeat", POST,
                    "the screen reports what it showed"),
            new Rule(Access.SCREEN_KEY, Set.of(), "/display/screens/{screenId}/stream-token", POST,
                    "the screen trades its key for a one-minute token that opens its push stream"),
            new Rule(Access.SCREEN_TOKEN, Set.of(), "/display/screens/{screenId}/events", READ,
                    "the screen's push stream (server-sent events): EventSource cannot send the key header"),
            open("/actuator/health", READ,
                    "the bare status for probes; details only to operations (show-details: when-authorized)"),
            open("/actuator/health/liveness", READ, "the liveness probe's bare status: is the process working"),
            open("/actuator/health/readiness", READ,
                    "the readiness probe's bare status: are the delivery routes running (what a load balancer asks)"),
            needs(Roles.OPERATIONS, ANY, "/actuator", "every channel's state, backlog, errors and metrics"),
            needs(Roles.OPERATIONS, ANY, "/actuator/**", "every channel's state, backlog, errors and metrics"),
            open("/v3/api-docs", READ, "the API's description: no data"),
            open("/v3/api-docs/**", READ, "the API's description: no data"),
            open("/v3/api-docs.yaml", READ, "the API's description: no data"),
            open("/swagger-ui.html", READ, "the API's description: no data"),
            open("/swagger-ui/**", READ, "the API's description: no data"),
            // people and their tokens
            open("/api/v1/sign-in", POST, "a person trades login and password for a personal bearer token"),
            new Rule(Access.SIGNED_IN, Set.of(), "/api/v1/me", READ, "who am I: my roles and their columns"),
            new Rule(Access.SIGNED_IN, Set.of(), "/api/v1/me/password", PUT, "a person changes their own password"),
            needs(ADMIN, ANY, "/api/v1/accounts", "accounts are managed by administrators"),
            needs(ADMIN, ANY, "/api/v1/accounts/**", "accounts and their tokens are managed by administrators"),
            needs(ADMIN, READ, "/api/v1/audit", "the audit trail: who did what, from where"),
            needs(ADMIN, READ, "/api/v1/audit/verify", "re-checks the audit trail's hash chain"),
            needs(Roles.EDITORIAL_AND_OPERATIONS, READ, "/api/v1/columns",
                    "the columns with their review chains and channels: what editors and operators work with"),
            // items
            needs(DRAFTER, POST, "/api/v1/items", "a drafter (拟稿人) writes items"),
            needs(Roles.EDITORIAL, READ, "/api/v1/items", "every editorial role reads the items"),
            needs(Roles.EDITORIAL, READ, "/api/v1/items/{id}", "every editorial role reads the items"),
            needs(DRAFTER, PUT, "/api/v1/items/{id}", "a drafter writes items; an edit is a new version"),
            needs(DRAFTER, POST, "/api/v1/items/{id}/submit", "the drafter submits the current version to its column's review chain"),
            needs(Roles.REVIEWING, POST, "/api/v1/items/{id}/review",
                    "the office reviewer, the confidentiality officer or the signer acts on the step of their role; "
                            + "the item's column is checked on the item"),
            needs(Roles.EDITORIAL, READ, "/api/v1/items/{id}/review", "every editorial role reads the review history"),
            needs(Roles.EDITORIAL, READ, "/api/v1/items/{id}/checks", "whoever reads the item reads its pre-publish checks (发布前检查)"),
            needs(DRAFTER, POST, "/api/v1/items/{id}/publish",
                    "the drafter releases what the chain approved (签发 is the chain's last step); review: none columns release at once"),
            needs(DRAFTER, POST, "/api/v1/items/{id}/unschedule", "the drafter cancels a scheduled release; the approval stands"),
            needs(SIGNER, POST, "/api/v1/items/{id}/retract", "retraction needs the signer (issue 11)"),
            needs(Roles.EDITORIAL_AND_OPERATIONS, READ, "/api/v1/items/{id}/deliveries",
                    "where an item stands on each channel: editors and the operators who retry"),
            needs(DRAFTER, POST, "/api/v1/assets", "images are uploaded for the items drafters write"),
            // operations
            needs(Roles.OPERATIONS, READ, "/api/v1/channels", "the channels' state"),
            needs(Roles.OPERATIONS, POST, "/api/v1/channels/{id}/enable", "switching a channel on or off"),
            needs(Roles.OPERATIONS, POST, "/api/v1/deliveries/{id}/retry", "sending a failed delivery again"),
            needs(Roles.OPERATIONS, READ, "/api/v1/screens", "the lobby screens' state"),
            needs(COMPLIANCE_READERS, READ, "/api/v1/compliance/freshness",
                    "the freshness monitor (栏目更新监测): the office reviewers who chase columns and the operators who run the site"),
            // the annual disclosure report (年报): read by those who review, sign, operate or administer; entered and
            // published by the signer (签发: the report goes out under the leader's name) or an administrator
            needs(REPORT_READERS, READ, "/api/v1/reports/annual/{year}", "the annual report (年报): reviewers, signers, operators, administrators"),
            needs(REPORT_READERS, READ, "/api/v1/reports/annual/{year}/*", "the annual report's .docx and HTML exports"),
            needs(REPORT_EDITORS, PUT, "/api/v1/reports/annual/{year}", "entering the annual report: the signer or an administrator"),
            needs(REPORT_EDITORS, POST, "/api/v1/reports/annual/{year}/publish", "publishing the annual report freezes its numbers: the signer or an administrator"),
            needs(REPORT_READERS, READ, "/console/reports/**", "the annual report's console page: reviewers, signers, operators, administrators"),
            needs(REPORT_EDITORS, POST, "/console/reports/**", "entering and publishing the annual report in the console: the signer or an administrator"),
            // the editor console (编辑工作台): a session from the sign-in form, CSRF-checked; the same roles as the API
            open("/console/login", Set.of(HttpMethod.GET, HttpMethod.POST),
                    "the console's sign-in page and form (the password is checked by PasswordSignIn, throttled per address)"),
            open("/console/oauth2/authorization/{registrationId}", Set.of(HttpMethod.GET),
                    "single sign-on: sends the browser to the configured OIDC provider (ConsoleSso; only when one is configured)"),
            open("/console/login/oauth2/code/{registrationId}", Set.of(HttpMethod.GET),
                    "single sign-on: the provider's answer, checked (state, code exchange, ID token) and mapped to an account"),
            open("/console/assets/**", READ, "the console's own style sheet, script and icons: no data"),
            open("/webjars/**", READ, "the browser libraries the console uses (htmx, Quill), served from their jars: no data"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console/logout", POST, "signing out ends the session"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console", READ, "the home page (工作台) shows each person what their roles give them"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console/", READ, "the home page (工作台) shows each person what their roles give them"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console/home/**", READ, "the home page's parts, refreshed by htmx"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console/me", READ, "my account"),
            new Rule(Access.SIGNED_IN, Set.of(), "/console/me/**", ANY, "my account: my password"),
            open("/console/shared-preview/{token}", READ,
                    "a read-only preview link handed to a reviewer: the signed token names one version and expires"),
            open("/console/shared-preview/{token}/**", READ,
                    "the frames of a shared preview (the page, its elder mode, the WeChat article): the same signed token"),
            needs(Roles.EDITORIAL, POST, "/console/items/{id}/preview/display/{orientation}/*",
                    "the preview player's heartbeat and stream token: answered, nothing recorded or changed"),
            needs(Roles.REVIEWING, POST, "/console/items/{id}/review/**",
                    "the reviewer, confidentiality officer or signer acts on the step of their role (column checked on the item)"),
            needs(SIGNER, POST, "/console/items/{id}/retract", "retraction needs the signer"),
            needs(DRAFTER, POST, "/console/items", "a drafter writes items"),
            needs(DRAFTER, POST, "/console/items/**", "a drafter writes, submits, schedules and releases items"),
            needs(Roles.EDITORIAL, READ, "/console/items", "every editorial role reads the items"),
            needs(Roles.EDITORIAL, READ, "/console/items/**", "every editorial role reads items, versions and previews"),
            needs(Roles.REVIEWING, READ, "/console/review", "my review inbox (待我审核)"),
            needs(Roles.REVIEWING, READ, "/console/review/**", "my review inbox (待我审核)"),
            needs(Roles.EDITORIAL, READ, "/console/calendar", "the publishing calendar"),
            needs(Roles.EDITORIAL, READ, "/console/calendar/**", "the publishing calendar"),
            needs(DRAFTER, POST, "/console/calendar/**", "the drafter reschedules or unschedules from the calendar"),
            needs(Roles.EDITORIAL_AND_OPERATIONS, READ, "/console/deliveries", "the delivery matrix: editors and operators"),
            needs(Roles.EDITORIAL_AND_OPERATIONS, READ, "/console/deliveries/**",
                    "the delivery matrix and its live updates (server-sent events)"),
            needs(Roles.OPERATIONS, POST, "/console/deliveries/**",
                    "retrying, checking a remote outcome, re-enabling a channel: operations, as in the API"),
            needs(Roles.OPERATIONS, READ, "/console/admin/channels", "channels and columns overview"),
            needs(Roles.OPERATIONS, READ, "/console/admin/screens", "the lobby screens' state"),
            needs(ADMIN, ANY, "/console/admin", "accounts, tokens and the audit trail are managed by administrators"),
            needs(ADMIN, ANY, "/console/admin/**", "accounts, tokens and the audit trail are managed by administrators"),
            new Rule(Access.UNSERVED, Set.of(), "/console/**", ANY,
                    "a console path nothing serves: 404 to a signed-in person, not 403"),
            new Rule(Access.UNSERVED, Set.of(), "/api/**", ANY,
                    "a path or method the API does not serve: 404 or 405 to a signed-in caller, not 403"),
            new Rule(Access.DENIED, Set.of(), "/error", ANY,
                    "Boot's error page: only as the ERROR dispatch of another request, never asked for directly"));

    private AccessRules() {
    }

    /** The first rule covering {@code method} on the decoded {@code path}, if any (none: denied). */
    public static Optional<Rule> ruleFor(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return RULES.stream().filter(rule -> rule.matches(method, container)).findFirst();
    }

    /** A public path. */
    private static Rule open(String pattern, Set<HttpMethod> methods, String why) {
        return new Rule(Access.PUBLIC, Set.of(), pattern, methods, why);
    }

    /** A path any one of {@code roles} may call. */
    private static Rule needs(Set<Role> roles, Set<HttpMethod> methods, String pattern, String why) {
        return new Rule(Access.ROLES, roles, pattern, methods, why);
    }

    /** The rules with the given access, in order. */
    static List<Rule> withAccess(Access access) {
        List<Rule> rules = new ArrayList<>();
        RULES.stream().filter(r -> r.access() == access).forEach(rules::add);
        return rules;
    }
}
