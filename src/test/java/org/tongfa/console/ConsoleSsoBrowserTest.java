package org.tongfa.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tongfa.TongfaApplication;
import org.tongfa.security.AccessRules;
import org.tongfa.security.SsoSignIns;
import org.tongfa.support.TestDatabases;

/**
 * Single sign-on to the console against a real OpenID Connect provider: Spring Authorization Server, started
 * in this JVM as a small application of its own (one registered client, two people, form login), and Tongfa
 * configured against its issuer. A person the provider calls {@code zhangsan} (their
 * {@code preferred_username}) lands on the console as the Tongfa account {@code zhangsan}; one without an
 * account is refused in Chinese. This is the one console test with a context of its own: it needs the
 * registration's properties, which no other test may see.
 */
// The service itself: without classes, the nested provider's configuration would be taken for the test's.
@SpringBootTest(classes = TongfaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "tongfa.node-id=sso-test",
        "tongfa.api.tokens.sso-setup=" + ConsoleSsoBrowserTest.TOKEN,
        "tongfa.api.token-roles.sso-setup=ADMIN",
        "spring.security.oauth2.client.registration.city.client-id=tongfa-console",
        "spring.security.oauth2.client.registration.city.client-secret=" + ConsoleSsoBrowserTest.CLIENT_SECRET,
        "spring.security.oauth2.client.registration.city.client-name=市统一身份认证平台",
        "spring.security.oauth2.client.registration.city.scope=openid,profile",
        "spring.security.oauth2.client.registration.city.redirect-uri={baseUrl}/console/login/oauth2/code/{registrationId}",
})
class ConsoleSsoBrowserTest {

    static final String TOKEN = "sso-setup-token";
    static final String CLIENT_SECRET = "sso-test-client-secret";
    static final String PROVIDER_PASSWORD = "provider-pass-1";
    static final Path DIR;
    static final int PORT;
    static final int PROVIDER_PORT;
    private static ConfigurableApplicationContext provider;

