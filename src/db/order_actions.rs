//! Refunds and cancellations asked of the processor: a durable queue of calls (see
//! `orders::actions`), and the order's record of who asked for what.

use crate::clock::Timestamp;
use crate::domain::ids::OrderId;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Refund,
    Cancel,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Refund => "refund",
            ActionKind::Cancel => "cancel",
        }
    }
}

/// `requested` until the processor answers, `accepted` until its event changes the order,
/// then `done`; `refused` when the processor said no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    Requested,
    Accepted,
    Done,
    Refused,
}

impl ActionState {
    const ALL: [ActionState; 4] = [
        ActionState::Requested,
        ActionState::Accepted,
        ActionState::Done,
        ActionState::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionState::Requested => "requested",
            ActionState::Accepted => "accepted",
            ActionState::Done => "done",
            ActionState::Refused => "refused",
        }
    }

    fn parse(word: &str) -> Option<ActionState> {
        ActionState::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Asked, and the order does not show its result yet.
    pub fn open(self) -> bool {
        matches!(self, ActionState::Requested | ActionState::Accepted)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderAction {
    pub id: i64,
    #[serde(skip)]
    pub order_id: OrderId,
    pub action: ActionKind,
    /// A refund's amount (all that was left when the request named none); `None` for a
    /// cancellation.
    pub amount: Option<i64>,
    pub reason: String,
    pub at_period_end: Option<bool>,
    pub requested_by: String,
    pub state: ActionState,
    pub attempts: i64,
    /// The processor's id of the refund.
    pub processor_ref: Option<String>,
    /// A cancellation at period end: when it takes effect.
    #[serde(serialize_with = "crate::clock::serialize_rfc3339_opt")]
    pub effective_at: Option<Timestamp>,
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339_opt")]
    pub settled_at: Option<Timestamp>,
}

const COLUMNS: &str =
    "id, order_id, action, amount, reason, at_period_end, requested_by, state, attempts,
    processor_ref, effective_at, last_error, created_at, settled_at";

fn from_row(r: &Row) -> rusqlite::Result<OrderAction> {
    let bad = |i: usize, name: &str| {
        rusqlite::Error::InvalidColumnType(i, name.into(), rusqlite::types::Type::Text)
    };
    let action: String = r.get(2)?;
    let state: String = r.get(7)?;
    Ok(OrderAction {
        id: r.get(0)?,
        order_id: r.get(1)?,
        action: match action.as_str() {
            "refund" => ActionKind::Refund,
            "cancel" => ActionKind::Cancel,
            _ => return Err(bad(2, "action")),
        },
        amount: r.get(3)?,
        reason: r.get(4)?,
        at_period_end: r.get(5)?,
        requested_by: r.get(6)?,
        state: ActionState::parse(&state).ok_or_else(|| bad(7, "state"))?,
        attempts: r.get(8)?,
        processor_ref: r.get(9)?,
        effective_at: r.get(10)?,
        last_error: r.get(11)?,
        created_at: r.get(12)?,
        settled_at: r.get(13)?,
    })
}

pub struct NewAction<'a> {
    pub order_id: OrderId,
    pub action: ActionKind,
    pub amount: Option<i64>,
    pub reason: &'a str,
    pub at_period_end: Option<bool>,
    pub requested_by: &'a str,
}

pub fn insert(tx: &Connection, a: &NewAction, now: Timestamp) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO order_actions (order_id, action, amount, reason, at_period_end, requested_by, state, run_after, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'requested', ?7, ?7)",
    )?
    .execute(params![
        a.order_id,
        a.action.as_str(),
        a.amount,
        a.reason,
        a.at_period_end,
        a.requested_by,
        now
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Takes actions to send at `now`, each held until `lease_until` (a crash lets the lease lapse
/// and the call is made again with the same idempotency key). `only`: that one action, if due.
pub fn claim_due(
    conn: &Connection,
    only: Option<i64>,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> rusqlite::Result<Vec<OrderAction>> {
    conn.prepare_cached(&format!(
        "UPDATE order_actions SET lease_until = ?2 WHERE id IN (
           SELECT id FROM order_actions WHERE state = 'requested' AND run_after <= ?1
             AND (lease_until IS NULL OR lease_until <= ?1) AND (?4 IS NULL OR id = ?4)
           ORDER BY id LIMIT ?3)
         RETURNING {COLUMNS}"
    ))?
    .query_map(params![now, lease_until, limit, only], from_row)?
    .collect()
}

/// The processor's answer to one call.
#[derive(Debug, Clone, Default)]
pub struct Answered<'a> {
    /// `accepted`, `refused`, or still `requested` (no answer: again at `retry_at`).
    pub state: Option<ActionState>,
    pub processor_ref: Option<&'a str>,
    pub effective_at: Option<Timestamp>,
    pub error: Option<&'a str>,
    pub retry_at: Option<Timestamp>,
}

/// Records a call's answer.
pub fn record_answer(
    conn: &Connection,
    id: i64,
    a: &Answered,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let state = a.state.unwrap_or(ActionState::Requested);
    conn.prepare_cached(
        "UPDATE order_actions SET state = ?2, processor_ref = coalesce(?3, processor_ref),
           effective_at = coalesce(?4, effective_at), last_error = ?5, attempts = attempts + 1,
           run_after = coalesce(?6, run_after), lease_until = NULL,
           settled_at = CASE WHEN ?2 IN ('done', 'refused') THEN coalesce(settled_at, ?7) ELSE settled_at END
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        state.as_str(),
        a.processor_ref,
        a.effective_at,
        a.error,
        a.retry_at,
        now
    ])?;
    Ok(())
}

/// The processor accepted the action (its answer is recorded) but the event its answer
/// carried could not be read: asked again at `retry_at`, when the (idempotent) answer carries
/// the event once more. Not another attempt: the call was answered.
pub fn ask_again_for_event(
    conn: &Connection,
    id: i64,
    error: &str,
    retry_at: Timestamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE order_actions SET state = 'requested', last_error = ?2, run_after = ?3,
           lease_until = NULL
         WHERE id = ?1",
    )?
    .execute(params![id, error, retry_at])?;
    Ok(())
}

