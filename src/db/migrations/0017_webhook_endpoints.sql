-- Schema 17: outgoing webhooks (Standard Webhooks). An endpoint is a merchant URL with the
-- events it wants and its signing secret, sealed. Each event is a delivery row queued in the
-- same transaction as the change (an outbox), sent by the scheduler with retries for 3 days.
CREATE TABLE webhook_endpoints (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL,
    events        TEXT    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    disabled_at   INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_type       TEXT    NOT NULL,
    payload          TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    run_after        INTEGER NOT NULL,
    lease_until      INTEGER,
    first_attempt_at INTEGER,
    last_status      INTEGER,
    last_answer      TEXT,
    last_error       TEXT,
    last_duration_ms INTEGER,
    created_at       INTEGER NOT NULL,
    delivered_at     INTEGER
);
CREATE INDEX webhook_deliveries_ready ON webhook_deliveries(state, run_after);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);
