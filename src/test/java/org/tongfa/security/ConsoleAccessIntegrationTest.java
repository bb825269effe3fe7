package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.tongfa.console.ConsoleTestSupport;

/**
 * The console's side of the role matrix: every console endpoint the service maps, called by a session of
 * each person (one role each, signed in through the form, with the session's CSRF token) and by an
 * anonymous session, answers as its rule in {@link AccessRules} says: allowed is anything but 401, 403 or
 * a redirect to the sign-in page; a person without the role gets 403 naming the roles (in Chinese); an
 * anonymous page request is sent to the sign-in page, an anonymous form post hears 401. A post without
 * the CSRF token is refused 403 whoever sends it.
 */
class ConsoleAccessIntegrationTest extends ConsoleTestSupport {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Map<Role, String> PERSON = Map.of(Role.DRAFTER, DRAFTER, Role.REVIEWER, REVIEWER,
            Role.CONFIDENTIALITY, SECRECY, Role.SIGNER, SIGNER, Role.OPERATOR, OPERATOR, Role.ADMIN, ADMIN);

    @Autowired
    ApplicationContext context;
    @Autowired
    ServletContext servlets;

    /** A cookie-keeping client with its CSRF token: signed in as {@code login}, or anonymous when null. */
    record Session(HttpClient client, String csrf) {
    }

