-- One word per thing.
-- A try that Kartra rate-limited is recorded as `rate_limited`, no longer as `paused` (which
-- now means only rejected credentials). SQLite cannot change a CHECK in place: the table is
-- copied. Earlier rate-limited tries stay `paused`: nothing recorded tells them apart.
CREATE TABLE fulfillment_attempts_new (
    id       INTEGER PRIMARY KEY,
    job_id   INTEGER NOT NULL REFERENCES fulfillment_jobs(id),
    at       INTEGER NOT NULL,
    outcome  TEXT    NOT NULL CHECK (outcome IN ('done', 'retry', 'rate_limited', 'paused', 'parked')),
    detail   TEXT    NOT NULL
);
INSERT INTO fulfillment_attempts_new (id, job_id, at, outcome, detail)
    SELECT id, job_id, at, outcome, detail FROM fulfillment_attempts;
DROP TABLE fulfillment_attempts;
ALTER TABLE fulfillment_attempts_new RENAME TO fulfillment_attempts;
CREATE INDEX attempts_by_job ON fulfillment_attempts(job_id);

-- The events table holds every processor event, webhooks' and reconciliation's alike; its
-- indexes are made again so their names and text are those of a fresh database.
ALTER TABLE webhook_events RENAME TO processor_events;
DROP INDEX webhook_events_by_order;
DROP INDEX webhook_events_not_applied;
CREATE INDEX processor_events_by_order ON processor_events(order_id);
CREATE INDEX processor_events_not_applied ON processor_events(received_at) WHERE outcome LIKE 'not applied: %';
