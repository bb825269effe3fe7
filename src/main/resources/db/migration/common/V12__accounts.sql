-- People and service accounts (issue 11). A person signs in with a password and gets a personal bearer
-- token; a service account (a CMS import job) only ever presents tokens an administrator made for it.
-- Plain SQL that H2 2.x and PostgreSQL both accept.
CREATE TABLE account (
    -- [a-z][a-z0-9._-]{1,63}, recorded as the actor of what the account changes
    login          VARCHAR(64)   NOT NULL PRIMARY KEY,
    -- what people read (审核人, 签发人 on pages), Chinese allowed
    display_name   VARCHAR(100)  NOT NULL,
    department     VARCHAR(100),
    -- PERSON or SERVICE
    kind           VARCHAR(16)   NOT NULL,
    -- an inactive account cannot sign in, and its tokens stop working at once
    active         BOOLEAN       NOT NULL,
    -- Spring Security's DelegatingPasswordEncoder form ({bcrypt}...); NULL for a service account
    password_hash  VARCHAR(255),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The roles an account holds, each on every column ('*') or on listed columns (one row per column).
CREATE TABLE account_grant (
    login       VARCHAR(64)  NOT NULL REFERENCES account (login),
    role_name   VARCHAR(32)  NOT NULL,
    column_key  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (login, role_name, column_key)
);

-- Bearer tokens of accounts; only the SHA-256 of the token is stored (it has 256 random bits).
CREATE TABLE account_token (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    login         VARCHAR(64)   NOT NULL REFERENCES account (login),
    -- API: made by an administrator, valid until revoked (or expires_at); SIGN_IN: from a password sign-in
    kind          VARCHAR(16)   NOT NULL,
    name          VARCHAR(100)  NOT NULL,
    token_sha256  VARCHAR(64)   NOT NULL UNIQUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(64),
    expires_at    TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(64)
);
CREATE INDEX ix_account_token_login ON account_token (login);

-- Failed sign-ins, counted per login name as presented (whether or not the account exists, so the
-- answers do not tell which accounts exist) and per source address (an IPv6 address by its /64), so
-- someone elsewhere cannot lock the owner out. See SignInAttempts.
CREATE TABLE sign_in_failure (
    login            VARCHAR(64)   NOT NULL,
    source_address   VARCHAR(64)   NOT NULL,
    failures         INT           NOT NULL,
    last_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until     TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (login, source_address)
);
CREATE INDEX ix_sign_in_failure_last ON sign_in_failure (last_failure_at);
