-- Schema 15: refunds in part, the merchant's refunds and cancellations asked of the processor,
-- and the customer portal's sign-in.

-- What the order has had refunded so far, all its payments together (the sum of `refunds`).
-- A partial refund leaves the order completed and its access alone.
ALTER TABLE orders ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0);

-- A refund of part of a payment is stored as its own kind of event, so that a late completion
-- does not read it as the whole payment refunded.
CREATE TABLE processor_events_new (
    id           INTEGER PRIMARY KEY,
    gateway      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'failed', 'refunded', 'partly_refunded', 'renewed', 'cancelled', 'renewal_failed', 'recovered')),
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

-- When each payment was recorded: a refund from tagcart refunds the order's newest.
ALTER TABLE order_payments ADD COLUMN paid_at INTEGER;

-- Each refund as its processor reported it. `refund_key` is the processor's refund id, or
-- for Stripe the charge, whose refunded amount only grows: the larger figure is kept, so
-- repeated and out-of-order events add nothing twice.
CREATE TABLE refunds (
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    refund_key  TEXT    NOT NULL,
    payment_id  TEXT    NOT NULL DEFAULT '',      -- the payment refunded, when the processor names it
    amount      INTEGER NOT NULL CHECK (amount > 0),
    recorded_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, refund_key)
);

-- A refund or cancellation asked of the processor, from the dashboard, the API or the
-- customer portal: a durable queue of calls. `requested` until the processor answers (retried
-- with backoff while it cannot be reached, with the same idempotency key), `accepted` until
-- its event changes the order, then `done`; `refused` when the processor said no.
CREATE TABLE order_actions (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id),
    action        TEXT    NOT NULL CHECK (action IN ('refund', 'cancel')),
    amount        INTEGER CHECK (amount > 0),     -- a refund's (what was left when none was named)
    reason        TEXT    NOT NULL DEFAULT '',
    at_period_end INTEGER,                        -- a cancellation's: access lasts to the paid period's end
    requested_by  TEXT    NOT NULL,               -- `admin a@x.co`, `token NAME` or `buyer`
    state         TEXT    NOT NULL CHECK (state IN ('requested', 'accepted', 'done', 'refused')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    run_after     INTEGER NOT NULL,
    lease_until   INTEGER,
    processor_ref TEXT,                           -- the processor's id of the refund
    effective_at  INTEGER,                        -- a cancellation at period end: when it takes effect
    last_error    TEXT,
    created_at    INTEGER NOT NULL,
    settled_at    INTEGER
);
CREATE INDEX order_actions_ready ON order_actions(state, run_after);
CREATE INDEX order_actions_by_order ON order_actions(order_id);

-- The customer portal. A sign-in link's secret lives only in its email (sealed in the queue
-- until sent); the database keeps its SHA-256. One use, 30 minutes.
CREATE TABLE account_links (
    token_hash     TEXT    PRIMARY KEY,
    email          TEXT    NOT NULL COLLATE NOCASE,
    requested_from TEXT    NOT NULL,              -- the client's address, for the rate limit
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER
);
CREATE INDEX account_links_by_email ON account_links(email, created_at);
CREATE INDEX account_links_by_address ON account_links(requested_from, created_at);

CREATE TABLE account_sessions (
    token_hash TEXT    PRIMARY KEY,
    email      TEXT    NOT NULL COLLATE NOCASE,
    csrf_token TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- The mail queue takes the portal's sign-in emails, which belong to no order: rebuilt as
-- SQLite changes a table, with `order_id` optional and the link's sealed secret.
CREATE TABLE emails_new (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER REFERENCES orders(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('receipt', 'renewal_receipt', 'payment_failed', 'cancellation', 'refund', 'sign_in')),
    to_address   TEXT    NOT NULL,
    invoice_id   INTEGER REFERENCES invoices(id),
    access_until INTEGER,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_after    INTEGER NOT NULL,
    lease_until  INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    sealed_link  BLOB,
    CHECK ((kind = 'sign_in') = (order_id IS NULL))
);
INSERT INTO emails_new (id, order_id, kind, to_address, invoice_id, access_until, state, attempts,
    run_after, lease_until, last_error, created_at, sent_at)
  SELECT id, order_id, kind, to_address, invoice_id, access_until, state, attempts,
    run_after, lease_until, last_error, created_at, sent_at FROM emails;
DROP TABLE emails;
ALTER TABLE emails_new RENAME TO emails;
CREATE INDEX emails_ready ON emails(state, run_after);
CREATE INDEX emails_by_order ON emails(order_id);
