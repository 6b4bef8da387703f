//! Where checkouts become orders and processor events move them, each in one transaction
//! together with the fulfillment jobs they cause (the outbox): an acknowledged event has
//! always left its jobs in the queue.

use crate::clock::Timestamp;
use crate::crypto::random_token;
use crate::db::{self, orders::NewOrder};
use crate::domain::checkout::Checkout;
use crate::domain::order::{self, OrderStatus, PaymentEvent};
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
            installments: terms.installments.map(i64::from),
        },
        now,
    )?;
    Ok((id, payment_ref))
}

#[derive(Debug, PartialEq)]
pub enum Ingested {
    /// This event id was received before; nothing changed.
    Duplicate,
    /// No order matches the event; it is stored for the record.
    UnknownPayment,
    Applied {
        order_id: i64,
        status: OrderStatus,
        jobs: usize,
        /// The payment plan's last installment was just paid: its subscription must end.
        plan_finished: bool,
    },
}

/// Stores a verified event once and applies it to its order, queueing the jobs it causes.
/// `counts_installments`: the processor does not end a payment plan itself, so we count.
pub fn ingest(
    conn: &mut Connection,
    gateway: &str,
    event: &Event,
    payload: &str,
    counts_installments: bool,
    now: Timestamp,
) -> rusqlite::Result<Ingested> {
    db::immediate(conn, |tx| {
        let Some(row) = db::orders::insert_event(tx, gateway, event, payload, now)? else {
            return Ok(Ingested::Duplicate);
        };
        let order = match (&event.payment_ref, &event.processor_ref) {
            (Some(payment_ref), _) => db::orders::by_payment_ref(tx, payment_ref)?,
            (None, Some(processor_ref)) => {
                db::orders::by_processor_ref(tx, gateway, processor_ref)?
            }
            (None, None) => None,
        };
        let Some(order) = order.filter(|o| o.gateway == gateway) else {
            db::orders::record_event_outcome(
                tx,
                row,
                None,
                "no order of this gateway matches: ignored",
            )?;
            return Ok(Ingested::UnknownPayment);
        };
        let earlier = db::orders::applied_kinds(tx, order.id)?;
        let revoke_on_refund =
            db::products::get(tx, order.product_id)?.is_none_or(|p| p.revoke_on_refund);
        let facts = order::Facts {
            revoke_on_refund,
            plan_finished: order.plan_finished(),
        };
        let transition = order::apply(order.status, event.kind, &earlier, facts);
        if transition.status != order.status {
            db::orders::set_status(tx, order.id, transition.status, now)?;
        }
        for action in &transition.jobs {
            db::jobs::enqueue(tx, order.id, *action, &order.buyer.email, now)?;
        }
        // Each paid installment of a plan: the first payment and every renewal while it runs.
        let paid_now = matches!(event.kind, PaymentEvent::Renewed)
            && order.status == OrderStatus::Completed
            || transition.status == OrderStatus::Completed
                && order.status != OrderStatus::Completed;
        let mut plan_finished = false;
        let mut note = transition.note.to_string();
        if counts_installments && paid_now && order.installments.is_some() && !order.plan_finished()
        {
            let paid = db::orders::record_installment(tx, order.id)?;
            let total = order.installments.unwrap_or(0);
            note = format!("{note}; installment {paid} of {total} paid");
            plan_finished = paid >= total;
        }
        db::orders::record_event_outcome(tx, row, Some(order.id), &note)?;
        Ok(Ingested::Applied {
            order_id: order.id,
            status: transition.status,
            jobs: transition.jobs.len(),
            plan_finished,
        })
    })
}
