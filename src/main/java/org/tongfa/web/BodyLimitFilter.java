package org.tongfa.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tongfa.config.TongfaProperties;

/**
 * Bounds every request body on every path. Multipart bodies are accepted only where an upload is
 * meant ({@code POST /api/v1/assets} and the console editor's {@code POST /console/items/images}, up to {@link #uploadLimit}: {@code tongfa.assets.max-size} plus
 * room for the part headers, the same figure {@link WebConfig} gives the servlet's multipart parser);
 * anywhere else a multipart body is refused with 415 before a byte of it is read. Every other body is
 * capped at {@code tongfa.api.max-body-size}: a declared length over the limit is refused before
 * reading, and a chunked body is cut off as soon as it passes the limit. Refusals are problem+json
 * and close the connection, so the rest of an oversized body is never read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class BodyLimitFilter extends OncePerRequestFilter {

    /** Where a multipart upload is meant, matched on the path as Spring MVC matches it. */
    static final RequestMatcher UPLOADS = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/assets"),
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/console/items/images"));

    private final long limit;
    private final long uploadLimit;

    public BodyLimitFilter(TongfaProperties properties) {
        this.limit = properties.api().maxBodySize().toBytes();
        this.uploadLimit = uploadLimit(properties);
    }

    /** The largest multipart request accepted: one image of {@code tongfa.assets.max-size} and its framing. */
    static long uploadLimit(TongfaProperties properties) {
        return properties.assets().maxSize().toBytes() + 64 * 1024;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        boolean multipart = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
        if (multipart && !isUpload(request)) {
            refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type",
                    "multipart bodies are accepted only by POST /api/v1/assets and POST /console/items/images", List.of());
            return;
        }
        if (multipart) {
            if (request.getContentLengthLong() > uploadLimit) {
                refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "Upload too large", "the upload exceeds the "
                        + "limit of " + uploadLimit + " bytes (tongfa.assets.max-size)",
                        List.of(new FieldProblem("file", "too large")));
                return;
            }
            // The servlet container's multipart parser reads the body itself, bounded by the same figure.
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    new BodyTooLargeException(limit).getMessage(), List.of());
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static boolean isUpload(HttpServletRequest request) {
        try {
            return UPLOADS.matches(request);
        } catch (IllegalArgumentException malformedPath) {
            return false;
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String title, String detail, List<FieldProblem> errors) throws IOException {
        // The client may still be sending the body: answer and hang up rather than read it.
        response.setHeader("Connection", "close");
        response.setHeader("X-Content-Type-Options", "nosniff");
        ProblemHandler.write(request, response, status, title, detail, errors);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        private void add(long n) throws BodyTooLargeException {
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new BodyTooLargeException(limit);
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            add(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
