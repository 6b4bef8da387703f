-- The full current schema of tagcart's database.
-- A fresh database is created from this file; an older one is brought here by the numbered
-- migrations in src/db/migrations/, and a test checks that both roads end at the same schema.
-- Times are Unix seconds (UTC). Money is integer minor units beside an ISO 4217 code.
--
-- Glossary: each word means one thing, the same here, in the code, the API and the dashboard.
--   processor      a company that moves the money for tagcart: Stripe or PayPal.
--   gateway        a way to pay that a page offers and an order was placed with, named in the
--                  `gateway` columns: 'test' (the built-in simulated processor, no money moves),
--                  'stripe' or 'paypal' (the gateway of that processor), or 'none' for an
--                  order a coupon made free: completed without any processor.
--   coupon         a code that takes something off a price (coupons); a checkout's order uses
--                  it (a redemption) once paid, or while pending for up to an hour.
--   payment_ref    ours: the reference ('pay_...') made at checkout and given to the processor
--                  (Stripe's metadata, PayPal's custom_id), so its events find their order.
--   processor_ref  theirs: the processor's id for what the order started (a Stripe PaymentIntent
--                  or Subscription, a PayPal order or subscription); NULL for the test gateway.
--   entitlement    access: one buyer (email) and one Kartra tag, given by any of their orders
--                  (entitlements). It ends only when the last order giving it ends.
--   grant          the Kartra work that gives access: the buyer's lead saved, the tag assigned.
--   revoke         the Kartra work that ends access: the tag unassigned, when the last order
--                  giving it was cancelled (now or at its period's end), refunded (when the product
--                  says so) or its failing renewal outlasted the grace days.
--   job            one grant or revoke in the durable queue (fulfillment_jobs): pending, done,
--                  parked or cancelled (a scheduled revoke the buyer paid their way out of).
--   read-back      asking Kartra for the lead's tags (get_lead) to learn whether a tag is there.
--   drift          Kartra disagrees with an entitlement: a granted tag missing from the lead, or
--                  a revoked tag still on it.
--   attempt        one try of a job at Kartra (fulfillment_attempts), with its outcome: done, retry
--                  (backoff), paused (credentials refused: the whole queue waits) or parked.
--   parked         a job that retrying cannot help (a missing tag, a refused request): it waits,
--                  never dropped, until the cause is fixed or someone presses Retry now.
--   draft          a page as the admin edits it (pages).
--   live           a page as buyers see it: the draft as last published (page_live; no row while
--                  unpublished).

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
    updated_at        INTEGER NOT NULL,
    on_cancel         TEXT    NOT NULL DEFAULT 'period_end' CHECK (on_cancel IN ('period_end', 'immediately')),
    grace_days        INTEGER NOT NULL DEFAULT 7 CHECK (grace_days BETWEEN 0 AND 60),  -- a failing renewal keeps access this long
    payment_failed_tag TEXT,                             -- assigned while a renewal is failing
    show_receipt      INTEGER NOT NULL DEFAULT 0 CHECK (show_receipt IN (0, 1)),  -- 1: our receipt first, then thank_you_url
    image_url         TEXT                            -- https; shown beside the name on checkout pages
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

CREATE TABLE pages (                              -- the draft the admin edits
    id             INTEGER PRIMARY KEY,
    title          TEXT    NOT NULL,
    slug           TEXT    NOT NULL UNIQUE,
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    template       TEXT    NOT NULL,
    price_ids      TEXT    NOT NULL DEFAULT '[]',     -- JSON array; empty: every price option
    gateways       TEXT    NOT NULL,                  -- JSON array of gateway names
    custom_domain  TEXT    UNIQUE,
    sections       TEXT    NOT NULL DEFAULT '[]',     -- JSON array of {"kind": ...}; empty: the template's
    revision       INTEGER NOT NULL DEFAULT 1,        -- counts saves: stale editor forms are refused
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    language       TEXT    NOT NULL DEFAULT 'en',     -- the buyer pages' language (i18n::Locale)
    bump           TEXT,                              -- JSON {"product_id", "price_id", "headline", "text"}; NULL: none
    upsell         TEXT,                              -- the same, offered after payment
    terms_url      TEXT,                              -- a required "I accept the terms" checkbox linking here; NULL: none
    waiver         INTEGER NOT NULL DEFAULT 0         -- asks for the EU digital-content waiver
);
CREATE INDEX pages_by_product ON pages(product_id);

