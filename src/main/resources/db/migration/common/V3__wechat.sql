-- Delivery progress (core) and the WeChat channel's durable state.
-- Written in the SQL that both H2 2.x and PostgreSQL accept.

-- What a multi-step channel already did for a delivery (remote ids of finished steps), so that the
-- next attempt resumes instead of repeating a step. Written before the next step is taken.
CREATE TABLE delivery_progress (
    delivery_id         BIGINT        NOT NULL REFERENCES delivery (id),
    progress_key        VARCHAR(64)   NOT NULL,
    progress_value      VARCHAR(2000) NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (delivery_id, progress_key)
);

-- Images and covers already uploaded to an official account, by content hash: a re-delivery or an
-- update reuses them instead of uploading again. kind: IMAGE (media/uploadimg) or THUMB (material).
CREATE TABLE wechat_media (
    app_id              VARCHAR(64)   NOT NULL,
    kind                VARCHAR(16)   NOT NULL,
    sha256              CHAR(64)      NOT NULL,
    media_id            VARCHAR(256),
    url                 VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, kind, sha256)
);

-- Calls made per account, API and day (Beijing time) against WeChat's daily quotas
-- (freepublish/get: 100 a day), shared by every node.
CREATE TABLE wechat_api_calls (
    app_id              VARCHAR(64)   NOT NULL,
    api                 VARCHAR(64)   NOT NULL,
    call_day            DATE          NOT NULL,
    calls               INT           NOT NULL,
    PRIMARY KEY (app_id, api, call_day)
);

-- Results of publication jobs pushed to the callback URL (PUBLISHJOBFINISH), read by the next
-- attempt of the delivery that submitted the job, so that it completes without polling.
CREATE TABLE wechat_publish_result (
    app_id              VARCHAR(64)   NOT NULL,
    publish_id          VARCHAR(128)  NOT NULL,
    publish_status      INT           NOT NULL,
    article_id          VARCHAR(512),
    article_url         VARCHAR(2000),
    fail_idx            VARCHAR(200),
    received_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, publish_id)
);

-- Publication jobs submitted per account and item: an update or retraction whose earlier publication
-- was superseded or withdrawn while WeChat was still publishing it finds that job here, so it never
-- publishes the item twice nor leaves a withdrawn item on the account.
CREATE TABLE wechat_publish_job (
    app_id              VARCHAR(64)   NOT NULL,
    publish_id          VARCHAR(128)  NOT NULL,
    item_id             VARCHAR(36)   NOT NULL,
    item_version        INT           NOT NULL,
    delivery_id         BIGINT        NOT NULL,
    submitted_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, publish_id)
);
CREATE INDEX ix_wechat_publish_job_item ON wechat_publish_job (app_id, item_id);
