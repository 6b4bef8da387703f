//! Replay: a completed order's grant queued again, for a buyer who lost access or a tag whose
//! Kartra automations must fire again.

use super::access::{self, Mode};
use crate::clock::Timestamp;
use crate::db;
use crate::db::jobs::NewJob;
use crate::domain::fulfillment::JobState;
use crate::domain::ids::OrderId;
use crate::domain::order::{FulfillmentAction, OrderStatus};
use rusqlite::Connection;

/// Sends a completed order's grant again; `retrigger` first removes the tag so Kartra
/// automations fire again. A grant still unfinished (parked or backing off) is retried now
/// instead, since a new one would only wait behind it. A revoke scheduled for later (a
/// cancellation at period end) stays scheduled. Returns how many jobs it queued or retried;
/// `None` when the order is not completed.
pub fn replay(
    conn: &Connection,
    order_id: OrderId,
    retrigger: bool,
    now: Timestamp,
) -> rusqlite::Result<Option<usize>> {
    let lines = db::entitlements::order(conn, order_id)?;
    let Some(first) = lines.first().filter(|o| o.status == OrderStatus::Completed) else {
        return Ok(None);
    };
    let email = first.email.clone();
    // Each tag once, though two lines may give it.
    let mut tags: Vec<&str> = lines.iter().map(|l| l.kartra_tag.as_str()).collect();
    tags.sort();
    tags.dedup();
    // A tag whose job is still waiting gets that job retried, not a second one.
    let waiting: Vec<String> = (db::jobs::for_order(conn, order_id)?.into_iter())
        .filter(|j| matches!(j.state, JobState::Pending | JobState::Parked))
        .map(|j| j.kartra_tag)
        .collect();
    let unfinished = db::jobs::retry_unfinished(conn, order_id, now)?;
    let mut queued = if retrigger { 0 } else { unfinished };
    for tag in tags {
        if retrigger || !waiting.iter().any(|w| w == tag) {
            queued += replay_tag(conn, order_id, &email, tag, retrigger, now)?;
        }
    }
    Ok(Some(queued))
}

/// Replays one tag the order gives: sent again (`Mode::Reapply`), or with `retrigger` a revoke
/// then a grant queued in front of anything else.
fn replay_tag(
    conn: &Connection,
    order_id: OrderId,
    email: &str,
    tag: &str,
    retrigger: bool,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    if !retrigger {
        let settled = access::settle(conn, email, tag, Some(order_id), Mode::Reapply, now)?;
        return Ok(settled.queued);
    }
    // Nothing may wait in front of the revoke and grant: what was queued is decided again after.
    for job in db::jobs::for_buyer_tag(conn, email, tag)? {
        if job.state != JobState::Done && job.lease_until.is_none_or(|t| t <= now) {
            db::jobs::cancel(conn, job.id, now)?;
        }
    }
    for action in [FulfillmentAction::Revoke, FulfillmentAction::Grant] {
        let job = NewJob {
            order_id,
            action,
            email,
            kartra_tag: tag,
            due_at: None,
        };
        db::jobs::enqueue(conn, &job, now)?;
    }
    let settled = access::settle(conn, email, tag, Some(order_id), Mode::Follow, now)?;
    Ok(2 + settled.queued)
}

/// Replays every order completed in `[since, until)`. Returns how many orders were queued.
pub fn replay_window(
    conn: &mut Connection,
    since: Timestamp,
    until: Timestamp,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    db::immediate(conn, |tx| {
        let ids = db::orders::completed_between(tx, since, until)?;
        for id in &ids {
            replay(tx, *id, false, now)?;
        }
        Ok(ids.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use db::jobs::{for_order, mark_done, park_tag};

    #[test]
    fn replay_retries_an_unfinished_grant_or_queues_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        let mut conn = pool.get().unwrap();
        conn.execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('t1', 't1', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name, last_name,
               gateway, payment_ref, created_at, updated_at)
             VALUES ('completed', 1, 1, 'one_time', 100, 100, 'USD', 'a@x.co', 'A', 'B', 'test', 'pay_0', 0, 0);",
        )
        .unwrap();
        conn.execute_batch(db::order_lines::MAIN_LINE_OF_NEWEST_ORDER)
            .unwrap();
        let new = NewJob {
            order_id: OrderId(1),
            action: FulfillmentAction::Grant,
            email: "a@x.co",
            kartra_tag: "t1",
            due_at: None,
        };
        let job = db::jobs::enqueue(&conn, &new, 100).unwrap();
        park_tag(&mut conn, "t1", job, "missing", 100).unwrap();
        assert_eq!(replay(&conn, OrderId(1), false, 101).unwrap(), Some(1));
        assert_eq!(
            for_order(&conn, OrderId(1)).unwrap().len(),
            1,
            "the parked grant is retried, not doubled"
        );
        mark_done(&conn, job, None, "ok", 102).unwrap();
        assert_eq!(replay(&conn, OrderId(1), true, 103).unwrap(), Some(2));
        let actions: Vec<&str> = for_order(&conn, OrderId(1))
            .unwrap()
            .iter()
            .map(|j| j.action.as_str())
            .collect();
        assert_eq!(actions, vec!["grant", "revoke", "grant"]);
        conn.execute("UPDATE orders SET status = 'pending'", [])
            .unwrap();
        assert_eq!(
            replay(&conn, OrderId(1), false, 104).unwrap(),
            None,
            "only completed orders"
        );
    }

    #[test]
    fn replay_retries_a_waiting_tag_and_sends_the_other_tags_again() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        let mut conn = pool.get().unwrap();
        conn.execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('t1', 't1', 1, 0, 0);
             INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('t2', 't2', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name, last_name,
               gateway, payment_ref, created_at, updated_at)
             VALUES ('completed', 1, 1, 'one_time', 100, 100, 'USD', 'a@x.co', 'A', 'B', 'test', 'pay_0', 0, 0);",
        )
        .unwrap();
        conn.execute_batch(db::order_lines::MAIN_LINE_OF_NEWEST_ORDER)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
             VALUES (1, 'bump', 2, 2, 'one_time', 50, 'USD');",
        )
        .unwrap();
        let grant = |tag| NewJob {
            order_id: OrderId(1),
            action: FulfillmentAction::Grant,
            email: "a@x.co",
            kartra_tag: tag,
            due_at: None,
        };
        let parked = db::jobs::enqueue(&conn, &grant("t1"), 100).unwrap();
        park_tag(&mut conn, "t1", parked, "missing", 100).unwrap();
        let done = db::jobs::enqueue(&conn, &grant("t2"), 100).unwrap();
        mark_done(&conn, done, None, "ok", 101).unwrap();
        // t1's parked grant is retried; t2, granted, is sent again (Kartra may have lost it).
        assert_eq!(replay(&conn, OrderId(1), false, 102).unwrap(), Some(2));
        let jobs: Vec<(String, String)> = (for_order(&conn, OrderId(1)).unwrap().iter())
            .map(|j| (j.kartra_tag.clone(), j.state.as_str().to_string()))
            .collect();
        let pair = |t: &str, s: &str| (t.to_string(), s.to_string());
        assert_eq!(
            jobs,
            [
                pair("t1", "pending"),
                pair("t2", "done"),
                pair("t2", "pending")
            ]
        );
    }
}
