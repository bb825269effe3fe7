package org.tongfa.account;

import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tongfa.security.Caller;
import org.tongfa.security.SessionCallers;

/** A console session's person, read again from the account at each request: active people only. */
@Component
class AccountSessionCallers implements SessionCallers {

    private final AccountStore store;

    AccountSessionCallers(AccountStore store) {
        this.store = store;
    }

    @Override
    public Optional<Caller> current(String login) {
        return store.find(login).filter(Account::active).map(Account::caller);
    }
}
