package org.tongfa.support;

import java.util.EnumSet;
import org.tongfa.security.Caller;
import org.tongfa.security.Role;

/** Callers built directly, for tests that call the item service without a request. */
public final class TestCallers {

    /** A service account holding every role but ADMIN on every column, as a configured token does. */
    public static final Caller EDITOR = of("test");

    private TestCallers() {
    }

    /** A caller named {@code login} holding every role but ADMIN on every column. */
    public static Caller of(String login) {
        return Caller.everywhere(login, login, EnumSet.complementOf(EnumSet.of(Role.ADMIN)));
    }
}
