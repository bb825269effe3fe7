package org.tongfa.channel.feed;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.tongfa.common.EntityTags;
import org.tongfa.delivery.ChannelRegistry;

/**
 * Serves the feed channel's feeds from memory, publicly: {@code GET /feeds/all.<ext>} and
 * {@code /feeds/columns/<column>.<ext>} for {@code rss}, {@code atom} and {@code json}. Every answer
 * carries a strong {@code ETag}, {@code Last-Modified} and the WebSub {@code Link}s; a conditional
 * request whose validator still matches gets {@code 304} with no body.
 *
 * <p>A servlet filter ahead of Spring MVC rather than an MVC controller: feed readers poll, and
 * answering the poll (usually a {@code 304}) costs a map lookup and a few headers, which handler
 * mapping and message conversion would multiply. Anything else under {@code /feeds/} passes on (and
 * ends as 404). It runs just after Spring Security's filter, so feeds get the firewall and the security
 * headers ({@code nosniff}, CSP) like every other answer (their access rule, public, is in
 * {@code AccessRules}); being after the observation filter too, feed requests are in the HTTP server
 * metrics.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class FeedEndpoint implements Filter {

    static final String PREFIX = "/feeds/";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FeedEndpoint.class);

    /** The running feed channel, if any: at most one runs (FeedChannelFactory#onePerService). */
    private final Optional<FeedChannel> serving;

    FeedEndpoint(ChannelRegistry registry) {
        // The registry is complete before this filter exists and never changes: asked once, not per poll.
        this.serving = registry.enabled(FeedChannel.class).stream().findFirst();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        boolean get = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (!get || !uri.startsWith(PREFIX, context.length())) {
            chain.doFilter(req, res);
            return;
        }
        String path = uri.substring(context.length() + PREFIX.length());
        Optional<FeedChannel> channel = serving;
        Optional<FeedDocument> found;
        try {
            found = channel.flatMap(c -> c.document(path));
        } catch (RuntimeException e) {
            // Nothing rendered yet and the store cannot be read (a database outage): say so, briefly.
            log.warn("Feed {} cannot be served: {}", path, e.toString());
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader(HttpHeaders.RETRY_AFTER, "10");
            return;
        }
        if (found.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        serve(request, (HttpServletResponse) res, found.get());
    }

    private static void serve(HttpServletRequest request, HttpServletResponse response, FeedDocument document) throws IOException {
        response.setHeader(HttpHeaders.ETAG, document.etag());
        response.setHeader(HttpHeaders.LAST_MODIFIED, document.lastModifiedHeader());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=60");
        response.setHeader(HttpHeaders.LINK, document.link());
        if (notModified(request, document)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setHeader(HttpHeaders.CONTENT_TYPE, document.contentType());
        response.setContentLength(document.body().length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(document.body());
        }
    }

    /** RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since. */
    static boolean notModified(HttpServletRequest request, FeedDocument document) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return EntityTags.matches(ifNoneMatch, document.etag());
        }
        String ifModifiedSince = request.getHeader(HttpHeaders.IF_MODIFIED_SINCE);
        if (ifModifiedSince != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return !document.lastModified().isAfter(since);
            } catch (DateTimeParseException ignored) {
                return false; // an unreadable date is ignored, as the RFC says
            }
        }
        return false;
    }
}
