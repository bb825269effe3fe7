package org.tongfa.account;

import org.springframework.stereotype.Component;
import org.tongfa.security.Caller;

/**
 * A person changes their own password, proving the current one: the console's way to what
 * {@code PUT /api/v1/me/password} does, through the same {@link Accounts} call, refused with the same
 * field-named answer ({@code currentPassword}, {@code password}).
 */
@Component
public class PasswordChange {

    private final Accounts accounts;

    PasswordChange(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Sets {@code password} for the caller's account once {@code current} matches.
     *
     * @throws AccountRefusal naming {@code currentPassword} or {@code password} (the API's 400), or a conflict
     *     for an account with no password (a configured token, a service account; the API's 409); nothing is
     *     changed then
     */
    public void change(Caller caller, String current, String password) {
        accounts.changeOwnPassword(caller.login(), current, password);
    }
}
