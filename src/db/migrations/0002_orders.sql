-- Migration 2: settings, orders, webhook events, the fulfillment queue.

-- Integration and gateway settings. Secrets are sealed with the data dir's key
-- (AES-256-GCM, the key name as associated data) and never stored in clear.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT,
    sealed  BLOB
) WITHOUT ROWID;

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'cancelled')),
    page_id        INTEGER REFERENCES pages(id) ON DELETE SET NULL,
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_id       INTEGER NOT NULL,                  -- no foreign key: a price may be edited away; the terms are copied here
    price_kind     TEXT    NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0),
    currency       TEXT    NOT NULL,
    email          TEXT    NOT NULL COLLATE NOCASE,
    first_name     TEXT    NOT NULL,
    last_name      TEXT    NOT NULL,
    phone          TEXT    NOT NULL DEFAULT '',
    address        TEXT    NOT NULL DEFAULT '',
    city           TEXT    NOT NULL DEFAULT '',
    zip            TEXT    NOT NULL DEFAULT '',
    state          TEXT    NOT NULL DEFAULT '',
    country        TEXT    NOT NULL DEFAULT '',
    gateway        TEXT    NOT NULL,
    payment_ref    TEXT    NOT NULL UNIQUE,          -- ours, given to the processor
    processor_ref  TEXT,                              -- the processor's id (payment, subscription)
    client_secret  TEXT,                              -- for the buyer's browser to confirm a card payment
    installments   INTEGER,                           -- a payment plan's number of payments, copied from its price
    installments_paid INTEGER NOT NULL DEFAULT 0,
    plan_ended_at  INTEGER,                           -- when the processor confirmed a finished plan ended
    created_at     INTEGER NOT NULL,
    completed_at   INTEGER,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX orders_by_status ON orders(status, created_at);
CREATE INDEX orders_by_email ON orders(email);
CREATE INDEX orders_by_completion ON orders(completed_at);
CREATE INDEX orders_by_processor_ref ON orders(gateway, processor_ref);

-- Each payment of an order by the processor's own id (a subscription invoice's PaymentIntent,
-- a PayPal sale), so a refund that names only that payment finds its order.
CREATE TABLE order_payments (
    gateway     TEXT    NOT NULL,
    payment_id  TEXT    NOT NULL,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    PRIMARY KEY (gateway, payment_id)
) WITHOUT ROWID;

-- Every processor event received, once per (gateway, event id).
CREATE TABLE webhook_events (
    id           INTEGER PRIMARY KEY,
    gateway      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,                    -- as the processor names it
    kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'failed', 'refunded', 'renewed', 'cancelled')),
    order_id     INTEGER REFERENCES orders(id),
    outcome      TEXT    NOT NULL,                    -- what applying it did, for the order's timeline
    payload      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (gateway, event_id)
);
CREATE INDEX webhook_events_by_order ON webhook_events(order_id);

-- The durable queue of Kartra work. Jobs of one buyer (email) run in id order.
CREATE TABLE fulfillment_jobs (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    action          TEXT    NOT NULL CHECK (action IN ('grant', 'revoke')),
    email           TEXT    NOT NULL COLLATE NOCASE,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    run_after       INTEGER NOT NULL,                 -- not before this time (backoff)
    lease_until     INTEGER,                          -- a worker holds it until then; a crash lets it lapse
    last_error      TEXT,
    park_reason     TEXT    CHECK (park_reason IN ('tag_missing', 'misconfigured', 'malformed', 'lead_deleted')),
    parked_tag      TEXT,                             -- the missing tag, when that is why it is parked
    kartra_lead_id  TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER
);
CREATE INDEX jobs_ready ON fulfillment_jobs(state, run_after);
CREATE INDEX jobs_by_order ON fulfillment_jobs(order_id);
CREATE INDEX jobs_by_email ON fulfillment_jobs(email, state);

-- Each try of a job and what Kartra answered, for the order's timeline.
CREATE TABLE fulfillment_attempts (
    id       INTEGER PRIMARY KEY,
    job_id   INTEGER NOT NULL REFERENCES fulfillment_jobs(id),
    at       INTEGER NOT NULL,
    outcome  TEXT    NOT NULL CHECK (outcome IN ('done', 'retry', 'paused', 'parked')),
    detail   TEXT    NOT NULL
);
CREATE INDEX attempts_by_job ON fulfillment_attempts(job_id);
