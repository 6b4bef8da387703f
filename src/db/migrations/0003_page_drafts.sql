-- The page builder: a page's row is its draft; page_live holds the version buyers see,
-- present exactly while the page is published.
CREATE TABLE page_live (
    page_id       INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    title         TEXT    NOT NULL,
    template      TEXT    NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    price_ids     TEXT    NOT NULL,
    gateways      TEXT    NOT NULL,
    sections      TEXT    NOT NULL,
    published_at  INTEGER NOT NULL
);
CREATE INDEX page_live_by_product ON page_live(product_id);

-- Before the builder, sections were stored but never shown, and checked for shape only:
-- every page starts over from its template's sections (an empty list means those).
UPDATE pages SET sections = '[]';
INSERT INTO page_live (page_id, title, template, product_id, price_ids, gateways, sections, published_at)
    SELECT id, title, template, product_id, '[]', gateways, '[]', updated_at FROM pages WHERE published = 1;
ALTER TABLE pages DROP COLUMN published;
ALTER TABLE pages ADD COLUMN price_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE pages ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
