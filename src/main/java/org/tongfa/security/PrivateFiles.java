package org.tongfa.security;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only this service's user may read: the data directory (the embedded database lives in it), the
 * generated API token and screen keys. Directories are created {@code rwx------} and files
 * {@code rw-------} from the moment they exist (the mode is given to the system call that creates them,
 * never set afterwards, so there is no moment in which another local user could open them), and
 * a secret is written to a private temporary file and renamed into place, so it is never seen half
 * written. A secret file or directory found with group or other bits is tightened, with a warning that
 * names the path (never the content).
 *
 * <p>On file systems without POSIX permissions (Windows) files are created plainly: their access is
 * governed by the directory's ACL, which this class leaves alone.
 */
public final class PrivateFiles {

    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code directory} and its missing parents owner-only, or tightens it if it exists.
     *
     * @return the directory, absolute
     */
    public static Path directory(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            tighten(absolute);
            return absolute;
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (posix(existing == null ? absolute.getRoot() : existing)) {
            Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(absolute);
        }
        return absolute;
    }

    /**
     * The content of a secret file, stripped, after tightening its mode (and its directory's); empty when
     * the file does not exist.
     */
    public static Optional<String> readSecret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        tighten(file.toAbsolutePath().getParent());
        tighten(file);
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    /**
     * The secret kept in {@code file}, or a new one, generated and written there, when the file is missing
     * or holds fewer than {@code minLength} characters: {@code randomBytes} from {@link SecureRandom},
     * URL-safe base64 without padding. So a generated token or key survives restarts.
     */
    public static String generatedSecret(Path file, int randomBytes, int minLength) throws IOException {
        Optional<String> existing = readSecret(file);
        if (existing.isPresent() && existing.get().length() >= minLength) {
            return existing.get();
        }
        String secret = randomSecret(randomBytes);
        writeSecret(file, secret + "\n");
        return secret;
    }

    /** {@code randomBytes} from {@link SecureRandom}, as URL-safe base64 without padding: a token, a key. */
    public static String randomSecret(int randomBytes) {
        byte[] random = new byte[randomBytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Writes a secret: into a new owner-only file beside {@code file}, flushed to disk, then renamed over
     * {@code file} in one step. The directory is created owner-only if missing.
     */
    public static void writeSecret(Path file, String content) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path dir = directory(target.getParent());
        FileAttribute<?>[] attributes = posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Removes group and other permissions from an existing file or directory (not following a symbolic
     * link), with a warning naming the path. Does nothing on non-POSIX file systems or when the path is
     * missing.
     */
    public static void tighten(Path path) throws IOException {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !posix(path)
                || Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(current);
        open.retainAll(GROUP_AND_OTHERS);
        if (open.isEmpty()) {
            return;
        }
        Set<PosixFilePermission> tightened = EnumSet.noneOf(PosixFilePermission.class);
        tightened.addAll(current);
        tightened.removeAll(GROUP_AND_OTHERS);
        Files.setPosixFilePermissions(path, tightened);
        log.warn("{} was accessible to other local users ({}); tightened to {}", path,
                PosixFilePermissions.toString(current), PosixFilePermissions.toString(tightened));
    }

    /** Whether group or others may access {@code path}; {@code false} on non-POSIX file systems. */
    public static boolean openToOthers(Path path) throws IOException {
        if (!Files.exists(path) || !posix(path)) {
            return false;
        }
        Set<PosixFilePermission> current = EnumSet.noneOf(PosixFilePermission.class);
        current.addAll(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        current.retainAll(GROUP_AND_OTHERS);
        return !current.isEmpty();
    }

    /** Tightens every regular file directly inside {@code directory} whose name matches {@code glob}. */
    public static void tightenAll(Path directory, String glob) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    tighten(file);
                }
            }
        }
    }

    private static boolean posix(Path path) throws IOException {
        return path != null && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
