//! Paystack's webhook deliveries: `x-paystack-signature` is the hex HMAC-SHA512 of the raw
//! body keyed with the secret key; the body is `{"event": "...", "data": {...}}` and carries
//! no event id, so ours are made from what each change is about, the same for every event
//! that reports that change (a renewal's `charge.success` and `invoice.update` count once).

use super::payments::reference_of;
use super::subscriptions::RenewalCharge;
use super::wire::{metadata, paid, plan_code, subunits, text, timestamp};
use crate::clock::Timestamp;
use crate::domain::order::PaymentEvent;
use crate::gateways::{Paid, Refund, WebhookError};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha512;

pub const SIGNATURE_HEADER: &str = "x-paystack-signature";

fn mac(secret_key: &str, body: &[u8]) -> Hmac<Sha512> {
    let mut mac =
        Hmac::<Sha512>::new_from_slice(secret_key.as_bytes()).expect("HMAC takes any key length");
    mac.update(body);
    mac
}

/// The header value Paystack sends with `body`.
pub fn sign(secret_key: &str, body: &[u8]) -> String {
    hex::encode(mac(secret_key, body).finalize().into_bytes())
}

/// Missing or not 128 hex digits → malformed; another key or body → bad.
pub fn verify(secret_key: &str, header: &str, body: &[u8]) -> Result<(), WebhookError> {
    let given = hex::decode(header.trim()).map_err(|_| WebhookError::MalformedSignature)?;
    if given.len() != 64 {
        return Err(WebhookError::MalformedSignature);
    }
    // Constant-time comparison inside verify_slice.
    mac(secret_key, body)
        .verify_slice(&given)
        .map_err(|_| WebhookError::BadSignature)
}

/// The subscription a renewal, failure or cancellation is about, through which the processor
/// finds its order (Paystack carries our payment_ref only on the first charge's metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubscriptionOf {
    /// A renewal's charge names only the customer, the plan and the card.
    Charge(RenewalCharge),
    /// Invoice and subscription events name the subscription by its code.
    Code(String),
}

/// A Paystack event in tagcart's words; `kind` None = acknowledged, not acted on.
#[derive(Debug, Clone, PartialEq)]
pub struct PaystackEvent {
    pub id: String,
    pub type_name: String,
    pub kind: Option<PaymentEvent>,
    pub payment_ref: Option<String>,
    pub processor_ref: Option<String>,
    pub payment_id: Option<String>,
    pub paid: Paid,
    pub period_end: Option<Timestamp>,
    pub refund: Option<Refund>,
    /// Set when the order must be found at Paystack, through this subscription, before the
    /// event is ingested.
    pub find_order: Option<SubscriptionOf>,
}

