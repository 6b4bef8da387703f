//! Where checkouts become orders and processor events move them, each in one transaction
//! together with the fulfillment jobs they cause (the outbox): an acknowledged event has
//! always left its jobs in the queue.

use crate::clock::Timestamp;
use crate::crypto::random_token;
use crate::db::emails::EmailKind;
use crate::db::order_actions::ActionKind;
use crate::db::order_lines::NewLine;
use crate::db::{self, orders::NewOrder, orders::Order};
use crate::domain::checkout::Checkout;
use crate::domain::coupon::Refusal;
use crate::domain::discount::Discount;
use crate::domain::ids::{OrderId, PageId, ProductId};
use crate::domain::order::{self, LineKind, OrderStatus, PaymentEvent};
use crate::domain::page::Extra;
use crate::domain::payment_match::{self, Expected, Reported, NOT_APPLIED};
use crate::domain::product::{OnCancel, PriceKind};
use crate::gateways::Gateway;
use crate::gateways::{Event, Paid};
use crate::invoices::Charge;
use rusqlite::Connection;

/// A checkout placed as an order.
#[derive(Debug, Clone)]
pub struct PlacedOrder {
    pub order_id: OrderId,
    pub payment_ref: String,
    /// Due today, after the discount.
    pub amount: i64,
    pub discount: Option<Discount>,
    /// The tax added on top of the prices today (0 when they include it).
    pub tax_added: i64,
    /// A coupon made it free: completed here, with its grant queued; no processor is involved.
    pub completed: bool,
}

/// Creates the order of a validated checkout; returns it, or why its coupon is refused.
/// The coupon's use is counted and taken in this same write transaction (checkouts are
/// serialized by the writer), so two buyers cannot both take its last use. A one-time price
/// a coupon makes free completes here through the ledger's own path (`apply_event`).
pub fn place_order(
    conn: &Connection,
    page_id: PageId,
    product_id: ProductId,
    checkout: &Checkout,
    coupon_code: Option<&str>,
    now: Timestamp,
) -> rusqlite::Result<Result<PlacedOrder, Refusal>> {
    let terms = &checkout.price.terms;
    let coupon = match coupon_code.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => {
            let Some(coupon) = db::coupons::by_code(conn, code, now)? else {
                return Ok(Err(Refusal::Unknown));
            };
            match coupon.apply(product_id, terms, now) {
                Ok(discount) => Some((coupon.id, discount)),
                Err(refusal) => return Ok(Err(refusal)),
            }
        }
    };
    // The coupon is on the page's own product; a bump is added at its full price.
    let discount = coupon
        .as_ref()
        .map_or(0, |(_, d)| d.off_amount(terms.amount));
    let bump = checkout.bump.as_ref().map(|b| NewLine {
        kind: LineKind::Bump,
        product_id: b.product.id,
        price_id: b.price.id,
        price_kind: b.price.terms.kind,
        amount: b.price.terms.amount,
        currency: &b.price.terms.currency,
    });
    let subtotal = terms.amount + bump.as_ref().map_or(0, |b| b.amount);
    // Tax on the charge after the discount (`domain::tax`'s rounding rule): added to it when
    // prices exclude tax, the part of it that is tax when they include it.
    let taxed = checkout.sale_tax.taxed(subtotal - discount);
    let amount = taxed.total;
    let free = amount == 0 && terms.kind == PriceKind::OneTime;
    let payment_ref = format!("pay_{}", random_token());
    let id = db::orders::create(
        conn,
        &NewOrder {
            page_id: Some(page_id),
            product_id,
            price_id: checkout.price.id,
            price_kind: terms.kind,
            amount,
            currency: &terms.currency,
            buyer: &checkout.buyer,
            gateway: match free {
                true => Gateway::NoProcessor,
                false => checkout.gateway,
            },
            payment_ref: &payment_ref,
            installments: terms.installments.map(i64::from),
            subtotal,
            discount,
            coupon: coupon.as_ref().map(|(id, d)| (*id, d)),
            kind: LineKind::Main,
            bump,
            parent_order_id: None,
            bump_offered: checkout.bump_offered,
            tax: taxed.tax,
            sale_tax: &checkout.sale_tax,
            consent: &checkout.consent,
        },
        now,
    )?;
    if free {
        let event = Event {
            id: format!("free_{payment_ref}"),
            kind: PaymentEvent::Completed,
            type_name: FREE_ORDER_EVENT.into(),
            payment_ref: Some(payment_ref.clone()),
            processor_ref: None,
            payment_id: None,
            paid: Paid::stated(0, &terms.currency),
            period_end: None,
            refund: None,
        };
        let payload =
            serde_json::json!({"coupon": coupon.as_ref().map(|(_, d)| &d.code)}).to_string();
        apply_event(conn, Gateway::NoProcessor, &event, &payload, false, now)?;
    }
    Ok(Ok(PlacedOrder {
        order_id: id,
        payment_ref,
        amount,
        discount: coupon.map(|(_, d)| d),
        tax_added: checkout.sale_tax.added(taxed.tax),
        completed: free,
    }))
}

