package org.tongfa.channel.website;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The rendered site on disk. A whole rendering goes into a fresh directory under {@code builds/}; then
 * the symbolic link {@code current} is replaced in one atomic rename, so a reader (this service or any
 * web server whose document root is {@code current}) sees either the old site or the new one, never a
 * mix. The build before the current one is kept, so a reader still walking it is not cut off; older
 * ones go.
 *
 * <p>A delivery's few changed pages are written into the current build instead ({@link #update}), each
 * to a scratch file first and then renamed over the old one in one atomic step, so every file a reader
 * gets is complete: the old page or the new one. The renderer orders the files so that no page links to
 * one not written yet, and pages are removed only after the pages linking to them were rewritten.
 */
final class SiteDirectory {

    static final String CURRENT = "current";
    static final String BUILDS = "builds";
    /** Where a file is written before it is renamed into the current build: same file system, never served. */
    static final String SCRATCH = "scratch";

    private final Path root;

    SiteDirectory(Path root) {
        this.root = root;
    }

    /** Creates the directory and checks it can hold a site. */
    void prepare() throws IOException {
        Files.createDirectories(root.resolve(BUILDS));
        Files.createDirectories(root.resolve(SCRATCH));
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
        prepare();
        deleteTree(root.resolve(SCRATCH), false); // what an interrupted update left
        String name = String.format("%012d-%s", revision, UUID.randomUUID());
        Path build = root.resolve(BUILDS).resolve(name);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = inside(build, file.getKey());
            Files.createDirectories(target.getParent());
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

    /**
     * Changes the current build in place: writes {@code files} one by one in their order, each replacing
     * its old version atomically, then removes the {@code removed} paths.
     *
     * @throws IllegalStateException before the first {@link #publish}
     */
    void update(Map<String, byte[]> files, Collection<String> removed) throws IOException {
        Path current = current();
        if (current == null) {
            throw new IllegalStateException("no site to update");
        }
        Path build = current.toRealPath();
        Path scratch = Files.createDirectories(root.resolve(SCRATCH));
        Set<Path> directories = new HashSet<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = inside(build, file.getKey());
            if (directories.add(target.getParent())) {
                Files.createDirectories(target.getParent());
            }
            // Not Files.createTempFile: its owner-only permissions would hide the page from a web server.
            Path written = Files.write(scratch.resolve(UUID.randomUUID().toString()), file.getValue(),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(written);
                throw e;
            }
        }
        for (String path : removed) {
            Files.deleteIfExists(inside(build, path));
        }
    }

    private static Path inside(Path build, String path) throws IOException {
        Path target = build.resolve(path).normalize();
        if (!target.startsWith(build)) {
            throw new IOException("refusing to write outside the build: " + path);
        }
        return target;
    }

    private void removeOldBuilds(Path current, Path previous) throws IOException {
        List<Path> builds;
        try (Stream<Path> list = Files.list(root.resolve(BUILDS))) {
            builds = list.toList();
        }
        for (Path build : builds) {
            if (!build.equals(current) && !build.equals(previous)) {
                deleteTree(build, true);
            }
        }
    }

    /** Deletes what is under {@code path}, and {@code path} itself if {@code itself}. */
    private static void deleteTree(Path path, boolean itself) {
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).filter(p -> itself || !p.equals(path)).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover build is harmless: the next rendering tries again
        }
    }
}
