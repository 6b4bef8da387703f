//! Stripe's webhook deliveries: the signature checked as Stripe's own libraries do, then the
//! event mapped to tagcart's payment events.

use super::text_or_id;
use crate::clock::Timestamp;
use crate::domain::order::PaymentEvent;
use crate::gateways::{signature, Paid, Refund, WebhookError};
use serde_json::Value;

/// The events to select in Stripe's dashboard, for the settings page.
pub const EVENTS: &[&str] = &[
    "payment_intent.succeeded",
    "payment_intent.processing",
    "payment_intent.payment_failed",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "customer.subscription.deleted",
    "charge.refunded",
];

/// A verified Stripe event, in tagcart's words. `kind` None: a type (or an object) we do not act
/// on; it is still acknowledged with 2xx.
#[derive(Debug, Clone, PartialEq)]
pub struct StripeEvent {
    pub id: String,
    pub type_name: String,
    pub kind: Option<PaymentEvent>,
    /// metadata.payment_ref when the object carries it (PaymentIntent, Subscription, Charge, and an
    /// invoice's subscription_details).
    pub payment_ref: Option<String>,
    /// The processor reference to find the order by when there is no payment_ref: the subscription
    /// id for invoice.* and customer.subscription.*, the PaymentIntent id for payment_intent.* and
    /// charge.*.
    pub processor_ref: Option<String>,
    /// This payment's PaymentIntent (a payment_intent.* event's own, an invoice's), so that a
    /// later charge.refunded naming it finds the subscription's order.
    pub payment_id: Option<String>,
    /// What a payment (Completed, Renewed) says was paid: a PaymentIntent's `amount_received`,
    /// an invoice's `amount_paid`, in minor units with Stripe's lower-case currency.
    pub paid: Paid,
    /// customer.subscription.deleted: the end of the period the buyer paid for.
    pub period_end: Option<Timestamp>,
    /// charge.refunded: the charge's refunded total so far, and whether that is all of it.
    pub refund: Option<Refund>,
}

/// Verifies `Stripe-Signature` (`t=..,v1=..`: HMAC-SHA256 over "{t}.{raw body}", any v1 may
/// match, 300 s tolerance) and maps:
/// - payment_intent.succeeded → Completed, payment_intent.processing → Processing (a delayed
///   method such as SEPA Debit: the order stays pending until it succeeds or fails),
///   payment_intent.payment_failed → Failed, for our
///   one-time PaymentIntents only: one that belongs to an invoice (`invoice` set, or no
///   metadata.payment_ref as on API versions that dropped `invoice`) → None, since
///   invoice.payment_succeeded covers it;
/// - invoice.payment_succeeded → Completed when billing_reason is subscription_create, else Renewed
///   (processor_ref = the subscription id; an invoice of no subscription → None). A Renewed also
///   ends a failing streak: Stripe has no "recovered" event, a renewal that failed recovers when
///   one of its retries (or the next invoice) is paid, and that is this event;
/// - invoice.payment_failed → Failed when billing_reason is subscription_create (the first
///   payment), else RenewalFailed; the subscription found as for invoice.payment_succeeded;
/// - customer.subscription.deleted → Cancelled, `period_end` = the paid period's end:
///   `current_period_end` (API versions before 2025-03-31.basil) or
///   `items.data[0].current_period_end` (basil on). None when Stripe cancelled it for a failed
///   or disputed payment (`cancellation_details.reason`): that period was never paid;
/// - charge.refunded → Refunded, in full or in part: `refund` carries the charge's
///   `amount_refunded` (its total so far, so a repeat counts once) and `refunded` (all of
///   it); processor_ref = the PaymentIntent id, payment_ref from the charge's metadata if
///   present;
/// - everything else → None.
pub fn parse_webhook(
    webhook_secret: &str,
    signature: &str,
    body: &[u8],
    now: i64,
) -> Result<StripeEvent, WebhookError> {
    // An empty secret would let anyone sign.
    if webhook_secret.is_empty() {
        return Err(WebhookError::NotConfigured);
    }
    signature::verify(webhook_secret, signature, body, now)?;
    let event: Value =
        serde_json::from_slice(body).map_err(|e| WebhookError::BadBody(e.to_string()))?;
    let id = event["id"]
        .as_str()
        .filter(|id| !id.is_empty() && id.len() <= 255);
    let type_name = event["type"].as_str().filter(|t| !t.is_empty());
    let object = &event["data"]["object"];
    let (Some(id), Some(type_name), true) = (id, type_name, object.is_object()) else {
        return Err(WebhookError::BadBody(
            "an event needs id, type and data.object".into(),
        ));
    };
    let (kind, payment_ref, processor_ref) = match map(type_name, object) {
        Some((kind, payment_ref, processor_ref)) => (Some(kind), payment_ref, processor_ref),
        None => (None, None, None),
    };
    let paid = match kind {
        Some(PaymentEvent::Completed | PaymentEvent::Renewed) => paid(type_name, object),
        _ => Paid::NotStated,
    };
    let period_end = match kind {
        Some(PaymentEvent::Cancelled) => paid_period_end(object),
        _ => None,
    };
    let refund = match kind {
        Some(PaymentEvent::Refunded) => refunded(object),
        _ => None,
    };
    Ok(StripeEvent {
        id: id.to_string(),
        type_name: type_name.to_string(),
        kind,
        payment_ref,
        processor_ref,
        payment_id: payment_id(type_name, object),
        paid,
        period_end,
        refund,
    })
}

