package org.tongfa.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Makes the data directory private before anything writes into it: creates it {@code rwx------} (or
 * tightens an existing one), and tightens an embedded H2 file database's existing files (and its
 * directory, when that is inside the data directory or created here). Runs when the application
 * context is prepared, before any bean, so before the DataSource opens the database (H2 creates its
 * files under the umask, usually {@code rw-r--r--}; inside a private directory no other local user
 * can reach them).
 *
 * <p>Registered in {@code META-INF/spring.factories}, so it runs for every start, tests included.
 */
public class DataDirectoryGuard implements ApplicationListener<ApplicationPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DataDirectoryGuard.class);

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        Path data = Path.of(environment.getProperty("tongfa.data-directory", "./data")).toAbsolutePath().normalize();
        try {
            PrivateFiles.directory(data);
        } catch (IOException e) {
            throw new UncheckedIOException("tongfa.data-directory: cannot create " + data.toAbsolutePath()
                    + " readable by this user only: " + e.getMessage(), e);
        }
        Optional<Path> database = h2File(environment.getProperty("spring.datasource.url", ""));
        if (database.isPresent()) {
            Path file = database.get().toAbsolutePath().normalize();
            try {
                // A directory of our own is made private; an existing one elsewhere (a home directory,
                // say) is the operator's: only the database's own files are tightened there.
                if (file.startsWith(data) || !Files.exists(file.getParent())) {
                    PrivateFiles.directory(file.getParent());
                } else if (PrivateFiles.openToOthers(file.getParent())) {
                    log.warn("The H2 database {} is outside tongfa.data-directory and {} is open to other local "
                            + "users: new database files are created under the umask", file, file.getParent());
                }
                PrivateFiles.tightenAll(file.getParent(), file.getFileName() + ".*");
            } catch (IOException e) {
                throw new UncheckedIOException("spring.datasource.url: cannot make " + file.getParent()
                        + " readable by this user only: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The file path (without H2's suffixes) of an embedded H2 file database URL such as
     * {@code jdbc:h2:file:./data/tongfa;WRITE_DELAY=0} or {@code jdbc:h2:./data/tongfa}; empty for
     * in-memory, server and other databases.
     */
    static Optional<Path> h2File(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int parameters = rest.indexOf(';');
        if (parameters >= 0) {
            rest = rest.substring(0, parameters);
        }
        if (rest.regionMatches(true, 0, "file:", 0, 5)) {
            rest = rest.substring(5);
        } else if (rest.matches("(?i)[a-z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, nio... : not a plain local file
        }
        if (rest.isBlank()) {
            return Optional.empty();
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return Optional.of(Path.of(rest));
    }
}
