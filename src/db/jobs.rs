//! The fulfillment queue: Kartra work that must happen exactly as ordered, whatever fails.
//! A job is claimed with a lease; if the process dies, the lease lapses and it runs again.
//! A scheduled job (`due_at`: a revoke when paid access ends) is never run, released or
//! counted as waiting before its time.

use crate::clock::{self, Timestamp};
use crate::domain::fulfillment::{AttemptOutcome, JobState};
use crate::domain::ids::{JobId, OrderId, ProductId};
use crate::domain::order::FulfillmentAction;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: JobId,
    #[serde(skip)]
    pub order_id: OrderId,
    pub action: FulfillmentAction,
    pub kartra_tag: String,
    pub state: JobState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub kartra_lead_id: Option<String>,
    #[serde(serialize_with = "clock::serialize_rfc3339_opt")]
    pub done_at: Option<Timestamp>,
    /// A scheduled job's time (a revoke when paid access ends).
    #[serde(serialize_with = "clock::serialize_rfc3339_opt")]
    pub due_at: Option<Timestamp>,
    #[serde(serialize_with = "clock::serialize_rfc3339_opt")]
    pub cancelled_at: Option<Timestamp>,
    #[serde(skip)]
    pub run_after: Timestamp,
    #[serde(skip)]
    pub lease_until: Option<Timestamp>,
    #[serde(skip)]
    pub email: String,
    #[serde(skip)]
    pub park_reason: Option<String>,
}

impl Job {
    /// The tag it is parked on because Kartra has no such tag.
    pub fn missing_tag(&self) -> Option<&str> {
        (self.park_reason.as_deref() == Some(ParkReason::TagMissing.as_str()))
            .then_some(self.kartra_tag.as_str())
    }
}

const COLUMNS: &str =
    "id, order_id, action, state, attempts, last_error, kartra_lead_id, done_at, run_after, email,
     park_reason, kartra_tag, due_at, cancelled_at, lease_until";

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
        park_reason: r.get(10)?,
        kartra_tag: r.get(11)?,
        due_at: r.get(12)?,
        cancelled_at: r.get(13)?,
        lease_until: r.get(14)?,
    })
}

/// A job to queue: `action` on `kartra_tag` for the buyer `email`, for `order_id`'s sake.
#[derive(Debug, Clone, Copy)]
pub struct NewJob<'a> {
    pub order_id: OrderId,
    pub action: FulfillmentAction,
    pub email: &'a str,
    pub kartra_tag: &'a str,
    /// Not before then; `None`: as soon as possible.
    pub due_at: Option<Timestamp>,
}

pub fn enqueue(conn: &Connection, job: &NewJob, now: Timestamp) -> rusqlite::Result<JobId> {
    conn.prepare_cached(
        "INSERT INTO fulfillment_jobs (order_id, action, email, kartra_tag, state, due_at, run_after, created_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', ?5, max(?6, coalesce(?5, 0)), ?6)",
    )?
    .execute(params![job.order_id, job.action.as_str(), job.email, job.kartra_tag, job.due_at, now])?;
    Ok(JobId(conn.last_insert_rowid()))
}

/// Moves a job not yet run to another time (`None`: now).
pub fn reschedule(
    conn: &Connection,
    id: JobId,
    due_at: Option<Timestamp>,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE fulfillment_jobs SET due_at = ?2, run_after = max(?3, coalesce(?2, 0)) WHERE id = ?1 AND state IN ('pending', 'parked')",
        params![id, due_at, now],
    )
    .map(|_| ())
}

/// Takes back a job not yet run: the reason for it is gone (the buyer paid again).
pub fn cancel(conn: &Connection, id: JobId, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE fulfillment_jobs SET state = 'cancelled', cancelled_at = ?2, lease_until = NULL
         WHERE id = ?1 AND state IN ('pending', 'parked')",
        params![id, now],
    )
    .map(|_| ())
}

/// The jobs of one buyer's tag, in queue order, cancelled ones left out.
pub fn for_buyer_tag(
    conn: &Connection,
    email: &str,
    kartra_tag: &str,
) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fulfillment_jobs WHERE email = ?1 AND kartra_tag = ?2 AND state != 'cancelled' ORDER BY id"
    ))?;
    let rows = stmt.query_map([email, kartra_tag], from_row)?;
    rows.collect()
}

/// A product's tag was renamed: the unfinished jobs of the orders with a line of it carry the
/// new name.
pub fn retag(
    conn: &Connection,
    product_id: ProductId,
    old: &str,
    new: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE fulfillment_jobs SET kartra_tag = ?3
         WHERE kartra_tag = ?2 AND state IN ('pending', 'parked') AND order_id IN (SELECT order_id FROM order_lines WHERE product_id = ?1)",
        params![product_id, old, new],
    )
}

