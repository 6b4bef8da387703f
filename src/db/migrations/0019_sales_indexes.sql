-- The sales figures (db::stats) over a span of days, at 100k orders: payments by when they
-- were paid and refunds by when they were recorded, instead of reading every row of both.
CREATE INDEX order_payments_by_time ON order_payments(paid_at, order_id);
CREATE INDEX refunds_by_time ON refunds(recorded_at);
-- An order's newest payment (a refund of what is left goes to it) without reading them all.
CREATE INDEX order_payments_by_order ON order_payments(order_id, paid_at);
-- The active subscriptions and what they charge, without visiting every completed order.
CREATE INDEX orders_subscribed ON orders(status, page_id, currency, amount, price_id) WHERE price_kind = 'subscription';
-- The page funnel's "access granted" answered from the index alone.
DROP INDEX jobs_by_order;
CREATE INDEX jobs_by_order ON fulfillment_jobs(order_id, action, state);