/// The processor's event arrived: the order's open actions of that kind are done.
pub fn settle(
    tx: &Connection,
    order: OrderId,
    action: ActionKind,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "UPDATE order_actions SET state = 'done', settled_at = ?3, lease_until = NULL
         WHERE order_id = ?1 AND action = ?2 AND state = 'accepted'",
    )?
    .execute(params![order, action.as_str(), now])
}

/// The newest cancellation asked and not refused: whether it keeps access to the period's end.
pub fn cancellation_asked(tx: &Connection, order: OrderId) -> rusqlite::Result<Option<bool>> {
    tx.prepare_cached(
        "SELECT at_period_end FROM order_actions WHERE order_id = ?1 AND action = 'cancel'
           AND state != 'refused' ORDER BY id DESC LIMIT 1",
    )?
    .query_row([order], |r| r.get::<_, Option<bool>>(0))
    .optional()
    .map(Option::flatten)
}

pub fn of_order(conn: &Connection, order: OrderId) -> rusqlite::Result<Vec<OrderAction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM order_actions WHERE order_id = ?1 ORDER BY id"
    ))?
    .query_map([order], from_row)?
    .collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<OrderAction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM order_actions WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

/// An accepted action whose processor event was applied before the answer was recorded (a
/// fast webhook) is done already: an event of its kind stored after `after_event`, the newest
/// event of the order when the processor was asked.
pub fn settle_if_arrived(
    conn: &Connection,
    id: i64,
    after_event: i64,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE order_actions SET state = 'done', settled_at = ?3 WHERE id = ?1 AND state = 'accepted'
           AND EXISTS (SELECT 1 FROM processor_events e WHERE e.order_id = order_actions.order_id
             AND e.id > ?2
             AND e.kind IN (CASE order_actions.action WHEN 'refund' THEN 'refunded' ELSE 'cancelled' END,
                            CASE order_actions.action WHEN 'refund' THEN 'partly_refunded' ELSE 'cancelled' END))",
    )?
    .execute(params![id, after_event, now])?;
    Ok(())
}

/// The id of the order's newest processor event (0: none yet).
pub fn newest_event(conn: &Connection, order: OrderId) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT coalesce(max(id), 0) FROM processor_events WHERE order_id = ?1")?
        .query_row([order], |r| r.get(0))
}
