//! Payment processors. Each turns its own webhook into the same `Event`, after checking the
//! signature on the raw bytes; the order and fulfillment code never sees a processor's format.

pub mod paypal;
pub mod signature;
pub mod stripe;
pub mod test;

use crate::domain::gateway::Gateway;
use crate::domain::order::PaymentEvent;
pub use crate::domain::payment_match::Paid;
use std::sync::{Arc, Mutex};

/// One PayPal client for the saved credentials, shared by every request and the reconciler,
/// so its OAuth token is fetched once per expiry rather than once per request.
#[derive(Default)]
pub struct PayPalClients(Mutex<Option<(String, Arc<paypal::PayPal>)>>);

impl PayPalClients {
    pub fn get(
        &self,
        api_url: &url::Url,
        keys: &crate::settings::PayPalKeys,
    ) -> Arc<paypal::PayPal> {
        let fingerprint = crate::crypto::token_hash(&format!(
            "{api_url}\n{}\n{}",
            keys.client_id, keys.client_secret
        ));
        let mut held = self.0.lock().unwrap();
        match held.as_ref() {
            Some((f, client)) if *f == fingerprint => Arc::clone(client),
            _ => {
                let client = Arc::new(paypal::PayPal::new(
                    api_url.clone(),
                    keys.client_id.clone(),
                    keys.client_secret.clone(),
                ));
                *held = Some((fingerprint, Arc::clone(&client)));
                client
            }
        }
    }
}

/// The webhook events to select in each processor's dashboard.
pub fn webhook_events(gateway: Gateway) -> &'static [&'static str] {
    match gateway {
        Gateway::Test => &[
            "payment.completed",
            "payment.failed",
            "payment.refunded",
            "subscription.renewed",
            "subscription.cancelled",
        ],
        Gateway::Stripe => stripe::EVENTS,
        Gateway::Paypal => paypal::EVENTS,
    }
}

/// A processor event, verified and normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The processor's event id: the same id twice is the same event.
    pub id: String,
    pub kind: PaymentEvent,
    /// Its type as the processor names it, for the timeline.
    pub type_name: String,
    /// Our `payment_ref`, when the processor carries it back (metadata, custom_id).
    pub payment_ref: Option<String>,
    /// Otherwise the processor's own reference we stored on the order (subscription, payment).
    pub processor_ref: Option<String>,
    /// The processor's id of this one payment, remembered so that its refund finds the order.
    pub payment_id: Option<String>,
    /// What a payment event says was paid, checked against the order before it completes it.
    pub paid: Paid,
}

/// What reconciliation learnt by asking the processor about a pending order's payment.
#[derive(Debug, Clone, PartialEq)]
pub struct LookedUp {
    pub kind: PaymentEvent,
    pub paid: Paid,
    /// The processor's id of what it looked up, as it answered.
    pub processor_ref: Option<String>,
}

impl Event {
    /// A processor's event in our words; `None` for a type we acknowledge but do not act on.
    pub fn of(
        id: String,
        type_name: String,
        kind: Option<PaymentEvent>,
        payment_ref: Option<String>,
        processor_ref: Option<String>,
        payment_id: Option<String>,
        paid: Paid,
    ) -> Option<Event> {
        Some(Event {
            id,
            kind: kind?,
            type_name,
            payment_ref,
            processor_ref,
            payment_id,
            paid,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WebhookError {
    #[error("the signature header is missing or malformed")]
    MalformedSignature,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the event is too old or from the future (more than {0} s away)")]
    Stale(i64),
    #[error("the event body is not understood: {0}")]
    BadBody(String),
    #[error("this gateway is switched off or not set up")]
    NotConfigured,
}
