-- The editor console (issue 12): a person's unsaved editor form, kept between saves so that a closed tab
-- or a lost connection loses nothing. One row per person and item ('new' for an item not yet created);
-- it is not a version: saving the item deletes it. Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE console_autosave (
    login      VARCHAR(64)  NOT NULL,
    item_key   VARCHAR(36)  NOT NULL,
    -- the form's fields as JSON: {"title": ["..."], "tags": ["..."], ...}
    form_json  TEXT         NOT NULL,
    saved_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (login, item_key)
);

-- The console's item list, newest change first over every column and state, reads this index in order
-- and stops after one page (the column and status indexes serve the filtered lists).
CREATE INDEX ix_item_updated ON item (updated_at, id);
