//! The commonest cause of "paid but no access" is a webhook that never arrived. Orders pending
//! for a few minutes are looked up at their processor, and a payment that succeeded there
//! completes the order as its webhook would have, saying so in the timeline. Payment plans
//! paid in full are ended at their processor here too, retried until it confirms.

use super::ledger::{self, Ingested};
use super::LedgerError;
use crate::clock::Timestamp;
use crate::db::{self, orders::Order, Pool};
use crate::gateways::{Event, Gateway, LookedUp, Processor, Registry};

/// Pending this long before we ask the processor.
pub const AFTER_SECS: i64 = 5 * 60;
/// Older pending orders were abandoned at checkout: stop asking.
pub const UNTIL_SECS: i64 = 7 * 24 * 60 * 60;

/// What the processor says about a payment: `None` while it is still open (or unreachable).
fn lookup(processor: &dyn Processor, order: &Order) -> Option<LookedUp> {
    let processor_ref = order.processor_ref.as_deref()?;
    processor.look_up(processor_ref).unwrap_or_else(|e| {
        tracing::warn!(order = order.id.0, error = %e, "reconciliation: the processor could not be asked");
        None
    })
}

/// One pass over the pending orders and the finished plans. Returns how many orders it settled.
pub fn run(pool: &Pool, processors: &Registry, now: Timestamp) -> Result<usize, LedgerError> {
    let mut settled = 0;
    for (gateway, processor) in processors.configured() {
        let pending = db::orders::pending_between(
            &*pool.get()?,
            gateway,
            now - UNTIL_SECS,
            now - AFTER_SECS,
        )?;
        for order in pending {
            let Some(found) = lookup(&*processor, &order) else {
                continue;
            };
            let why = "looked up at the processor (its webhook never came)";
            if settle(pool, gateway, &*processor, &order, found, why, now)? {
                settled += 1;
            }
        }
    }
    end_finished_plans(pool, processors, now)?;
    Ok(settled)
}

/// Applies what the processor said of a pending order's payment as its webhook would have,
/// `why` in the timeline; whether it changed the order. Also used when the buyer comes back
/// from the processor's page, so a late webhook does not keep them waiting.
pub fn settle(
    pool: &Pool,
    gateway: Gateway,
    processor: &dyn Processor,
    order: &Order,
    found: LookedUp,
    why: &str,
    now: Timestamp,
) -> Result<bool, LedgerError> {
    let kind = found.kind;
    // Checked against the order like a webhook's payment: amount, currency, reference.
    let event = Event {
        id: format!("reconciled:{}:{}", order.id, kind.as_str()),
        kind,
        type_name: why.into(),
        payment_ref: Some(order.payment_ref.clone()),
        processor_ref: found.processor_ref,
        payment_id: None,
        paid: found.paid,
        period_end: None,
        refund: None,
    };
    let payload = format!("{{\"reconciled\": \"{}\"}}", kind.as_str());
    let counts = !processor.ends_plans_itself();
    let ingested = ledger::ingest(&mut *pool.get()?, gateway, &event, &payload, counts, now)?;
    let applied = matches!(ingested, Ingested::Applied { .. });
    if applied {
        tracing::info!(
            order = order.id.0,
            kind = kind.as_str(),
            why,
            "settled from the processor's answer"
        );
    }
    Ok(applied)
}

/// A plan paid in full is ended at its processor, unless the processor ends it itself.
fn end_finished_plans(
    pool: &Pool,
    processors: &Registry,
    now: Timestamp,
) -> Result<(), LedgerError> {
    let conn = pool.get()?;
    for order in db::orders::plans_to_end(&conn)? {
        let processor = processors.get(order.gateway);
        let Some(processor) = processor.filter(|p| !p.ends_plans_itself()) else {
            continue;
        };
        let subscription = order.processor_ref.as_deref().unwrap_or_default();
        match processor.end_plan(subscription) {
            Ok(()) => db::orders::mark_plan_ended(&conn, order.id, now)?,
            Err(e) => {
                tracing::warn!(order = order.id.0, error = %e, "ending a finished payment plan failed; will retry")
            }
        }
    }
    Ok(())
}
