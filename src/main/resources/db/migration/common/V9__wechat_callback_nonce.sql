-- Signed WeChat callbacks already accepted, remembered while their timestamp can still pass the
-- freshness check (5 minutes either side of the clock, kept 10 to allow for skew between nodes), so a
-- captured callback cannot be replayed on this node or any other. A duplicate key is a replay.
-- signature: the msg_signature in safe mode (it covers the body), else the plain signature.
CREATE TABLE wechat_callback_nonce (
    app_id              VARCHAR(64)   NOT NULL,
    nonce               VARCHAR(64)   NOT NULL,
    callback_ts         BIGINT        NOT NULL,
    signature           VARCHAR(64)   NOT NULL,
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, nonce, callback_ts, signature)
);
CREATE INDEX ix_wechat_callback_nonce_ts ON wechat_callback_nonce (callback_ts);
