package org.tongfa.account;

import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tongfa.common.AuditEvent;
import org.tongfa.security.Caller;
import org.tongfa.security.SsoSignIns;

/**
 * Single sign-on's account mapping: the login name the provider's claim gives must be an existing, active
 * person account (a service account has no sign-in). Nothing is created: an administrator opens the
 * account first. Each attempt is published as {@code SIGN_IN} or {@code SIGN_IN_FAILED} like
 * {@link PasswordSignIn}'s, with the source ({@code sso:<registration>}) in the changes.
 */
@Component
class AccountSso implements SsoSignIns {

    private final AccountStore store;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    AccountSso(AccountStore store, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.store = store;
        this.transaction = transaction;
        this.events = events;
    }

    @Override
    public Optional<Caller> signIn(String login, String source, String address) {
        String name = login == null ? "" : login.strip();
        return transaction.execute(status -> {
            Optional<Account> account = Accounts.LOGIN.matcher(name).matches() ? store.find(name) : Optional.empty();
            String refusal = account.isEmpty() ? "no such account"
                    : account.get().kind() != Account.Kind.PERSON ? "not a person account"
                    : !account.get().active() ? "account inactive" : null;
            if (refusal != null) {
                // A claim may hold anything: the trail's actor column takes 64 characters of it.
                events.publishEvent(new AuditEvent(AuditEvent.Action.SIGN_IN_FAILED,
                        name.length() > 64 ? name.substring(0, 64) : name, address, null, null,
                        Map.of("reason", refusal, "source", source)));
                return Optional.<Caller>empty();
            }
            events.publishEvent(new AuditEvent(AuditEvent.Action.SIGN_IN, name, address, null, null,
                    Map.of("source", source)));
            return Optional.of(account.get().caller());
        });
    }

    @Override
    public void failed(String source, String reason, String address) {
        transaction.executeWithoutResult(status -> events.publishEvent(new AuditEvent(AuditEvent.Action.SIGN_IN_FAILED,
                null, address, null, null, Map.of("reason", reason, "source", source))));
    }
}
