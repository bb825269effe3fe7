package org.tongfa.account;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tongfa.common.AuditEvent;
import org.tongfa.common.Sha256;
import org.tongfa.config.TongfaProperties;
import org.tongfa.security.Caller;
import org.tongfa.security.PrivateFiles;
import org.tongfa.security.Role;

/**
 * The accounts: people and service accounts, their roles on columns, their passwords and their tokens.
 * Every change is one transaction that publishes its {@link AuditEvent} (never with a password, hash or
 * token in it). Passwords are hashed by the {@link PasswordEncoder} ({@code DelegatingPasswordEncoder},
 * bcrypt) and must pass the {@link PasswordPolicy}.
 *
 * <p>Tokens are 256 random bits, stored as their SHA-256: a hash that slow (bcrypt) exists to make
 * guessing a low-entropy password expensive, and nobody guesses 256 random bits, so a fast hash loses
 * nothing; it also lets a presented token be found by its hash in one indexed lookup on every request
 * instead of a 100 ms bcrypt check against each stored token.
 */
@Service
public class Accounts {

    /** Login names: lower-case letters, digits, {@code . _ -}, starting with a letter, 2 to 64 characters. */
    static final Pattern LOGIN = Pattern.compile("[a-z][a-z0-9._-]{1,63}");

    private final AccountStore store;
    private final PasswordEncoder passwords;
    private final Set<String> columns;
    private final TongfaProperties.Api api;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Accounts(AccountStore store, PasswordEncoder passwords, TongfaProperties properties, Clock clock,
            ApplicationEventPublisher events) {
        this.store = store;
        this.passwords = passwords;
        this.columns = properties.columns().keySet();
        this.api = properties.api();
        this.clock = clock;
        this.events = events;
    }

    /**
     * What a new account is.
     *
     * @param login the login name ({@link #LOGIN})
     * @param displayName the name people read
     * @param department the department, or {@code null}
     * @param kind person (needs {@code password}) or service account (has none)
     * @param roles role names, each with its column keys (none: every column)
     * @param password a person's first password
     */
    public record NewAccount(String login, String displayName, String department, Account.Kind kind,
            Map<String, List<String>> roles, String password) {

        @Override
        public String toString() {
            return "NewAccount[" + login + ", " + kind + ", roles=" + roles + ", password=****]";
        }
    }

    /** A change to an account; {@code null} leaves a field as it is. */
    public record Change(String displayName, String department, Map<String, List<String>> roles, Boolean active) {
    }

    @Transactional
    public Account create(NewAccount request, String actor) {
        if (!LOGIN.matcher(request.login()).matches()) {
            throw AccountRefusal.invalid("login", "must match " + LOGIN.pattern()
                    + " (小写字母开头, 仅含小写字母、数字和 . _ -)");
        }
        Map<Role, Set<String>> roles = grants(request.roles());
        String hash = null;
        if (request.kind() == Account.Kind.PERSON) {
            hash = hashed(request.login(), request.password());
        } else if (request.password() != null) {
            throw AccountRefusal.invalid("password", "a service account has no password: it works with tokens");
        }
        Instant now = clock.instant();
        Account account = new Account(request.login(), request.displayName().strip(), blankToNull(request.department()),
                request.kind(), true, roles, now, now);
        try {
            store.insert(account, hash);
        } catch (DuplicateKeyException taken) {
            throw AccountRefusal.conflict("the login " + request.login() + " is taken");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("login", account.login());
        changes.put("displayName", account.displayName());
        changes.put("department", String.valueOf(account.department()));
        changes.put("kind", account.kind().name());
        changes.put("roles", describe(roles));
        publish(AuditEvent.Action.ACCOUNT_CREATE, actor, changes);
        return account;
    }

    @Transactional
    public Account change(String login, Change change, String actor) {
        Account before = store.findForUpdate(login).orElseThrow(() -> AccountRefusal.notFound("no account " + login));
        Map<Role, Set<String>> roles = change.roles() == null ? before.roles() : grants(change.roles());
        boolean active = change.active() == null ? before.active() : change.active();
        Account after = new Account(login,
                change.displayName() == null ? before.displayName() : change.displayName().strip(),
                change.department() == null ? before.department() : blankToNull(change.department()),
                before.kind(), active, roles, before.createdAt(), clock.instant());
        boolean wasAdmin = before.active() && before.roles().containsKey(Role.ADMIN);
        boolean isAdmin = after.active() && after.roles().containsKey(Role.ADMIN);
        if (wasAdmin && !isAdmin && store.otherActiveAdministrators(login) == 0) {
            throw AccountRefusal.conflict(login + " is the last active administrator: make another one first "
                    + "(最后一个管理员不能被停用或取消管理员角色)");
        }
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("login", login);
        difference(changes, "displayName", before.displayName(), after.displayName());
        difference(changes, "department", before.department(), after.department());
        difference(changes, "roles", describe(before.roles()), describe(after.roles()));
        difference(changes, "active", before.active(), after.active());
        if (changes.size() == 1) {
            return before;
        }
        store.update(after);
        publish(AuditEvent.Action.ACCOUNT_CHANGE, actor, changes);
        return after;
    }

    /** Sets a person's password (an administrator's reset); the account's tokens stay valid. */
    @Transactional
    public void resetPassword(String login, String password, String actor) {
        Account account = store.findForUpdate(login).orElseThrow(() -> AccountRefusal.notFound("no account " + login));
        if (account.kind() != Account.Kind.PERSON) {
            throw AccountRefusal.conflict(login + " is a service account: it has no password");
        }
        store.setPassword(login, hashed(login, password), clock.instant());
        publish(AuditEvent.Action.PASSWORD_CHANGE, actor, Map.of("login", login));
    }

    /** A person changes their own password, proving the current one. */
    @Transactional
    void changeOwnPassword(String login, String current, String password) {
        Account account = store.findForUpdate(login).orElseThrow(() -> AccountRefusal.conflict(login
                + " is a configured token, not an account: it has no password"));
        String hash = store.passwordHash(account.login()).orElseThrow(() -> AccountRefusal.conflict(login
                + " is a service account: it has no password"));
        if (!passwords.matches(current, hash)) {
            throw AccountRefusal.invalid("currentPassword", "is not the current password (当前密码不正确)");
        }
        store.setPassword(login, hashed(login, password), clock.instant());
        publish(AuditEvent.Action.PASSWORD_CHANGE, login, Map.of("login", login));
    }

    public List<Account> list() {
        return store.list();
    }

    public Account get(String login) {
        return store.find(login).orElseThrow(() -> AccountRefusal.notFound("no account " + login));
    }

    /** Makes an API token for the account; its secret is in the answer and nowhere else. */
    @Transactional
    public AccountToken.Issued createToken(String login, String name, Instant expiresAt, String actor) {
        get(login);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw AccountRefusal.invalid("expiresAt", "must be in the future");
        }
        AccountToken.Issued issued = issue(login, AccountToken.Kind.API, name.strip(), expiresAt, actor);
        publish(AuditEvent.Action.TOKEN_CREATE, actor, Map.of("login", login, "token", issued.token().id(),
                "name", issued.token().name()));
        return issued;
    }

