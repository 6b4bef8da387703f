//! Refunds and cancellations asked of the processor by the merchant (dashboard, API) or the
//! buyer (portal). Each is a row of `order_actions` first, then a call to the processor with
//! the row's idempotency key: tried at once, and while the processor cannot be reached, again
//! by the scheduler with backoff. The order itself changes only when the processor's event
//! arrives, exactly as when the merchant acts in the processor's dashboard.

use super::LedgerError;
use crate::clock::Timestamp;
use crate::db::order_actions::{self, ActionKind, ActionState, Answered, NewAction, OrderAction};
use crate::db::{self, orders::Order, Pool};
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceKind;
use crate::fulfillment::backoff;
use crate::gateways::Gateway;
use crate::gateways::{registry, Answer, Registry, ToCancel, ToRefund, WebhookError};
use rusqlite::Connection;

/// What is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `amount`: `None` for all that is left.
    Refund {
        amount: Option<i64>,
        reason: String,
    },
    Cancel {
        at_period_end: bool,
    },
}

/// Why a request is refused before anything is asked of the processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
    }
}

/// The longest reason kept (Stripe's metadata values and PayPal's notes are bounded).
pub const REASON_MAX: usize = 255;

/// Checks a request against the order and records it; its id. In the caller's transaction.
pub fn request(
    tx: &Connection,
    order: &Order,
    request: &Request,
    requested_by: &str,
    now: Timestamp,
) -> rusqlite::Result<Result<i64, Refusal>> {
    if order.gateway == Gateway::NoProcessor {
        return Ok(Err(refuse(
            "no_processor",
            "This order was free: no processor holds a payment or subscription for it.",
        )));
    }
    let open = (order_actions::of_order(tx, order.id)?.into_iter())
        .filter(|a| a.state.open())
        .collect::<Vec<_>>();
    let new = match request {
        Request::Refund { amount, reason } => {
            if !matches!(
                order.status,
                OrderStatus::Completed | OrderStatus::Cancelled
            ) {
                return Ok(Err(refuse(
                    "not_refundable",
                    format!(
                        "Only a paid order can be refunded; this one is {}.",
                        order.status.as_str()
                    ),
                )));
            }
            let asked: i64 = (open.iter())
                .filter(|a| a.action == ActionKind::Refund)
                .map(|a| a.amount.unwrap_or(order.amount))
                .sum();
            // What is left of the payment a refund goes to: a subscription's newest.
            let refunded = match db::orders::newest_payment(tx, order.id)? {
                Some(payment) if order.price_kind != PriceKind::OneTime => {
                    db::refunds::of_payment(tx, order.id, &payment)?
                }
                _ => order.refunded,
            };
            let left = order.amount - refunded - asked;
            match amount {
                _ if left <= 0 => {
                    return Ok(Err(refuse(
                        "nothing_to_refund",
                        "All of this payment is refunded or asked to be.",
                    )))
                }
                Some(a) if *a <= 0 || *a > left => {
                    return Ok(Err(refuse(
                        "invalid_amount",
                        format!(
                            "The amount must be between 1 and {left} (minor units of {}).",
                            order.currency
                        ),
                    )))
                }
                _ => {}
            }
            if reason.chars().count() > REASON_MAX {
                return Ok(Err(refuse(
                    "invalid_reason",
                    format!("The reason is at most {REASON_MAX} characters."),
                )));
            }
            NewAction {
                order_id: order.id,
                action: ActionKind::Refund,
                // All that is left is that amount: the ledger and the processor agree on it.
                amount: Some(amount.unwrap_or(left)),
                reason,
                at_period_end: None,
                requested_by,
            }
        }
        Request::Cancel { at_period_end } => {
            if order.price_kind == PriceKind::OneTime {
                return Ok(Err(refuse(
                    "not_a_subscription",
                    "A one-time payment has nothing to cancel; refund it instead.",
                )));
            }
            if order.status != OrderStatus::Completed || order.plan_finished() {
                return Ok(Err(refuse(
                    "not_cancellable",
                    "Only an active subscription or payment plan can be cancelled.",
                )));
            }
            if open.iter().any(|a| a.action == ActionKind::Cancel) {
                return Ok(Err(refuse(
                    "already_requested",
                    "A cancellation of this order is already on its way.",
                )));
            }
            NewAction {
                order_id: order.id,
                action: ActionKind::Cancel,
                amount: None,
                reason: "",
                at_period_end: Some(*at_period_end),
                requested_by,
            }
        }
    };
    order_actions::insert(tx, &new, now).map(Ok)
}

