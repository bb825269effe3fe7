package org.tongfa.security;

/**
 * Checks a lobby screen's key, for the {@link AccessRules.Access#SCREEN_KEY} endpoints. Implemented by
 * the display channel, which knows the screens.
 */
public interface ScreenKeys {

    /** The header a screen sends its key in. */
    String HEADER = "X-Screen-Key";

    /**
     * Whether {@code presented} is the key of the screen {@code screenId}. An unknown screen and a wrong
     * key give the same answer in the same time, so screen ids cannot be discovered by asking.
     */
    boolean matches(String screenId, String presented);
}