/// The upsell's own order after `parent`, placed once: a second accept (a reload, a double
/// click, a race) gets the first one back. Its `payment_ref` is the parent's with `-upsell`,
/// so the processor's idempotency keys derived from it also hold across retries. Paid with
/// the parent's gateway by the same buyer; the extra's price is one-time, in full.
pub fn place_upsell(
    conn: &Connection,
    parent: &Order,
    upsell: &Extra,
    now: Timestamp,
) -> rusqlite::Result<Order> {
    if let Some(placed) = db::orders::upsell_of(conn, parent.id)? {
        return Ok(placed);
    }
    // Accepted is shown, even when the form was sent without the page being opened first.
    db::orders::mark_upsell_shown(conn, parent.id, now)?;
    let terms = &upsell.price.terms;
    let payment_ref = format!("{}-upsell", parent.payment_ref);
    // Taxed as its parent was: the same buyer, country and VAT ID, a moment later.
    let taxed = parent.sale_tax.taxed(terms.amount);
    let id = db::orders::create(
        conn,
        &NewOrder {
            page_id: parent.page_id,
            product_id: upsell.product.id,
            price_id: upsell.price.id,
            price_kind: terms.kind,
            amount: taxed.total,
            currency: &terms.currency,
            buyer: &parent.buyer,
            gateway: parent.gateway,
            payment_ref: &payment_ref,
            installments: None,
            subtotal: terms.amount,
            discount: 0,
            coupon: None,
            kind: LineKind::Upsell,
            bump: None,
            parent_order_id: Some(parent.id),
            bump_offered: false,
            tax: taxed.tax,
            sale_tax: &parent.sale_tax,
            // The consents given at checkout cover what is bought right after it.
            consent: &parent.consent,
        },
        now,
    )?;
    Ok(db::orders::get(conn, id)?.expect("the order just placed"))
}

/// The event type on the timeline of an order a coupon made free.
pub const FREE_ORDER_EVENT: &str = "coupon.free_order";

#[derive(Debug, PartialEq)]
pub enum Ingested {
    /// This event id was received before; nothing changed.
    Duplicate,
    /// No order matches the event; it is stored for the record.
    UnknownPayment,
    /// A payment that is not this order's (amount, currency or reference): stored on the
    /// order's timeline saying what did not match, and nothing else changed.
    Mismatched { order_id: OrderId },
    Applied {
        order_id: OrderId,
        status: OrderStatus,
        /// Jobs it queued, moved or took back (the worker is woken when there are any).
        jobs: usize,
        /// The payment plan's last installment was just paid: its subscription must end.
        plan_finished: bool,
        /// An email to the buyer was queued (the scheduler sends it on its next pass).
        emailed: bool,
    },
}

