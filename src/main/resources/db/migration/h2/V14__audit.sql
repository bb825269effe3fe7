-- The audit trail (org.tongfa.audit.AuditTrail): one row per action, appended and never changed.
-- Each row holds a SHA-256 over its content and the previous row's hash (the encoding is defined in
-- AuditHash), so GET /api/v1/audit/verify finds a row changed or removed behind the service's back.
-- Kept in step with postgresql/V14__audit.sql, which adds a trigger refusing UPDATE and DELETE; H2
-- has no trigger without a Java class, so on H2 the hash chain alone guards the rows.
CREATE TABLE audit_entry (
    -- 1, 2, 3, ... without gaps: assigned under the lock on audit_head, in the action's transaction
    seq             BIGINT        PRIMARY KEY,
    -- microsecond precision, which both databases keep exactly
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    action          VARCHAR(32)   NOT NULL,
    -- the actor's login; NULL for the service itself (a scheduled release)
    actor           VARCHAR(200),
    source_address  VARCHAR(64),
    item_id         VARCHAR(64),
    item_version    INT,
    -- JSON: {"field": "what changed", ...}
    changes_json    TEXT          NOT NULL,
    previous_hash   VARCHAR(64)   NOT NULL,
    hash            VARCHAR(64)   NOT NULL
);
CREATE INDEX ix_audit_item ON audit_entry (item_id, seq);
CREATE INDEX ix_audit_actor ON audit_entry (actor, seq);
CREATE INDEX ix_audit_action ON audit_entry (action, seq);
CREATE INDEX ix_audit_time ON audit_entry (occurred_at);

-- The end of the chain, one row: appends lock it (SELECT ... FOR UPDATE) so two transactions never
-- chain to the same row, and verify compares the last row with it (rows cut off the end).
CREATE TABLE audit_head (
    id              INT           PRIMARY KEY CHECK (id = 1),
    last_seq        BIGINT        NOT NULL,
    last_hash       VARCHAR(64)   NOT NULL
);
-- The genesis value: what the first row chains to.
INSERT INTO audit_head (id, last_seq, last_hash)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
