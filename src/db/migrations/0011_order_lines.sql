-- Schema 11: an order holds lines (its main product, an order bump, or, for an upsell's own
-- order, the upsell), each granting its own product's tag; an upsell's order names its parent.
-- Every existing order becomes one main line of its product at the price it was placed at.

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

INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
    SELECT id, 'main', product_id, price_id, price_kind, subtotal, currency FROM orders ORDER BY id;

ALTER TABLE orders ADD COLUMN parent_order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL;
CREATE INDEX orders_by_parent ON orders(parent_order_id) WHERE parent_order_id IS NOT NULL;
