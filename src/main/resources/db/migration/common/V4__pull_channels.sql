-- Pull channels (website, feed): what each one has been delivered, so it can render all live items
-- from the shared database on every node. Plain SQL that H2 2.x and PostgreSQL both accept.

CREATE TABLE published_entry (
    channel         VARCHAR(64)  NOT NULL,
    item_id         VARCHAR(36)  NOT NULL,
    version         INT          NOT NULL,
    column_key      VARCHAR(64)  NOT NULL,
    -- the ItemSnapshot as delivered, JSON
    snapshot_json   TEXT         NOT NULL,
    -- the server-recorded first publication and this version's release
    published_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    retracted       BOOLEAN      NOT NULL,
    retracted_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (channel, item_id)
);
CREATE INDEX ix_published_entry_list ON published_entry (channel, retracted, published_at);

-- One row per pull channel: a counter bumped in the same transaction as every change to its
-- entries; nodes compare it with what they rendered to know whether to render again.
CREATE TABLE pull_channel_state (
    channel         VARCHAR(64)  PRIMARY KEY,
    revision        BIGINT       NOT NULL,
    changed_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
