package org.tongfa.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.tongfa.config.TongfaProperties;

/**
 * The HTTP surface's security, built from {@link AccessRules}: one stateless filter chain for every
 * request. Bearer tokens authenticate ({@link BearerTokenFilter}) through every {@link AuthenticationProvider}
 * bean in order ({@link ApiTokens} for the configured tokens first, then the accounts' tokens); each path's
 * rule is enforced on the path as Spring MVC matches it, a caller without a role the rule names gets 403
 * naming the roles; what no rule covers is denied. Spring Security's
 * {@link StrictHttpFirewall} rejects encoded and {@code ;}-parameter path forms first, answered as 400
 * problem+json by {@link SecurityProblems}. Every response carries the headers of {@link SecurityHeaders}.
 *
 * <p>CSRF protection is off because this chain never authenticates from a cookie or a session: a
 * forged cross-site request carries nothing that would let it act. The editor console, with form login,
 * sessions and CSRF protection, has its own chain ({@link ConsoleSecurity}), ordered before this one.
 */
@Configuration
class SecurityConfig {

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain tongfaSecurity(HttpSecurity http, ObjectProvider<AuthenticationProvider> providers,
            ObjectProvider<RequestMappingHandlerMapping> handlers, ScreenKeys screens, ScreenStreamTokens streamTokens, TongfaProperties properties, Environment environment)
            throws Exception {
        SecurityProblems problems = problems();
        // Configured tokens first (ApiTokens), then the accounts' tokens: each provider answers the kind it supports.
        AuthenticationManager authentication = new ProviderManager(providers.orderedStream().toList());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new BearerTokenFilter(authentication, problems), AuthorizationFilter.class)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(SecurityHeaders.contentSecurityPolicy(properties, environment)))
                .authorizeHttpRequests(authorize -> authorize(authorize, screens, streamTokens, handlers));
        return http.build();
    }

    /**
     * The rules of {@link AccessRules}, in order, then deny: the same in the API's chain and the console's,
     * so a path reaches the same rule whichever chain a request form lands in.
     */
    static void authorize(
            org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry authorize,
            ScreenKeys screens, ScreenStreamTokens streamTokens, ObjectProvider<RequestMappingHandlerMapping> handlers) {
        // Boot's error page renders the error of the request that failed, which was authorized.
        authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
        // Likewise the end of an async request (a push stream closing), whose token has expired by then.
        authorize.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
        for (AccessRules.Rule rule : AccessRules.RULES) {
            var url = authorize.requestMatchers(matcher(rule));
            switch (rule.access()) {
                case PUBLIC -> url.permitAll();
                case SCREEN_KEY -> url.access(screenKey(screens));
                case SCREEN_TOKEN -> url.access(streamToken(streamTokens));
                case SIGNED_IN -> url.authenticated();
                case ROLES -> url.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
                case UNSERVED -> url.access(unserved(handlers));
                case DENIED -> url.denyAll();
            }
        }
        authorize.anyRequest().denyAll();
    }

    /** Firewall rejections as 400 problem+json instead of the default bare 400 through the error page. */
    @Bean
    WebSecurityCustomizer rejectedRequestsAsProblems() {
        return web -> web.httpFirewall(new StrictHttpFirewall())
                .requestRejectedHandler(problems());
    }

    /** A rule's path on any of its methods, with the pattern's variables for the access decision. */
    static RequestMatcher matcher(AccessRules.Rule rule) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        if (rule.methods().isEmpty()) {
            return paths.matcher(rule.pattern());
        }
        List<RequestMatcher> methods = new ArrayList<>();
        rule.methods().stream().sorted(java.util.Comparator.comparing(HttpMethod::name)).forEach(method -> methods.add(paths.matcher(method, rule.pattern())));
        return methods.size() == 1 ? methods.get(0) : new VariablesOfFirstMatch(methods);
    }

    private static SecurityProblems problems() {
        return new SecurityProblems(paths(AccessRules.Access.SCREEN_KEY), paths(AccessRules.Access.SCREEN_TOKEN));
    }

    private static RequestMatcher paths(AccessRules.Access access) {
        return new OrRequestMatcher(AccessRules.withAccess(access).stream().map(SecurityConfig::matcher).toList());
    }

    /**
     * Grants a signed-in caller a request that no controller method serves (on its path with its method),
     * so that it is answered 404 or 405; a request some handler would serve, or whose lookup fails in
     * another way, is refused.
     */
    static AuthorizationManager<RequestAuthorizationContext> unserved(ObjectProvider<RequestMappingHandlerMapping> handlers) {
        return (Supplier<? extends Authentication> caller, RequestAuthorizationContext context) -> {
            Authentication authentication = caller.get();
            boolean signedIn = authentication != null && authentication.isAuthenticated()
                    && !(authentication instanceof AnonymousAuthenticationToken);
            return new AuthorizationDecision(signedIn && !served(handlers, context.getRequest()));
        };
    }

    private static boolean served(ObjectProvider<RequestMappingHandlerMapping> handlers, HttpServletRequest request) {
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            for (RequestMappingHandlerMapping mapping : handlers.orderedStream().toList()) {
                try {
                    if (mapping.getHandler(request) != null) {
                        return true;
                    }
                } catch (HttpRequestMethodNotSupportedException notThisMethod) {
                    // served on this path, but not with this method: 405
                } catch (Exception servedButRefused) {
                    return true;
                }
            }
            return false;
        } finally {
            request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, previous);
        }
    }

    /** Grants when the query's {@code token} is a current stream token of the path's {@code screenId}. */
    static AuthorizationManager<RequestAuthorizationContext> streamToken(ScreenStreamTokens tokens) {
        return (Supplier<? extends Authentication> caller, RequestAuthorizationContext context) -> {
            String screenId = context.getVariables().get("screenId");
            return new AuthorizationDecision(screenId != null
                    && tokens.matches(screenId, context.getRequest().getParameter(ScreenStreamTokens.PARAMETER)));
        };
    }

    /** Grants when {@code X-Screen-Key} is the key of the screen named by the path's {@code screenId}. */
    static AuthorizationManager<RequestAuthorizationContext> screenKey(ScreenKeys screens) {
        return (Supplier<? extends Authentication> caller, RequestAuthorizationContext context) -> {
            HttpServletRequest request = context.getRequest();
            String screenId = context.getVariables().get("screenId");
            return new AuthorizationDecision(screenId != null
                    && screens.matches(screenId, request.getHeader(ScreenKeys.HEADER)));
        };
    }

    /** Like {@link OrRequestMatcher}, but keeps the path variables of the matcher that matched. */
    private record VariablesOfFirstMatch(List<RequestMatcher> matchers) implements RequestMatcher {

        @Override
        public boolean matches(HttpServletRequest request) {
            return matcher(request).isMatch();
        }

        @Override
        public MatchResult matcher(HttpServletRequest request) {
            for (RequestMatcher candidate : matchers) {
                MatchResult result = candidate.matcher(request);
                if (result.isMatch()) {
                    return result;
                }
            }
            return MatchResult.notMatch();
        }
    }
}
