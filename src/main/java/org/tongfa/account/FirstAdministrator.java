package org.tongfa.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.PrivateFiles;
import org.tongfa.security.Role;

/**
 * The first start with no account at all creates one administrator, {@value #LOGIN} (ADMIN on every
 * column), with a random password written to {@code <data-directory>/admin-password}, a file created
 * readable by its owner only ({@link PrivateFiles}); the log says where, never what. Later starts, with
 * any account, do nothing.
 *
 * <p>Two nodes starting at once on one empty database both try: the account's insert and the file's
 * writing are one transaction, the primary key lets one insert win, and the loser, refused before it
 * has written anything, goes on quietly. A file that cannot be written rolls the account back, so there
 * is never an administrator whose password nobody has.
 */
@Component
class FirstAdministrator implements ApplicationRunner {

    static final String LOGIN = "admin";
    static final String FILE = "admin-password";

    private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);

    private final AccountStore store;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Path file;

    FirstAdministrator(AccountStore store, PasswordEncoder passwords, TransactionTemplate transaction,
            ApplicationEventPublisher events, Clock clock, TongfaProperties properties) {
        this.store = store;
        this.passwords = passwords;
        this.transaction = transaction;
        this.events = events;
        this.clock = clock;
        this.file = properties.dataDirectory().resolve(FILE).toAbsolutePath().normalize();
    }

    @Override
    public void run(ApplicationArguments arguments) {
        createIfNoAccount();
    }

    /** Creates the administrator when there is no account; whether this call created it. */
    boolean createIfNoAccount() {
        if (store.anyAccount()) {
            return false;
        }
        // 18 random bytes are 24 characters of letters, digits, '-' and '_'; the frame makes sure of the policy's classes.
        String password = "Tf-" + PrivateFiles.randomSecret(18) + "9";
        Instant now = clock.instant();
        Map<Role, Set<String>> everything = new EnumMap<>(Role.class);
        everything.put(Role.ADMIN, Set.of());
        Account admin = new Account(LOGIN, "管理员", null, Account.Kind.PERSON, true, everything, now, now);
        try {
            transaction.executeWithoutResult(status -> {
                store.insert(admin, passwords.encode(password));
                events.publishEvent(new AuditEvent(AuditEvent.Action.ACCOUNT_CREATE, null, null, null, null,
                        Map.of("login", LOGIN, "roles", Accounts.describe(everything), "reason", "first start")));
                try {
                    PrivateFiles.writeSecret(file, password + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (DuplicateKeyException anotherNodeWasFirst) {
            return false;
        } catch (RuntimeException failed) {
            deleteQuietly();
            throw failed;
        }
        log.warn("Created the first administrator '{}'; its password is in {}: sign in, then make the real accounts",
                LOGIN, file);
        return true;
    }

    /** A file written in a transaction that then failed to commit holds a password of no account. */
    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the start-up fails anyway, with the cause that matters
        }
    }
}
