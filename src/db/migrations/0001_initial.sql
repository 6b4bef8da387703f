-- Migration 1: the first schema.

CREATE TABLE admins (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    password_hash  TEXT    NOT NULL,                 -- argon2id, PHC string
    failed_logins  INTEGER NOT NULL DEFAULT 0,       -- consecutive failures, reset on success
    locked_until   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
);

-- Admin sign-in sessions; the cookie carries the token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    admin_id      INTEGER NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    csrf_token    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_admin ON sessions(admin_id);

-- The one-time link printed by `serve` while no admin exists.
CREATE TABLE setup_tokens (
    token_hash  TEXT    PRIMARY KEY,
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
);

CREATE TABLE products (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    kartra_tag        TEXT    NOT NULL,
    thank_you_url     TEXT,                           -- NULL: the built-in thank-you page
    revoke_on_refund  INTEGER NOT NULL CHECK (revoke_on_refund IN (0, 1)),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE TABLE prices (
    id              INTEGER PRIMARY KEY,
    product_id      INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('one_time', 'subscription', 'payment_plan')),
    currency        TEXT    NOT NULL CHECK (length(currency) = 3),
    amount          INTEGER NOT NULL CHECK (amount > 0),   -- per charge: a plan's installment
    interval        TEXT    CHECK (interval IN ('day', 'week', 'month', 'year')),
    interval_count  INTEGER CHECK (interval_count > 0),
    installments    INTEGER CHECK (installments > 1),
    trial_days      INTEGER CHECK (trial_days >= 0)
);
CREATE INDEX prices_by_product ON prices(product_id, position);

CREATE TABLE pages (
    id             INTEGER PRIMARY KEY,
    title          TEXT    NOT NULL,
    slug           TEXT    NOT NULL UNIQUE,
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    template       TEXT    NOT NULL,
    gateways       TEXT    NOT NULL,                  -- JSON array of gateway names
    custom_domain  TEXT    UNIQUE,
    sections       TEXT    NOT NULL DEFAULT '[]',     -- JSON array of {"kind": ...}
    published      INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX pages_by_product ON pages(product_id);
