package org.tongfa.channel.website;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The files of a rendered site as a test compares them: by content, and by identity on disk. */
final class SiteFiles {

    private SiteFiles() {
    }

    /** Every file of the site served from {@code output} (its {@code current} build), path to bytes. */
    static Map<String, String> contents(Path output) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path build = output.resolve(SiteDirectory.CURRENT).toRealPath();
        try (Stream<Path> walk = Files.walk(build)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(build.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    /** The identity on disk (the inode) of every file of the current build: a file written again gets another. */
    static Map<String, Object> identities(Path output) throws IOException {
        Map<String, Object> files = new TreeMap<>();
        Path build = output.resolve(SiteDirectory.CURRENT).toRealPath();
        try (Stream<Path> walk = Files.walk(build)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(build.relativize(file).toString(),
                        Files.readAttributes(file, BasicFileAttributes.class).fileKey());
            }
        }
        return files;
    }

    /** The paths of {@code after} that are new or another file than in {@code before}. */
    static Set<String> rewritten(Map<String, Object> before, Map<String, Object> after) {
        Set<String> paths = new TreeSet<>();
        after.forEach((path, identity) -> {
            if (!identity.equals(before.get(path))) {
                paths.add(path);
            }
        });
        return paths;
    }
}
