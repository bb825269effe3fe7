package org.tongfa.account;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tongfa.security.Role;

/**
 * The accounts, their role grants and their tokens in the database ({@code V12__accounts.sql}). Callers
 * hold the transaction; the store only reads and writes rows. A grant on every column is stored as the
 * column {@code *}.
 */
@Repository
class AccountStore {

    private static final String EVERY_COLUMN = "*";
    private static final String ACCOUNT = "login, display_name, department, kind, active, created_at, changed_at";
    private static final String TOKEN = "id, login, kind, name, created_at, created_by, expires_at, revoked_at, revoked_by";

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an account and its grants; a {@code DuplicateKeyException} when the login is taken. */
    void insert(Account account, String passwordHash) {
        jdbc.sql("INSERT INTO account (login, display_name, department, kind, active, password_hash, created_at, "
                        + "changed_at) VALUES (:login, :name, :department, :kind, :active, :hash, :created, :changed)")
                .param("login", account.login()).param("name", account.displayName())
                .param("department", account.department()).param("kind", account.kind().name())
                .param("active", account.active()).param("hash", passwordHash)
                .param("created", ts(account.createdAt())).param("changed", ts(account.changedAt()))
                .update();
        insertGrants(account.login(), account.roles());
    }

    /** Writes the account's names, department, active flag and grants (its kind and password stay). */
    void update(Account account) {
        jdbc.sql("UPDATE account SET display_name = :name, department = :department, active = :active, "
                        + "changed_at = :changed WHERE login = :login")
                .param("login", account.login()).param("name", account.displayName())
                .param("department", account.department()).param("active", account.active())
                .param("changed", ts(account.changedAt()))
                .update();
        jdbc.sql("DELETE FROM account_grant WHERE login = :login").param("login", account.login()).update();
        insertGrants(account.login(), account.roles());
    }

    private void insertGrants(String login, Map<Role, Set<String>> roles) {
        roles.forEach((role, columns) -> {
            for (String column : columns.isEmpty() ? Set.of(EVERY_COLUMN) : columns) {
                jdbc.sql("INSERT INTO account_grant (login, role_name, column_key) VALUES (:login, :role, :column)")
                        .param("login", login).param("role", role.name()).param("column", column).update();
            }
        });
    }

    void setPassword(String login, String passwordHash, Instant now) {
        jdbc.sql("UPDATE account SET password_hash = :hash, changed_at = :now WHERE login = :login")
                .param("login", login).param("hash", passwordHash).param("now", ts(now)).update();
    }

