package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tongfa.TongfaApplication;

/**
 * A whole start on an embedded H2 file database: the data directory, the database's files and every
 * generated secret end up readable by this user only, and files found open from an earlier version are
 * tightened.
 */
class DataDirectoryGuardTest {

    @TempDir
    Path root;

    /** Tongfa on an H2 file database in {@code data}, with no API token configured (so one is generated). */
    ConfigurableApplicationContext start(Path data, String... extra) {
        List<String> props = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=jdbc:h2:file:" + data.resolve("tongfa") + ";DB_CLOSE_ON_EXIT=FALSE",
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                "tongfa.data-directory=" + data,
                "tongfa.channels.archive.directory=" + root.resolve("archive"),
                "tongfa.channels.website.output-directory=" + root.resolve("site"),
                "tongfa.api.tokens.editor=",
                "tongfa.node-id=guard-test",
                "spring.quartz.properties.org.quartz.scheduler.instanceName=guard-" + UUID.randomUUID()));
        props.addAll(List.of(extra));
        return new SpringApplicationBuilder(TongfaApplication.class)
                .run(props.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void parsesTheFileOfAnEmbeddedH2Url() {
        assertThat(DataDirectoryGuard.h2File("jdbc:h2:file:./data/tongfa;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"))
                .hasValue(Path.of("./data/tongfa"));
        assertThat(DataDirectoryGuard.h2File("jdbc:h2:/var/lib/tongfa/db")).hasValue(Path.of("/var/lib/tongfa/db"));
        assertThat(DataDirectoryGuard.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(DataDirectoryGuard.h2File("jdbc:h2:tcp://db/tongfa")).isEmpty();
        assertThat(DataDirectoryGuard.h2File("jdbc:postgresql://db/tongfa")).isEmpty();
    }

    @Test
    void aStartLeavesTheDataDirectoryTheDatabaseAndEverySecretPrivate() throws IOException {
        assumeTrue(Files.getFileAttributeView(root, PosixFileAttributeView.class) != null, "POSIX file system");
        // As an earlier version left it: everything readable by everyone.
        Path data = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path token = Files.writeString(data.resolve("api-token"), "an-old-generated-token-0123456789\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        Path keys = Files.createDirectories(data.resolve("screen-keys"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path trace = Files.writeString(data.resolve("tongfa.trace.db"), "");
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));

        try (ConfigurableApplicationContext app = start(data, "tongfa.screens.lobby.key=")) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(token)).isEqualTo("rw-------");
            assertThat(Files.readString(token).strip()).as("kept").isEqualTo("an-old-generated-token-0123456789");
            assertThat(mode(trace)).isEqualTo("rw-------");
            assertThat(mode(keys)).isEqualTo("rwx------");
            assertThat(mode(keys.resolve("lobby"))).isEqualTo("rw-------");
            assertThat(data.resolve("tongfa.mv.db")).exists();
        }
    }

    @Test
    void aFirstStartCreatesTheDataDirectoryPrivateBeforeTheDatabaseIsOpened() throws IOException {
        assumeTrue(Files.getFileAttributeView(root, PosixFileAttributeView.class) != null, "POSIX file system");
        Path data = root.resolve("fresh").resolve("data");

        try (ConfigurableApplicationContext app = start(data)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("api-token"))).isEqualTo("rw-------");
            assertThat(data.resolve("tongfa.mv.db")).exists();
        }
    }
}