/// How one call to the processor went, for the caller that asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Taken; the order changes when the processor's event arrives (at once for the test gateway).
    Accepted,
    Refused(String),
    /// Not answered: asked again from the scheduler.
    WillRetry(String),
    /// Not due, or taken by another runner.
    NotRun,
}

/// Actions sent at most per scheduler pass; the rest wait for the next.
const PER_PASS: i64 = 20;
/// How long an action is held while its call is made (calls are bounded well below).
const LEASE_SECS: i64 = 120;

/// Sends one action now (the dashboard, API and portal wait for the processor's answer).
pub fn send_now(
    pool: &Pool,
    processors: &Registry,
    id: i64,
    now: Timestamp,
) -> Result<Sent, LedgerError> {
    let claimed = order_actions::claim_due(&*pool.get()?, Some(id), now, now + LEASE_SECS, 1)?;
    match claimed.into_iter().next() {
        Some(action) => send(pool, processors, &action, now),
        None => Ok(Sent::NotRun),
    }
}

/// Sends what is due (the scheduler); how many the processors answered.
pub fn send_due(pool: &Pool, processors: &Registry, now: Timestamp) -> Result<usize, LedgerError> {
    let due = order_actions::claim_due(&*pool.get()?, None, now, now + LEASE_SECS, PER_PASS)?;
    let mut answered = 0;
    for action in due {
        if !matches!(send(pool, processors, &action, now)?, Sent::WillRetry(_)) {
            answered += 1;
        }
    }
    Ok(answered)
}

