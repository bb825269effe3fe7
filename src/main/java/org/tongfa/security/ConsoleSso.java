package org.tongfa.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Component;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.SettingsBinder;

/**
 * Single sign-on to the console through an OpenID Connect provider (统一身份认证), when Spring Boot's
 * {@code spring.security.oauth2.client.registration.<id>.*} configures one or more: the sign-in page offers a
 * button per registration, and every step stays on the console's own chain, under {@code /console/}: the
 * redirect to the provider ({@value #AUTHORIZATION}/{id}) and the provider's answer
 * ({@code /console/login/oauth2/code/{id}}). Without a registration this adds nothing.
 *
 * <p>The person the provider vouches for is the Tongfa account its {@code tongfa.console.sso.login-claim}
 * names ({@link SsoSignIns}: an existing, active person account, never created here). The session then holds a
 * {@link ServicePrincipal} of that account's caller, exactly as after a password sign-in, so the per-request
 * re-read ({@code ConsoleSecurity.SessionRefresh}) and the access rules treat both alike. No token of the
 * provider is kept: Tongfa calls nothing on the person's behalf.
 */
@Component
public final class ConsoleSso implements ConsoleSignInCustomizer {

    static final String AUTHORIZATION = "/console/oauth2/authorization";
    static final String REDIRECTION = "/console/login/oauth2/code/*";
    /** The error code of a refusal because no usable account matches. */
    static final String NO_ACCOUNT = "tongfa_no_account";
    private static final Logger log = LoggerFactory.getLogger(ConsoleSso.class);

    private final ObjectProvider<ClientRegistrationRepository> registrations;
    private final ObjectProvider<SsoSignIns> accounts;
    private final SsoSettings settings;
    private final OidcUserService oidcUsers = new OidcUserService();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    private final SavedRequestAwareAuthenticationSuccessHandler target = new SavedRequestAwareAuthenticationSuccessHandler();

    ConsoleSso(ObjectProvider<ClientRegistrationRepository> registrations, ObjectProvider<SsoSignIns> accounts,
            SettingsBinder settings) {
        this.registrations = registrations;
        this.accounts = accounts;
        this.settings = settings.bind("tongfa.console.sso", SsoSettings.class);
        HttpSessionRequestCache saved = new HttpSessionRequestCache();
        // The page asked for before signing in, as ConsoleSecurity saved it.
        saved.setMatchingRequestParameterName(null);
        target.setRequestCache(saved);
        target.setDefaultTargetUrl("/console/");
    }

    /** A way to sign in that the sign-in page offers: the registration's name and where its button leads. */
    public record Option(String name, String path) {
    }

