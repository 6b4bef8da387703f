-- Schema 16: a payment the processor has but has not yet cleared (a SEPA debit, a bank
-- transfer) is recorded as a `processing` event: the order stays pending, and says so.
CREATE TABLE processor_events_new (
    id           INTEGER PRIMARY KEY,
    gateway      TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('completed', 'processing', 'failed', 'refunded', 'partly_refunded', 'renewed', 'cancelled', 'renewal_failed', 'recovered')),
    order_id     INTEGER REFERENCES orders(id),
    outcome      TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (gateway, event_id)
);
INSERT INTO processor_events_new SELECT id, gateway, event_id, type, kind, order_id, outcome, payload, received_at
    FROM processor_events;
DROP TABLE processor_events;
ALTER TABLE processor_events_new RENAME TO processor_events;
CREATE INDEX processor_events_by_order ON processor_events(order_id);
CREATE INDEX processor_events_not_applied ON processor_events(received_at) WHERE outcome LIKE 'not applied: %';
