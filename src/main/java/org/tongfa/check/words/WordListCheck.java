package org.tongfa.check.words;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.check.Finding;
import org.tongfa.check.TextCheck;
import org.tongfa.check.TextField;

/**
 * The word-list check (敏感词, 错敏字, 规范表述): every term of the lists under
 * {@code tongfa.checks.words.directory}, found in any text field after normalising (full-width forms,
 * Latin case, spaces and punctuation inside a term), reported as the entry says (block or warn) with the
 * correct form as the suggestion.
 *
 * <p>The lists are read at construction: a line that cannot be read stops start-up with the file and line.
 * Afterwards a daemon thread compares the files' modification times every
 * {@code tongfa.checks.words.reload-interval} and reads them again when one changed; a reload that fails
 * logs the file and line and keeps the lists in use. {@link #scan} is thread-safe and never waits for a
 * reload: it reads whichever lists were complete when it began.
 */
@Component
public class WordListCheck implements TextCheck {

    /** The check's name, as in {@link Finding#check()}. */
    public static final String NAME = "words";

    private static final Logger log = LoggerFactory.getLogger(WordListCheck.class);

    private final Path directory;
    private final ScheduledExecutorService watcher;
    private volatile WordLists lists;
    /** The files' names, sizes and modification times when last read (or last tried). */
    private volatile List<String> fingerprint;
    /** Why the last reload failed (file and line), or {@code null} after a good one. */
    private volatile String reloadError;

    /** Reads the lists (failing on a line that cannot be read) and starts watching the directory. */
    public WordListCheck(WordsProperties properties) {
        this.directory = properties.directory();
        this.fingerprint = fingerprint();
        this.lists = load();
        if (Files.isDirectory(directory)) {
            log.info("Word lists: {} terms from {} files in {}", lists.size(), WordListFiles.listFiles(directory)
                    .size(), directory.toAbsolutePath());
        } else {
            log.info("Word lists: the directory {} does not exist, so no word list is checked",
                    directory.toAbsolutePath());
        }
        if (properties.reloadInterval().isZero()) {
            this.watcher = null;
        } else {
            this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "word-lists-reload");
                thread.setDaemon(true);
                return thread;
            });
            long millis = properties.reloadInterval().toMillis();
            watcher.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> scan(String column, List<TextField> fields) {
        WordLists current = lists;
        List<Finding> findings = new ArrayList<>();
        for (TextField field : fields) {
            int from = findings.size();
            current.scan(field, findings);
            findings.subList(from, findings.size()).sort(Comparator.comparingInt(Finding::offset));
        }
        return findings;
    }

    /** How many terms the lists in use hold. */
    public int size() {
        return lists.size();
    }

    /** Why the last reload failed, naming the file and line; empty when the lists in use are the files'. */
    public Optional<String> reloadError() {
        return Optional.ofNullable(reloadError);
    }

    /**
     * Reads the lists again if a file was added, removed or changed since the last reading; on failure
     * logs the file and line and keeps the lists in use (and does not try the same files again until they
     * change).
     *
     * @return whether new lists are in use
     */
    boolean reloadIfChanged() {
        List<String> now = fingerprint();
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        try {
            reload();
            return true;
        } catch (WordListException e) {
            reloadError = e.getMessage();
            log.error("Word lists not reloaded, the {} terms in use stay: {}", lists.size(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            reloadError = String.valueOf(e);
            log.error("Word lists not reloaded, the {} terms in use stay", lists.size(), e);
            return false;
        }
    }

    /** Reads the lists now and uses them; a {@link WordListException} leaves the lists in use. */
    void reload() {
        WordLists loaded = load();
        lists = loaded;
        reloadError = null;
        log.info("Word lists reloaded: {} terms from {}", loaded.size(), directory.toAbsolutePath());
    }

    private WordLists load() {
        return new WordLists(WordListFiles.readAll(directory));
    }

    private List<String> fingerprint() {
        List<String> prints = new ArrayList<>();
        for (Path file : safeList()) {
            try {
                prints.add(file.getFileName() + "\t" + Files.size(file) + "\t" + Files.getLastModifiedTime(file));
            } catch (IOException e) {
                prints.add(file.getFileName() + "\tunreadable");
            }
        }
        return prints;
    }

    private List<Path> safeList() {
        try {
            return WordListFiles.listFiles(directory);
        } catch (WordListException e) {
            return List.of();
        }
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
