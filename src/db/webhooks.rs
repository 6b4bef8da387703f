//! Outgoing webhooks: the merchant's endpoints, and the deliveries queued for them (the outbox
//! the scheduler sends; each row is also the delivery log's line).

use crate::clock::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    /// The signing secret, sealed with the context `SECRET_CONTEXT`.
    pub sealed_secret: Vec<u8>,
    /// Set when its deliveries failed for 3 days; nothing is sent to it until a Resend.
    pub disabled_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// The sealing context of an endpoint's secret.
pub const SECRET_CONTEXT: &str = "webhook_endpoint.secret";

const ENDPOINT_COLUMNS: &str = "id, url, events, sealed_secret, disabled_at, created_at";

fn endpoint_from_row(r: &Row) -> rusqlite::Result<Endpoint> {
    let events: String = r.get(2)?;
    Ok(Endpoint {
        id: r.get(0)?,
        url: r.get(1)?,
        events: events.split(' ').map(str::to_string).collect(),
        sealed_secret: r.get(3)?,
        disabled_at: r.get(4)?,
        created_at: r.get(5)?,
    })
}

pub fn create_endpoint(
    conn: &Connection,
    url: &str,
    events: &[&str],
    sealed_secret: &[u8],
    now: Timestamp,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO webhook_endpoints (url, events, sealed_secret, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![url, events.join(" "), sealed_secret, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn endpoints(conn: &Connection) -> rusqlite::Result<Vec<Endpoint>> {
    conn.prepare_cached(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY id"
    ))?
    .query_map([], endpoint_from_row)?
    .collect()
}

pub fn endpoint(conn: &Connection, id: i64) -> rusqlite::Result<Option<Endpoint>> {
    conn.prepare_cached(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?1"
    ))?
    .query_row([id], endpoint_from_row)
    .optional()
}

/// Removes the endpoint and, with it, its deliveries: pending ones are never sent.
pub fn delete_endpoint(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.execute(
        "DELETE FROM webhook_deliveries WHERE endpoint_id = ?1",
        [id],
    )?;
    Ok(conn.execute("DELETE FROM webhook_endpoints WHERE id = ?1", [id])? == 1)
}

pub fn disable_endpoint(conn: &Connection, id: i64, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE webhook_endpoints SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
        params![id, now],
    )
    .map(|_| ())
}

#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub event_type: String,
    pub payload: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i64,
    /// The HTTP status of the last try; none when it got no answer.
    pub last_status: Option<u16>,
    /// The start of the last answer's body.
    pub last_answer: Option<String>,
    pub last_error: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub first_attempt_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub run_after: Timestamp,
}

impl Delivery {
    /// The Standard Webhooks `webhook-id`: the same on every try, so receivers can skip repeats.
    pub fn message_id(&self) -> String {
        format!("msg_{}", self.id)
    }
}

const DELIVERY_COLUMNS: &str =
    "id, endpoint_id, event_type, payload, state, attempts, last_status, last_answer,
     last_error, last_duration_ms, first_attempt_at, created_at, delivered_at, run_after";

fn delivery_from_row(r: &Row) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: r.get(0)?,
        endpoint_id: r.get(1)?,
        event_type: r.get(2)?,
        payload: r.get(3)?,
        state: r.get(4)?,
        attempts: r.get(5)?,
        last_status: r.get(6)?,
        last_answer: r.get(7)?,
        last_error: r.get(8)?,
        last_duration_ms: r.get(9)?,
        first_attempt_at: r.get(10)?,
        created_at: r.get(11)?,
        delivered_at: r.get(12)?,
        run_after: r.get(13)?,
    })
}

/// Queues one delivery; call it inside the transaction that made the change it tells of.
pub fn enqueue(
    tx: &Connection,
    endpoint_id: i64,
    event_type: &str,
    payload: &str,
    now: Timestamp,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO webhook_deliveries (endpoint_id, event_type, payload, state, run_after, created_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?4)",
    )?
    .execute(params![endpoint_id, event_type, payload, now])?;
    Ok(tx.last_insert_rowid())
}

/// Takes up to `limit` deliveries due at `now` to endpoints still enabled, each leased until
/// `lease_until` (a crash lets the lease lapse and it is sent again: at least once).
pub fn claim_due(
    conn: &Connection,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> rusqlite::Result<Vec<Delivery>> {
    conn.prepare_cached(&format!(
        "UPDATE webhook_deliveries SET lease_until = ?2 WHERE id IN (
           SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            WHERE d.state = 'pending' AND d.run_after <= ?1 AND e.disabled_at IS NULL
              AND (d.lease_until IS NULL OR d.lease_until <= ?1) ORDER BY d.id LIMIT ?3)
         RETURNING {DELIVERY_COLUMNS}"
    ))?
    .query_map(params![now, lease_until, limit], delivery_from_row)?
    .collect()
}

/// What one try got back.
#[derive(Debug, Clone, Default)]
pub struct Try {
    pub status: Option<u16>,
    pub answer: Option<String>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// Records a try: delivered, due again at `retry_at`, or failed for good (`retry_at` none).
pub fn record_try(
    conn: &Connection,
    id: i64,
    tried: &Try,
    delivered: bool,
    retry_at: Option<Timestamp>,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let state = match (delivered, retry_at) {
        (true, _) => "delivered",
        (false, Some(_)) => "pending",
        (false, None) => "failed",
    };
    conn.execute(
        "UPDATE webhook_deliveries SET state = ?2, attempts = attempts + 1, lease_until = NULL,
           first_attempt_at = coalesce(first_attempt_at, ?3), last_status = ?4, last_answer = ?5,
           last_error = ?6, last_duration_ms = ?7, run_after = coalesce(?8, run_after),
           delivered_at = CASE WHEN ?2 = 'delivered' THEN ?3 ELSE delivered_at END
         WHERE id = ?1",
        params![
            id,
            state,
            now,
            tried.status,
            tried.answer,
            tried.error,
            tried.duration_ms,
            retry_at
        ],
    )
    .map(|_| ())
}

/// Whether anything reached the endpoint at or after `since`.
pub fn delivered_since(
    conn: &Connection,
    endpoint_id: i64,
    since: Timestamp,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE endpoint_id = ?1 AND delivered_at >= ?2)",
        params![endpoint_id, since],
        |r| r.get(0),
    )
}

/// Sends the delivery again now, with a fresh 3 days of retries, and enables its endpoint again.
pub fn resend(conn: &Connection, id: i64, now: Timestamp) -> rusqlite::Result<bool> {
    let Some(endpoint_id) = conn
        .query_row(
            "UPDATE webhook_deliveries SET state = 'pending', run_after = ?2, first_attempt_at = NULL,
               lease_until = NULL
             WHERE id = ?1 RETURNING endpoint_id",
            params![id, now],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    else {
        return Ok(false);
    };
    conn.execute(
        "UPDATE webhook_endpoints SET disabled_at = NULL WHERE id = ?1",
        [endpoint_id],
    )?;
    Ok(true)
}

/// The endpoint's latest deliveries, newest first: its delivery log.
pub fn log(conn: &Connection, endpoint_id: i64, limit: i64) -> rusqlite::Result<Vec<Delivery>> {
    conn.prepare_cached(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ?1 ORDER BY id DESC LIMIT ?2"
    ))?
    .query_map(params![endpoint_id, limit], delivery_from_row)?
    .collect()
}

pub fn delivery(conn: &Connection, id: i64) -> rusqlite::Result<Option<Delivery>> {
    conn.prepare_cached(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?1"
    ))?
    .query_row([id], delivery_from_row)
    .optional()
}