-- What buyers see: the draft as it was last published. A row exists exactly while the
-- page is published.
CREATE TABLE page_live (
    page_id       INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    title         TEXT    NOT NULL,
    template      TEXT    NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_ids     TEXT    NOT NULL,
    gateways      TEXT    NOT NULL,
    sections      TEXT    NOT NULL,
    published_at  INTEGER NOT NULL,
    language      TEXT    NOT NULL DEFAULT 'en',
    bump          TEXT,
    upsell        TEXT,
    terms_url     TEXT,
    waiver        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX page_live_by_product ON page_live(product_id);

-- Integration and gateway settings. Secrets are sealed with the data dir's key
-- (AES-256-GCM, the key name as associated data) and never stored in clear.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT,
    sealed  BLOB
) WITHOUT ROWID;

-- A code that takes a percent (or a fixed amount in one currency) off a price. Its uses are
-- the orders naming it (see `db::coupons::uses`).
CREATE TABLE coupons (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    percent_off         INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    amount_off          INTEGER CHECK (amount_off > 0),
    currency            TEXT,                          -- with amount_off only
    product_ids         TEXT    NOT NULL DEFAULT '[]', -- JSON array; empty: every product
    expires_at          INTEGER,
    max_redemptions     INTEGER CHECK (max_redemptions >= 1),
    duration            TEXT    NOT NULL CHECK (duration IN ('once', 'forever', 'repeating')),
    duration_in_months  INTEGER CHECK (duration_in_months BETWEEN 1 AND 36),
    paused              INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((percent_off IS NULL) != (amount_off IS NULL))
);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'cancelled')),
    page_id        INTEGER REFERENCES pages(id) ON DELETE SET NULL,
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_id       INTEGER NOT NULL,                  -- no foreign key: a price may be edited away; the terms are copied here
    price_kind     TEXT    NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount >= 0),   -- due today, after the discount: 0 when a coupon takes it all
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
    updated_at     INTEGER NOT NULL,
    access_until   INTEGER,                           -- cancelled: the paid access ends then
    renewal_failed_at INTEGER,                        -- a renewal is failing since then; NULL when paid up
    subtotal       INTEGER NOT NULL CHECK (subtotal >= 0),         -- the price's amount, before the discount
    discount       INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0), -- what the coupon took off the first charge
    coupon_id      INTEGER REFERENCES coupons(id) ON DELETE SET NULL,
    -- A copy of the coupon's terms when the order was placed: its renewals follow these.
    coupon_code    TEXT,
    coupon_percent_off  INTEGER,
    coupon_amount_off   INTEGER,
    coupon_duration     TEXT,
    coupon_duration_in_months INTEGER,
    parent_order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL,  -- an upsell's order: the order it followed
    bump_offered    INTEGER NOT NULL DEFAULT 0,       -- its checkout offered the bump (take rates)
    upsell_shown_at INTEGER,                          -- when the buyer was first shown the upsell
    -- How the order was taxed when placed (see migration 0013); its renewals are taxed the same.
    tax            INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0),  -- the part of `amount` that is tax
    tax_rate       INTEGER,                           -- basis points (1900 = 19%); NULL: tax was off
    prices_include_tax INTEGER,
    tax_treatment  TEXT CHECK (tax_treatment IN ('charged', 'reverse_charge', 'not_taxed')),
    company        TEXT    NOT NULL DEFAULT '',
    vat_id         TEXT    NOT NULL DEFAULT '',       -- normal form: prefix and number
    vat_id_check   TEXT CHECK (vat_id_check IN ('valid', 'invalid', 'unavailable')),  -- VIES's answer
    terms_accepted_at INTEGER,                        -- the terms checkbox ticked, and where they were
    terms_url      TEXT,
    waiver_text    TEXT,                              -- the digital-content waiver as the buyer saw it
    waiver_at      INTEGER,
    refunded       INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0)   -- the sum of its `refunds` (migration 0015)
);
CREATE INDEX orders_by_status ON orders(status, created_at);
-- The order lists' filters: see migration 0004.
CREATE INDEX orders_by_email_status ON orders(email, status);
CREATE INDEX orders_newest_by_status ON orders(status, id);
CREATE INDEX orders_by_completion ON orders(completed_at);
CREATE INDEX orders_by_processor_ref ON orders(gateway, processor_ref);
CREATE INDEX orders_by_coupon ON orders(coupon_id, status);
-- The sales figures' active subscriptions (migration 0019).
CREATE INDEX orders_subscribed ON orders(status, page_id, currency, amount, price_id) WHERE price_kind = 'subscription';
-- At most one upsell's order per order: a second accept finds the first.
CREATE UNIQUE INDEX orders_by_parent ON orders(parent_order_id) WHERE parent_order_id IS NOT NULL;

