-- Schema 13: tax on orders, invoices and credit notes, and the buyer's consents.

-- A page may ask the buyer to accept the terms (a required checkbox linking to `terms_url`)
-- and for the EU digital-content waiver.
ALTER TABLE pages ADD COLUMN terms_url TEXT;
ALTER TABLE pages ADD COLUMN waiver INTEGER NOT NULL DEFAULT 0;
ALTER TABLE page_live ADD COLUMN terms_url TEXT;
ALTER TABLE page_live ADD COLUMN waiver INTEGER NOT NULL DEFAULT 0;

-- An order copies how it was taxed when placed (its renewals are taxed the same way):
-- `amount` stays what the buyer pays today, tax included; `tax` is the part of it that is tax.
ALTER TABLE orders ADD COLUMN tax INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0);
ALTER TABLE orders ADD COLUMN tax_rate INTEGER;
ALTER TABLE orders ADD COLUMN prices_include_tax INTEGER;
ALTER TABLE orders ADD COLUMN tax_treatment TEXT CHECK (tax_treatment IN ('charged', 'reverse_charge', 'not_taxed'));
ALTER TABLE orders ADD COLUMN company TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN vat_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN vat_id_check TEXT CHECK (vat_id_check IN ('valid', 'invalid', 'unavailable'));
ALTER TABLE orders ADD COLUMN terms_accepted_at INTEGER;
ALTER TABLE orders ADD COLUMN terms_url TEXT;
ALTER TABLE orders ADD COLUMN waiver_text TEXT;
ALTER TABLE orders ADD COLUMN waiver_at INTEGER;

-- The last number issued in each year: taken in the transaction that records the payment or
-- refund, so a number is used exactly when its document exists (no gaps, no repeats).
CREATE TABLE invoice_sequences (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- Invoices (a completed order, each paid renewal) and credit notes (a refund), one sequence.
-- `document` is everything printed, as it was at issue: later edits to the seller, the product
-- or the tax settings never change an issued document.
CREATE TABLE invoices (
    id         INTEGER PRIMARY KEY,
    number     TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    order_id   INTEGER NOT NULL REFERENCES orders(id),
    event_id   INTEGER NOT NULL UNIQUE REFERENCES processor_events(id),
    corrects   INTEGER REFERENCES invoices(id),
    issued_at  INTEGER NOT NULL,
    currency   TEXT    NOT NULL,
    net        INTEGER NOT NULL,
    tax        INTEGER NOT NULL,
    total      INTEGER NOT NULL,
    document   TEXT    NOT NULL
);
CREATE INDEX invoices_by_order ON invoices(order_id);
