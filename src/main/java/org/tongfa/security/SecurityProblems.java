package org.tongfa.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.tongfa.web.ProblemHandler;

/**
 * Every refusal of the security layer as {@code application/problem+json}, like the API's own: 401 for
 * missing or wrong credentials (with {@code WWW-Authenticate: Bearer} where a bearer token is what is
 * missing), 403 for a caller whose roles do not allow the call (naming the roles the path's rule
 * accepts, with their Chinese labels), and 400 for a request the firewall
 * rejects (encoded or {@code ;}-parameter path forms, dot segments, double slashes, control characters
 * in headers), so that no malformed request ever ends as a 500 or an HTML error page.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final RequestMatcher screenPaths;
    private final RequestMatcher streamPaths;

    /**
     * @param screenPaths the endpoints that take a screen key rather than a bearer token
     * @param streamPaths the endpoints that take a screen's stream token
     */
    SecurityProblems(RequestMatcher screenPaths, RequestMatcher streamPaths) {
        this.screenPaths = screenPaths;
        this.streamPaths = streamPaths;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        if (streamPaths.matches(request)) {
            write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", "a current stream token is required: "
                    + "POST stream-token with " + ScreenKeys.HEADER + ", then open the stream with ?"
                    + ScreenStreamTokens.PARAMETER + "=<token> within a minute");
            return;
        }
        if (screenPaths.matches(request)) {
            String detail = request.getHeader(ScreenKeys.HEADER) == null
                    ? "a screen key is required: send " + ScreenKeys.HEADER
                    : "the screen key is not valid"; // the same for an unknown screen
            write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
            return;
        }
        String detail;
        String challenge = "Bearer realm=\"tongfa\"";
        if (reason instanceof BadCredentialsException) {
            detail = "the API token is not valid";
            challenge += ", error=\"invalid_token\"";
        } else if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            detail = "an API token is required: send Authorization: Bearer <token>";
        } else {
            detail = "send the API token as Authorization: Bearer <token>";
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        if (screenPaths.matches(request) || streamPaths.matches(request)) {
            // A screen authenticates with its key alone, whatever else it sent: a bad key is a 401.
            commence(request, response, null);
            return;
        }
        write(request, response, HttpStatus.FORBIDDEN, "Forbidden", forbidden(denied));
    }

    /** Names the roles the rule accepts ({@code hasAnyRole} leaves them in its decision), in English and Chinese. */
    static String forbidden(AccessDeniedException denied) {
        if (denied instanceof AuthorizationDeniedException refused
                && refused.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
            List<Role> roles = decision.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .flatMap(authority -> java.util.Arrays.stream(Role.values()).filter(r -> r.authority().equals(authority)))
                    .sorted().toList();
            if (!roles.isEmpty()) {
                String names = String.join(", ", roles.stream().map(r -> r.name() + " (" + r.label() + ")").toList());
                String labels = String.join("、", roles.stream().map(Role::label).toList());
                return roles.size() == 1
                        ? "this call needs the role " + names + ", which the caller does not hold (需要角色: " + labels + ")"
                        : "this call needs one of the roles " + names + "; the caller holds none of them (需要以下角色之一: "
                                + labels + ")";
            }
        }
        return "no role may make this call (任何角色均不可调用)";
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.debug("Rejected a malformed request: {}", rejected.getMessage());
        // The client may be mid-body on a request we will not read: answer and close.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        // Rejected before the filter chain, so its header writers never ran.
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        write(request, response, HttpStatus.BAD_REQUEST, "Bad request",
                "the request's path or headers are malformed (encoded or ';' path parameters, dot segments, "
                        + "double slashes or control characters are not accepted)");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String title, String detail) throws IOException {
        ProblemHandler.write(request, response, status, title, detail, List.of());
    }
}
