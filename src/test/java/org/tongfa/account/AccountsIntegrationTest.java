package org.tongfa.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.tongfa.common.AuditEvent;
import org.tongfa.config.TongfaProperties;
import org.tongfa.web.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * Accounts through the API: the first administrator signs in with the generated password, makes people
 * and service accounts with roles on columns and their tokens; the tokens carry the account's roles,
 * stop at once when revoked or when the account is made inactive; refusals name the field; every change
 * is published as an audit event without a secret in it.
 */
class AccountsIntegrationTest extends ApiTestSupport {

    static final String ADMIN = roleToken("ADMIN");

    @Autowired
    TongfaProperties properties;

    @Autowired
    ConfigurableApplicationContext context;

    /** The audit events published while a test runs, on any thread (the server's). */
    final RecordedEvents events = new RecordedEvents();

    static final class RecordedEvents implements ApplicationListener<ApplicationEvent> {

        private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof AuditEvent audit) {
                events.add(audit);
            }
        }

        Stream<AuditEvent> stream() {
            return events.stream();
        }
    }

    @BeforeEach
    void record() {
        multicaster().addApplicationListener(events);
    }

    @AfterEach
    void stopRecording() {
        multicaster().removeApplicationListener(events);
    }

    private ApplicationEventMulticaster multicaster() {
        return context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                ApplicationEventMulticaster.class);
    }

    HttpResponse<String> call(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    String signIn(String login, String password) {
        HttpResponse<String> signedIn = call("POST", "/api/v1/sign-in", null,
                write(Map.of("login", login, "password", password)));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
        assertThat(signedIn.body()).doesNotContain(password);
        return json(signedIn).path("token").asString();
    }

    void createPerson(String login, Map<String, List<String>> roles, String password) {
        HttpResponse<String> created = call("POST", "/api/v1/accounts", ADMIN, write(Map.of("login", login,
                "displayName", "张三", "department", "办公室", "roles", roles, "password", password)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(password).doesNotContain("bcrypt").doesNotContain("password");
    }

    @Test
    void theFirstAdministratorSignsInWithThePasswordWrittenOwnerOnlyToTheDataDirectory() throws Exception {
        Path file = properties.dataDirectory().resolve("admin-password");
        String password = Files.readString(file).strip();
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        String token = signIn("admin", password);
        JsonNode me = json(call("GET", "/api/v1/me", token, null));

        assertThat(me.path("login").asString()).isEqualTo("admin");
        assertThat(me.path("roles").has("ADMIN")).isTrue();
        assertThat(me.path("roles").path("ADMIN").isEmpty()).as("on every column").isTrue();
        assertThat(call("GET", "/api/v1/accounts", token, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonSignsInAndHoldsTheRolesGrantedOnTheirColumnsOnly() {
        createPerson("zhangsan", Map.of("DRAFTER", List.of("notices"), "REVIEWER", List.of()), "Spring-flood-2026");
        String token = signIn("zhangsan", "Spring-flood-2026");

        JsonNode me = json(call("GET", "/api/v1/me", token, null));
        assertThat(me.path("displayName").asString()).isEqualTo("张三");
        assertThat(me.path("department").asString()).isEqualTo("办公室");
        assertThat(me.path("roles").path("DRAFTER").valueStream().map(JsonNode::asString)).containsExactly("notices");
        assertThat(me.path("roles").path("REVIEWER").isEmpty()).isTrue();
        assertThat(call("GET", "/api/v1/items", token, null).statusCode()).isEqualTo(200);
        JsonNode refused = problem(call("GET", "/api/v1/accounts", token, null), 403);
        assertThat(refused.path("detail").asString()).contains("ADMIN");
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.SIGN_IN)
                .map(AuditEvent::actor)).contains("zhangsan");
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.ACCOUNT_CREATE))
                .anySatisfy(e -> assertThat(e.changes()).containsEntry("login", "zhangsan")
                        .containsEntry("roles", "DRAFTER[notices], REVIEWER[*]"));
    }

    @Test
    void aWrongPasswordIsRefusedAlikeForAnUnknownLoginAndPublished() {
        createPerson("lisi", Map.of("SIGNER", List.of()), "Autumn-leaves-77");

        JsonNode wrong = problem(call("POST", "/api/v1/sign-in", null,
                write(Map.of("login", "lisi", "password", "Autumn-leaves-78"))), 401);
        JsonNode unknown = problem(call("POST", "/api/v1/sign-in", null,
                write(Map.of("login", "nobody", "password", "Autumn-leaves-78"))), 401);

        assertThat(wrong.path("detail").asString()).isEqualTo(unknown.path("detail").asString());
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.SIGN_IN_FAILED)
                .map(AuditEvent::actor)).contains("lisi", "nobody");
        assertThat(events.stream().flatMap(e -> e.changes().values().stream()))
                .noneMatch(value -> value.contains("Autumn-leaves"));
    }

    @Test
    void refusalsNameTheFieldAndThePasswordRuleThatFailed() {
        Map<String, Object> account = new java.util.LinkedHashMap<>(Map.of("login", "wangwu", "displayName", "王五",
                "roles", Map.of("DRAFTER", List.of()), "password", "short-1"));
        assertThat(fields(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400))).containsExactly("password");
        account.put("password", "wangwu-is-my-name");
        assertThat(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400).path("detail").asString())
                .contains("login name");
        account.put("password", "abcdefghijklmnop");
        assertThat(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400).path("detail").asString())
                .contains("only letters");
        account.put("password", "A-good-password-9");
        account.put("roles", Map.of("EDITOR", List.of()));
        assertThat(fields(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400))).containsExactly("roles.EDITOR");
        account.put("roles", Map.of("SIGNER", List.of("notices", "no-such-column")));
        assertThat(fields(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400)))
                .containsExactly("roles.SIGNER[1]");
        account.put("roles", Map.of("SIGNER", List.of()));
        account.put("login", "Wang Wu");
        assertThat(fields(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400))).containsExactly("login");
        account.put("login", "wangwu");
        account.remove("displayName");
        assertThat(fields(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 400))).containsExactly("displayName");
        account.put("displayName", "王五");
        assertThat(call("POST", "/api/v1/accounts", ADMIN, write(account)).statusCode()).isEqualTo(201);
        assertThat(problem(call("POST", "/api/v1/accounts", ADMIN, write(account)), 409).path("detail").asString())
                .contains("taken");
    }

    @Test
    void aServiceAccountsTokenIsShownOnceCarriesItsRolesAndStopsWhenRevoked() {
        HttpResponse<String> created = call("POST", "/api/v1/accounts", ADMIN, write(Map.of("login", "cms-import",
                "displayName", "CMS 导入", "service", true, "roles", Map.of("DRAFTER", List.of("notices")))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode token = json(call("POST", "/api/v1/accounts/cms-import/tokens", ADMIN, write(Map.of("name", "nightly"))));
        String secret = token.path("token").asString();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);

        assertThat(call("GET", "/api/v1/items", secret, null).statusCode()).isEqualTo(200);
        assertThat(problem(call("POST", "/api/v1/items/" + SAMPLE + "/retract", secret, null), 403)
                .path("detail").asString()).contains("SIGNER");
        HttpResponse<String> listed = call("GET", "/api/v1/accounts/cms-import/tokens", ADMIN, null);
        assertThat(listed.body()).contains("nightly").doesNotContain(secret);
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.TOKEN_CREATE))
                .anySatisfy(e -> assertThat(e.changes()).containsEntry("login", "cms-import").doesNotContainValue(secret));

        HttpResponse<String> revoked = call("DELETE", "/api/v1/accounts/cms-import/tokens/" + token.path("id").asString(),
                ADMIN, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).path("revokedBy").asString()).isEqualTo("as-admin");
        assertThat(call("GET", "/api/v1/items", secret, null).statusCode()).isEqualTo(401);
        assertThat(events.stream().map(AuditEvent::action)).contains(AuditEvent.Action.TOKEN_REVOKE);
    }

    @Test
    void anInactiveAccountsTokensStopAtOnceAndItCannotSignIn() {
        createPerson("zhaoliu", Map.of("REVIEWER", List.of()), "Quiet-river-2026");
        String token = signIn("zhaoliu", "Quiet-river-2026");
        assertThat(call("GET", "/api/v1/me", token, null).statusCode()).isEqualTo(200);

        HttpResponse<String> changed = call("PATCH", "/api/v1/accounts/zhaoliu", ADMIN, write(Map.of("active", false)));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

        assertThat(call("GET", "/api/v1/me", token, null).statusCode()).isEqualTo(401);
        assertThat(problem(call("POST", "/api/v1/sign-in", null,
                write(Map.of("login", "zhaoliu", "password", "Quiet-river-2026"))), 401).path("detail").asString())
                .contains("inactive");
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.ACCOUNT_CHANGE))
                .anySatisfy(e -> assertThat(e.changes()).containsEntry("active", "true -> false"));
    }

    @Test
    void anAdministratorChangesRolesAndResetsAPassword() {
        createPerson("sunqi", Map.of("DRAFTER", List.of()), "First-password-1");
        HttpResponse<String> changed = call("PATCH", "/api/v1/accounts/sunqi", ADMIN,
                write(Map.of("roles", Map.of("SIGNER", List.of("notices")), "displayName", "孙七")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(json(changed).path("roles").has("DRAFTER")).isFalse();
        assertThat(json(changed).path("displayName").asString()).isEqualTo("孙七");

        assertThat(call("PUT", "/api/v1/accounts/sunqi/password", ADMIN, write(Map.of("password", "Second-password-2")))
                .statusCode()).isEqualTo(204);
        assertThat(call("POST", "/api/v1/sign-in", null, write(Map.of("login", "sunqi", "password", "First-password-1")))
                .statusCode()).isEqualTo(401);
        String token = signIn("sunqi", "Second-password-2");
        assertThat(json(call("GET", "/api/v1/me", token, null)).path("roles").has("SIGNER")).isTrue();
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.PASSWORD_CHANGE))
                .anySatisfy(e -> assertThat(e.changes()).containsOnlyKeys("login"));
        problem(call("PATCH", "/api/v1/accounts/nobody", ADMIN, write(Map.of("active", false))), 404);
    }

    @Test
    void aPersonChangesTheirOwnPasswordProvingTheCurrentOne() {
        createPerson("zhouba", Map.of("DRAFTER", List.of()), "Old-password-88");
        String token = signIn("zhouba", "Old-password-88");

        assertThat(fields(problem(call("PUT", "/api/v1/me/password", token,
                write(Map.of("currentPassword", "Not-it-88888", "password", "New-password-99"))), 400)))
                .containsExactly("currentPassword");
        assertThat(fields(problem(call("PUT", "/api/v1/me/password", token,
                write(Map.of("currentPassword", "Old-password-88", "password", "too-short"))), 400)))
                .containsExactly("password");
        assertThat(call("PUT", "/api/v1/me/password", token,
                write(Map.of("currentPassword", "Old-password-88", "password", "New-password-99"))).statusCode())
                .isEqualTo(204);

        signIn("zhouba", "New-password-99");
        assertThat(events.stream().filter(e -> e.action() == AuditEvent.Action.PASSWORD_CHANGE).map(AuditEvent::actor))
                .contains("zhouba");
        problem(call("PUT", "/api/v1/me/password", TOKEN,
                write(Map.of("currentPassword", "x", "password", "New-password-99"))), 409);
    }

    @Test
    void aConfiguredTokenIsItsOwnCaller() {
        JsonNode me = json(call("GET", "/api/v1/me", TOKEN, null));

        assertThat(me.path("login").asString()).isEqualTo("editor");
        assertThat(me.path("roles").has("SIGNER")).isTrue();
        assertThat(me.path("roles").has("ADMIN")).isFalse();
        assertThat(call("GET", "/api/v1/me", null, null).statusCode()).isEqualTo(401);
    }

    static final String SAMPLE = "00000000-0000-4000-8000-000000000000";
}
