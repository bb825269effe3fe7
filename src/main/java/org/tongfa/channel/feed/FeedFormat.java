package org.tongfa.channel.feed;

/** The three formats every feed is offered in, by file extension. */
enum FeedFormat {
    RSS("rss", "application/rss+xml;charset=utf-8"),
    ATOM("atom", "application/atom+xml;charset=utf-8"),
    JSON("json", "application/feed+json;charset=utf-8");

    final String extension;
    final String contentType;

    FeedFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }
}
