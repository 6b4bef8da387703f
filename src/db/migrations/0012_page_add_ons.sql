-- Schema 12: a page may offer an order bump on its checkout and a one-click upsell after
-- payment, each {"product_id", "price_id", "headline", "text"} as JSON (NULL: none),
-- versioned with the rest of the page. An order has at most one upsell's order. For the take
-- rates, an order records whether its checkout offered the bump and when the upsell was shown.
ALTER TABLE pages ADD COLUMN bump TEXT;
ALTER TABLE pages ADD COLUMN upsell TEXT;
ALTER TABLE page_live ADD COLUMN bump TEXT;
ALTER TABLE page_live ADD COLUMN upsell TEXT;

DROP INDEX orders_by_parent;
CREATE UNIQUE INDEX orders_by_parent ON orders(parent_order_id) WHERE parent_order_id IS NOT NULL;

ALTER TABLE orders ADD COLUMN bump_offered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN upsell_shown_at INTEGER;
