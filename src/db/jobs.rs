//! The fulfillment queue: Kartra work that must happen exactly as ordered, whatever fails.
//! A job is claimed with a lease; if the process dies, the lease lapses and it runs again.

use crate::clock::{self, Timestamp};
use crate::domain::order::FulfillmentAction;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: i64,
    #[serde(skip)]
    pub order_id: i64,
    pub action: FulfillmentAction,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub kartra_lead_id: Option<String>,
    #[serde(serialize_with = "optional_time")]
    pub done_at: Option<Timestamp>,
    #[serde(skip)]
    pub run_after: Timestamp,
    #[serde(skip)]
    pub email: String,
}

fn optional_time<S: serde::Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match ts {
        Some(ts) => s.serialize_str(&clock::rfc3339(*ts)),
        None => s.serialize_none(),
    }
}

const COLUMNS: &str =
    "id, order_id, action, state, attempts, last_error, kartra_lead_id, done_at, run_after, email";

fn from_row(r: &Row) -> rusqlite::Result<Job> {
    let action: String = r.get(2)?;
    Ok(Job {
        id: r.get(0)?,
        order_id: r.get(1)?,
        action: FulfillmentAction::parse(&action).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(2, "action".into(), rusqlite::types::Type::Text)
        })?,
        state: r.get(3)?,
        attempts: r.get(4)?,
        last_error: r.get(5)?,
        kartra_lead_id: r.get(6)?,
        done_at: r.get(7)?,
        run_after: r.get(8)?,
        email: r.get(9)?,
    })
}

pub fn enqueue(
    conn: &Connection,
    order_id: i64,
    action: FulfillmentAction,
    email: &str,
    now: Timestamp,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO fulfillment_jobs (order_id, action, email, state, run_after, created_at) VALUES (?1, ?2, ?3, 'pending', ?4, ?4)",
        params![order_id, action.as_str(), email, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Takes the next job that may run now, holding it for `lease_secs`. A buyer's jobs for one
/// product run in queue order: a job waits while an earlier one of theirs is not done.
pub fn claim(
    conn: &mut Connection,
    now: Timestamp,
    lease_secs: i64,
) -> rusqlite::Result<Option<Job>> {
    super::immediate(conn, |tx| {
        let job = tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM fulfillment_jobs j
                     WHERE j.state = 'pending' AND j.run_after <= ?1 AND (j.lease_until IS NULL OR j.lease_until <= ?1)
                       AND NOT EXISTS (
                         SELECT 1 FROM fulfillment_jobs e JOIN orders eo ON eo.id = e.order_id
                         WHERE e.email = j.email AND e.id < j.id AND e.state != 'done'
                           AND eo.product_id = (SELECT product_id FROM orders WHERE id = j.order_id))
                     ORDER BY j.run_after, j.id LIMIT 1"
                ),
                [now],
                from_row,
            )
            .optional()?;
        if let Some(job) = &job {
            tx.execute(
                "UPDATE fulfillment_jobs SET lease_until = ?2 WHERE id = ?1",
                params![job.id, now + lease_secs],
            )?;
        }
        Ok(job)
    })
}

fn attempt(
    conn: &Connection,
    job_id: i64,
    outcome: &str,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO fulfillment_attempts (job_id, at, outcome, detail) VALUES (?1, ?2, ?3, ?4)",
        params![job_id, now, outcome, detail],
    )
    .map(|_| ())
}

pub fn mark_done(
    conn: &mut Connection,
    job_id: i64,
    lead_id: Option<&str>,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    super::immediate(conn, |tx| {
        tx.execute(
            "UPDATE fulfillment_jobs SET state = 'done', attempts = attempts + 1, lease_until = NULL, last_error = NULL,
                 kartra_lead_id = coalesce(?2, kartra_lead_id), done_at = ?3 WHERE id = ?1",
            params![job_id, lead_id, now],
        )?;
        attempt(tx, job_id, "done", detail, now)
    })
}

/// Puts the job back for later. `counts` is false when the failure was not the job's (paused queue).
pub fn mark_retry(
    conn: &mut Connection,
    job_id: i64,
    error: &str,
    run_after: Timestamp,
    counts: bool,
    now: Timestamp,
) -> rusqlite::Result<()> {
    super::immediate(conn, |tx| {
        tx.execute(
            "UPDATE fulfillment_jobs SET attempts = attempts + ?2, run_after = ?3, lease_until = NULL, last_error = ?4 WHERE id = ?1",
            params![job_id, counts as i64, run_after, error],
        )?;
        attempt(
            tx,
            job_id,
            if counts { "retry" } else { "paused" },
            error,
            now,
        )
    })
}

/// Stops retrying until someone fixes the cause (a missing tag) and the job is released.
pub fn mark_parked(
    conn: &mut Connection,
    job_id: i64,
    error: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    super::immediate(conn, |tx| {
        tx.execute(
            "UPDATE fulfillment_jobs SET state = 'parked', attempts = attempts + 1, lease_until = NULL, last_error = ?2 WHERE id = ?1",
            params![job_id, error],
        )?;
        attempt(tx, job_id, "parked", error, now)
    })
}

pub fn for_order(conn: &Connection, order_id: i64) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM fulfillment_jobs WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([order_id], from_row)?;
    rows.collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub job_id: i64,
    pub at: Timestamp,
    pub outcome: String,
    pub detail: String,
}

pub fn attempts_for_order(conn: &Connection, order_id: i64) -> rusqlite::Result<Vec<Attempt>> {
    let mut stmt = conn.prepare(
        "SELECT a.job_id, a.at, a.outcome, a.detail FROM fulfillment_attempts a JOIN fulfillment_jobs j ON j.id = a.job_id
         WHERE j.order_id = ?1 ORDER BY a.id",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(Attempt {
            job_id: r.get(0)?,
            at: r.get(1)?,
            outcome: r.get(2)?,
            detail: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// When the worker should look again: the earliest time a pending job may run.
pub fn next_due(conn: &Connection) -> rusqlite::Result<Option<Timestamp>> {
    conn.query_row(
        "SELECT min(max(run_after, coalesce(lease_until, 0))) FROM fulfillment_jobs WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )
}
