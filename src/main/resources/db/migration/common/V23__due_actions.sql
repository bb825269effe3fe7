-- Scheduled releases and expiries are columns of the item, swept by every node with FOR UPDATE SKIP LOCKED,
-- instead of one Quartz trigger each (Quartz serialises trigger acquisition through one lock and took 8-9 s
-- for 1,000 releases due in the same second). Quartz keeps the few periodic jobs.
--   *_job_at      the time the action was set for (the item's scheduled_at or expire_at then); NULL: none
--   *_next_at     when a node should next try it: the due time, then a node's lease while it tries, then the
--                 retry time after a failure
--   *_failures    failures in a row, for the back-off
ALTER TABLE item ADD COLUMN release_job_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE item ADD COLUMN release_next_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE item ADD COLUMN release_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE item ADD COLUMN expiry_job_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE item ADD COLUMN expiry_next_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE item ADD COLUMN expiry_failures INT DEFAULT 0 NOT NULL;
CREATE INDEX ix_item_release_next ON item (release_next_at);
CREATE INDEX ix_item_expiry_next ON item (expiry_next_at);

-- What the Quartz jobs held: a release for each SCHEDULED item, an expiry for each SCHEDULED or PUBLISHED
-- item with an expiry time. A job that was failing starts its back-off again.
UPDATE item SET release_job_at = scheduled_at, release_next_at = scheduled_at
    WHERE status = 'SCHEDULED' AND scheduled_at IS NOT NULL;
UPDATE item SET expiry_job_at = expire_at, expiry_next_at = expire_at
    WHERE status IN ('SCHEDULED', 'PUBLISHED') AND expire_at IS NOT NULL;

DELETE FROM QRTZ_SIMPLE_TRIGGERS WHERE TRIGGER_GROUP = 'items';
DELETE FROM QRTZ_FIRED_TRIGGERS WHERE TRIGGER_GROUP = 'items';
DELETE FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'items';
DELETE FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = 'items';
