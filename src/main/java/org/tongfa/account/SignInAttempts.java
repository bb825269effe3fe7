package org.tongfa.account;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lock-out after repeated failed sign-ins, designed so that it slows a guesser without handing anyone a
 * way to lock an account for good.
 *
 * <ul>
 *   <li>Failures are counted per login name <em>and</em> source address (an IPv6 address by its /64,
 *       which one machine usually holds whole). Someone guessing from elsewhere locks only their own
 *       address out of that account: the owner at their own address still signs in. A login name that
 *       does not exist is counted the same way, so the answers do not tell which accounts exist.</li>
 *   <li>{@value #FREE_FAILURES} failures are allowed; each further one locks the pair for a time that
 *       doubles from {@link #FIRST_LOCK} and is capped at {@link #MAX_LOCK}: a lock always ends, and a
 *       guesser gets about {@code 4 x 24} tries a day per address once it is capped.</li>
 *   <li>While locked, a sign-in is refused without the password being checked (so a lock cannot be used
 *       to test guesses), and it is not counted (so the lock's length stays bounded).</li>
 *   <li>A success clears the pair; a pair quiet for {@link #FORGET_AFTER} is forgotten, which also
 *       bounds the table an attacker can fill with invented names.</li>
 * </ul>
 *
 * The trade-off: a guesser with many addresses gets many tries. The password policy (length at least
 * 12) and bcrypt's cost per guess are what hold there; a per-account lock would stop that guesser, but
 * would also let anyone lock every account forever.
 */
@Component
class SignInAttempts {

    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final Clock clock;

    SignInAttempts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Until when the pair is locked, if it is locked now. */
    Optional<Instant> lockedUntil(String login, String address) {
        Instant now = clock.instant();
        return jdbc.sql("SELECT locked_until FROM sign_in_failure WHERE login = :login AND source_address = :address")
                .param("login", key(login)).param("address", source(address))
                .query((rs, row) -> Optional.ofNullable(instant(rs, "locked_until"))).optional()
                .flatMap(until -> until).filter(now::isBefore);
    }

    /**
     * Counts a failure of the pair (the caller holds the transaction).
     *
     * @return the end of the lock this failure started, if it started one
     */
    Optional<Instant> failed(String login, String address) {
        Instant now = clock.instant();
        String name = key(login);
        String source = source(address);
        jdbc.sql("DELETE FROM sign_in_failure WHERE last_failure_at < :before").param("before", ts(now.minus(FORGET_AFTER)))
                .update();
        if (increment(name, source, now) == 0) {
            try {
                jdbc.sql("INSERT INTO sign_in_failure (login, source_address, failures, last_failure_at) "
                                + "VALUES (:login, :address, 1, :now)")
                        .param("login", name).param("address", source).param("now", ts(now)).update();
            } catch (DuplicateKeyException concurrentFailure) {
                increment(name, source, now);
            }
        }
        int failures = jdbc.sql("SELECT failures FROM sign_in_failure WHERE login = :login AND source_address = :address")
                .param("login", name).param("address", source).query(Integer.class).single();
        if (failures <= FREE_FAILURES) {
            return Optional.empty();
        }
        Instant until = now.plus(lockFor(failures));
        jdbc.sql("UPDATE sign_in_failure SET locked_until = :until WHERE login = :login AND source_address = :address")
                .param("login", name).param("address", source).param("until", ts(until)).update();
        return Optional.of(until);
    }

    private int increment(String login, String source, Instant now) {
        return jdbc.sql("UPDATE sign_in_failure SET failures = failures + 1, last_failure_at = :now "
                        + "WHERE login = :login AND source_address = :address")
                .param("login", login).param("address", source).param("now", ts(now)).update();
    }

    /** Forgets the pair's failures after a successful sign-in. */
    void succeeded(String login, String address) {
        jdbc.sql("DELETE FROM sign_in_failure WHERE login = :login AND source_address = :address")
                .param("login", key(login)).param("address", source(address)).update();
    }

    /** The lock after the {@code failures}th failure: doubling from {@link #FIRST_LOCK}, capped at {@link #MAX_LOCK}. */
    static Duration lockFor(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES - 1, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << Math.max(doublings, 0));
        return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
    }

    /** The login name as counted: as presented, cut to the column's width. */
    private static String key(String login) {
        String name = login == null ? "" : login.strip();
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** The source address as counted: an IPv6 address by its /64 prefix, anything else as given. */
    static String source(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (address.indexOf(':') >= 0) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
                    Arrays.fill(prefix, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
                return parsed.getHostAddress();
            } catch (UnknownHostException notALiteral) {
                // fall through: counted as given
            }
        }
        return address.length() > 64 ? address.substring(0, 64) : address;
    }
}
