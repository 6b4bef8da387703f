-- Schema 14: the mail queue. Each email to a buyer is a row, sent by the scheduler with
-- retries (backoff) until the SMTP server takes it; never dropped. Its text is rendered when
-- it is sent, from the order, its invoice and the shop as they are.
CREATE TABLE emails (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('receipt', 'renewal_receipt', 'payment_failed', 'cancellation', 'refund')),
    to_address   TEXT    NOT NULL,
    invoice_id   INTEGER REFERENCES invoices(id),
    access_until INTEGER,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_after    INTEGER NOT NULL,
    lease_until  INTEGER,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER
);
CREATE INDEX emails_ready ON emails(state, run_after);
CREATE INDEX emails_by_order ON emails(order_id);
