//! The commonest cause of "paid but no access" is a webhook that never arrived. Orders pending
//! for a few minutes are looked up at their processor, and a payment that succeeded there
//! completes the order as its webhook would have, saying so in the timeline. Payment plans
//! paid in full are ended at Stripe here too, retried until Stripe confirms.

use super::ledger::{self, Ingested};
use super::LedgerError;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::crypto::SecretKey;
use crate::db::{self, orders::Order, Pool};
use crate::domain::gateway::Gateway;
use crate::gateways::stripe::Stripe;
use crate::gateways::{Event, LookedUp, PayPalClients};
use crate::settings;

/// Pending this long before we ask the processor.
pub const AFTER_SECS: i64 = 5 * 60;
/// Older pending orders were abandoned at checkout: stop asking.
pub const UNTIL_SECS: i64 = 7 * 24 * 60 * 60;

/// What the processor says about a payment: `None` while it is still open (or unreachable).
fn lookup(
    conn: &rusqlite::Connection,
    key: &SecretKey,
    config: &Config,
    paypal: &PayPalClients,
    order: &Order,
) -> rusqlite::Result<Option<LookedUp>> {
    let Some(processor_ref) = order.processor_ref.as_deref() else {
        return Ok(None);
    };
    let answer = match Gateway::parse(&order.gateway) {
        Some(Gateway::Stripe) => match settings::stripe_keys(conn, key)? {
            Some(keys) => Stripe::new(config.stripe_api_url.clone(), keys.secret_key)
                .lookup_payment(processor_ref)
                .map_err(|e| e.to_string()),
            None => return Ok(None),
        },
        Some(Gateway::Paypal) => match settings::paypal_keys(conn, key)? {
            Some(keys) => paypal
                .get(&config.paypal_api_url, &keys)
                .lookup_payment(processor_ref)
                .map_err(|e| e.to_string()),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(answer.unwrap_or_else(|e| {
        tracing::warn!(order = order.id, error = %e, "reconciliation: the processor could not be asked");
        None
    }))
}

/// One pass over the pending orders and the finished plans. Returns how many orders it settled.
pub fn run(
    pool: &Pool,
    key: &SecretKey,
    config: &Config,
    paypal: &PayPalClients,
    now: Timestamp,
) -> Result<usize, LedgerError> {
    let mut settled = 0;
    for gateway in [Gateway::Stripe, Gateway::Paypal] {
        let pending = db::orders::pending_between(
            &*pool.get()?,
            gateway.as_str(),
            now - UNTIL_SECS,
            now - AFTER_SECS,
        )?;
        for order in pending {
            let Some(found) = lookup(&*pool.get()?, key, config, paypal, &order)? else {
                continue;
            };
            let kind = found.kind;
            // Checked against the order like a webhook's payment: amount, currency, reference.
            let event = Event {
                id: format!("reconciled:{}:{}", order.id, kind.as_str()),
                kind,
                type_name: "looked up at the processor (its webhook never came)".into(),
                payment_ref: Some(order.payment_ref.clone()),
                processor_ref: found.processor_ref,
                payment_id: None,
                paid: found.paid,
            };
            let payload = format!("{{\"reconciled\": \"{}\"}}", kind.as_str());
            let counts = gateway != Gateway::Paypal;
            if let Ingested::Applied { .. } = ledger::ingest(
                &mut *pool.get()?,
                gateway.as_str(),
                &event,
                &payload,
                counts,
                now,
            )? {
                tracing::info!(
                    order = order.id,
                    kind = kind.as_str(),
                    "reconciliation settled an order its webhook missed"
                );
                settled += 1;
            }
        }
    }
    end_finished_plans(pool, key, config, now)?;
    Ok(settled)
}

/// Stripe's plans API has no end date: after the last installment we cancel the subscription.
fn end_finished_plans(
    pool: &Pool,
    key: &SecretKey,
    config: &Config,
    now: Timestamp,
) -> Result<(), LedgerError> {
    let conn = pool.get()?;
    let plans = db::orders::plans_to_end(&conn)?;
    let Some(keys) = (if plans.is_empty() {
        None
    } else {
        settings::stripe_keys(&conn, key)?
    }) else {
        return Ok(());
    };
    let stripe = Stripe::new(config.stripe_api_url.clone(), keys.secret_key);
    for order in plans {
        let subscription = order.processor_ref.as_deref().unwrap_or_default();
        match stripe.cancel_subscription(subscription) {
            Ok(()) => db::orders::mark_plan_ended(&conn, order.id, now)?,
            Err(e) => {
                tracing::warn!(order = order.id, error = %e, "ending a finished payment plan failed; will retry")
            }
        }
    }
    Ok(())
}
