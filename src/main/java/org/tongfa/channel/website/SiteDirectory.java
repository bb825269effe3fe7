package org.tongfa.channel.website;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The rendered site on disk. Each rendering goes into a fresh directory under {@code builds/}; then the
 * symbolic link {@code current} is replaced in one atomic rename, so a reader (this service or any web
 * server whose document root is {@code current}) sees either the old site or the new one, never a mix.
 * The build before the current one is kept, so a reader still walking it is not cut off; older ones go.
 */
final class SiteDirectory {

    static final String CURRENT = "current";
    static final String BUILDS = "builds";

    private final Path root;

    SiteDirectory(Path root) {
        this.root = root;
    }

    /** Creates the directory and checks it can hold a site. */
    void prepare() throws IOException {
        Files.createDirectories(root.resolve(BUILDS));
        if (!Files.isWritable(root)) {
            throw new IOException(root + " is not writable");
        }
    }

    /** The complete site being served now, or {@code null} before the first rendering. */
    Path current() {
        Path current = root.resolve(CURRENT);
        return Files.isDirectory(current) ? current : null;
    }

    /** Writes {@code files} as a new build and makes it current atomically. */
    void publish(long revision, Map<String, byte[]> files) throws IOException {
        publish(revision, files, java.util.Set.of());
    }

    /**
     * Writes {@code files} as a new build and makes it current atomically; the paths in
     * {@code unchanged} are hard-linked from the current build instead of written again.
     */
    void publish(long revision, Map<String, byte[]> files, java.util.Set<String> unchanged) throws IOException {
        prepare();
        Path before = current() == null ? null : root.resolve(CURRENT).toRealPath();
        String name = String.format("%012d-%s", revision, UUID.randomUUID());
        Path build = root.resolve(BUILDS).resolve(name);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = build.resolve(file.getKey()).normalize();
            if (!target.startsWith(build)) {
                throw new IOException("refusing to write outside the build: " + file.getKey());
            }
            Files.createDirectories(target.getParent());
            if (before != null && unchanged.contains(file.getKey()) && link(target, before.resolve(file.getKey()))) {
                continue;
            }
            Files.write(target, file.getValue());
        }
        Path link = root.resolve(".current-" + name);
        Files.createSymbolicLink(link, root.relativize(build));
        Path previous = Files.isSymbolicLink(root.resolve(CURRENT)) ? Files.readSymbolicLink(root.resolve(CURRENT)) : null;
        try {
            Files.move(link, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(link);
            throw new IOException("the output directory's file system cannot rename atomically", e);
        }
        removeOldBuilds(build, previous == null ? null : root.resolve(previous).normalize());
    }

    /** Hard-links {@code existing} at {@code target}; false when that is not possible here. */
    private static boolean link(Path target, Path existing) {
        try {
            Files.createLink(target, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // not there any more, or no hard links on this file system: write instead
        }
    }

    private void removeOldBuilds(Path current, Path previous) throws IOException {
        List<Path> builds;
        try (Stream<Path> list = Files.list(root.resolve(BUILDS))) {
            builds = list.toList();
        }
        for (Path build : builds) {
            if (!build.equals(current) && !build.equals(previous)) {
                deleteTree(build);
            }
        }
    }

    private static void deleteTree(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover build is harmless: the next rendering tries again
        }
    }
}