/// Takes the next job that may run now, holding it for `lease_secs`. A buyer's jobs for one
/// tag run in queue order: a job waits while an earlier one of theirs is unfinished.
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
                         SELECT 1 FROM fulfillment_jobs e
                         WHERE e.email = j.email AND e.kartra_tag = j.kartra_tag AND e.id < j.id
                           AND e.state IN ('pending', 'parked'))
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
    job_id: JobId,
    outcome: AttemptOutcome,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO fulfillment_attempts (job_id, at, outcome, detail) VALUES (?1, ?2, ?3, ?4)",
        params![job_id, now, outcome.as_str(), detail],
    )
    .map(|_| ())
}

/// Inside the caller's transaction, which also settles the entitlement the job served.
pub fn mark_done(
    tx: &Connection,
    job_id: JobId,
    lead_id: Option<&str>,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE fulfillment_jobs SET state = 'done', attempts = attempts + 1, lease_until = NULL, last_error = NULL,
             kartra_lead_id = coalesce(?2, kartra_lead_id), done_at = ?3 WHERE id = ?1",
        params![job_id, lead_id, now],
    )?;
    attempt(tx, job_id, AttemptOutcome::Done, detail, now)
}

/// Puts the job back for later, recording how the try ended (`Retry`, `RateLimited` or
/// `Paused`); only a `Retry` counts against the job.
pub fn mark_retry(
    conn: &mut Connection,
    job_id: JobId,
    error: &str,
    run_after: Timestamp,
    outcome: AttemptOutcome,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let counts = outcome.counts();
    super::immediate(conn, |tx| {
        tx.execute(
            "UPDATE fulfillment_jobs SET attempts = attempts + ?2, run_after = ?3, lease_until = NULL, last_error = ?4 WHERE id = ?1",
            params![job_id, counts as i64, run_after, error],
        )?;
        attempt(tx, job_id, outcome, error, now)
    })
}

/// Why a job is parked: retrying cannot help until someone changes something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParkReason {
    TagMissing,
    Misconfigured,
    Malformed,
    LeadDeleted,
}

impl ParkReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ParkReason::TagMissing => "tag_missing",
            ParkReason::Misconfigured => "misconfigured",
            ParkReason::Malformed => "malformed",
            ParkReason::LeadDeleted => "lead_deleted",
        }
    }
}

/// Stops retrying the job until someone fixes the cause and it is released.
pub fn mark_parked(
    conn: &mut Connection,
    job_id: JobId,
    reason: ParkReason,
    error: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    super::immediate(conn, |tx| {
        tx.execute(
            "UPDATE fulfillment_jobs SET state = 'parked', attempts = attempts + 1, lease_until = NULL, last_error = ?2,
                 park_reason = ?3 WHERE id = ?1",
            params![job_id, error, reason.as_str()],
        )?;
        attempt(tx, job_id, AttemptOutcome::Parked, error, now)
    })
}

/// A tag is missing from the Kartra account: park every unfinished job that names it, so they
/// stop spending calls, and only those. `tried` is the job that found out (its try counts).
/// Returns how many were parked.
pub fn park_tag(
    conn: &mut Connection,
    tag: &str,
    tried: JobId,
    error: &str,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    super::immediate(conn, |tx| {
        let ids: Vec<JobId> = {
            let mut stmt = tx.prepare(
                "SELECT id FROM fulfillment_jobs WHERE state IN ('pending', 'parked') AND kartra_tag = ?1",
            )?;
            let rows = stmt.query_map([tag], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in &ids {
            tx.execute(
                "UPDATE fulfillment_jobs SET state = 'parked', park_reason = 'tag_missing', last_error = ?2,
                     lease_until = NULL, attempts = attempts + (id = ?3) WHERE id = ?1",
                params![id, error, tried],
            )?;
            attempt(tx, *id, AttemptOutcome::Parked, error, now)?;
        }
        Ok(ids.len())
    })
}

/// Which parked jobs to put back in the queue.
pub enum Release<'a> {
    Job(JobId),
    All,
    Product(ProductId),
    /// Jobs parked for a missing tag that the account now has.
    TagsNowPresent(&'a [String]),
}

/// Puts parked jobs back in the queue, due now (a scheduled one at its time). Returns how many.
pub fn release(conn: &Connection, which: Release, now: Timestamp) -> rusqlite::Result<usize> {
    let set = "UPDATE fulfillment_jobs SET state = 'pending', run_after = max(?1, coalesce(due_at, 0)), lease_until = NULL,
                   park_reason = NULL
               WHERE state = 'parked'";
    match which {
        Release::Job(id) => conn.execute(&format!("{set} AND id = ?2"), params![now, id]),
        Release::All => conn.execute(set, params![now]),
        Release::Product(product_id) => conn.execute(
            &format!(
                "{set} AND order_id IN (SELECT order_id FROM order_lines WHERE product_id = ?2)"
            ),
            params![now, product_id],
        ),
        Release::TagsNowPresent(tags) => {
            let mut released = 0;
            for tag in tags {
                released += conn.execute(
                    &format!("{set} AND park_reason = 'tag_missing' AND kartra_tag = ?2"),
                    params![now, tag],
                )?;
            }
            Ok(released)
        }
    }
}

/// The tags that jobs are parked on, to check again against the account.
pub fn parked_tags(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT kartra_tag FROM fulfillment_jobs WHERE state = 'parked' AND park_reason = 'tag_missing'",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The admin's "retry now": a parked or backing-off job becomes due at once (a scheduled
/// one stays at its time).
pub fn retry_now(conn: &Connection, job_id: JobId, now: Timestamp) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE fulfillment_jobs SET state = 'pending', run_after = max(?2, coalesce(due_at, 0)), lease_until = NULL,
             park_reason = NULL
         WHERE id = ?1 AND state IN ('pending', 'parked')",
        params![job_id, now],
    )
}

/// Kartra answers again: jobs waiting out a backoff run now instead of up to an hour later.
/// Scheduled jobs keep their time.
pub fn end_backoff(conn: &Connection, now: Timestamp) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE fulfillment_jobs SET run_after = max(?1, coalesce(due_at, 0)) WHERE state = 'pending' AND run_after > ?1
             AND coalesce(due_at, 0) < run_after",
        [now],
    )
}