    static Session session(String login) {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String token = csrf(send(client, HttpRequest.newBuilder(URI.create(url("/console/login"))).GET().build()).body());
        if (login != null) {
            String form = "login=" + login + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                    + token;
            HttpResponse<String> signedIn = send(client, HttpRequest.newBuilder(URI.create(url("/console/login")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location").orElse("")).as("signed in as " + login)
                    .doesNotContain("error");
            // The session id changes at sign-in, and with it the CSRF token.
            token = csrf(send(client, HttpRequest.newBuilder(URI.create(url("/console/"))).GET().build()).body());
        }
        return new Session(client, token);
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page names its CSRF token: " + page).isTrue();
        return matcher.group(1);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> call(Session session, String method, String path, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (method.equals("GET") || method.equals("HEAD")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(withCsrf ? "_csrf=" + session.csrf() : ""));
        }
        return send(session.client(), request.build());
    }

    static boolean sentToSignIn(HttpResponse<String> answer) {
        return answer.statusCode() == 302 && answer.headers().firstValue("Location").orElse("").contains("/console/login");
    }

    List<EndpointAccessIntegrationTest.Endpoint> consoleEndpoints() {
        return EndpointAccessIntegrationTest.endpoints(context, servlets).stream()
                .filter(e -> EndpointAccessIntegrationTest.console(e.pattern())).toList();
    }

    @Test
    void everyConsoleEndpointAnswersEveryRoleAsItsRuleSays() {
        Map<Role, Session> sessions = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            sessions.put(role, session(PERSON.get(role)));
        }
        Session nobody = session(null);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        List<EndpointAccessIntegrationTest.Endpoint> endpoints = consoleEndpoints();
        assertThat(endpoints).as("the console's endpoints").isNotEmpty();
        for (EndpointAccessIntegrationTest.Endpoint endpoint : endpoints) {
            for (String method : endpoint.method().equals("*") ? EndpointAccessIntegrationTest.ALL_METHODS
                    : List.of(endpoint.method())) {
                String path = EndpointAccessIntegrationTest.sample(endpoint.pattern());
                var rule = AccessRules.ruleFor(method, path);
                if (rule.isEmpty() || rule.get().access() == AccessRules.Access.UNSERVED) {
                    wrong.add(method + " " + endpoint.pattern() + " has no rule");
                    continue;
                }
                if (path.equals("/console/logout")) {
                    continue; // would end the session the next calls use; proven below
                }
                for (Role role : Role.values()) {
                    HttpResponse<String> answer = call(sessions.get(role), method, path, true);
                    calls++;
                    boolean allowed = rule.get().allows(true, EnumSet.of(role));
                    int status = answer.statusCode();
                    boolean refused = status == 401 || status == 403 || sentToSignIn(answer);
                    if (allowed && refused && !path.equals("/console/login")) {
                        wrong.add(method + " " + path + " as " + role + " -> " + status + " (expected allowed)");
                    } else if (!allowed && status != 403) {
                        wrong.add(method + " " + path + " as " + role + " -> " + status + " "
                                + answer.headers().firstValue("Location").orElse("") + " (expected 403)");
                    } else if (!allowed) {
                        for (Role needed : rule.get().roles()) {
                            if (!answer.body().contains(needed.label())) {
                                wrong.add(method + " " + path + " as " + role + ": the refusal does not name " + needed.label());
                            }
                        }
                    }
                }
                HttpResponse<String> anonymous = call(nobody, method, path, true);
                calls++;
                boolean open = rule.get().allows(false, Set.of());
                boolean read = method.equals("GET") || method.equals("HEAD");
                boolean refused = read ? sentToSignIn(anonymous) : anonymous.statusCode() == 401;
                if (open && (anonymous.statusCode() == 401 || anonymous.statusCode() == 403 || read && sentToSignIn(anonymous))) {
                    wrong.add(method + " " + path + " as nobody -> " + anonymous.statusCode() + " (expected allowed)");
                } else if (!open && !refused) {
                    wrong.add(method + " " + path + " as nobody -> " + anonymous.statusCode() + " "
                            + anonymous.headers().firstValue("Location").orElse("") + " (expected the sign-in page or 401)");
                }
            }
        }
        assertThat(calls).isGreaterThan(20);
        assertThat(wrong).as("console answers that contradict the rules").isEmpty();
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefusedEvenForThePersonWhoMayMakeIt() {
        Session admin = session(ADMIN);
        HttpResponse<String> answer = call(admin, "POST", "/console/logout", false);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("页面已过期");
        // Still signed in: the forged logout did nothing.
        assertThat(call(admin, "GET", "/console/", false).statusCode()).isEqualTo(200);
        HttpResponse<String> out = call(admin, "POST", "/console/logout", true);
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(sentToSignIn(call(admin, "GET", "/console/", false))).isTrue();
    }

    @Test
    void aFormPostedToThePathOfASavedPageIsStillAPost() {
        // The list page asked for while signed out is saved, to return to after signing in; a post of the
        // form the same path serves must not be taken for that saved GET (it was, once: answered as the
        // page, 302 to the sign-in page, instead of 401).
        Session anonymous = session(null);
        HttpResponse<String> page = call(anonymous, "GET", "/console/items", false);
        assertThat(sentToSignIn(page)).isTrue();
        HttpResponse<String> post = call(anonymous, "POST", "/console/items", true);
        assertThat(post.statusCode()).as(post.headers().firstValue("Location").orElse("")).isEqualTo(401);
        // Signing in after that page was saved: the drafter is sent back to it, and a post of the form
        // there is the form's post (the form again with its errors), not the saved list page.
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(sentToSignIn(send(client, HttpRequest.newBuilder(URI.create(url("/console/items"))).GET().build()))).isTrue();
        String token = csrf(send(client, HttpRequest.newBuilder(URI.create(url("/console/login"))).GET().build()).body());
        HttpResponse<String> signedIn = send(client, HttpRequest.newBuilder(URI.create(url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("login=" + DRAFTER + "&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + token)).build());
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console/items");
        Session drafter = new Session(client,
                csrf(send(client, HttpRequest.newBuilder(URI.create(url("/console/"))).GET().build()).body()));
        HttpResponse<String> form = call(drafter, "POST", "/console/items", true);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).as("the editor's form with its errors").contains("稿件未保存");
    }

    @Test
    void aWrongPasswordIsRefusedOnTheSignInPageInChinese() {
        Session anonymous = session(null);
        String form = "login=" + DRAFTER + "&password=wrong-password-here&_csrf=" + anonymous.csrf();
        HttpResponse<String> refused = send(anonymous.client(), HttpRequest.newBuilder(URI.create(url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/login?error=wrong");
        HttpResponse<String> page = send(anonymous.client(), HttpRequest.newBuilder(
                URI.create(url("/console/login?error=wrong"))).GET().build());
        assertThat(page.body()).contains("登录名或密码错误");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLaxAndTheConsoleHasAStrictPolicy() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = send(client, HttpRequest.newBuilder(URI.create(url("/console/login"))).GET().build());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String policy = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
    }

    @Test
    void aRoleTakenAwayTakesEffectAtTheNextRequestOfAnOpenSession() {
        String login = "temp-signer";
        var created = api("POST", "/api/v1/accounts", """
                {"login":"%s","displayName":"临时签发","roles":{"SIGNER":[]},"password":"%s"}"""
                .formatted(login, PASSWORD));
        assertThat(created.statusCode()).isIn(201, 409);
        api("PATCH", "/api/v1/accounts/" + login, "{\"roles\":{\"SIGNER\":[]},\"active\":true}");
        Session session = session(login);
        assertThat(call(session, "GET", "/console/review", false).statusCode()).isNotIn(401, 403);
        var changed = api("PATCH", "/api/v1/accounts/" + login, "{\"roles\":{\"OPERATOR\":[]}}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(call(session, "GET", "/console/review", false).statusCode()).isEqualTo(403);
        api("PATCH", "/api/v1/accounts/" + login, "{\"active\":false}");
        assertThat(sentToSignIn(call(session, "GET", "/console/", false))).isTrue();
    }
}