    /** The configured providers, in the order configured; empty without single sign-on. */
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        configured().forEach(registration -> options.add(new Option(registration.getClientName(),
                AUTHORIZATION + "/" + registration.getRegistrationId())));
        return options;
    }

    private List<ClientRegistration> configured() {
        List<ClientRegistration> found = new ArrayList<>();
        if (registrations.getIfAvailable() instanceof Iterable<?> all) {
            all.forEach(registration -> found.add((ClientRegistration) registration));
        }
        return found;
    }

    @Override
    public void customize(HttpSecurity http) throws Exception {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (repository == null) {
            return;
        }
        for (ClientRegistration registration : configured()) {
            check(registration);
        }
        // The console's own authentication manager knows passwords only: the code exchange has its own.
        ProviderManager exchange = new ProviderManager(new OidcAuthorizationCodeAuthenticationProvider(
                new RestClientAuthorizationCodeTokenResponseClient(), this::person));
        http.oauth2Login(login -> login.clientRegistrationRepository(repository)
                .loginPage(ConsoleSecurity.LOGIN)
                .authorizationEndpoint(authorization -> authorization.baseUri(AUTHORIZATION))
                .redirectionEndpoint(redirection -> redirection.baseUri(REDIRECTION))
                .authorizedClientRepository(new NothingKept())
                .successHandler(this::signedIn)
                .failureHandler(this::refused)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                    @Override
                    public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(exchange);
                        return filter;
                    }
                }));
        log.info("Console single sign-on through {} (login claim {})",
                configured().stream().map(ClientRegistration::getRegistrationId).toList(), settings.loginClaim());
    }

    /** A registration the console cannot use stops start-up, naming the key to fix. */
    private static void check(ClientRegistration registration) {
        String key = "spring.security.oauth2.client.registration." + registration.getRegistrationId();
        if (registration.getScopes() == null || !registration.getScopes().contains("openid")) {
            throw new InvalidConfigurationException(key + ".scope",
                    "must include openid: the console signs people in through OpenID Connect");
        }
        String redirect = registration.getRedirectUri();
        if (redirect == null || !redirect.endsWith("/console/login/oauth2/code/{registrationId}")
                && !redirect.endsWith("/console/login/oauth2/code/" + registration.getRegistrationId())) {
            throw new InvalidConfigurationException(key + ".redirect-uri",
                    "must be {baseUrl}/console/login/oauth2/code/{registrationId} (the console's chain answers the "
                            + "provider there), not " + redirect);
        }
    }

    /** The provider's person, mapped to the account its login claim names; refused when there is none. */
    private OidcUser person(OidcUserRequest request) {
        OidcUser user = oidcUsers.loadUser(request);
        String source = "sso:" + request.getClientRegistration().getRegistrationId();
        String login = user.getClaimAsString(settings.loginClaim());
        SsoSignIns signIns = accounts.getObject();
        if (login == null || login.isBlank()) {
            signIns.failed(source, "the provider sent no claim " + settings.loginClaim(), null);
            throw new OAuth2AuthenticationException(new OAuth2Error("tongfa_no_login_claim",
                    "the provider sent no claim " + settings.loginClaim(), null));
        }
        Optional<Caller> caller = signIns.signIn(login, source, null);
        if (caller.isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(NO_ACCOUNT,
                    "no active person account matches the provider's " + settings.loginClaim(), null));
        }
        return new SignedIn(user, caller.get());
    }

    /** The provider's person with the caller they are in Tongfa, until the session holds the caller alone. */
    static final class SignedIn extends DefaultOidcUser {

        private static final long serialVersionUID = 1L;
        private final transient Caller caller;

        SignedIn(OidcUser user, Caller caller) {
            super(user.getAuthorities(), user.getIdToken(), user.getUserInfo(), IdTokenClaimNames.SUB);
            this.caller = caller;
        }
    }

    /** Replaces the provider's authentication by the account's, as password sign-in leaves it, and goes on. */
    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        SignedIn person = (SignedIn) authentication.getPrincipal();
        ServicePrincipal principal = new ServicePrincipal(person.caller);
        principal.setDetails(authentication.getDetails());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(principal);
        contexts.setContext(context);
        sessions.saveContext(context, request, response);
        target.onAuthenticationSuccess(request, response, principal);
    }

    /** Back to the sign-in page with what went wrong; a failure before anyone was known is recorded here. */
    private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String code = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        String kind = NO_ACCOUNT.equals(code) ? "sso-account" : "sso";
        if (!NO_ACCOUNT.equals(code) && !"tongfa_no_login_claim".equals(code)) {
            String uri = request.getRequestURI();
            String reason = failure.getMessage() == null ? code : failure.getMessage();
            accounts.getObject().failed("sso:" + uri.substring(uri.lastIndexOf('/') + 1),
                    reason.length() > 200 ? reason.substring(0, 200) : reason, request.getRemoteAddr());
            log.warn("Console single sign-on refused at {}: {}", uri, reason);
        }
        response.sendRedirect(request.getContextPath() + ConsoleSecurity.LOGIN + "?error=" + kind);
    }

    /** Keeps no authorized client: Tongfa signs the person in and calls nothing at the provider afterwards. */
    static final class NothingKept implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
            // Nothing kept, on purpose.
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {
            // Nothing was kept.
        }
    }
}
