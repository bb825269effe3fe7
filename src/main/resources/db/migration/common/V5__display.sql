-- Lobby display screens: when each screen was last heard from and what it showed (proof of play).
-- Plain SQL that H2 2.x and PostgreSQL both accept.

CREATE TABLE display_screen (
    screen_id       VARCHAR(64)  PRIMARY KEY,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the item on screen at the last heartbeat, or NULL (standby)
    current_item    VARCHAR(36),
    -- the node that took the last heartbeat
    node_id         VARCHAR(128) NOT NULL
);

-- How often each screen reported showing each item, and when last: the proof of play editors ask for.
CREATE TABLE display_play (
    screen_id       VARCHAR(64)  NOT NULL,
    item_id         VARCHAR(36)  NOT NULL,
    plays           BIGINT       NOT NULL,
    last_shown_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (screen_id, item_id)
);
