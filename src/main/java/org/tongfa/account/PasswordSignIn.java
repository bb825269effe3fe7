package org.tongfa.account;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.security.PrivateFiles;
import org.tongfa.security.ServicePrincipal;

/**
 * Login and password, checked: the {@link AuthenticationProvider} for {@link UsernamePasswordAuthenticationToken}
 * that the API's sign-in uses and that a console's form login can use as it is (the source address is
 * read from the token's {@link WebAuthenticationDetails}, which form login fills in, or from a plain
 * string in the details). Succeeds as a {@link ServicePrincipal} of the account's caller.
 *
 * <p>Refusals: {@link LockedException} while {@link SignInAttempts} holds the login locked for this
 * address (the password is then not checked), {@link BadCredentialsException} for a wrong password, an
 * unknown login or a service account alike (an unknown login costs a password check too, so timing does
 * not tell), {@link DisabledException} for the right password of an inactive account. Each attempt is
 * published as {@code SIGN_IN} or {@code SIGN_IN_FAILED}, a lock it starts as {@code ACCOUNT_LOCK}; the
 * failure count is committed even though the attempt is refused. Nothing logs the password.
 */
@Component
@Order(3)
class PasswordSignIn implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(PasswordSignIn.class);

    private final AccountStore store;
    private final SignInAttempts attempts;
    private final PasswordEncoder passwords;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    /**
     * Checked against when the login has no password, so that the answer takes as long; hashed at the first
     * sign-in rather than at start-up (a bcrypt hash is a tenth of a second of CPU).
     */
    private volatile String decoy;

    PasswordSignIn(AccountStore store, SignInAttempts attempts, PasswordEncoder passwords,
            TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.store = store;
        this.attempts = attempts;
        this.passwords = passwords;
        this.transaction = transaction;
        this.events = events;
    }

    private String decoy() {
        String hashed = decoy;
        if (hashed == null) {
            // A race hashes twice at worst; either hash serves.
            hashed = passwords.encode(PrivateFiles.randomSecret(16));
            decoy = hashed;
        }
        return hashed;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String login = authentication.getName() == null ? "" : authentication.getName().strip();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String address = address(authentication.getDetails());
        Outcome outcome = transaction.execute(status -> attempt(login, password, address));
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        ServicePrincipal signedIn = new ServicePrincipal(outcome.account().caller());
        signedIn.setDetails(authentication.getDetails());
        return signedIn;
    }

    private record Outcome(Account account, AuthenticationException refusal) {
    }

    private Outcome attempt(String login, String password, String address) {
        Optional<Instant> locked = attempts.lockedUntil(login, address);
        if (locked.isPresent()) {
            failed(login, address, "locked until " + locked.get());
            return new Outcome(null, new LockedException("too many failed sign-ins from this address: try again after "
                    + locked.get() + " (登录失败次数过多, 请稍后再试)"));
        }
        Optional<String> hash = store.passwordHash(login);
        boolean matches = passwords.matches(password, hash.orElseGet(this::decoy)) && hash.isPresent();
        if (!matches) {
            failed(login, address, "wrong login or password");
            attempts.failed(login, address).ifPresent(until -> {
                // A presented name may hold anything, line breaks included: only a well-formed one is logged.
                log.warn("Sign-in to {} from {} locked until {} after repeated failures",
                        Accounts.LOGIN.matcher(login).matches() ? login : "(a malformed login name)", address, until);
                Map<String, String> changes = new LinkedHashMap<>();
                changes.put("login", login);
                changes.put("lockedUntil", until.toString());
                events.publishEvent(new AuditEvent(AuditEvent.Action.ACCOUNT_LOCK, null, address, null, null, changes));
            });
            return new Outcome(null, new BadCredentialsException("the login or the password is wrong (登录名或密码错误)"));
        }
        Account account = store.find(login).orElseThrow();
        attempts.succeeded(login, address);
        if (!account.active()) {
            failed(login, address, "account inactive");
            return new Outcome(null, new DisabledException("the account is inactive (账号已停用)"));
        }
        events.publishEvent(new AuditEvent(AuditEvent.Action.SIGN_IN, login, address, null, null, Map.of()));
        return new Outcome(account, null);
    }

    private void failed(String login, String address, String reason) {
        events.publishEvent(new AuditEvent(AuditEvent.Action.SIGN_IN_FAILED, login.length() > 64 ? login.substring(0, 64)
                : login, address, null, null, Map.of("reason", reason)));
    }

    private static String address(Object details) {
        if (details instanceof WebAuthenticationDetails web) {
            return web.getRemoteAddress();
        }
        return details instanceof String plain ? plain : null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
