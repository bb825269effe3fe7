package org.tongfa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Secret files and the data directory are private from the moment they exist, and tightened if found open. */
class PrivateFilesTest {

    @TempDir
    Path root;

    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void posixOnlyAndCaptureWarnings() {
        assumeTrue(Files.getFileAttributeView(root, PosixFileAttributeView.class) != null, "POSIX file system");
        logged.start();
        ((Logger) LoggerFactory.getLogger(PrivateFiles.class)).addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger(PrivateFiles.class)).detachAppender(logged);
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void createsTheDirectoryAndItsMissingParentsOwnerOnly() throws IOException {
        Path data = root.resolve("srv").resolve("data");

        PrivateFiles.directory(data);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.getParent())).isEqualTo("rwx------");
    }

    @Test
    void writesASecretOwnerOnlyAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = root.resolve("data").resolve("screen-keys").resolve("lobby");

        PrivateFiles.writeSecret(file, "first-secret\n");
        PrivateFiles.writeSecret(file, "second-secret\n");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(Files.readString(file)).isEqualTo("second-secret\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void tightensASecretFoundReadableByOthersAndNamesOnlyItsPath() throws IOException {
        Path dir = Files.createDirectories(root.resolve("data"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("api-token"), "the-secret-token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(PrivateFiles.readSecret(file)).hasValue("the-secret-token");

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains(file.toString(), "rw-r--r--", "rw-------"))
                .noneSatisfy(message -> assertThat(message).contains("the-secret-token"));
    }

    @Test
    void leavesAPrivateFileAloneWithoutAWarning() throws IOException {
        Path file = root.resolve("data").resolve("api-token");
        PrivateFiles.writeSecret(file, "token\n");

        PrivateFiles.readSecret(file);

        assertThat(logged.list).isEmpty();
    }

    @Test
    void readsNothingFromAMissingFile() throws IOException {
        assertThat(PrivateFiles.readSecret(root.resolve("nothing"))).isEmpty();
    }

    @Test
    void generatesASecretOnceAndKeepsItAcrossCalls() throws IOException {
        Path file = root.resolve("data").resolve("api-token");

        String first = PrivateFiles.generatedSecret(file, 32, 1);

        assertThat(first).hasSize(43).matches("[A-Za-z0-9_-]+"); // 32 bytes in URL-safe base64, no padding
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(first + "\n");
        assertThat(PrivateFiles.generatedSecret(file, 32, 1)).isEqualTo(first);
    }

    @Test
    void replacesAKeptSecretShorterThanTheMinimum() throws IOException {
        Path file = root.resolve("data").resolve("screen-keys").resolve("lobby");
        PrivateFiles.writeSecret(file, "short\n");

        String key = PrivateFiles.generatedSecret(file, 24, 16);

        assertThat(key).hasSize(32).isNotEqualTo("short");
        assertThat(PrivateFiles.readSecret(file)).hasValue(key);
    }
}