-- What an order buys: its main product, an order bump, or (on an upsell's own order) the upsell.
-- Each line grants its own product's tag; the order's subtotal is their sum.
CREATE TABLE order_lines (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('main', 'bump', 'upsell')),
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_id    INTEGER NOT NULL,                     -- no foreign key, as on orders: the terms are copied
    price_kind  TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount >= 0), -- the price's amount, before any discount
    currency    TEXT    NOT NULL,
    UNIQUE (order_id, kind)
);
CREATE INDEX order_lines_by_product ON order_lines(product_id);

-- Each payment of an order by the processor's own id (a subscription invoice's PaymentIntent,
-- a PayPal sale), so a refund that names only that payment finds its order.
CREATE TABLE order_payments (
    gateway     TEXT    NOT NULL,
    payment_id  TEXT    NOT NULL,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    paid_at     INTEGER,                              -- NULL: recorded before schema 15
    PRIMARY KEY (gateway, payment_id)
) WITHOUT ROWID;
CREATE INDEX order_payments_by_time ON order_payments(paid_at, order_id);  -- the sales figures' renewals
CREATE INDEX order_payments_by_order ON order_payments(order_id, paid_at);  -- an order's newest payment

-- Every processor event, once per (gateway, event id): delivered by a webhook or found by
-- reconciliation (asking the processor about a pending order whose webhook never came).
CREATE TABLE processor_events (
    id           INTEGER PRIMARY KEY,
    gateway      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,                    -- as the processor names it
    kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'processing', 'failed', 'refunded', 'partly_refunded', 'renewed', 'cancelled', 'renewal_failed', 'recovered')),
    order_id     INTEGER REFERENCES orders(id),
    outcome      TEXT    NOT NULL,                    -- what applying it did, for the order's timeline
    payload      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (gateway, event_id)
);
CREATE INDEX processor_events_by_order ON processor_events(order_id);
CREATE INDEX processor_events_not_applied ON processor_events(received_at) WHERE outcome LIKE 'not applied: %';

-- The durable queue of Kartra work. Jobs of one buyer (email) and tag run in id order.
CREATE TABLE fulfillment_jobs (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders(id),   -- whose event queued it; a grant sends its buyer's details
    action          TEXT    NOT NULL CHECK (action IN ('grant', 'revoke')),
    email           TEXT    NOT NULL COLLATE NOCASE,
    kartra_tag      TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'parked', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          INTEGER,                          -- a scheduled job (a revoke when paid access ends): not before then
    run_after       INTEGER NOT NULL,                 -- not before this time (due, then backoff)
    lease_until     INTEGER,                          -- a worker holds it until then; a crash lets it lapse
    last_error      TEXT,
    park_reason     TEXT    CHECK (park_reason IN ('tag_missing', 'misconfigured', 'malformed', 'lead_deleted')),
    kartra_lead_id  TEXT,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    cancelled_at    INTEGER
);
CREATE INDEX jobs_ready ON fulfillment_jobs(state, run_after);
CREATE INDEX jobs_by_order ON fulfillment_jobs(order_id, action, state);
CREATE INDEX jobs_by_buyer_tag ON fulfillment_jobs(email, kartra_tag, state);

-- Each try of a job and what Kartra answered, for the order's timeline.
CREATE TABLE fulfillment_attempts (
    id       INTEGER PRIMARY KEY,
    job_id   INTEGER NOT NULL REFERENCES fulfillment_jobs(id),
    at       INTEGER NOT NULL,
    outcome  TEXT    NOT NULL CHECK (outcome IN ('done', 'retry', 'rate_limited', 'paused', 'parked')),
    detail   TEXT    NOT NULL
);
CREATE INDEX attempts_by_job ON fulfillment_attempts(job_id);

