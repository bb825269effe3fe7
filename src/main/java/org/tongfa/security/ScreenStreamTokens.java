package org.tongfa.security;

/**
 * Checks the short-lived token that opens a lobby screen's push stream, for the
 * {@link AccessRules.Access#SCREEN_TOKEN} endpoints: a browser's {@code EventSource} cannot send the
 * {@code X-Screen-Key} header, so the screen trades its key for a token and sends that in the query
 * string. Implemented by the display channel, which issues the tokens.
 */
public interface ScreenStreamTokens {

    /** The query parameter a stream token is sent in. */
    String PARAMETER = "token";

    /**
     * Whether {@code token} is a current stream token of the screen {@code screenId}. An unknown screen,
     * a wrong token and an expired one give the same answer.
     */
    boolean matches(String screenId, String token);
}
