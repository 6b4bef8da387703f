-- Access per buyer and tag across all their orders (entitlements), when access ends per
-- product, renewals that fail, and jobs that name their tag and may be scheduled or cancelled.
-- The entitlements themselves are built from the orders and jobs after this step, by the same
-- code that keeps them (`access::settle_everyone`), so a migrated database holds what a fresh
-- one running since the first order would.

ALTER TABLE products ADD COLUMN on_cancel         TEXT    NOT NULL DEFAULT 'period_end' CHECK (on_cancel IN ('period_end', 'immediately'));
ALTER TABLE products ADD COLUMN grace_days        INTEGER NOT NULL DEFAULT 7 CHECK (grace_days BETWEEN 0 AND 60);
ALTER TABLE products ADD COLUMN payment_failed_tag TEXT;

ALTER TABLE orders ADD COLUMN access_until   INTEGER;
ALTER TABLE orders ADD COLUMN renewal_failed_at INTEGER;

-- SQLite cannot change a CHECK in place: the tables are copied (foreign keys are off while
-- migrations run, and checked before they commit).
CREATE TABLE processor_events_new (
    id           INTEGER PRIMARY KEY,
    gateway      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'failed', 'refunded', 'renewed', 'cancelled', 'renewal_failed', 'recovered')),
    order_id     INTEGER REFERENCES orders(id),
    outcome      TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (gateway, event_id)
);
INSERT INTO processor_events_new SELECT id, gateway, event_id, type, kind, order_id, outcome, payload, received_at
    FROM processor_events;
DROP TABLE processor_events;
ALTER TABLE processor_events_new RENAME TO processor_events;
CREATE INDEX processor_events_by_order ON processor_events(order_id);
CREATE INDEX processor_events_not_applied ON processor_events(received_at) WHERE outcome LIKE 'not applied: %';

-- A job names its tag: the product's tag when it was queued (no job recorded another). The
-- tag a job is parked on is that tag, so `parked_tag` goes.
CREATE TABLE fulfillment_jobs_new (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    action          TEXT    NOT NULL CHECK (action IN ('grant', 'revoke')),
    email           TEXT    NOT NULL COLLATE NOCASE,
    kartra_tag      TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER,
    run_after       INTEGER NOT NULL,
    lease_until     INTEGER,
    last_error      TEXT,
    park_reason     TEXT    CHECK (park_reason IN ('tag_missing', 'misconfigured', 'malformed', 'lead_deleted')),
    kartra_lead_id  TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    cancelled_at    INTEGER
);
INSERT INTO fulfillment_jobs_new (id, order_id, action, email, kartra_tag, state, attempts, run_after, lease_until,
        last_error, park_reason, kartra_lead_id, created_at, done_at)
    SELECT j.id, j.order_id, j.action, j.email, coalesce(j.parked_tag, p.kartra_tag), j.state, j.attempts, j.run_after,
        j.lease_until, j.last_error, j.park_reason, j.kartra_lead_id, j.created_at, j.done_at
    FROM fulfillment_jobs j JOIN orders o ON o.id = j.order_id JOIN products p ON p.id = o.product_id;
DROP TABLE fulfillment_jobs;
ALTER TABLE fulfillment_jobs_new RENAME TO fulfillment_jobs;
CREATE INDEX jobs_ready ON fulfillment_jobs(state, run_after);
CREATE INDEX jobs_by_order ON fulfillment_jobs(order_id);
CREATE INDEX jobs_by_buyer_tag ON fulfillment_jobs(email, kartra_tag, state);

CREATE TABLE entitlements (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL COLLATE NOCASE,
    kartra_tag    TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('pending', 'granted', 'scheduled_revoke', 'revoked')),
    revoke_at     INTEGER,
    in_kartra     INTEGER CHECK (in_kartra IN (0, 1)),
    verified_at   INTEGER,
    verify_after  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (email, kartra_tag)
);
CREATE INDEX entitlements_to_verify ON entitlements(verify_after) WHERE verify_after IS NOT NULL;

CREATE TABLE entitlement_orders (
    entitlement_id  INTEGER NOT NULL REFERENCES entitlements(id),
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    PRIMARY KEY (entitlement_id, order_id)
) WITHOUT ROWID;
CREATE INDEX entitlement_orders_by_order ON entitlement_orders(order_id);
