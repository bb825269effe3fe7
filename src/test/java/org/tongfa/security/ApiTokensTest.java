package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import org.tongfa.config.TongfaProperties;

/** Bearer tokens: configured ones by name, or one generated and kept when none is configured. */
class ApiTokensTest {

    @TempDir
    Path data;

    private TongfaProperties properties(Map<String, String> tokens) {
        return new TongfaProperties(URI.create("http://localhost:8080"), "test-node", data,
                Map.of("news", new TongfaProperties.Column("工作动态", List.of("archive"), List.of(), false)),
                Map.of("archive", new TongfaProperties.ChannelSettings("folder", true, true, 1, List.of())),
                new TongfaProperties.Api(tokens, DataSize.ofMegabytes(1)), null, null,
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
}