    boolean anyAccount() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single() > 0;
    }

    Optional<Account> find(String login) {
        return jdbc.sql("SELECT " + ACCOUNT + " FROM account WHERE login = :login").param("login", login)
                .query(this::account).optional();
    }

    /** Locks the account's row until the transaction ends, so two changes to it do not interleave. */
    Optional<Account> findForUpdate(String login) {
        return jdbc.sql("SELECT " + ACCOUNT + " FROM account WHERE login = :login FOR UPDATE").param("login", login)
                .query(this::account).optional();
    }

    List<Account> list() {
        return jdbc.sql("SELECT " + ACCOUNT + " FROM account ORDER BY login").query(this::account).list();
    }

    /** The stored password hash of a person (active or not), if there is one. */
    Optional<String> passwordHash(String login) {
        return jdbc.sql("SELECT password_hash FROM account WHERE login = :login AND kind = 'PERSON'")
                .param("login", login).query(String.class).optional();
    }

    /** How many active accounts other than {@code login} hold ADMIN. */
    long otherActiveAdministrators(String login) {
        return jdbc.sql("SELECT COUNT(DISTINCT a.login) FROM account a JOIN account_grant g ON g.login = a.login "
                        + "WHERE a.active = TRUE AND g.role_name = 'ADMIN' AND a.login <> :login")
                .param("login", login).query(Long.class).single();
    }

    private Account account(ResultSet rs, int row) throws SQLException {
        String login = rs.getString("login");
        return new Account(login, rs.getString("display_name"), rs.getString("department"),
                Account.Kind.valueOf(rs.getString("kind")), rs.getBoolean("active"), grants(login),
                instant(rs, "created_at"), instant(rs, "changed_at"));
    }

    private Map<Role, Set<String>> grants(String login) {
        Map<Role, Set<String>> grants = new EnumMap<>(Role.class);
        Set<Role> everywhere = EnumSet.noneOf(Role.class);
        jdbc.sql("SELECT role_name, column_key FROM account_grant WHERE login = :login ORDER BY role_name, column_key")
                .param("login", login).query((rs, row) -> Map.entry(rs.getString("role_name"), rs.getString("column_key")))
                .list().forEach(grant -> {
                    Role role = Role.valueOf(grant.getKey());
                    Set<String> columns = grants.computeIfAbsent(role, r -> new LinkedHashSet<>());
                    if (grant.getValue().equals(EVERY_COLUMN)) {
                        everywhere.add(role);
                    } else {
                        columns.add(grant.getValue());
                    }
                });
        everywhere.forEach(role -> grants.put(role, Set.of()));
        return grants;
    }

    // ---- tokens ---------------------------------------------------------------------------------

    void insertToken(AccountToken token, String sha256) {
        jdbc.sql("INSERT INTO account_token (id, login, kind, name, token_sha256, created_at, created_by, expires_at) "
                        + "VALUES (:id, :login, :kind, :name, :sha, :created, :by, :expires)")
                .param("id", token.id()).param("login", token.login()).param("kind", token.kind().name())
                .param("name", token.name()).param("sha", sha256).param("created", ts(token.createdAt()))
                .param("by", token.createdBy()).param("expires", ts(token.expiresAt()))
                .update();
    }

    /** The account's tokens that are not expired sign-in tokens, newest first. */
    List<AccountToken> tokens(String login, Instant now) {
        return jdbc.sql("SELECT " + TOKEN + " FROM account_token WHERE login = :login "
                        + "AND (kind = 'API' OR expires_at > :now) ORDER BY created_at DESC, id")
                .param("login", login).param("now", ts(now)).query(TOKEN_MAPPER).list();
    }

    Optional<AccountToken> token(String login, String id) {
        return jdbc.sql("SELECT " + TOKEN + " FROM account_token WHERE login = :login AND id = :id")
                .param("login", login).param("id", id).query(TOKEN_MAPPER).optional();
    }

    /** Revokes a token not yet revoked; whether it did. */
    boolean revoke(String id, String by, Instant now) {
        return jdbc.sql("UPDATE account_token SET revoked_at = :now, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
                .param("id", id).param("by", by).param("now", ts(now)).update() == 1;
    }

    /** The login of the active account whose current (unrevoked, unexpired) token has this SHA-256. */
    Optional<String> tokenOwner(String sha256, Instant now) {
        return jdbc.sql("SELECT t.login FROM account_token t JOIN account a ON a.login = t.login "
                        + "WHERE t.token_sha256 = :sha AND t.revoked_at IS NULL "
                        + "AND (t.expires_at IS NULL OR t.expires_at > :now) AND a.active = TRUE")
                .param("sha", sha256).param("now", ts(now)).query(String.class).optional();
    }

    /** Forgets sign-in tokens that expired before {@code before}: they can never work again. */
    void deleteExpiredSignInTokens(Instant before) {
        jdbc.sql("DELETE FROM account_token WHERE kind = 'SIGN_IN' AND expires_at < :before")
                .param("before", ts(before)).update();
    }

    private static final RowMapper<AccountToken> TOKEN_MAPPER = (rs, row) -> new AccountToken(rs.getString("id"),
            rs.getString("login"), AccountToken.Kind.valueOf(rs.getString("kind")), rs.getString("name"),
            instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
            instant(rs, "revoked_at"), rs.getString("revoked_by"));
}