/// After a restart no worker holds anything: the previous process's leases end now.
/// Safe because the data dir is locked to one `serve` at a time.
pub fn release_leases(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute("UPDATE fulfillment_jobs SET lease_until = NULL WHERE lease_until IS NOT NULL AND state = 'pending'", [])
}

/// Puts an order's unfinished jobs (parked or backing off) back in the queue, due now.
/// Returns how many.
pub fn retry_unfinished(
    conn: &Connection,
    order_id: OrderId,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE fulfillment_jobs SET state = 'pending', run_after = max(?2, coalesce(due_at, 0)), lease_until = NULL,
             park_reason = NULL
         WHERE order_id = ?1 AND state IN ('pending', 'parked')",
        params![order_id, now],
    )
}

/// The numbers behind the health endpoint and the metrics.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QueueStats {
    pub queue_depth: i64,
    pub parked: i64,
    pub oldest_pending_age_s: Option<i64>,
}

/// Scheduled jobs count only once they are due: a revoke at the end of next month is not
/// waiting on anything.
pub fn stats(conn: &Connection, now: Timestamp) -> rusqlite::Result<QueueStats> {
    conn.query_row(
        "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'parked'),
                min(max(created_at, coalesce(due_at, 0))) FILTER (WHERE state = 'pending')
         FROM fulfillment_jobs WHERE state IN ('pending', 'parked') AND coalesce(due_at, 0) <= ?1",
        [now],
        |r| {
            let oldest: Option<i64> = r.get(2)?;
            Ok(QueueStats { queue_depth: r.get(0)?, parked: r.get(1)?, oldest_pending_age_s: oldest.map(|t| (now - t).max(0)) })
        },
    )
}

/// Jobs that need a person: parked ones, and pending ones that keep failing.
pub fn needing_attention(conn: &Connection, min_attempts: i64) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM fulfillment_jobs WHERE state = 'parked' OR (state = 'pending' AND attempts >= ?1) ORDER BY id"
    ))?;
    let rows = stmt.query_map([min_attempts], from_row)?;
    rows.collect()
}

pub fn for_order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM fulfillment_jobs WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([order_id], from_row)?;
    rows.collect()
}

/// The jobs of each of `order_ids` in one query (a list of orders shows each one's jobs).
pub fn for_orders(
    conn: &Connection,
    order_ids: &[OrderId],
) -> rusqlite::Result<HashMap<OrderId, Vec<Job>>> {
    let ids = serde_json::to_string(order_ids).expect("integers serialize");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fulfillment_jobs WHERE order_id IN (SELECT value FROM json_each(?1))
         ORDER BY order_id, id"
    ))?;
    let mut jobs: HashMap<OrderId, Vec<Job>> = HashMap::new();
    for job in stmt.query_map([ids], from_row)? {
        let job = job?;
        jobs.entry(job.order_id).or_default().push(job);
    }
    Ok(jobs)
}

#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub job_id: JobId,
    pub at: Timestamp,
    pub outcome: AttemptOutcome,
    pub detail: String,
}

pub fn attempts_for_order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<Attempt>> {
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

#[cfg(test)]
#[path = "jobs_tests.rs"]
mod tests;