/// Reads a verified delivery. The mapping:
/// - charge.success with our payment_ref in `metadata` and the reference made from it → Completed
///   (a plan's first charge too); any other charge on a plan → Renewed; else none.
/// - invoice.update, paid → Renewed for its `subscription.subscription_code`, with the id of the
///   charge it reports (counted once with that charge's charge.success); failed → as
///   invoice.payment_failed: RenewalFailed, once per invoice.
/// - subscription.not_renew, subscription.disable → Cancelled, `period_end` from
///   `next_payment_date`, once per subscription; disabled as `complete` (a payment plan paid
///   in full) → none.
/// - a renewal, failure or cancellation names no payment_ref: `find_order` names the
///   subscription through which the processor finds the order.
/// - refund.processed → Refunded with its amount (the ledger tells part from whole), by its
///   `transaction_reference`; one without a readable amount is a bad body; refund.failed, refund.pending, subscription.create, invoice.create
///   and anything else → none.
pub fn parse_event(body: &[u8]) -> Result<PaystackEvent, WebhookError> {
    let bad = |m: &str| WebhookError::BadBody(m.to_string());
    let event: Value = serde_json::from_slice(body).map_err(|e| bad(&e.to_string()))?;
    let type_name = text(&event["event"]).ok_or_else(|| bad("the event has no event name"))?;
    let d = &event["data"];
    if !d.is_object() {
        return Err(bad("the event has no data"));
    }
    let mut parsed = PaystackEvent {
        id: String::new(),
        type_name: type_name.clone(),
        kind: None,
        payment_ref: None,
        processor_ref: None,
        payment_id: None,
        paid: Paid::NotStated,
        period_end: None,
        refund: None,
        find_order: None,
    };
    let required =
        |v: &Value, what: &str| text(v).ok_or_else(|| bad(&format!("{type_name} has no {what}")));
    use PaymentEvent as E;
    match type_name.as_str() {
        "charge.success" => {
            let reference = required(&d["reference"], "reference")?;
            parsed.id = format!("charge:{reference}");
            parsed.paid = paid(d);
            parsed.payment_id = Some(reference.clone());
            // The first charge is the transaction we initialized, whose reference is made from
            // the payment_ref: Paystack may copy metadata onto a subscription's later charges.
            parsed.payment_ref = text(&metadata(d)["payment_ref"])
                .filter(|payment_ref| reference_of(payment_ref) == reference);
            let on_plan = plan_code(d).map(|plan_code| RenewalCharge {
                customer_id: text(&d["customer"]["id"]).unwrap_or_default(),
                plan_code,
                plan_id: text(&d["plan"]["id"]).or_else(|| text(&d["plan_object"]["id"])),
                authorization: text(&d["authorization"]["authorization_code"]),
            });
            parsed.kind = match (&parsed.payment_ref, on_plan) {
                (Some(_), _) => {
                    parsed.processor_ref = Some(reference);
                    Some(E::Completed)
                }
                (None, Some(on_plan)) => {
                    parsed.find_order = Some(SubscriptionOf::Charge(on_plan));
                    Some(E::Renewed)
                }
                (None, None) => None,
            };
        }
        "invoice.update" | "invoice.payment_failed" => {
            let subscription =
                required(&d["subscription"]["subscription_code"], "subscription_code")?;
            parsed.find_order = Some(SubscriptionOf::Code(subscription));
            let transaction = &d["transaction"];
            let succeeded = d["paid"] == true || transaction["status"] == "success";
            if type_name == "invoice.update" && succeeded {
                let reference = required(&transaction["reference"], "transaction reference")?;
                parsed.id = format!("charge:{reference}");
                parsed.kind = Some(E::Renewed);
                parsed.paid = paid(transaction);
                parsed.payment_id = Some(reference);
            } else if type_name == "invoice.payment_failed" || d["status"] == "failed" {
                parsed.id = format!(
                    "invoice_failed:{}",
                    required(&d["invoice_code"], "invoice_code")?
                );
                parsed.kind = Some(E::RenewalFailed);
            } else {
                parsed.id = format!(
                    "{type_name}:{}",
                    text(&d["invoice_code"]).unwrap_or_default()
                );
            }
        }
        // A payment plan that ran all its invoices is disabled as `complete`: no reason to revoke.
        "subscription.disable"
            if matches!(d["status"].as_str(), Some("complete" | "completed")) =>
        {
            parsed.id = format!(
                "completed:{}",
                text(&d["subscription_code"]).unwrap_or_default()
            );
        }
        "subscription.not_renew" | "subscription.disable" => {
            let code = required(&d["subscription_code"], "subscription_code")?;
            parsed.id = format!("cancelled:{code}");
            parsed.kind = Some(E::Cancelled);
            parsed.period_end = timestamp(&d["next_payment_date"]);
            parsed.find_order = Some(SubscriptionOf::Code(code));
        }
        "refund.processed" => {
            let reference = required(&d["transaction_reference"], "transaction_reference")?;
            // Paystack's documented sample names the refund by `refund_reference` only.
            let key = text(&d["refund_reference"]).or_else(|| text(&d["id"]));
            let key = key.ok_or_else(|| bad("refund.processed has no refund_reference"))?;
            // Without its amount the ledger would read "all that is left": a partial refund
            // would revoke access. Refused, so that it is seen rather than guessed.
            let amount = subunits(&d["amount"])
                .ok_or_else(|| bad(&format!("refund.processed has no amount: {}", d["amount"])))?;
            parsed.id = format!("refund:{key}");
            parsed.kind = Some(E::Refunded);
            parsed.processor_ref = Some(reference.clone());
            parsed.refund = Some(Refund {
                key,
                payment_id: Some(reference),
                amount,
                currency: text(&d["currency"]),
                full: None,
            });
        }
        _ => {
            let about = text(&d["id"])
                .or_else(|| text(&d["reference"]))
                .unwrap_or_default();
            parsed.id = format!("{type_name}:{about}");
        }
    }
    parsed.id = format!("paystack:{}", parsed.id);
    Ok(parsed)
}
