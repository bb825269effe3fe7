package org.tongfa.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.HtmlUtils;
import org.tongfa.config.TongfaProperties;

/**
 * The editor console's security (编辑工作台, {@code /console/**}): form login with the accounts' passwords
 * ({@code PasswordSignIn} through the same providers as the API's sign-in), a session cookie (HttpOnly,
 * SameSite=Lax, Secure when the request came over TLS; see {@code server.servlet.session.*}), CSRF
 * protection on every form and htmx request (the token is in each page's {@code <meta name="_csrf">} and
 * {@code console.js} sends it as {@code X-CSRF-TOKEN}), and the same {@link AccessRules} as the API.
 *
 * <p>Each request re-reads the signed-in person's account ({@link SessionCallers}): a role taken away or
 * an account switched off takes effect at the next click, not at the end of the session.
 *
 * <p>Refusals are pages in Chinese: a request without a session is sent to the sign-in page (an htmx
 * request hears 401 with {@code HX-Redirect}), a missing role or CSRF token gets 403 naming what is missing.
 */
@Configuration
class ConsoleSecurity {

    static final String LOGIN = "/console/login";
    static final String CSRF_HEADER = "X-CSRF-TOKEN";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurityChain(HttpSecurity http, ObjectProvider<AuthenticationProvider> providers,
            ObjectProvider<RequestMappingHandlerMapping> handlers, ScreenKeys screens, ScreenStreamTokens streamTokens,
            ObjectProvider<SessionCallers> callers, ObjectProvider<ConsoleSignInCustomizer> customizers,
            TongfaProperties properties, Environment environment) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        ProviderManager authentication = new ProviderManager(providers.orderedStream().toList());
        HttpSessionRequestCache saved = new GetOnlyRequestCache();
        // Return to the page itself, not to "<page>?continue": every request reads the session anyway.
        saved.setMatchingRequestParameterName(null);
        // Only a page asked for by a person is worth returning to after signing in: not an htmx fragment.
        saved.setRequestMatcher(new AndRequestMatcher(paths.matcher(org.springframework.http.HttpMethod.GET, "/console/**"),
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("HX-Request"))));
        ConsoleRefusals refusals = new ConsoleRefusals();
        http.securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(paths.matcher("/console"), paths.matcher("/console/**")))
                .authenticationManager(authentication)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .requestCache(cache -> cache.requestCache(saved))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens())
                        // The real lobby player in a preview frame posts its heartbeat as on a screen, without a
                        // token; those answers change nothing (PreviewPages).
                        .ignoringRequestMatchers(paths.matcher(org.springframework.http.HttpMethod.POST,
                                "/console/items/{id}/preview/display/{orientation}/*")))
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.loginPage(LOGIN).loginProcessingUrl(LOGIN)
                        .usernameParameter("login").passwordParameter("password")
                        .defaultSuccessUrl("/console/", false)
                        .failureHandler((request, response, failure) -> response.sendRedirect(
                                request.getContextPath() + LOGIN + "?error=" + failureKind(failure))))
                .logout(logout -> logout.logoutRequestMatcher(paths.matcher(org.springframework.http.HttpMethod.POST, "/console/logout"))
                        .logoutSuccessUrl(LOGIN + "?signedOut").deleteCookies("JSESSIONID"))
                .addFilterAfter(new SessionRefresh(callers), SecurityContextHolderFilter.class)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals::denied))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.sameOrigin())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(SecurityHeaders.contentSecurityPolicy(properties, environment)))
                .authorizeHttpRequests(authorize -> SecurityConfig.authorize(authorize, screens, streamTokens, handlers));
        for (ConsoleSignInCustomizer customizer : customizers.orderedStream().toList()) {
            customizer.customize(http);
        }
        return http.build();
    }

    private static org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository csrfTokens() {
        org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository tokens =
                new org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository();
        tokens.setHeaderName(CSRF_HEADER);
        return tokens;
    }

    /**
     * The page to return to after signing in, replayed only for a GET. Spring Security matches a saved
     * request by its URL alone and then presents the matching request with the saved one's method: without
     * this, a form posted to the URL of a page saved earlier (the same path serves the page and its form)
     * would be taken for that page's GET, authorized as a read and its data dropped.
     */
    static final class GetOnlyRequestCache extends HttpSessionRequestCache {

        @Override
        public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
            return "GET".equals(request.getMethod()) ? super.getMatchingRequest(request, response) : null;
        }
    }

    /** What the sign-in page says: {@code locked}, {@code disabled} or {@code wrong}. */
    static String failureKind(AuthenticationException failure) {
        if (failure instanceof LockedException) {
            return "locked";
        }
        if (failure instanceof DisabledException) {
            return "disabled";
        }
        return "wrong";
    }

    /** Replaces the session's caller by the account as it is now, or signs the session out. */
    static final class SessionRefresh extends OncePerRequestFilter {

        private final ObjectProvider<SessionCallers> callers;
        private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

        SessionRefresh(ObjectProvider<SessionCallers> callers) {
            this.callers = callers;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = contexts.getContext().getAuthentication();
            SessionCallers source = callers.getIfAvailable();
            if (authentication instanceof ServicePrincipal signedIn && source != null) {
                Caller before = (Caller) signedIn.getPrincipal();
                Optional<Caller> now = source.current(before.login());
                if (now.isEmpty()) {
                    contexts.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                } else if (!now.get().equals(before)) {
                    ServicePrincipal refreshed = new ServicePrincipal(now.get());
                    refreshed.setDetails(signedIn.getDetails());
                    var context = contexts.createEmptyContext();
                    context.setAuthentication(refreshed);
                    contexts.setContext(context);
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.setAttribute("SPRING_SECURITY_CONTEXT", context);
                    }
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** The console's refusals, as short pages in Chinese (or 401 with {@code HX-Redirect} for htmx). */
    static final class ConsoleRefusals implements AuthenticationEntryPoint {

        private final LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint(LOGIN);

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
                throws IOException, ServletException {
            if (request.getHeader("HX-Request") != null || !"GET".equals(request.getMethod())) {
                response.setHeader("HX-Redirect", request.getContextPath() + LOGIN);
                page(response, HttpStatus.UNAUTHORIZED, "请先登录", "登录已过期或尚未登录。请<a href=\""
                        + request.getContextPath() + LOGIN + "\">重新登录</a>。");
                return;
            }
            login.commence(request, response, reason);
        }

        void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
                throws IOException {
            if (denied instanceof CsrfException) {
                page(response, HttpStatus.FORBIDDEN, "页面已过期",
                        "表单的安全令牌缺失或已失效（CSRF）。请返回后刷新页面再提交，已填写的内容请先复制保存。");
                return;
            }
            page(response, HttpStatus.FORBIDDEN, "无权访问", HtmlUtils.htmlEscape(SecurityProblems.forbidden(denied)));
        }

        static void page(HttpServletResponse response, HttpStatus status, String title, String html) throws IOException {
            response.setStatus(status.value());
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            String body = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + title
                    + " - 统发编辑工作台</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head>"
                    + "<body><main id=\"main\" class=\"refusal\"><h1>" + title + "</h1><p>" + html
                    + "</p><p><a href=\"/console/\">返回工作台</a></p></main></body></html>";
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
