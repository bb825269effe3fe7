-- Issue 8: per (item, channel) only the latest action may still be sent. Close the rows that earlier
-- releases left waiting or failed although a later action replaced them, so that no restart, claim or
-- retry by hand sends them again and they leave the backlog. Plain SQL for H2 2.x and PostgreSQL.

-- A publication followed only by retractions was withdrawn; anything else was superseded.
UPDATE delivery SET status = CASE
        WHEN action = 'PUBLISH' AND NOT EXISTS (SELECT 1 FROM delivery l WHERE l.item_id = delivery.item_id
            AND l.channel = delivery.channel AND l.id > delivery.id AND l.action = 'PUBLISH') THEN 'RETRACTED'
        ELSE 'SUPERSEDED' END
    WHERE status IN ('PENDING', 'FAILED', 'DEAD')
      AND EXISTS (SELECT 1 FROM delivery l WHERE l.item_id = delivery.item_id AND l.channel = delivery.channel
            AND l.id > delivery.id);

-- Publications of retracted items on channels that take no retraction (no later row there).
UPDATE delivery SET status = 'RETRACTED'
    WHERE action = 'PUBLISH' AND status IN ('PENDING', 'FAILED', 'DEAD')
      AND item_id IN (SELECT id FROM item WHERE status = 'RETRACTED');
