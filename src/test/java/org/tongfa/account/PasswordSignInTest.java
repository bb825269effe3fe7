package org.tongfa.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;
import org.tongfa.support.MutableClock;
import org.tongfa.support.TestDatabases;

/**
 * Password sign-in and its lock-out, on a real database and a clock the test moves: five failures are
 * free, the sixth locks the login for that address for a minute, each later one doubles the lock up to
 * fifteen minutes, the owner elsewhere is not locked out, and an unknown login is treated the same.
 */
class PasswordSignInTest {

    static final String PASSWORD = "Correct-horse-42";
    static final String HOME = "203.0.113.7";
    static final String ATTACKER = "198.51.100.9";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    final List<AuditEvent> events = new ArrayList<>();
    final PasswordEncoder encoder = new BCryptPasswordEncoder(4);
    PasswordSignIn signIn;

    void start(String database) {
        DataSource data = TestDatabases.migrated(database.equals("h2") ? TestDatabases.h2Url() : TestDatabases.postgresUrl());
        JdbcClient jdbc = JdbcClient.create(data);
        AccountStore store = new AccountStore(jdbc);
        store.insert(new Account("zhangsan", "张三", null, Account.Kind.PERSON, true,
                Map.of(Role.DRAFTER, java.util.Set.of()), clock.instant(), clock.instant()), encoder.encode(PASSWORD));
        signIn = new PasswordSignIn(store, new SignInAttempts(jdbc, clock), encoder,
                new TransactionTemplate(new DataSourceTransactionManager(data)), event -> events.add((AuditEvent) event));
    }

    Authentication attempt(String login, String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(login, password);
        token.setDetails(address);
        return signIn.authenticate(token);
    }

    void fail(int times, String login, String address) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> attempt(login, "wrong-password-1", address)).isInstanceOf(BadCredentialsException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theSixthFailureLocksTheLoginAtThatAddressForAMinuteAndNotElsewhere(String database) {
        start(database);
        fail(5, "zhangsan", ATTACKER);
        assertThat(events).noneMatch(e -> e.action() == AuditEvent.Action.ACCOUNT_LOCK);
        fail(1, "zhangsan", ATTACKER);

        assertThat(events).filteredOn(e -> e.action() == AuditEvent.Action.ACCOUNT_LOCK).singleElement()
                .satisfies(e -> assertThat(e.changes()).containsEntry("login", "zhangsan")
                        .containsEntry("lockedUntil", "2026-12-01T08:01:00Z"));
        assertThatThrownBy(() -> attempt("zhangsan", PASSWORD, ATTACKER)).isInstanceOf(LockedException.class)
                .hasMessageContaining("2026-12-01T08:01:00Z");
        Authentication owner = attempt("zhangsan", PASSWORD, HOME);
        assertThat(Caller.of(owner)).hasValueSatisfying(caller -> assertThat(caller.login()).isEqualTo("zhangsan"));

        clock.advance(Duration.ofSeconds(61));
        assertThat(attempt("zhangsan", PASSWORD, ATTACKER).isAuthenticated()).isTrue();
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToFifteenMinutes() {
        start("h2");
        fail(6, "zhangsan", ATTACKER);
        List<Duration> locks = new ArrayList<>();
        Instant before = clock.instant();
        for (int i = 0; i < 6; i++) {
            Instant until = lockEnd();
            locks.add(Duration.between(before, until));
            clock.advance(Duration.between(clock.instant(), until).plusSeconds(1));
            before = clock.instant();
            fail(1, "zhangsan", ATTACKER);
        }

        assertThat(locks).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(15), Duration.ofMinutes(15));
    }

    private Instant lockEnd() {
        return events.stream().filter(e -> e.action() == AuditEvent.Action.ACCOUNT_LOCK)
                .map(e -> Instant.parse(e.changes().get("lockedUntil"))).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void whileLockedEvenTheRightPasswordIsRefusedWithoutBeingCountedOrChecked() {
        start("h2");
        fail(6, "zhangsan", ATTACKER);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> attempt("zhangsan", PASSWORD, ATTACKER)).isInstanceOf(LockedException.class);
        }

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        // Still the first lock: the refused attempts while locked did not lengthen it.
        assertThat(attempt("zhangsan", PASSWORD, ATTACKER).isAuthenticated()).isTrue();
    }

    @Test
    void anUnknownLoginIsRefusedAndLockedLikeAKnownOne() {
        start("h2");
        assertThatThrownBy(() -> attempt("nobody", PASSWORD, ATTACKER)).isInstanceOf(BadCredentialsException.class)
                .hasMessage(catchMessage("zhangsan"));
        fail(5, "nobody", ATTACKER);

        assertThatThrownBy(() -> attempt("nobody", PASSWORD, ATTACKER)).isInstanceOf(LockedException.class);
        assertThat(events).filteredOn(e -> e.action() == AuditEvent.Action.SIGN_IN_FAILED).extracting(AuditEvent::actor)
                .contains("nobody", "zhangsan");
    }

    private String catchMessage(String login) {
        try {
            attempt(login, "wrong-password-1", HOME);
            throw new AssertionError("signed in with a wrong password");
        } catch (BadCredentialsException refused) {
            return refused.getMessage();
        }
    }

    @Test
    void aSuccessForgetsTheFailures() {
        start("h2");
        fail(5, "zhangsan", ATTACKER);
        attempt("zhangsan", PASSWORD, ATTACKER);
        fail(5, "zhangsan", ATTACKER);

        assertThat(attempt("zhangsan", PASSWORD, ATTACKER).isAuthenticated()).isTrue();
        assertThat(events).filteredOn(e -> e.action() == AuditEvent.Action.SIGN_IN).hasSize(2)
                .allSatisfy(e -> assertThat(e.sourceAddress()).isEqualTo(ATTACKER));
    }

    @Test
    void anIpv6MachineIsCountedByItsSlash64() {
        start("h2");
        for (int i = 0; i < 6; i++) {
            String address = "2001:db8:1:2::" + Integer.toHexString(i + 1);
            assertThatThrownBy(() -> attempt("zhangsan", "wrong-password-1", address))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> attempt("zhangsan", PASSWORD, "2001:db8:1:2::ff")).isInstanceOf(LockedException.class);
        assertThat(attempt("zhangsan", PASSWORD, "2001:db8:1:3::1").isAuthenticated()).isTrue();
        assertThat(SignInAttempts.source("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    }
}