    /** A bearer token for a person who has just signed in, valid for {@code tongfa.api.sign-in-validity}. */
    @Transactional
    AccountToken.Issued signInToken(String login) {
        Instant now = clock.instant();
        store.deleteExpiredSignInTokens(now);
        return issue(login, AccountToken.Kind.SIGN_IN, "sign-in", now.plus(api.signInValidity()), login);
    }

    private AccountToken.Issued issue(String login, AccountToken.Kind kind, String name, Instant expiresAt, String actor) {
        String secret = PrivateFiles.randomSecret(32);
        AccountToken token = new AccountToken(UUID.randomUUID().toString(), login, kind, name, clock.instant(), actor,
                expiresAt, null, null);
        store.insertToken(token, Sha256.hex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new AccountToken.Issued(token, secret);
    }

    public List<AccountToken> tokens(String login) {
        get(login);
        return store.tokens(login, clock.instant());
    }

    @Transactional
    public AccountToken revoke(String login, String id, String actor) {
        AccountToken token = store.token(login, id)
                .orElseThrow(() -> AccountRefusal.notFound("no token " + id + " of account " + login));
        if (!store.revoke(id, actor, clock.instant())) {
            return token;
        }
        publish(AuditEvent.Action.TOKEN_REVOKE, actor, Map.of("login", login, "token", id, "name", token.name()));
        return store.token(login, id).orElseThrow();
    }

    /** The caller a presented account token stands for: current, not revoked, of an active account. */
    Optional<Caller> callerForToken(String secret) {
        return store.tokenOwner(Sha256.hex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)), clock.instant()).flatMap(store::find).map(Account::caller);
    }

    private String hashed(String login, String password) {
        PasswordPolicy.problem(login, password).ifPresent(problem -> {
            throw AccountRefusal.invalid("password", problem);
        });
        return passwords.encode(password);
    }

    /** Parses and checks role names and column keys, naming the field at fault ({@code roles.SIGNER[0]}). */
    private Map<Role, Set<String>> grants(Map<String, List<String>> raw) {
        Map<Role, Set<String>> grants = new EnumMap<>(Role.class);
        for (Map.Entry<String, List<String>> entry : raw.entrySet()) {
            Role role;
            try {
                role = Role.valueOf(entry.getKey());
            } catch (IllegalArgumentException unknown) {
                throw AccountRefusal.invalid("roles." + entry.getKey(), "unknown role; roles: " + List.of(Role.values()));
            }
            List<String> keys = entry.getValue() == null ? List.of() : entry.getValue();
            for (int i = 0; i < keys.size(); i++) {
                if (!columns.contains(keys.get(i))) {
                    throw AccountRefusal.invalid("roles." + role + "[" + i + "]", "unknown column '" + keys.get(i)
                            + "'; columns: " + columns);
                }
            }
            grants.put(role, new LinkedHashSet<>(keys));
        }
        return grants;
    }

    /** Roles with their columns as the trail shows them: {@code DRAFTER[*], SIGNER[news]}. */
    static String describe(Map<Role, Set<String>> roles) {
        List<String> parts = new ArrayList<>();
        roles.forEach((role, columns) -> parts.add(role + (columns.isEmpty() ? "[*]" : columns.toString()
                .replace(" ", ""))));
        return String.join(", ", parts);
    }

    private static void difference(Map<String, String> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, before + " -> " + after);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void publish(AuditEvent.Action action, String actor, Map<String, String> changes) {
        events.publishEvent(new AuditEvent(action, actor, null, null, null, changes));
    }
}
