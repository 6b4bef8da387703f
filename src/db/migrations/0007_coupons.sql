-- Coupons, and orders that remember what a coupon took off (subtotal, discount and a copy of
-- the coupon's terms, so editing or deleting the coupon never changes an order or its renewals).

CREATE TABLE coupons (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    percent_off         INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    amount_off          INTEGER CHECK (amount_off > 0),
    currency            TEXT,
    product_ids         TEXT    NOT NULL DEFAULT '[]',
    expires_at          INTEGER,
    max_redemptions     INTEGER CHECK (max_redemptions >= 1),
    duration            TEXT    NOT NULL CHECK (duration IN ('once', 'forever', 'repeating')),
    duration_in_months  INTEGER CHECK (duration_in_months BETWEEN 1 AND 36),
    paused              INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK ((percent_off IS NULL) != (amount_off IS NULL))
);

-- SQLite cannot change a CHECK in place (a zero total is now an order's amount): the table is
-- copied (foreign keys are off while migrations run, and checked before they commit).
CREATE TABLE orders_new (
    id             INTEGER PRIMARY KEY,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded', 'cancelled')),
    page_id        INTEGER REFERENCES pages(id) ON DELETE SET NULL,
    product_id     INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_id       INTEGER NOT NULL,
    price_kind     TEXT    NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount >= 0),
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
    payment_ref    TEXT    NOT NULL UNIQUE,
    processor_ref  TEXT,
    client_secret  TEXT,
    installments   INTEGER,
    installments_paid INTEGER NOT NULL DEFAULT 0,
    plan_ended_at  INTEGER,
    created_at     INTEGER NOT NULL,
    completed_at   INTEGER,
    updated_at     INTEGER NOT NULL,
    access_until   INTEGER,
    renewal_failed_at INTEGER,
    subtotal       INTEGER NOT NULL CHECK (subtotal >= 0),
    discount       INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    coupon_id      INTEGER REFERENCES coupons(id) ON DELETE SET NULL,
    coupon_code    TEXT,
    coupon_percent_off  INTEGER,
    coupon_amount_off   INTEGER,
    coupon_duration     TEXT,
    coupon_duration_in_months INTEGER
);
INSERT INTO orders_new (id, status, page_id, product_id, price_id, price_kind, amount, currency, email, first_name,
        last_name, phone, address, city, zip, state, country, gateway, payment_ref, processor_ref, client_secret,
        installments, installments_paid, plan_ended_at, created_at, completed_at, updated_at, access_until,
        renewal_failed_at, subtotal)
    SELECT id, status, page_id, product_id, price_id, price_kind, amount, currency, email, first_name,
        last_name, phone, address, city, zip, state, country, gateway, payment_ref, processor_ref, client_secret,
        installments, installments_paid, plan_ended_at, created_at, completed_at, updated_at, access_until,
        renewal_failed_at, amount
    FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_by_status ON orders(status, created_at);
CREATE INDEX orders_by_email_status ON orders(email, status);
CREATE INDEX orders_newest_by_status ON orders(status, id);
CREATE INDEX orders_by_completion ON orders(completed_at);
CREATE INDEX orders_by_processor_ref ON orders(gateway, processor_ref);
CREATE INDEX orders_by_coupon ON orders(coupon_id, status);
