//! Where checkouts become orders and processor events move them, each in one transaction
//! together with the fulfillment jobs they cause (the outbox): an acknowledged event has
//! always left its jobs in the queue.

use crate::clock::Timestamp;
use crate::crypto::random_token;
use crate::db::{self, orders::NewOrder};
use crate::domain::checkout::Checkout;
use crate::domain::order::{self, OrderStatus};
use crate::domain::page::Page;
use crate::gateways::Event;
use rusqlite::Connection;

/// Creates the pending order of a validated checkout; returns its id and `payment_ref`.
pub fn place_order(
    conn: &Connection,
    page: &Page,
    checkout: &Checkout,
    now: Timestamp,
) -> rusqlite::Result<(i64, String)> {
    let payment_ref = format!("pay_{}", random_token());
    let terms = &checkout.price.terms;
    let id = db::orders::create(
        conn,
        &NewOrder {
            page_id: page.id,
            product_id: page.product_id,
            price_id: checkout.price.id,
            price_kind: terms.kind.as_str(),
            amount: terms.amount,
            currency: &terms.currency,
            buyer: &checkout.buyer,
            gateway: checkout.gateway.as_str(),
            payment_ref: &payment_ref,
        },
        now,
    )?;
    Ok((id, payment_ref))
}

#[derive(Debug, PartialEq)]
pub enum Ingested {
    /// This event id was received before; nothing changed.
    Duplicate,
    /// No order carries this payment_ref; the event is stored for the record.
    UnknownPayment,
    Applied {
        order_id: i64,
        status: OrderStatus,
        jobs: usize,
    },
}

/// Stores a verified event once and applies it to its order, queueing the jobs it causes.
pub fn ingest(
    conn: &mut Connection,
    gateway: &str,
    event: &Event,
    payload: &str,
    now: Timestamp,
) -> rusqlite::Result<Ingested> {
    db::immediate(conn, |tx| {
        let Some(row) = db::orders::insert_event(tx, gateway, event, payload, now)? else {
            return Ok(Ingested::Duplicate);
        };
        let Some(order) = db::orders::by_payment_ref(tx, &event.payment_ref)? else {
            db::orders::record_event_outcome(
                tx,
                row,
                None,
                "no order has this payment_ref: ignored",
            )?;
            return Ok(Ingested::UnknownPayment);
        };
        let earlier = db::orders::applied_kinds(tx, order.id)?;
        let revoke_on_refund =
            db::products::get(tx, order.product_id)?.is_none_or(|p| p.revoke_on_refund);
        let transition = order::apply(order.status, event.kind, &earlier, revoke_on_refund);
        if transition.status != order.status {
            db::orders::set_status(tx, order.id, transition.status, now)?;
        }
        for action in &transition.jobs {
            db::jobs::enqueue(tx, order.id, *action, &order.buyer.email, now)?;
        }
        db::orders::record_event_outcome(tx, row, Some(order.id), transition.note)?;
        Ok(Ingested::Applied {
            order_id: order.id,
            status: transition.status,
            jobs: transition.jobs.len(),
        })
    })
}
