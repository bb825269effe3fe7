package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.support.WebContentGenerator;
import org.tongfa.web.ApiTestSupport;

/**
 * Walks every endpoint the running service maps (every handler mapping, and the servlet filters that
 * answer requests themselves) and proves that each has a declared rule in {@link AccessRules}, and that
 * every one that is not public refuses a request without credentials in every URL form that Spring
 * might decode to it: plain, percent-encoded letters, {@code ;} path parameters, double and trailing
 * slashes, dot segments, upper case. The answer must be 401 (or 400 when the firewall rejects a
 * malformed form), never 2xx, 3xx or 5xx.
 */
class EndpointAccessIntegrationTest extends ApiTestSupport {

    /** One mapped endpoint: a method (or {@code *} for any) and a path pattern. */
    record Endpoint(String method, String pattern, String source) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Endpoint e && e.method.equals(method) && e.pattern.equals(pattern);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(method, pattern);
        }
    }

    /**
     * Servlet filters (by class name) that answer some requests themselves instead of passing them on,
     * with sample paths they answer. Every other filter must be listed in {@link #PASS_THROUGH_FILTERS}.
     */
    static final Map<String, List<String>> SERVING_FILTERS = Map.of(
            "org.tongfa.channel.feed.FeedEndpoint", List.of("/feeds/all.rss", "/feeds/columns/notices.json"));

    /** Filters that never answer a request by themselves (they wrap, record or refuse it). */
    static final Set<String> PASS_THROUGH_FILTERS = Set.of(
            "org.springframework.boot.servlet.filter.OrderedCharacterEncodingFilter",
            "org.springframework.boot.servlet.filter.OrderedFormContentFilter",
            "org.springframework.boot.servlet.filter.OrderedRequestContextFilter",
            "org.springframework.boot.webmvc.autoconfigure.OrderedRequestContextFilter",
            "org.springframework.boot.micrometer.observation.autoconfigure.OrderedServerHttpObservationFilter",
            "org.springframework.web.filter.ServerHttpObservationFilter",
            // Spring Security's filter chain: its own filters are checked in theSecurityChainAnswersNoPathItself.
            "org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean$1",
            "org.tongfa.web.BodyLimitFilter",
            // Thymeleaf's: rewrites resource links in pages when a resource chain is configured; answers nothing.
            "org.springframework.web.servlet.resource.ResourceUrlEncodingFilter",
            // Answers WebSocket upgrades to registered WebSocket endpoints only; Tongfa registers none.
            "org.apache.tomcat.websocket.server.WsFilter");

    static final String SAMPLE_ID = "00000000-0000-4000-8000-000000000000";
    /** Tried on endpoints that take any method. */
    static final List<String> ALL_METHODS = List.of("GET", "POST", "DELETE");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");

    @Autowired
    ApplicationContext context;

    @Autowired
    WebApplicationContext web;

    /** Every (method, pattern) the service answers, once each. */
    List<Endpoint> endpoints() {
        return endpoints(context, web.getServletContext());
    }

    static List<Endpoint> endpoints(ApplicationContext context, ServletContext servlets) {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        for (Map.Entry<String, HandlerMapping> bean : context.getBeansOfType(HandlerMapping.class).entrySet()) {
            HandlerMapping mapping = bean.getValue();
            if (mapping instanceof AbstractHandlerMethodMapping<?> methods) {
                for (Object key : methods.getHandlerMethods().keySet()) {
                    RequestMappingInfo info = (RequestMappingInfo) key;
                    Set<String> verbs = new TreeSet<>();
                    info.getMethodsCondition().getMethods().forEach(m -> verbs.add(m.name()));
                    for (String pattern : info.getPatternValues()) {
                        if (verbs.isEmpty()) {
                            endpoints.add(new Endpoint("*", pattern, bean.getKey()));
                        }
                        verbs.forEach(verb -> endpoints.add(new Endpoint(verb, pattern, bean.getKey())));
                    }
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                urls.getHandlerMap().forEach((p, handler) -> methodsOf(handler)
                        .forEach(m -> endpoints.add(new Endpoint(m, p, bean.getKey()))));
                urls.getPathPatternHandlerMap().forEach((p, handler) -> methodsOf(handler)
                        .forEach(m -> endpoints.add(new Endpoint(m, p.getPatternString(), bean.getKey()))));
            } else if (mapping instanceof RouterFunctionMapping functions) {
                assertThat(functions.getRouterFunction()).as("router functions are not walked: list their paths here")
                        .isNull();
            } else {
                throw new AssertionError("unknown handler mapping " + bean.getKey() + " (" + mapping.getClass().getName()
                        + "): teach this test to list its paths");
            }
        }
        servlets.getFilterRegistrations().forEach((name, registration) -> {
            String type = registration.getClassName();
            if (SERVING_FILTERS.containsKey(type)) {
                SERVING_FILTERS.get(type).forEach(p -> endpoints.add(new Endpoint("GET", p, "filter " + name)));
            } else {
                assertThat(PASS_THROUGH_FILTERS).as("servlet filter %s (%s) is unknown: list the paths it serves in "
                        + "SERVING_FILTERS or, if it serves none, add it to PASS_THROUGH_FILTERS", name, type).contains(type);
            }
        });
        return new ArrayList<>(endpoints);
    }

    /** The methods a URL-mapped handler answers ({@code *}: any). */
    static List<String> methodsOf(Object handler) {
        if (handler instanceof WebContentGenerator generator && generator.getSupportedMethods() != null) {
            return List.of(generator.getSupportedMethods());
        }
        return List.of("*");
    }

    /**
     * The console's pages ({@code /console/**}) are signed in to with a session, not a bearer token: their
     * rules are proven per role with sessions by {@code ConsoleAccessIntegrationTest}.
     */
    static boolean console(String pattern) {
        return pattern.equals("/console") || pattern.startsWith("/console/");
    }

    /** A concrete path the pattern matches. */
    static String sample(String pattern) {
        Matcher variable = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = switch (name) {
                case "screenId" -> "lobby";
                case "channelId" -> "gzh";
                case "id" -> SAMPLE_ID;
                default -> pattern.startsWith("{*") ? "a/b" : "sample";
            };
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString().replace("/**", "/a/b").replace("/*", "/a");
    }

    /** Ways of writing {@code path} that a server might decode to the same handler. */
    static List<String> forms(String path) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(path);
        String[] segments = path.substring(1).split("/", -1);
        String first = segments[0];
        String rest = path.substring(1 + first.length());
        String last = segments[segments.length - 1];
        String head = path.substring(0, path.length() - last.length());
        if (!first.isEmpty()) {
            forms.add("/" + encodeFirstLetter(first) + rest);
            forms.add("/" + first + ";x" + rest);
            forms.add("/" + first + ";" + rest);
            forms.add("/" + first + ";jsessionid=1" + rest);
            forms.add("/" + first.toUpperCase(Locale.ROOT) + rest);
            forms.add("/" + first + "/" + rest);
            forms.add("/." + path);
            forms.add("/x/.." + path);
            forms.add("/%2e" + path);
        }
        if (!last.isEmpty()) {
            forms.add(head + encodeFirstLetter(last));
            forms.add(head + last + ";jsessionid=1");
        }
        forms.add("/" + path);
        forms.add(path + "/");
        forms.add(path.toUpperCase(Locale.ROOT));
        return new ArrayList<>(forms);
    }

    private static String encodeFirstLetter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isLetter(c) && c < 128) {
                return segment.substring(0, i) + String.format("%%%02X", (int) c) + segment.substring(i + 1);
            }
        }
        return segment;
    }

    /** One raw request (no client normalises the path), answered as status line, headers and body. */
    String call(String method, String path, String extraHeaders) {
        return raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n" + extraHeaders
                + "Connection: close\r\n\r\n", new byte[0]);
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    @Test
    void everyMappedEndpointHasADeclaredAccessRule() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the walk found the service's endpoints").hasSizeGreaterThan(20);
        List<String> undeclared = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (String method : endpoint.method().equals("*") ? ALL_METHODS : List.of(endpoint.method())) {
                // The API's catch-all grants only what no handler serves: a mapped endpoint needs its own rule.
                if (AccessRules.ruleFor(method, sample(endpoint.pattern()))
                        .filter(rule -> rule.access() != AccessRules.Access.UNSERVED).isEmpty()) {
                    undeclared.add(method + " " + endpoint.pattern() + " (" + endpoint.source() + ")");
                }
            }
        }
        assertThat(undeclared).as("endpoints without a rule in AccessRules").isEmpty();
    }

    @Test
    void everyEndpointThatIsNotPublicRefusesARequestWithoutCredentialsInEveryUrlForm() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints()) {
            if (console(endpoint.pattern())) {
                continue;
            }
            for (String method : endpoint.method().equals("*") ? ALL_METHODS : List.of(endpoint.method())) {
                String path = sample(endpoint.pattern());
                boolean isPublic = AccessRules.ruleFor(method, path).map(r -> r.access() == AccessRules.Access.PUBLIC)
                        .orElse(false);
                if (isPublic || method.equals("HEAD")) {
                    continue;
                }
                for (String form : forms(path)) {
                    String answer = call(method, form, "");
                    calls++;
                    int status = status(answer);
                    boolean plainForm = !form.contains(";") && !form.contains("//") && !form.contains("/.")
                            && !form.contains("%2e");
                    if (plainForm ? status != 401 : status != 401 && status != 400) {
                        wrong.add(method + " " + form + " -> " + status + " (endpoint " + endpoint.pattern() + ")");
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(100);
        assertThat(wrong).as("answers to requests without credentials").isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedWith401OnEveryEndpointThatNeedsOne() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            if (console(endpoint.pattern())) {
                continue;
            }
            for (String method : endpoint.method().equals("*") ? ALL_METHODS : List.of(endpoint.method())) {
                String path = sample(endpoint.pattern());
                AccessRules.Access access = AccessRules.ruleFor(method, path).map(AccessRules.Rule::access)
                        .orElse(AccessRules.Access.DENIED);
                if (access != AccessRules.Access.ROLES && access != AccessRules.Access.SIGNED_IN) {
                    continue;
                }
                int status = status(call(method, path, "Authorization: Bearer not-the-token\r\n"));
                if (status != 401) {
                    wrong.add(method + " " + path + " -> " + status);
                }
            }
        }
        assertThat(wrong).as("answers to a wrong token").isEmpty();
    }

    @Test
    void aSignedInCallerHears404Or405WhereTheApiServesNothingButNoneOfItsEndpointsWithoutARole() {
        assertThat(status(call("GET", "/api/v1/nothing-here", "Authorization: Bearer " + roleToken("REVIEWER") + "\r\n")))
                .isEqualTo(404);
        assertThat(status(call("DELETE", "/api/v1/items/" + SAMPLE_ID, "Authorization: Bearer " + roleToken("DRAFTER")
                + "\r\n"))).isEqualTo(405);
        assertThat(status(call("GET", "/api/v1/nothing-here", ""))).isEqualTo(401);
        // Served, and the catch-all would match, but the endpoint's own rule decides.
        assertThat(status(call("POST", "/api/v1/items", "Authorization: Bearer " + roleToken("REVIEWER") + "\r\n")))
                .isEqualTo(403);
    }

    @Test
    void everyEndpointAnswersEveryRoleAsItsRuleSays() {
        // Each caller: nobody, then a token holding one role alone (configured in ApiTestSupport).
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints()) {
            if (console(endpoint.pattern())) {
                continue;
            }
            for (String method : endpoint.method().equals("*") ? ALL_METHODS : List.of(endpoint.method())) {
                String path = sample(endpoint.pattern());
                java.util.Optional<AccessRules.Rule> rule = AccessRules.ruleFor(method, path);
                if (rule.isEmpty() || rule.get().access() == AccessRules.Access.UNSERVED) {
                    wrong.add(method + " " + endpoint.pattern() + " has no rule");
                    continue;
                }
                for (Role role : Role.values()) {
                    String answer = call(method, path, "Authorization: Bearer " + roleToken(role.name()) + "\r\n");
                    calls++;
                    check(wrong, method, path, role.name(), rule.get().allows(true, java.util.EnumSet.of(role)), answer,
                            403);
                }
                check(wrong, method, path, "nobody", rule.get().allows(false, Set.of()), call(method, path, ""), 401);
                calls++;
            }
        }
        assertThat(calls).isGreaterThan(200);
        assertThat(wrong).as("answers that contradict the rules").isEmpty();
    }

    /** An allowed call is anything but 401 or 403; a denied one is {@code deniedStatus}, naming the roles when 403. */
    private static void check(List<String> wrong, String method, String path, String caller, boolean allowed,
            String answer, int deniedStatus) {
        int status = status(answer);
        boolean screen = AccessRules.ruleFor(method, path).map(r -> r.access() == AccessRules.Access.SCREEN_KEY
                || r.access() == AccessRules.Access.SCREEN_TOKEN).orElse(false);
        // A screen's endpoints want its key whoever calls: a bearer token is no key, so 401.
        int expectedDenial = screen ? 401 : deniedStatus;
        if (allowed ? status == 401 || status == 403 : status != expectedDenial) {
            wrong.add(method + " " + path + " as " + caller + " -> " + status + " (expected "
                    + (allowed ? "allowed" : String.valueOf(expectedDenial)) + ")");
        } else if (!allowed && status == 403) {
            AccessRules.Rule rule = AccessRules.ruleFor(method, path).orElseThrow();
            for (Role needed : rule.roles()) {
                if (!answer.contains(needed.name())) {
                    wrong.add(method + " " + path + " as " + caller + ": the refusal does not name " + needed);
                }
            }
        }
    }

    /** Spring Security filters that never answer a request by themselves but to refuse it. */
    static final Set<String> SECURITY_FILTERS = Set.of(
            "DisableEncodeUrlFilter", "WebAsyncManagerIntegrationFilter", "SecurityContextHolderFilter",
            "HeaderWriterFilter", "BearerTokenFilter", "SecurityContextHolderAwareRequestFilter",
            "AnonymousAuthenticationFilter", "SessionManagementFilter", "ExceptionTranslationFilter",
            "AuthorizationFilter");

    @Test
    void theSecurityChainAnswersNoPathItself() {
        // A login page, logout or other filter that serves a path would need a rule in AccessRules.
        FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
        assertThat(proxy.getFilterChains()).as("the console's chain, then the API's").hasSize(2);
        List<String> api = proxy.getFilterChains().get(1).getFilters().stream()
                .map(filter -> filter.getClass().getSimpleName()).toList();
        assertThat(SECURITY_FILTERS).containsAll(api);
        List<String> console = proxy.getFilterChains().get(0).getFilters().stream()
                .map(filter -> filter.getClass().getSimpleName()).filter(name -> !SECURITY_FILTERS.contains(name)).toList();
        assertThat(CONSOLE_FILTERS.keySet()).as("filters of the console's chain").containsAll(console);
        CONSOLE_FILTERS.forEach((filter, served) -> served.forEach(request -> {
            String[] parts = request.split(" ", 2);
            assertThat(AccessRules.ruleFor(parts[0], parts[1])).as(filter + " serves " + request + ": it needs a rule")
                    .isPresent();
        }));
    }

    @Test
    void withoutAProviderConfiguredTheConsoleHasNoSingleSignOn() {
        // ConsoleSso adds its filters and its button only for a configured OIDC registration.
        FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
        assertThat(proxy.getFilterChains().stream().flatMap(chain -> chain.getFilters().stream())
                .map(filter -> filter.getClass().getSimpleName())).noneMatch(name -> name.startsWith("OAuth2"));
        String page = call("GET", "/console/login", "");
        assertThat(status(page)).isEqualTo(200);
        assertThat(page).doesNotContain("/console/oauth2/authorization");
    }

    /** The console chain's own filters, each with the requests it answers itself (method and sample path). */
    static final Map<String, List<String>> CONSOLE_FILTERS = Map.of(
            "CsrfFilter", List.of(),
            "RequestCacheAwareFilter", List.of(),
            "SessionRefresh", List.of(),
            "UsernamePasswordAuthenticationFilter", List.of("POST /console/login"),
            "LogoutFilter", List.of("POST /console/logout"),
            // single sign-on (ConsoleSso), only when an OIDC provider is configured (ConsoleSsoBrowserTest)
            "OAuth2AuthorizationRequestRedirectFilter", List.of("GET /console/oauth2/authorization/city"),
            "OAuth2LoginAuthenticationFilter", List.of("GET /console/login/oauth2/code/city"));

    @Test
    void aHeaderWithAControlCharacterIs400ProblemJsonWhereverItIsRead() throws Exception {
        String key = java.nio.file.Files.readString(java.nio.file.Path.of(context.getEnvironment()
                .getProperty("tongfa.data-directory"), "screen-keys", "lobby")).strip();
        // U+0085 (NEL) is a C1 control character: Tomcat passes it, Spring Security's firewall refuses it
        // when the header is read, in a filter or in a controller.
        for (String[] request : List.of(
                new String[] {"/api/v1/items", "Authorization: Bearer " + TOKEN + "\r\nAccept: x\u0085\r\n"},
                new String[] {"/api/v1/items", "Authorization: Bearer \u0085\r\n"},
                new String[] {"/display/screens/lobby/feed.json", "X-Screen-Key: \u0085\r\n"},
                new String[] {"/display/screens/lobby/feed.json", "X-Screen-Key: " + key + "\r\nIf-None-Match: \u0085\r\n"})) {
            String answer = call("GET", request[0], request[1]);
            assertThat(status(answer)).as(request[0] + " " + request[1]).isEqualTo(400);
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        }
    }

    @Test
    void thePublicPagesAnswerWithoutCredentials() {
        for (String path : List.of("/actuator/health", "/v3/api-docs", "/swagger-ui/index.html", "/display/screens/lobby",
                "/display/player.js", "/display/player.css", "/feeds/all.rss")) {
            assertThat(status(call("GET", path, ""))).as(path).isEqualTo(200);
        }
        assertThat(status(call("GET", "/swagger-ui.html", ""))).isEqualTo(302);
        assertThat(status(call("GET", "/site/no-such-page.html", ""))).isEqualTo(404);
        assertThat(status(call("GET", "/assets/" + SAMPLE_ID, ""))).isEqualTo(404);
    }

    @Test
    void onlyTheDispatcherServletServesRequests() {
        assertThat(web.getServletContext().getServletRegistrations().keySet()).containsExactly("dispatcherServlet");
    }
}
