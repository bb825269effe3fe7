package org.tongfa.channel.feed;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the feed channel's feeds from memory, publicly: {@code /feeds/all.<ext>} and
 * {@code /feeds/columns/<column>.<ext>} for {@code rss}, {@code atom} and {@code json}. Every answer
 * carries a strong {@code ETag}, {@code Last-Modified} and the WebSub {@code Link}s; a conditional
 * request whose validator still matches gets {@code 304} with no body.
 */
@RestController
class FeedController {

    private final FeedChannelFactory feeds;

    FeedController(FeedChannelFactory feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/feeds/{file}")
    ResponseEntity<byte[]> all(@PathVariable String file, HttpServletRequest request) {
        return file.startsWith("all.") ? serve(file, request) : ResponseEntity.notFound().build();
    }

    @GetMapping("/feeds/columns/{file}")
    ResponseEntity<byte[]> column(@PathVariable String file, HttpServletRequest request) {
        return serve("columns/" + file, request);
    }

    private ResponseEntity<byte[]> serve(String path, HttpServletRequest request) {
        Optional<FeedChannel> channel = feeds.serving();
        Optional<FeedDocument> found = channel.flatMap(c -> c.document(path));
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        FeedDocument document = found.get();
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(document.etag());
        headers.setLastModified(document.lastModified());
        headers.set(HttpHeaders.CACHE_CONTROL, "public, max-age=60");
        StringBuilder links = new StringBuilder();
        channel.get().hubUrl().ifPresent(hub -> links.append('<').append(hub).append(">; rel=\"hub\", "));
        links.append('<').append(channel.get().baseUrl()).append(path).append(">; rel=\"self\"");
        headers.set(HttpHeaders.LINK, links.toString());
        if (notModified(request, document)) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        headers.set(HttpHeaders.CONTENT_TYPE, document.contentType());
        return new ResponseEntity<>(document.body(), headers, HttpStatus.OK);
    }

    /** RFC 9110: If-None-Match decides when present; otherwise If-Modified-Since. */
    static boolean notModified(HttpServletRequest request, FeedDocument document) {
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.strip();
                if (candidate.startsWith("W/")) {
                    candidate = candidate.substring(2); // GET compares weakly
                }
                if (candidate.equals("*") || candidate.equals(document.etag())) {
                    return true;
                }
            }
            return false;
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