/// A refunded charge's figures; `None` when it states no refunded amount.
fn refunded(charge: &Value) -> Option<Refund> {
    let amount = charge["amount_refunded"].as_i64().filter(|a| *a > 0)?;
    Some(Refund {
        key: text_or_id(&charge["id"])?,
        payment_id: text_or_id(&charge["payment_intent"]),
        amount,
        currency: charge["currency"].as_str().map(str::to_ascii_uppercase),
        full: charge["refunded"].as_bool(),
    })
}

/// The end of the period a deleted subscription was paid for; `None` when Stripe says it ended
/// for want of payment, or does not say.
fn paid_period_end(subscription: &Value) -> Option<Timestamp> {
    let reason = subscription["cancellation_details"]["reason"].as_str();
    if matches!(reason, Some("payment_failed" | "payment_disputed")) {
        return None;
    }
    let end = &subscription["current_period_end"];
    let end = match end.is_null() {
        true => &subscription["items"]["data"][0]["current_period_end"],
        false => end,
    };
    end.as_i64().filter(|t| *t > 0)
}

/// What a PaymentIntent received or an invoice collected; a payment without both fields is
/// `Unreadable`, so it cannot complete an order unchecked.
fn paid(type_name: &str, object: &Value) -> Paid {
    let amount = match type_name {
        "invoice.payment_succeeded" => object["amount_paid"].as_i64(),
        _ => object["amount_received"]
            .as_i64()
            .or_else(|| object["amount"].as_i64()),
    };
    let currency = object["currency"].as_str().filter(|c| !c.is_empty());
    match (amount, currency) {
        (Some(amount), Some(currency)) => Paid::stated(amount, currency),
        _ => Paid::Unreadable(format!(
            "{} {}",
            amount.map_or("no amount".into(), |a| a.to_string()),
            currency.unwrap_or("no currency")
        )),
    }
}

/// The PaymentIntent that paid for this event's object, if it is a payment.
fn payment_id(type_name: &str, object: &Value) -> Option<String> {
    match type_name {
        "payment_intent.succeeded" => text_or_id(&object["id"]),
        "invoice.payment_succeeded" => text_or_id(&object["payment_intent"]),
        _ => None,
    }
}

type Mapped = (PaymentEvent, Option<String>, Option<String>);

fn map(type_name: &str, object: &Value) -> Option<Mapped> {
    let metadata_ref = |metadata: &Value| {
        metadata["payment_ref"]
            .as_str()
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    };
    match type_name {
        "payment_intent.succeeded"
        | "payment_intent.processing"
        | "payment_intent.payment_failed" => {
            let payment_ref = metadata_ref(&object["metadata"]);
            if !object["invoice"].is_null() || payment_ref.is_none() {
                return None;
            }
            let kind = match type_name {
                "payment_intent.succeeded" => PaymentEvent::Completed,
                "payment_intent.processing" => PaymentEvent::Processing,
                _ => PaymentEvent::Failed,
            };
            Some((kind, payment_ref, text_or_id(&object["id"])))
        }
        "invoice.payment_succeeded" | "invoice.payment_failed" => {
            // API versions up to 2024 put these on the invoice; 2025-03-31.basil on, under `parent`.
            let details = &object["parent"]["subscription_details"];
            let subscription = text_or_id(&object["subscription"])
                .or_else(|| text_or_id(&details["subscription"]))?;
            let payment_ref = metadata_ref(&object["subscription_details"]["metadata"])
                .or_else(|| metadata_ref(&details["metadata"]));
            let first = object["billing_reason"].as_str() == Some("subscription_create");
            let kind = match (type_name, first) {
                ("invoice.payment_succeeded", true) => PaymentEvent::Completed,
                ("invoice.payment_succeeded", false) => PaymentEvent::Renewed,
                (_, true) => PaymentEvent::Failed,
                (_, false) => PaymentEvent::RenewalFailed,
            };
            Some((kind, payment_ref, Some(subscription)))
        }
        "customer.subscription.deleted" => {
            let subscription = text_or_id(&object["id"])?;
            Some((
                PaymentEvent::Cancelled,
                metadata_ref(&object["metadata"]),
                Some(subscription),
            ))
        }
        "charge.refunded" => {
            // Part of the charge, with no figure to count it by: nothing to act on.
            if object["refunded"].as_bool() == Some(false) && refunded(object).is_none() {
                return None;
            }
            let payment_ref = metadata_ref(&object["metadata"]);
            let intent = text_or_id(&object["payment_intent"]);
            if payment_ref.is_none() && intent.is_none() {
                return None;
            }
            Some((PaymentEvent::Refunded, payment_ref, intent))
        }
        _ => None,
    }
}