    static {
        try {
            DIR = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sso-tests-");
            PORT = freePort();
            PROVIDER_PORT = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The identity platform: Spring Authorization Server with Boot's own auto-configuration (the client from
     * properties) and form login for its people. Its ID tokens carry {@code preferred_username}, which is not
     * the subject, so the mapping by claim is what is tested. It reads no configuration file of Tongfa's
     * ({@code spring.config.name} is its own).
     */
    @SpringBootConfiguration
    @ImportAutoConfiguration({
            org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration.class,
            org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
            org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
            org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
            org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class,
            org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration.class,
            org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration.class,
            org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration.class,
    })
    static class IdentityPlatform {

        /** Subject (what the person types at the provider) to preferred_username. */
        static final Map<String, String> USERNAMES = Map.of("u1001", "zhangsan", "u2002", "lisi");

        @Bean
        InMemoryUserDetailsManager people() {
            return new InMemoryUserDetailsManager(USERNAMES.keySet().stream()
                    .map(name -> User.withUsername(name).password("{noop}" + PROVIDER_PASSWORD).roles("USER").build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> preferredUsername() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("preferred_username", USERNAMES.get(context.getPrincipal().getName()));
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        startProvider();
        registry.add("spring.datasource.url", TestDatabases::h2Url);
        registry.add("tongfa.data-directory", () -> DIR.resolve("data").toString());
        registry.add("server.port", () -> PORT);
        registry.add("tongfa.public-base-url", () -> "http://localhost:" + PORT);
        registry.add("tongfa.channels.archive.directory", () -> DIR.resolve("archive").toString());
        registry.add("spring.security.oauth2.client.provider.city.issuer-uri", ConsoleSsoBrowserTest::issuer);
    }

    private static String issuer() {
        return "http://127.0.0.1:" + PROVIDER_PORT;
    }

    private static synchronized void startProvider() {
        if (provider != null) {
            return;
        }
        String client = "spring.security.oauth2.authorizationserver.client.tongfa.";
        // The provider is at 127.0.0.1 and Tongfa at localhost: cookies do not tell ports apart, so the two
        // sessions would overwrite each other on one host name.
        provider = new SpringApplicationBuilder(IdentityPlatform.class).properties(Map.of(
                "spring.config.name", "sso-test-provider",
                "server.port", String.valueOf(PROVIDER_PORT),
                "server.address", "127.0.0.1",
                "spring.security.oauth2.authorizationserver.issuer", issuer(),
                client + "registration.client-id", "tongfa-console",
                client + "registration.client-secret", "{noop}" + CLIENT_SECRET,
                client + "registration.client-authentication-methods", "client_secret_basic",
                client + "registration.authorization-grant-types", "authorization_code",
                client + "registration.redirect-uris", "http://localhost:" + PORT + "/console/login/oauth2/code/city",
                client + "registration.scopes", "openid,profile")).run();
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    FilterChainProxy chains;
    @Autowired
    SsoSignIns signIns;

    private BrowserContext context;

    @BeforeEach
    void people() {
        createAccount("zhangsan", "张三", true);
        createAccount("wangwu", "王五", false);
        assertThat(call("POST", "/api/v1/accounts", """
                {"login":"importer","displayName":"导入","service":true,"roles":{"DRAFTER":[]}}""").statusCode())
                .isIn(201, 409);
        context = ConsoleTestSupport.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
        context.setDefaultTimeout(15_000);
        context.addInitScript(ConsoleTestSupport.axeScript);
    }

    @AfterEach
    void closeBrowser() {
        if (context != null) {
            context.close();
        }
    }

    private static void createAccount(String login, String name, boolean active) {
        String body = """
                {"login":"%s","displayName":"%s","roles":{"DRAFTER":[]},"password":"Sso-test-pass-1"}"""
                .formatted(login, name);
        HttpResponse<String> created = call("POST", "/api/v1/accounts", body);
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
        if (!active) {
            assertThat(call("PATCH", "/api/v1/accounts/" + login, "{\"active\":false}").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> call(String method, String path, String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Clicks the SSO button on the console's sign-in page and signs in at the provider as {@code subject}. */
    private Page signInAtProvider(String subject) {
        Page page = context.newPage();
        page.navigate("http://localhost:" + PORT + "/console/login");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("使用统一身份认证登录（市统一身份认证平台）")).click();
        page.waitForURL(url -> url.startsWith(issuer() + "/login"));
        page.locator("input[name=username]").fill(subject);
        page.locator("input[name=password]").fill(PROVIDER_PASSWORD);
        page.locator("button[type=submit]").click();
        return page;
    }

    @Test
    void aPersonSignedInAtTheProviderLandsOnTheConsoleAsTheAccountTheirClaimNames() {
        Page page = signInAtProvider("u1001");

        page.waitForURL("http://localhost:" + PORT + "/console/");
        assertThat(page.locator("header").innerText()).contains("张三");
        // The session holds the account's caller (a ServicePrincipal), which the next request reads again.
        page.reload();
        assertThat(page.url()).isEqualTo("http://localhost:" + PORT + "/console/");
        assertThat(page.locator("header").innerText()).contains("张三");
        List<Map<String, Object>> signIns = jdbc.sql("SELECT changes_json FROM audit_entry WHERE action = 'SIGN_IN' "
                + "AND actor = 'zhangsan'").query().listOfRows();
        assertThat(signIns).extracting(row -> (String) row.get("changes_json")).anyMatch(c -> c.contains("sso:city"));
    }

    @Test
    void aPersonWithoutAnAccountIsRefusedInChineseAndNothingIsCreated() {
        Page page = signInAtProvider("u2002");

        page.waitForURL(url -> url.startsWith("http://localhost:" + PORT + "/console/login?error="));
        assertThat(page.getByRole(AriaRole.ALERT).innerText()).contains("该统一身份账号未在统发开通，请联系管理员");
        assertThat(call("GET", "/api/v1/accounts/lisi", null).statusCode()).isEqualTo(404);
        page.navigate("http://localhost:" + PORT + "/console/");
        assertThat(page.url()).startsWith("http://localhost:" + PORT + "/console/login");
        List<Map<String, Object>> failed = jdbc.sql("SELECT changes_json FROM audit_entry WHERE action = 'SIGN_IN_FAILED' "
                + "AND actor = 'lisi'").query().listOfRows();
        assertThat(failed).extracting(row -> (String) row.get("changes_json"))
                .anyMatch(c -> c.contains("sso:city") && c.contains("no such account"));
    }

    @Test
    void theSignInPageOffersOneButtonPerProviderAndPassesAxe() {
        Page page = context.newPage();
        page.navigate("http://localhost:" + PORT + "/console/login");

        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("使用统一身份认证登录（市统一身份认证平台）"))
                .getAttribute("href")).isEqualTo("/console/oauth2/authorization/city");
        assertThat(ConsoleTestSupport.axe(page)).isEmpty();
    }

    @Test
    void onlyAnActivePersonAccountMaySignIn() {
        assertThat(signIns.signIn("wangwu", "sso:city", "127.0.0.1")).isEmpty();
        assertThat(signIns.signIn("importer", "sso:city", "127.0.0.1")).as("a service account").isEmpty();
        assertThat(signIns.signIn("nobody", "sso:city", "127.0.0.1")).isEmpty();
        assertThat(signIns.signIn("zhangsan", "sso:city", "127.0.0.1")).hasValueSatisfying(
                caller -> assertThat(caller.displayName()).isEqualTo("张三"));
    }

    @Test
    void theConsoleChainAnswersTheSingleSignOnPathsAndNoOtherChainAppears() {
        assertThat(chains.getFilterChains()).as("the console's chain, then the API's").hasSize(2);
        List<String> console = chains.getFilterChains().get(0).getFilters().stream()
                .map(filter -> filter.getClass().getSimpleName()).toList();
        assertThat(console).contains("OAuth2AuthorizationRequestRedirectFilter", "OAuth2LoginAuthenticationFilter");
        for (String path : List.of("/console/oauth2/authorization/city", "/console/login/oauth2/code/city")) {
            assertThat(AccessRules.ruleFor("GET", path)).as(path).hasValueSatisfying(
                    rule -> assertThat(rule.access()).isEqualTo(AccessRules.Access.PUBLIC));
        }
    }
}
