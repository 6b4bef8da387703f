//! Outgoing webhooks per the Standard Webhooks specification: the merchant's endpoints get a
//! signed JSON POST for each event they chose. Events are queued in the transaction that made
//! the change (`notify`), so none is lost; `send_due` delivers them on the scheduler's clock.

mod endpoint;
mod send;
mod signature;

pub use endpoint::{add, validate, EndpointInput, Refused, MAX_ENDPOINTS};
pub use send::{send_due, GIVE_UP_SECS};
pub use signature::{new_secret, sign};

use crate::clock::{self, Timestamp};
use crate::db::{self, jobs::Job};
use crate::domain::ids::OrderId;
use crate::domain::order::FulfillmentAction;
use rusqlite::Connection;
use serde_json::{json, Value};

/// The events an endpoint may subscribe to, as named in the payload's `type`.
pub const EVENTS: [&str; 5] = [
    "order.completed",
    "order.refunded",
    "subscription.cancelled",
    "access.granted",
    "access.revoked",
];

/// Queues `{"type", "timestamp", "data"}` for every endpoint that chose `event`, disabled ones
/// too (they are sent once a Resend enables the endpoint). Call inside the change's transaction.
pub fn notify(
    tx: &Connection,
    event: &str,
    data: Value,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    let wanted = subscribers(tx, event)?;
    enqueue(tx, &wanted, event, data, now)
}

/// The endpoints that chose `event`.
fn subscribers(tx: &Connection, event: &str) -> rusqlite::Result<Vec<i64>> {
    debug_assert!(EVENTS.contains(&event), "{event}");
    Ok((db::webhooks::endpoints(tx)?.into_iter())
        .filter(|e| e.events.iter().any(|chosen| chosen == event))
        .map(|e| e.id)
        .collect())
}

fn enqueue(
    tx: &Connection,
    endpoints: &[i64],
    event: &str,
    data: Value,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    let payload =
        json!({"type": event, "timestamp": clock::rfc3339(now), "data": data}).to_string();
    for endpoint in endpoints {
        db::webhooks::enqueue(tx, *endpoint, event, &payload, now)?;
    }
    Ok(endpoints.len())
}

/// Queues `event` with the order as `GET /api/v1/orders/{id}` shows it (without its
/// timeline), read inside the transaction that changed it.
pub fn notify_order(
    tx: &Connection,
    event: &str,
    order_id: OrderId,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    // Most shops have no endpoint: the order is not read again for nobody.
    let wanted = subscribers(tx, event)?;
    if wanted.is_empty() {
        return Ok(0);
    }
    let Some(order) = db::orders::get(tx, order_id)? else {
        return Ok(0);
    };
    let lines = db::order_lines::of_order(tx, order_id)?;
    let jobs = db::jobs::for_order(tx, order_id)?;
    let numbers = db::invoices::first_numbers(tx, &[order_id])?;
    let number = numbers.get(&order_id).map(String::as_str);
    let data = crate::web::api::order_json(&order, &lines, &jobs, number);
    enqueue(tx, &wanted, event, data, now)
}

/// Queues `access.granted` or `access.revoked` once Kartra confirmed the job.
pub fn notify_access(
    tx: &Connection,
    job: &Job,
    kartra_lead_id: Option<&str>,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    let event = match job.action {
        FulfillmentAction::Grant => "access.granted",
        FulfillmentAction::Revoke => "access.revoked",
    };
    let data = json!({
        "order_id": job.order_id,
        "email": job.email,
        "kartra_tag": job.kartra_tag,
        "kartra_lead_id": kartra_lead_id,
        "job_id": job.id,
    });
    notify(tx, event, data, now)
}
