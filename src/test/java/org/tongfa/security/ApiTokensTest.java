package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;

/** Bearer tokens: configured ones by name, or one generated and kept when none is configured. */
class ApiTokensTest {

    @TempDir
    Path data;

    private TongfaProperties properties(Map<String, String> tokens) {
        return properties(tokens, Map.of(), Map.of());
    }

    private TongfaProperties properties(Map<String, String> tokens, Map<String, List<String>> roles,
            Map<String, List<String>> columns) {
        return new TongfaProperties(URI.create("http://localhost:8080"), "test-node", data,
                Map.of("news", new TongfaProperties.Column("工作动态", List.of("archive"), List.of(), false)),
                Map.of("archive", new TongfaProperties.ChannelSettings("folder", true, true, 1, List.of())),
                new TongfaProperties.Api(tokens, roles, columns, java.time.Duration.ofHours(8), DataSize.ofMegabytes(1)), null, null,
                new TongfaProperties.Sanitizer(List.of()));
    }

    @Test
    void aConfiguredTokenNamesItsActorAndNothingElseMatches() throws Exception {
        ApiTokens tokens = new ApiTokens(properties(Map.of("editor", " s3cret ", "robot", "other", "blank", " ")));

        assertThat(tokens.nameOf("s3cret")).hasValue("editor");
        assertThat(tokens.nameOf("other")).hasValue("robot");
        assertThat(tokens.nameOf("")).isEmpty();
        assertThat(tokens.nameOf(" ")).isEmpty();
        assertThat(tokens.nameOf("s3cre")).isEmpty();
        assertThat(tokens.nameOf("S3CRET")).isEmpty();
        assertThat(data.resolve("api-token")).doesNotExist();
    }

    @Test
    void withNoTokenOneIsGeneratedReadableByItsOwnerOnlyAndKeptAcrossRestarts() throws Exception {
        ApiTokens first = new ApiTokens(properties(Map.of("editor", "")));
        Path file = data.resolve("api-token");
        String token = Files.readString(file).strip();

        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(first.nameOf(token)).hasValue("local");
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        ApiTokens restarted = new ApiTokens(properties(Map.of()));
        assertThat(restarted.nameOf(token)).hasValue("local");
        assertThat(Files.readString(file).strip()).isEqualTo(token);
    }

    private static Caller callerOf(ApiTokens tokens, String token) {
        return Caller.of(tokens.authenticate(new BearerToken(token))).orElseThrow();
    }

    @Test
    void aTokenWithoutConfiguredRolesHoldsEveryRoleButAdminOnEveryColumn() throws Exception {
        Caller editor = callerOf(new ApiTokens(properties(Map.of("editor", "s3cret"))), "s3cret");

        assertThat(editor.login()).isEqualTo("editor");
        assertThat(editor.grants().keySet()).isEqualTo(Roles.SERVICE_ROLES).doesNotContain(Role.ADMIN);
        assertThat(editor.holds(Role.SIGNER, "news")).isTrue();
    }

    @Test
    void aTokenHoldsTheRolesAndColumnsConfiguredBesideIt() throws Exception {
        ApiTokens tokens = new ApiTokens(properties(Map.of("cms", "cms-token", "root", "root-token"),
                Map.of("cms", List.of("DRAFTER", " REVIEWER"), "root", List.of("ADMIN")), Map.of("cms", List.of("news"))));

        Caller cms = callerOf(tokens, "cms-token");
        assertThat(cms.grants()).isEqualTo(Map.of(Role.DRAFTER, java.util.Set.of("news"), Role.REVIEWER,
                java.util.Set.of("news")));
        assertThat(cms.holds(Role.DRAFTER, "other")).isFalse();
        assertThat(callerOf(tokens, "root-token").grants()).isEqualTo(Map.of(Role.ADMIN, java.util.Set.of()));
    }

    @Test
    void anUnknownRoleOrColumnOrARoleWithoutATokenStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> new ApiTokens(properties(Map.of("cms", "t"), Map.of("cms", List.of("DRAFTER", "EDITOR")),
                Map.of()))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.api.token-roles.cms[1]: unknown role 'EDITOR'");
        assertThatThrownBy(() -> new ApiTokens(properties(Map.of("cms", "t"), Map.of(), Map.of("cms", List.of("nope")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.api.token-columns.cms[0]: unknown column 'nope'");
        assertThatThrownBy(() -> new ApiTokens(properties(Map.of("cms", "t"), Map.of("cm", List.of("DRAFTER")), Map.of())))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("tongfa.api.token-roles.cm: there is no token tongfa.api.tokens.cm");
    }

    @Test
    void tokensAndTheirRolesAreReadFromTheEnvironment() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "TONGFA_API_TOKENS_CMS", "cms-token", "TONGFA_API_TOKENROLES_CMS", "DRAFTER,SIGNER",
                "TONGFA_API_TOKENCOLUMNS_CMS", "news"));
        TongfaProperties.Api api = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment))
                .bindOrCreate("tongfa.api", TongfaProperties.Api.class);

        assertThat(api.tokens()).containsEntry("cms", "cms-token");
        assertThat(api.tokenRoles()).containsEntry("cms", List.of("DRAFTER", "SIGNER"));
        assertThat(api.tokenColumns()).containsEntry("cms", List.of("news"));
    }
}