impl Ingested {
    /// The word webhooks answer with (`outcome`) and the log says.
    pub fn as_str(&self) -> &'static str {
        match self {
            Ingested::Duplicate => "duplicate",
            Ingested::UnknownPayment => "unknown_payment",
            Ingested::Mismatched { .. } => "mismatch",
            Ingested::Applied { .. } => "applied",
        }
    }

    /// One info line per processor event, once its outcome is committed.
    pub fn log(&self, gateway: Gateway, event: &Event) {
        let (gateway, outcome) = (gateway.as_str(), self.as_str());
        match self {
            // Logged at warn, with what did not match, when it was found.
            Ingested::Mismatched { .. } => {}
            Ingested::Applied { order_id, .. } => {
                tracing::info!(gateway, event = %event.type_name, order = order_id.0, outcome, "processor event")
            }
            _ => tracing::info!(gateway, event = %event.type_name, outcome, "processor event"),
        }
    }
}

/// Stores a verified event once and applies it to its order, queueing the jobs it causes.
/// `counts_installments`: the processor does not end a payment plan itself, so we count.
pub fn ingest(
    conn: &mut Connection,
    gateway: Gateway,
    event: &Event,
    payload: &str,
    counts_installments: bool,
    now: Timestamp,
) -> rusqlite::Result<Ingested> {
    db::immediate(conn, |tx| {
        apply_event(tx, gateway, event, payload, counts_installments, now)
    })
}

