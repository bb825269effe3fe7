package org.tongfa.account;

import org.springframework.stereotype.Component;
import org.tongfa.security.Caller;
import org.tongfa.web.ApiException;

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
     * @throws ApiException 400 naming {@code currentPassword} or {@code password}, 409 for an account with
     *     no password (a configured token, a service account); nothing is changed then
     */
    public void change(Caller caller, String current, String password) {
        try {
            accounts.changeOwnPassword(caller.login(), current, password);
        } catch (AccountRefusal refusal) {
            throw AccountController.asApiException(refusal);
        }
    }
}
