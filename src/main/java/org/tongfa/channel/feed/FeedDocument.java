package org.tongfa.channel.feed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.tongfa.common.EntityTags;

/**
 * One rendered feed, ready to serve: the bytes, their strong entity tag, their last change, and the
 * response headers that go with them, all computed once per rendering rather than per request.
 *
 * @param path the feed's path below the feed base URL, such as {@code all.rss} or {@code columns/news.atom}
 * @param body the encoded feed (UTF-8)
 * @param contentType the media type with charset
 * @param etag a strong entity tag, quoted: a digest of the bytes, so equal bytes give equal tags on every node
 * @param lastModified the newest change among the feed's entries, to the second (HTTP dates have no more)
 * @param lastModifiedHeader {@code lastModified} as an HTTP date
 * @param link the WebSub {@code Link} header: the hub (if any) and the feed itself
 */
record FeedDocument(String path, byte[] body, String contentType, String etag, Instant lastModified,
        String lastModifiedHeader, String link) {

    static FeedDocument of(String path, byte[] body, FeedFormat format, Instant lastModified, String selfUrl,
            String hubUrl) {
        String etag = EntityTags.of(body);
        Instant seconds = lastModified.truncatedTo(ChronoUnit.SECONDS);
        String link = (hubUrl == null ? "" : "<" + hubUrl + ">; rel=\"hub\", ") + "<" + selfUrl + ">; rel=\"self\"";
        return new FeedDocument(path, body, format.contentType, etag, seconds,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(seconds.atZone(ZoneOffset.UTC)), link);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