/// `ingest` inside a write transaction the caller holds (the webhooks' group commit).
pub fn apply_event(
    tx: &Connection,
    gateway: Gateway,
    event: &Event,
    payload: &str,
    counts_installments: bool,
    now: Timestamp,
) -> rusqlite::Result<Ingested> {
    let stored = db::orders::NewEvent {
        gateway,
        event_id: &event.id,
        type_name: &event.type_name,
        kind: event.kind,
        payload,
    };
    let Some(row) = db::orders::insert_event(tx, &stored, now)? else {
        return Ok(Ingested::Duplicate);
    };
    let order = match (&event.payment_ref, &event.processor_ref) {
        (Some(payment_ref), _) => db::orders::by_payment_ref(tx, payment_ref)?,
        (None, Some(processor_ref)) => {
            match db::orders::by_processor_ref(tx, gateway, processor_ref)? {
                Some(order) => Some(order),
                // A refund may name one payment of a subscription rather than the subscription.
                None => db::orders::by_payment_id(tx, gateway, processor_ref)?,
            }
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
    let product = db::products::get(tx, order.product_id)?;
    if matches!(event.kind, PaymentEvent::Completed | PaymentEvent::Renewed) {
        let price = product
            .as_ref()
            .and_then(|p| p.prices.iter().find(|p| p.id == order.price_id));
        let expected = Expected {
            amount: order.amount,
            currency: &order.currency,
            // A SetupIntent is the card-first start: the subscription's id is stored once Stripe answers.
            processor_ref: order
                .processor_ref
                .as_deref()
                .filter(|r| !r.starts_with("seti_")),
            trial: price.is_some_and(|p| p.terms.trial_days.unwrap_or(0) > 0),
            // Covered renewals are discounted, the later ones at the price copied on the order.
            full_price: (event.kind == PaymentEvent::Renewed && order.coupon.is_some())
                .then_some(order.sale_tax.gross(order.subtotal)),
        };
        let reported = Reported {
            paid: &event.paid,
            processor_ref: event.processor_ref.as_deref(),
        };
        if let Some(why) = payment_match::mismatch(&expected, &reported) {
            tracing::warn!(order = order.id.0, gateway = gateway.as_str(), event = %event.id, "a payment event does not match its order: {why}");
            let outcome = format!("{NOT_APPLIED}{why}");
            db::orders::record_event_outcome(tx, row, Some(order.id), &outcome)?;
            return Ok(Ingested::Mismatched { order_id: order.id });
        }
    }
    // A refund: of the whole payment, or of part of it (which changes nothing but the figures).
    let mut kind = event.kind;
    let mut refunded_now = 0;
    if kind == PaymentEvent::Refunded {
        match super::refunds::count(tx, &order, event, now)? {
            Ok(counted) => {
                kind = counted.kind;
                refunded_now = counted.added;
                if kind != event.kind {
                    db::orders::set_event_kind(tx, row, kind)?;
                }
            }
            Err(why) => {
                tracing::warn!(order = order.id.0, gateway = gateway.as_str(), event = %event.id, "a refund does not match its order: {why}");
                let outcome = format!("{NOT_APPLIED}{why}");
                db::orders::record_event_outcome(tx, row, Some(order.id), &outcome)?;
                return Ok(Ingested::Mismatched { order_id: order.id });
            }
        }
    }
    let earlier = db::orders::applied_kinds(tx, order.id)?;
    let facts = order::Facts {
        revoke_on_refund: product.as_ref().is_none_or(|p| p.revoke_on_refund),
        plan_finished: order.plan_finished(),
        on_cancel: match (kind == PaymentEvent::Cancelled)
            .then(|| db::order_actions::cancellation_asked(tx, order.id))
            .transpose()?
            .flatten()
        {
            // Asked through tagcart: the request says when access ends, not the product.
            Some(true) => OnCancel::PeriodEnd,
            Some(false) => OnCancel::Immediately,
            None => product.as_ref().map(|p| p.on_cancel).unwrap_or_default(),
        },
        period_end: event.period_end,
        now,
    };
    let transition = order::apply(order.status, kind, &earlier, facts);
    if transition.status != order.status {
        db::orders::set_status(tx, order.id, transition.status, now)?;
    }
    db::orders::record_access(
        tx,
        order.id,
        transition.access_until,
        transition.renewal,
        now,
    )?;
    // A refund or cancellation asked through tagcart is done when its event arrives.
    let asked = match kind {
        PaymentEvent::Refunded | PaymentEvent::PartlyRefunded => Some(ActionKind::Refund),
        PaymentEvent::Cancelled => Some(ActionKind::Cancel),
        _ => None,
    };
    if let Some(action) = asked {
        db::order_actions::settle(tx, order.id, action, now)?;
    }
    // Access is decided per buyer and tag over all their orders, not by this order alone.
    let settled = super::access::settle_order(tx, order.id, now)?;
    // Each paid installment of a plan: the first payment and every renewal while it runs.
    let paid_now = matches!(event.kind, PaymentEvent::Renewed)
        && order.status == OrderStatus::Completed
        || transition.status == OrderStatus::Completed && order.status != OrderStatus::Completed;
    let mut plan_finished = false;
    let mut note = transition.note.to_string();
    if counts_installments && paid_now && order.installments.is_some() && !order.plan_finished() {
        let paid = db::orders::record_installment(tx, order.id)?;
        let total = order.installments.unwrap_or(0);
        note = format!("{note}; installment {paid} of {total} paid");
        plan_finished = paid >= total;
    }
    if let (Some(payment_id), PaymentEvent::Completed | PaymentEvent::Renewed) =
        (&event.payment_id, event.kind)
    {
        let renewal = event.kind == PaymentEvent::Renewed;
        db::orders::record_payment(tx, gateway, payment_id, order.id, now, renewal)?;
    }
    // The paperwork, in this same transaction: a number is taken exactly when its document
    // is stored (`invoices`), and the email that goes with it is queued with it (`mail`).
    let completes =
        transition.status == OrderStatus::Completed && order.status != OrderStatus::Completed;
    let ends = |status| transition.status == status && order.status != status;
    let (document, email) = if completes && event.kind == PaymentEvent::Completed {
        let issued = crate::invoices::issue(tx, &order, row, Charge::First, now)?;
        (issued, Some(EmailKind::Receipt))
    } else if paid_now {
        let total = match &event.paid {
            Paid::Stated { amount, .. } => *amount,
            // Not stated: the order's price with its tax, as the renewal was matched.
            _ => order.sale_tax.gross(order.subtotal),
        };
        let issued = crate::invoices::issue(tx, &order, row, Charge::Later { total }, now)?;
        let kind = if completes {
            EmailKind::Receipt
        } else {
            EmailKind::RenewalReceipt
        };
        (issued, Some(kind))
    } else if ends(OrderStatus::Refunded) {
        (
            crate::invoices::credit(tx, &order, row, None, now)?,
            Some(EmailKind::Refund),
        )
    } else if kind == PaymentEvent::PartlyRefunded && refunded_now > 0 {
        let part = Some(refunded_now);
        (
            crate::invoices::credit(tx, &order, row, part, now)?,
            Some(EmailKind::Refund),
        )
    } else if ends(OrderStatus::Cancelled) {
        (None, Some(EmailKind::Cancellation))
    } else if event.kind == PaymentEvent::RenewalFailed && order.renewal_failed_at.is_none() {
        // Once per failing streak: processors retry a failed renewal several times.
        (None, Some(EmailKind::PaymentFailed))
    } else {
        (None, None)
    };
    if let Some(issued) = &document {
        note = format!("{note}; issued {}", issued.number);
    }
    let mut emailed = false;
    if let Some(kind) = email {
        let until = transition.access_until;
        let invoice = document.as_ref().map(|d| d.id);
        if crate::mail::queue(tx, &order, kind, invoice, until, now)?.is_some() {
            note = format!("{note}; {} email queued", kind.as_str().replace('_', " "));
            emailed = true;
        }
    }
    if !settled.said.is_empty() {
        note = format!("{note}; {}", settled.describe());
    }
    // The merchant's webhook endpoints hear of it in this same transaction (an outbox).
    let told = if completes {
        Some("order.completed")
    } else if ends(OrderStatus::Refunded) {
        Some("order.refunded")
    } else if ends(OrderStatus::Cancelled) {
        Some("subscription.cancelled")
    } else {
        None
    };
    if let Some(event) = told {
        crate::webhooks_out::notify_order(tx, event, order.id, now)?;
    }
    db::orders::record_event_outcome(tx, row, Some(order.id), &note)?;
    Ok(Ingested::Applied {
        order_id: order.id,
        status: transition.status,
        jobs: settled.said.len(),
        plan_finished,
        emailed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, kind: PaymentEvent, processor_ref: &str, payment_id: Option<&str>) -> Event {
        Event {
            id: id.into(),
            kind,
            type_name: kind.as_str().into(),
            payment_ref: None,
            processor_ref: Some(processor_ref.into()),
            payment_id: payment_id.map(str::to_string),
            paid: crate::gateways::Paid::NotStated,
            period_end: None,
            refund: None,
        }
    }

    /// A database holding one product and one pending Stripe order for it, in USD.
    fn pending_stripe_order(
        price_kind: &str,
        amount: i64,
        processor_ref: &str,
    ) -> (tempfile::TempDir, db::Pool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        pool.get()
            .unwrap()
            .execute(
                "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0)",
                [],
            )
            .unwrap();
        pool.get()
            .unwrap()
            .execute(
                "INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name, last_name,
                   gateway, payment_ref, processor_ref, created_at, updated_at)
                 VALUES ('pending', 1, 1, ?1, ?2, ?2, 'USD', 'a@x.co', 'A', 'B', 'stripe', 'pay_1', ?3, 0, 0)",
                rusqlite::params![price_kind, amount, processor_ref],
            )
            .unwrap();
        pool.get()
            .unwrap()
            .execute_batch(crate::db::order_lines::MAIN_LINE_OF_NEWEST_ORDER)
            .unwrap();
        (dir, pool)
    }

    #[test]
    fn each_line_grants_its_own_tag_and_a_refund_ends_each_by_its_products_rules() {
        let (_dir, pool) = pending_stripe_order("one_time", 4900, "pi_1");
        let mut conn = pool.get().unwrap();
        // A bump of a workbook the merchant lets buyers keep after a refund.
        conn.execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('W', 'wb', 0, 0, 0);
             INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
             VALUES (1, 'bump', 2, 2, 'one_time', 900, 'USD');",
        )
        .unwrap();
        let jobs = |conn: &Connection| -> Vec<(String, String)> {
            let mut jobs: Vec<_> = (db::jobs::for_order(conn, OrderId(1)).unwrap().iter())
                .map(|j| (j.action.as_str().to_string(), j.kartra_tag.clone()))
                .collect();
            jobs.sort();
            jobs
        };
        let pair = |a: &str, t: &str| (a.to_string(), t.to_string());
        let paid = event("evt_1", PaymentEvent::Completed, "pi_1", None);
        assert!(matches!(
            ingest(&mut conn, Gateway::Stripe, &paid, "{}", true, 10).unwrap(),
            Ingested::Applied { jobs: 2, .. }
        ));
        assert_eq!(jobs(&conn), [pair("grant", "t"), pair("grant", "wb")]);
        let refund = event("evt_2", PaymentEvent::Refunded, "pi_1", None);
        ingest(&mut conn, Gateway::Stripe, &refund, "{}", true, 20).unwrap();
        assert_eq!(
            jobs(&conn),
            [pair("grant", "t"), pair("grant", "wb"), pair("revoke", "t")],
            "the course ends with the refund; the workbook stays"
        );
        // The workbook is on an order only as its bump: it stays for that order's records.
        match db::products::delete(&mut conn, ProductId(2)) {
            Err(db::SaveError::Conflict { code, .. }) => assert_eq!(code, "product_has_orders"),
            other => panic!("deleted a product an order bought: {other:?}"),
        }
        // Its tag renamed: the order's unfinished job for it carries the new name.
        conn.execute(
            "UPDATE fulfillment_jobs SET state = 'pending' WHERE kartra_tag = 'wb'",
            [],
        )
        .unwrap();
        assert_eq!(
            db::jobs::retag(&conn, ProductId(2), "wb", "workbook").unwrap(),
            1
        );
    }

    fn refund(id: &str, key: &str, amount: i64, full: Option<bool>) -> Event {
        Event {
            refund: Some(crate::gateways::Refund {
                key: key.into(),
                payment_id: Some("pi_1".into()),
                amount,
                currency: Some("USD".into()),
                full,
            }),
            ..event(id, PaymentEvent::Refunded, "pi_1", None)
        }
    }

    #[test]
    fn partial_refunds_add_up_keep_access_and_the_last_one_refunds_the_order() {
        let (_dir, pool) = pending_stripe_order("one_time", 4900, "pi_1");
        let mut conn = pool.get().unwrap();
        let paid = event("evt_1", PaymentEvent::Completed, "pi_1", None);
        ingest(&mut conn, Gateway::Stripe, &paid, "{}", true, 10).unwrap();
        let state = |conn: &Connection| {
            let order = db::orders::get(conn, OrderId(1)).unwrap().unwrap();
            let revokes = (db::jobs::for_order(conn, OrderId(1)).unwrap().iter())
                .filter(|j| j.action == crate::domain::order::FulfillmentAction::Revoke)
                .count();
            (order.status, order.refunded, revokes)
        };
        // Two refunds of 1000 each (PayPal's way: each its own id and amount), one repeated.
        for (id, key, at) in [("e2", "R1", 20), ("e3", "R2", 30), ("e4", "R1", 40)] {
            ingest(
                &mut conn,
                Gateway::Stripe,
                &refund(id, key, 1000, None),
                "{}",
                true,
                at,
            )
            .unwrap();
        }
        assert_eq!(
            state(&conn),
            (OrderStatus::Completed, 2000, 0),
            "part refunded: access stays"
        );
        let kinds = db::orders::applied_kinds(&conn, OrderId(1)).unwrap();
        assert!(!kinds.contains(&PaymentEvent::Refunded), "{kinds:?}");
        // In another currency: not applied, nothing counted.
        let mut yen = refund("e5", "R3", 500, None);
        yen.refund.as_mut().unwrap().currency = Some("JPY".into());
        assert!(matches!(
            ingest(&mut conn, Gateway::Stripe, &yen, "{}", true, 45).unwrap(),
            Ingested::Mismatched { .. }
        ));
        // The rest: the order is refunded and the revoke queued.
        ingest(
            &mut conn,
            Gateway::Stripe,
            &refund("e6", "R4", 2900, None),
            "{}",
            true,
            50,
        )
        .unwrap();
        assert_eq!(state(&conn), (OrderStatus::Refunded, 4900, 1));
    }

    #[test]
    fn a_processors_word_on_a_full_refund_wins_and_its_growing_total_counts_once() {
        let (_dir, pool) = pending_stripe_order("one_time", 4900, "pi_1");
        let mut conn = pool.get().unwrap();
        // The refund overtakes the completion, and the later figure arrives first.
        ingest(
            &mut conn,
            Gateway::Stripe,
            &refund("e3", "ch_1", 2500, Some(false)),
            "{}",
            true,
            5,
        )
        .unwrap();
        ingest(
            &mut conn,
            Gateway::Stripe,
            &refund("e2", "ch_1", 1000, Some(false)),
            "{}",
            true,
            6,
        )
        .unwrap();
        let paid = event("evt_1", PaymentEvent::Completed, "pi_1", None);
        ingest(&mut conn, Gateway::Stripe, &paid, "{}", true, 10).unwrap();
        let order = db::orders::get(&conn, OrderId(1)).unwrap().unwrap();
        assert_eq!(
            (order.status, order.refunded),
            (OrderStatus::Completed, 2500),
            "a partial refund before the completion does not refund the order"
        );
        ingest(
            &mut conn,
            Gateway::Stripe,
            &refund("e4", "ch_1", 4900, Some(true)),
            "{}",
            true,
            20,
        )
        .unwrap();
        let order = db::orders::get(&conn, OrderId(1)).unwrap().unwrap();
        assert_eq!(
            (order.status, order.refunded),
            (OrderStatus::Refunded, 4900)
        );
    }

    #[test]
    fn a_refund_naming_one_subscription_payment_finds_its_order() {
        let (_dir, pool) = pending_stripe_order("subscription", 1900, "sub_1");
        let mut conn = pool.get().unwrap();
        let first = event("evt_1", PaymentEvent::Completed, "sub_1", Some("pi_first"));
        assert!(matches!(
            ingest(&mut conn, Gateway::Stripe, &first, "{}", true, 10).unwrap(),
            Ingested::Applied { jobs: 1, .. }
        ));
        let refund = event("evt_2", PaymentEvent::Refunded, "pi_first", None);
        match ingest(&mut conn, Gateway::Stripe, &refund, "{}", true, 20).unwrap() {
            Ingested::Applied { status, jobs, .. } => assert_eq!(
                (status, jobs),
                (OrderStatus::Refunded, 1),
                "refunded, revoke queued"
            ),
            other => panic!("the refund did not find its order: {other:?}"),
        }
        let unknown = event("evt_3", PaymentEvent::Refunded, "pi_someone_else", None);
        assert_eq!(
            ingest(&mut conn, Gateway::Stripe, &unknown, "{}", true, 30).unwrap(),
            Ingested::UnknownPayment
        );
    }

    #[test]
    fn a_payment_of_another_amount_is_recorded_and_completes_nothing() {
        let (_dir, pool) = pending_stripe_order("one_time", 4900, "pi_1");
        let mut conn = pool.get().unwrap();
        let paid = |id: &str, amount, currency: &str, pi: &str| Event {
            paid: crate::gateways::Paid::stated(amount, currency),
            ..event(id, PaymentEvent::Completed, pi, None)
        };
        let cheap = paid("evt_1", 100, "eur", "pi_1");
        assert_eq!(
            ingest(&mut conn, Gateway::Stripe, &cheap, "{}", true, 10).unwrap(),
            Ingested::Mismatched {
                order_id: OrderId(1)
            }
        );
        let order = db::orders::get(&conn, OrderId(1)).unwrap().unwrap();
        assert_eq!(order.status, OrderStatus::Pending);
        let timeline = db::orders::events(&conn, OrderId(1)).unwrap();
        assert_eq!(
            timeline[0].outcome,
            "not applied: amount 100 EUR does not match the order's 4900 USD"
        );
        assert!(db::orders::applied_kinds(&conn, OrderId(1))
            .unwrap()
            .is_empty());
        assert_eq!(
            db::orders::mismatched_events(&conn, 0, 10).unwrap().len(),
            1
        );
        let right = paid("evt_2", 4900, "usd", "pi_1");
        assert!(matches!(
            ingest(&mut conn, Gateway::Stripe, &right, "{}", true, 20).unwrap(),
            Ingested::Applied {
                jobs: 1,
                status: OrderStatus::Completed,
                ..
            }
        ));
    }
}
