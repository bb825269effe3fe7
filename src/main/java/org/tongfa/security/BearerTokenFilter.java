package org.tongfa.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} (scheme case-insensitive, token trimmed) on every
 * request that carries it, through the {@link AuthenticationManager} (the configured tokens of
 * {@link ApiTokens}, then the accounts' tokens). A token that matches nothing is answered 401 at once, whatever the
 * path; a request without one goes on anonymous and the access rules decide. Nothing is kept between
 * requests: the context lives for this request only.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final AuthenticationManager authentication;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(AuthenticationManager authentication, AuthenticationEntryPoint entryPoint) {
        this.authentication = authentication;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        Authentication authenticated;
        try {
            authenticated = authentication.authenticate(new BearerToken(header.substring(7).strip()));
        } catch (AuthenticationException refused) {
            contexts.clearContext();
            entryPoint.commence(request, response, refused);
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authenticated);
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
