-- Schema 8: a product may show tagcart's receipt before its own thank-you URL.
ALTER TABLE products ADD COLUMN show_receipt      INTEGER NOT NULL DEFAULT 0 CHECK (show_receipt IN (0, 1));
