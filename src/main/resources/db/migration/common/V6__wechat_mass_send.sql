-- Pushes to followers (群发) of WeChat articles, one row per account and item: the row is claimed
-- before the push, so an item is pushed at most once however often it is delivered again.
-- status: PENDING (claimed), SENT, UNKNOWN (the call's outcome never reached us; never repeated),
-- SKIPPED_QUOTA (the account's quota was spent), FAILED (WeChat refused for another reason).
-- The quota itself is counted in wechat_api_calls under api 'mass/sendall', keyed by the first day
-- of its window (Beijing time): the day for a subscription account, the month for a service account.
CREATE TABLE wechat_mass_send (
    app_id              VARCHAR(64)   NOT NULL,
    item_id             VARCHAR(36)   NOT NULL,
    delivery_id         BIGINT        NOT NULL,
    media_id            VARCHAR(256)  NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    msg_id              VARCHAR(64),
    note                VARCHAR(1000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, item_id)
);
