-- WebSub hub notifications the feed channel still owes: one row per feed that changed since the hub
-- last heard of it. A feed delivery writes the row and returns; the hub is told on its own schedule
-- (FeedHubNotifications), so a hub outage never keeps a change out of the feeds, and a row written
-- before a crash is still sent after the restart. Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE feed_hub_ping (
    channel         VARCHAR(64)   NOT NULL,
    -- the feed below the channel's base URL: all.rss, columns/news.atom
    feed_path       VARCHAR(128)  NOT NULL,
    -- bumped by every change: a ping clears the row only if no change came in while it was sent
    changes         BIGINT        NOT NULL,
    -- failed pings since the last success, for the back-off
    attempts        INT           NOT NULL,
    -- when to ping next; a node sending the ping moves it past the call's timeout first (its claim)
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_error      VARCHAR(1000),
    PRIMARY KEY (channel, feed_path)
);
