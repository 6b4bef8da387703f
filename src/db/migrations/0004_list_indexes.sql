-- Order lists (dashboard, API) filter by status, by buyer or by both, newest first. Equal on
-- every column of one of these, an index's entries are already in id order.
DROP INDEX orders_by_email;
CREATE INDEX orders_by_email_status ON orders(email, status);
CREATE INDEX orders_newest_by_status ON orders(status, id);
-- Needs attention lists the payments that did not match their order (outcome "not applied: ...",
-- see domain::payment_match::NOT_APPLIED) without reading every event ever received.
CREATE INDEX webhook_events_not_applied ON webhook_events(received_at) WHERE outcome LIKE 'not applied: %';