-- Access per buyer and tag. Its state follows from the orders that give it (src/domain/access.rs)
-- and the jobs that carry it out: pending (the grant is not confirmed yet), granted,
-- scheduled_revoke (access ends at revoke_at; the revoke is queued for then), revoked.
CREATE TABLE entitlements (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL COLLATE NOCASE,
    kartra_tag    TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('pending', 'granted', 'scheduled_revoke', 'revoked')),
    revoke_at     INTEGER,
    in_kartra     INTEGER CHECK (in_kartra IN (0, 1)),  -- the last read-back: is the tag on the lead? NULL: never read
    verified_at   INTEGER,
    verify_after  INTEGER,                          -- the next read-back: shortly after each job, then daily while access lasts
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (email, kartra_tag)
);
CREATE INDEX entitlements_to_verify ON entitlements(verify_after) WHERE verify_after IS NOT NULL;

-- Every order that gives (or gave) an entitlement.
CREATE TABLE entitlement_orders (
    entitlement_id  INTEGER NOT NULL REFERENCES entitlements(id),
    order_id        INTEGER NOT NULL REFERENCES orders(id),
    PRIMARY KEY (entitlement_id, order_id)
) WITHOUT ROWID;
CREATE INDEX entitlement_orders_by_order ON entitlement_orders(order_id);

-- The last number issued in each year: taken in the transaction that records the payment or
-- refund, so a number is used exactly when its document exists (no gaps, no repeats).
CREATE TABLE invoice_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- Invoices (a completed order, each paid renewal) and credit notes (a refund), one sequence
-- of numbers per year ("2026-000001"). `document` is everything printed, as it was at issue
-- (JSON): later edits to the seller, the product or the tax settings never change it.
CREATE TABLE invoices (
    id         INTEGER PRIMARY KEY,
    number     TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    event_id   INTEGER NOT NULL UNIQUE REFERENCES processor_events(id),  -- the payment or refund it records
    corrects   INTEGER REFERENCES invoices(id),      -- a credit note: the invoice it cancels
    issued_at  INTEGER NOT NULL,
    currency   TEXT    NOT NULL,
    net        INTEGER NOT NULL,
    tax        INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    document   TEXT    NOT NULL
);
CREATE INDEX invoices_by_order ON invoices(order_id);

-- The mail queue (see migrations 0014 and 0015): an email is sent by the scheduler and
-- retried with backoff until the SMTP server takes it (sent), or refuses the address for good
-- (rejected, resendable from the order page). Never dropped. A portal sign-in email belongs to
-- no order and carries its link sealed until sent.
CREATE TABLE emails (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER REFERENCES orders(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('receipt', 'renewal_receipt', 'payment_failed', 'cancellation', 'refund', 'sign_in')),
    to_address   TEXT    NOT NULL,
    invoice_id   INTEGER REFERENCES invoices(id),     -- attached as PDF: the invoice, or the refund's credit note
    access_until INTEGER,                              -- a cancellation: when access ends
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_after    INTEGER NOT NULL,                     -- not before this time (backoff)
    lease_until  INTEGER,                              -- the scheduler is sending it until then
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    sealed_link  BLOB,                                 -- a sign-in email's link, sealed; cleared once sent
    CHECK ((kind = 'sign_in') = (order_id IS NULL))
);
CREATE INDEX emails_ready ON emails(state, run_after);
CREATE INDEX emails_by_order ON emails(order_id);

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
CREATE INDEX refunds_by_time ON refunds(recorded_at);  -- the sales figures' refunds

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

-- Outgoing webhooks: endpoints and their deliveries (the outbox the scheduler sends).
CREATE TABLE webhook_endpoints (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL,
    events        TEXT    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    disabled_at   INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_type       TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    run_after        INTEGER NOT NULL,
    lease_until      INTEGER,
    first_attempt_at INTEGER,
    last_status      INTEGER,
    last_answer      TEXT,
    last_error       TEXT,
    last_duration_ms INTEGER,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_ready ON webhook_deliveries(state, run_after);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);

-- Page views per page and UTC day (`day`: unix seconds of its midnight), added up in memory
-- and written once per scheduler pass. Nothing about the visitor is kept.
CREATE TABLE page_views (
    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    day     INTEGER NOT NULL,
    views   INTEGER NOT NULL,
    PRIMARY KEY (page_id, day)
) WITHOUT ROWID;
