package org.tongfa.security;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * The {@code Content-Security-Policy} a console preview frame sets on its own response (the console's
 * header writer keeps a policy already set): the policy the real page would be served with, except that
 * the console may frame it ({@code frame-ancestors 'self'}), so a preview runs under the rules readers'
 * browsers apply.
 */
@Component
public class PreviewPolicies {

    /** The header's name. */
    public static final String HEADER = SecurityHeaders.HEADER;

    private final String site;

    PreviewPolicies(TongfaProperties properties, Environment environment) {
        this.site = framed(SecurityHeaders.sitePolicy(properties, environment));
    }

    /** The website's policy ({@code /site/}). */
    public String site() {
        return site;
    }

    /** The lobby player's policy ({@code /display/}). */
    public String player() {
        return framed(SecurityHeaders.PLAYER);
    }

    /**
     * A WeChat article as a phone shows it: WeChat's own page is not ours, so the console's style sheet
     * and the article's inline image styles (which WeChat keeps), images from anywhere, no script.
     */
    public String article() {
        return "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: http: https:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    }

    private static String framed(String policy) {
        return policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'");
    }
}