fn send(
    pool: &Pool,
    processors: &Registry,
    action: &OrderAction,
    now: Timestamp,
) -> Result<Sent, LedgerError> {
    let (order, payment_id, period_end, before, switched_off) = {
        let conn = pool.get()?;
        let order = db::orders::get(&conn, action.order_id)?
            .expect("an action's order exists (foreign key)");
        let payment_id = db::orders::newest_payment(&conn, order.id)?;
        let period_end = paid_period_end(&conn, &order, now)?;
        let before = order_actions::newest_event(&conn, order.id)?;
        // A switched-off simulated processor acts on nothing, as its webhook takes nothing.
        let switched_off = registry::kind(order.gateway).simulated
            && !crate::settings::gateway_enabled(&conn, order.gateway)?;
        (order, payment_id, period_end, before, switched_off)
    };
    let key = format!("tagcart-action-{}", action.id);
    let answer = match processors.get(order.gateway) {
        _ if switched_off => Answer::Refused(format!(
            "{} is switched off: switch it on to rehearse refunds and cancellations",
            registry::kind(order.gateway).title
        )),
        None => Answer::Unreachable(format!(
            "{} is switched off or its keys are not saved",
            registry::kind(order.gateway).title
        )),
        Some(processor) => {
            let processor_ref = order.processor_ref.as_deref().unwrap_or_default();
            match action.action {
                ActionKind::Refund => processor.refund(&ToRefund {
                    payment_ref: &order.payment_ref,
                    processor_ref,
                    payment_id: payment_id.as_deref(),
                    // Always the amount asked (all that was left then): a processor that
                    // counts differently refuses rather than refunds more.
                    amount: action.amount,
                    currency: &order.currency,
                    reason: &action.reason,
                    idempotency_key: &key,
                    now,
                }),
                ActionKind::Cancel => processor.cancel(&ToCancel {
                    payment_ref: &order.payment_ref,
                    processor_ref,
                    at_period_end: action.at_period_end.unwrap_or(true),
                    period_end,
                    idempotency_key: &key,
                    now,
                }),
            }
        }
    };
    let conn = pool.get()?;
    let sent = match answer {
        Answer::Accepted {
            processor_ref,
            effective_at,
            event,
        } => {
            let answered = Answered {
                state: Some(ActionState::Accepted),
                processor_ref: processor_ref.as_deref(),
                effective_at,
                ..Answered::default()
            };
            order_actions::record_answer(&conn, action.id, &answered, now)?;
            drop(conn);
            if let Some(delivery) = event {
                if let Some(why) = deliver_answer(pool, processors, order.gateway, delivery, now)? {
                    // Done at the processor, but its event could not be read: asked again
                    // later, its (idempotent) answer carries the event once more.
                    let retry_at = now + backoff::retry_delay(action.attempts + 1, rand::random());
                    order_actions::ask_again_for_event(&*pool.get()?, action.id, &why, retry_at)?;
                    return Ok(Sent::WillRetry(why));
                }
            }
            order_actions::settle_if_arrived(&*pool.get()?, action.id, before, now)?;
            Sent::Accepted
        }
        Answer::Refused(why) => {
            tracing::warn!(
                order = order.id.0,
                action = action.id,
                "the processor refused: {why}"
            );
            let answered = Answered {
                state: Some(ActionState::Refused),
                error: Some(&why),
                ..Answered::default()
            };
            order_actions::record_answer(&conn, action.id, &answered, now)?;
            Sent::Refused(why)
        }
        Answer::Unreachable(why) => {
            let retry_at = now + backoff::retry_delay(action.attempts + 1, rand::random());
            tracing::warn!(
                order = order.id.0,
                action = action.id,
                "no answer from the processor, again later: {why}"
            );
            let answered = Answered {
                error: Some(&why),
                retry_at: Some(retry_at),
                ..Answered::default()
            };
            order_actions::record_answer(&conn, action.id, &answered, now)?;
            Sent::WillRetry(why)
        }
    };
    Ok(sent)
}

/// The event an answer carried (`Answer::Accepted::event`), read and applied as its webhook
/// would be. Why it could not be read yet, when the processor could not be asked (Mollie's).
fn deliver_answer(
    pool: &Pool,
    processors: &Registry,
    gateway: Gateway,
    delivery: crate::gateways::Delivery,
    now: Timestamp,
) -> Result<Option<String>, LedgerError> {
    let Some(processor) = processors.get(gateway) else {
        return Ok(None);
    };
    match processor.read_webhook(&delivery, now) {
        Ok(Some(event)) => {
            let payload = String::from_utf8_lossy(&delivery.body).to_string();
            let counts = !processor.ends_plans_itself();
            let mut conn = pool.get()?;
            super::ingest(&mut conn, gateway, &event, &payload, counts, now)?;
        }
        Ok(None) => {}
        Err(WebhookError::Unverifiable(why)) => return Ok(Some(why)),
        Err(e) => {
            tracing::error!(error = %e, "the event the processor's answer carried was refused")
        }
    }
    Ok(None)
}

/// When the order's paid period ends as tagcart counts it (the test gateway, which bills by
/// its page): one interval from now.
fn paid_period_end(
    conn: &Connection,
    order: &Order,
    now: Timestamp,
) -> rusqlite::Result<Option<Timestamp>> {
    let product = db::products::get(conn, order.product_id)?;
    let price = product.and_then(|p| p.prices.into_iter().find(|p| p.id == order.price_id));
    Ok(price.and_then(|price| {
        let interval = price.terms.interval?;
        let count = price.terms.interval_count.unwrap_or(1).max(1);
        Some(crate::gateways::test::period_after(now, interval, count))
    }))
}
