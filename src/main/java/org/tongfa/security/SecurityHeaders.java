package org.tongfa.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.tongfa.config.TongfaProperties;

/**
 * The {@code Content-Security-Policy} of each kind of response (the other headers, {@code nosniff},
 * {@code X-Frame-Options: DENY} and {@code Referrer-Policy}, are the same everywhere and set in
 * {@link SecurityConfig}).
 *
 * <ul>
 *   <li>{@code /site/}: the website uses one style sheet, one optional script file (its reading
 *       tools), images (uploaded assets), {@code style} attributes the body sanitiser keeps, iframes
 *       only from {@code tongfa.sanitizer.iframe-hosts}, no inline script, and its search form;</li>
 *   <li>{@code /display/}: the kiosk player runs its own script and style sheet (files, not inline),
 *       fetches only from this service and shows item images from wherever their URLs point;</li>
 *   <li>{@code /console/}: the editor console runs only its own files and the WebJars (no inline script,
 *       no inline style element), talks only to this service (htmx, server-sent events), frames only its
 *       own previews and may be framed only by itself; a console response that sets its own policy (a
 *       preview of a public page) keeps it;</li>
 *   <li>the Swagger UI gets none (it is Swagger's page, not ours);</li>
 *   <li>everything else (JSON, feeds, images, the WeChat callback's text) is never a page with
 *       active content: {@code default-src 'none'}.</li>
 * </ul>
 */
final class SecurityHeaders {

    static final String HEADER = "Content-Security-Policy";
    static final String NONE = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String CONSOLE = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: http: https:; "
            + "font-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'self'";
    static final String PLAYER = "default-src 'none'; script-src 'self'; style-src 'self'; img-src http: https: data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static HeaderWriter contentSecurityPolicy(TongfaProperties properties, Environment environment) {
        String site = sitePolicy(properties, environment);
        RequestMatcher sitePaths = any("/site", "/site/**");
        RequestMatcher displayPaths = any("/display/**");
        RequestMatcher consolePaths = any("/console", "/console/**");
        RequestMatcher swaggerPaths = any("/swagger-ui.html", "/swagger-ui/**");
        return new HeaderWriter() {
            @Override
            public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
                if (response.containsHeader(HEADER) || swaggerPaths.matches(request)) {
                    return;
                }
                String policy = sitePaths.matches(request) ? site : displayPaths.matches(request) ? PLAYER
                        : consolePaths.matches(request) ? CONSOLE : NONE;
                response.setHeader(HEADER, policy);
            }
        };
    }

    /**
     * The site's policy. Its style sheet and images are linked by absolute URL, from the public base
     * URL or a website channel's own {@code base-url}, which need not be the origin the page was asked
     * at (a proxy, another port): those origins are allowed beside {@code 'self'}.
     */
    static String sitePolicy(TongfaProperties properties, Environment environment) {
        Set<String> origins = new LinkedHashSet<>();
        origins.add("'self'");
        origin(properties.publicBaseUrl()).ifPresent(origins::add);
        properties.channels().keySet().forEach(id -> {
            String baseUrl = environment.getProperty("tongfa.channels." + id + ".base-url");
            if (baseUrl != null && !baseUrl.isBlank()) {
                try {
                    origin(URI.create(baseUrl.strip())).ifPresent(origins::add);
                } catch (IllegalArgumentException ignored) {
                    // the channel's own binding reports a bad URL, naming the key
                }
            }
        });
        String sources = String.join(" ", origins);
        StringBuilder policy = new StringBuilder("default-src 'none'; style-src ").append(sources)
                .append("; style-src-attr 'unsafe-inline'; img-src ").append(sources).append("; script-src ")
                .append(sources);
        List<String> frames = properties.sanitizer().iframeHosts().stream()
                .map(host -> "https://" + host.strip().toLowerCase(Locale.ROOT)).toList();
        if (!frames.isEmpty()) {
            policy.append("; frame-src ").append(String.join(" ", frames));
        }
        return policy.append("; base-uri 'none'; form-action ").append(sources).append("; frame-ancestors 'none'")
                .toString();
    }

    private static java.util.Optional<String> origin(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return java.util.Optional.empty();
        }
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        return java.util.Optional.of(origin);
    }

    private static RequestMatcher any(String... patterns) {
        return new OrRequestMatcher(java.util.Arrays.stream(patterns)
                .<RequestMatcher>map(p -> PathPatternRequestMatcher.withDefaults().matcher(p)).toList());
    }
}
