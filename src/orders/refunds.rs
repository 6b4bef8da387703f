//! A refund event counted, the same way for every processor: what it adds to the order's
//! refunded total, and whether its payment is now refunded in full (the order is refunded, by
//! the product's rules) or in part (the order keeps its status and its access).

use crate::db::{self, orders::Order};
use crate::domain::order::PaymentEvent;
use crate::gateways::Event;
use rusqlite::Connection;

/// What a refund event amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// `Refunded` or `PartlyRefunded`.
    pub kind: PaymentEvent,
    /// What this event adds to the order's refunded total (0 for a repeat).
    pub added: i64,
    /// The order's refunded total now.
    pub total: i64,
}

/// Records a refund event's figures on the order. `Err`: a refund in another currency than
/// the order's, not applied.
pub fn count(
    tx: &Connection,
    order: &Order,
    event: &Event,
    now: crate::clock::Timestamp,
) -> rusqlite::Result<Result<Counted, String>> {
    let (key, payment_id, amount, full) = match &event.refund {
        Some(r) => {
            if let Some(currency) = r.currency.as_deref() {
                if !currency.eq_ignore_ascii_case(&order.currency) {
                    let why = format!("a refund in {currency}, the order is in {}", order.currency);
                    return Ok(Err(why));
                }
            }
            let payment_id = r.payment_id.clone().unwrap_or_default();
            (r.key.clone(), payment_id, r.amount, r.full)
        }
        // No figures: the whole of what is left.
        None => {
            let rest = order.amount - order.refunded;
            (event.id.clone(), String::new(), rest, Some(true))
        }
    };
    if amount > 0 {
        db::refunds::record(tx, order.id, &key, &payment_id, amount, now)?;
    }
    let total = db::refunds::settle_total(tx, order.id)?;
    let full = match full {
        Some(full) => full,
        None => db::refunds::of_payment(tx, order.id, &payment_id)? >= order.amount,
    };
    Ok(Ok(Counted {
        kind: match full {
            true => PaymentEvent::Refunded,
            false => PaymentEvent::PartlyRefunded,
        },
        added: total - order.refunded,
        total,
    }))
}
