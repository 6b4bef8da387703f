//! The built-in test gateway: a simulated processor for rehearsing the whole chain.
//! Events: `{"id", "type", "created", "data": {"payment_ref", "amount", "currency"}}` signed
//! like Stripe's; `amount` (minor units) and `currency` are optional, but go together.

use super::keys::{KeyField, Keys};
use super::registry::{Built, Kind};
use super::{Delivery, Event, LookedUp, NewPayment, Paid, Processor, Started, WebhookError};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::gateway::Gateway;
use crate::domain::order::PaymentEvent;
use crate::domain::product::PriceTerms;
use serde::Deserialize;
use serde_json::json;

pub const SIGNATURE_HEADER: &str = "Tagcart-Signature";

/// The events it sends, for the settings page.
pub const EVENTS: &[&str] = &[
    "payment.completed",
    "payment.failed",
    "payment.refunded",
    "subscription.renewed",
    "subscription.cancelled",
];

pub const KIND: Kind = Kind {
    gateway: Gateway::Test,
    title: "Test gateway",
    buyer_name: "The test gateway",
    simulated: true,
    keys: &[KeyField {
        min_chars: 16,
        // It signs with a secret of its own, made the first time it is switched on.
        generate: Some(new_secret),
        ..KeyField::pasted("webhook_secret", "Webhook secret", true)
    }],
    webhook_events: EVENTS,
    build,
};

fn new_secret() -> String {
    format!("whsec_{}", crate::crypto::random_token())
}

fn build(keys: &Keys, _: &Config) -> Built {
    Built::of(TestProcessor {
        webhook_secret: keys.get("webhook_secret"),
    })
}

/// The simulated processor: its page (`/pay/test/...`) plays the processor and sends the events.
pub struct TestProcessor {
    webhook_secret: String,
}

impl TestProcessor {
    /// The secret its events are signed with.
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }
}

impl Processor for TestProcessor {
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        Ok(Started {
            processor_ref: None,
            client_secret: None,
            next: format!("/pay/test/{}", payment.payment_ref),
        })
    }

    /// It keeps no record of its own to ask: its page sends every event.
    fn look_up(&self, _: &str) -> Result<Option<LookedUp>, String> {
        Ok(None)
    }

    fn verify_keys(&self) -> Result<(), String> {
        Ok(())
    }

    fn read_webhook(
        &self,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        let signature = delivery.header(SIGNATURE_HEADER);
        parse(&self.webhook_secret, signature, &delivery.body, now).map(Some)
    }

    fn ends_plans_itself(&self) -> bool {
        false
    }

    /// Nothing runs at a simulated processor, so there is nothing to stop.
    fn end_plan(&self, _: &str) -> Result<(), String> {
        Ok(())
    }

    fn check_price(&self, _: &PriceTerms) -> Result<(), String> {
        Ok(())
    }
}

const TYPES: &[(&str, PaymentEvent)] = &[
    ("payment.completed", PaymentEvent::Completed),
    ("payment.failed", PaymentEvent::Failed),
    ("payment.refunded", PaymentEvent::Refunded),
    ("subscription.renewed", PaymentEvent::Renewed),
    ("subscription.cancelled", PaymentEvent::Cancelled),
];

pub fn type_name(kind: PaymentEvent) -> &'static str {
    TYPES
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(name, _)| *name)
        .expect("every event kind has a name")
}

#[derive(Deserialize)]
struct Body {
    id: String,
    #[serde(rename = "type")]
    type_name: String,
    #[allow(dead_code)]
    created: i64,
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    payment_ref: String,
    amount: Option<i64>,
    currency: Option<String>,
}

/// Verifies and parses one delivery.
pub fn parse(secret: &str, signature: &str, body: &[u8], now: i64) -> Result<Event, WebhookError> {
    super::signature::verify(secret, signature, body, now)?;
    let parsed: Body =
        serde_json::from_slice(body).map_err(|e| WebhookError::BadBody(e.to_string()))?;
    let kind = TYPES
        .iter()
        .find(|(name, _)| *name == parsed.type_name)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| {
            WebhookError::BadBody(format!("unknown event type '{}'", parsed.type_name))
        })?;
    if parsed.id.is_empty() || parsed.id.len() > 200 || parsed.data.payment_ref.is_empty() {
        return Err(WebhookError::BadBody(
            "id and data.payment_ref are required".into(),
        ));
    }
    // The payment_ref binds the event to its order; a stated amount must be the order's too.
    let paid = match (parsed.data.amount, parsed.data.currency.as_deref()) {
        (None, None) => Paid::NotStated,
        (Some(amount), Some(currency)) if !currency.is_empty() => Paid::stated(amount, currency),
        _ => {
            return Err(WebhookError::BadBody(
                "data.amount and data.currency go together".into(),
            ))
        }
    };
    Ok(Event {
        id: parsed.id,
        kind,
        type_name: parsed.type_name,
        payment_ref: Some(parsed.data.payment_ref),
        processor_ref: None,
        payment_id: None,
        paid,
        period_end: None,
    })
}

/// What the simulated processor page sends: the body and its signature header. `paid`: the
/// amount and currency a payment states, as a real processor's would.
pub fn event(
    secret: &str,
    id: &str,
    kind: PaymentEvent,
    payment_ref: &str,
    paid: Option<(i64, &str)>,
    now: i64,
) -> (Vec<u8>, String) {
    let mut data = json!({ "payment_ref": payment_ref });
    if let Some((amount, currency)) = paid {
        data["amount"] = json!(amount);
        data["currency"] = json!(currency);
    }
    let body = json!({"id": id, "type": type_name(kind), "created": now, "data": data})
        .to_string()
        .into_bytes();
    let signature = super::signature::sign(secret, now, &body);
    (body, signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_sign_and_parse() {
        let (body, signature) = event("s", "evt_1", PaymentEvent::Refunded, "pay_1", None, 100);
        let parsed = parse("s", &signature, &body, 100).unwrap();
        assert_eq!(
            (
                parsed.id.as_str(),
                parsed.kind,
                parsed.payment_ref.as_deref()
            ),
            ("evt_1", PaymentEvent::Refunded, Some("pay_1"))
        );
        assert_eq!(parsed.type_name, "payment.refunded");
        assert_eq!(parsed.paid, Paid::NotStated);
    }

    #[test]
    fn a_stated_amount_and_currency_are_read_together() {
        let paid = Some((4900, "usd"));
        let (body, signature) = event("s", "e", PaymentEvent::Completed, "p", paid, 100);
        let parsed = parse("s", &signature, &body, 100).unwrap();
        assert_eq!(parsed.paid, Paid::stated(4900, "USD"));
        for data in [
            r#"{"payment_ref":"p","amount":4900}"#,
            r#"{"payment_ref":"p","currency":"USD"}"#,
        ] {
            let body =
                format!(r#"{{"id":"e","type":"payment.completed","created":1,"data":{data}}}"#);
            let sig = crate::gateways::signature::sign("s", 1, body.as_bytes());
            assert!(
                matches!(
                    parse("s", &sig, body.as_bytes(), 1),
                    Err(WebhookError::BadBody(_))
                ),
                "{data}"
            );
        }
    }

    #[test]
    fn unknown_types_and_missing_fields_are_refused() {
        let body =
            br#"{"id":"e","type":"payment.teleported","created":1,"data":{"payment_ref":"p"}}"#;
        let sig = crate::gateways::signature::sign("s", 1, body);
        assert!(matches!(
            parse("s", &sig, body, 1),
            Err(WebhookError::BadBody(_))
        ));
        let body = br#"{"id":"e","type":"payment.completed","created":1,"data":{}}"#;
        let sig = crate::gateways::signature::sign("s", 1, body);
        assert!(matches!(
            parse("s", &sig, body, 1),
            Err(WebhookError::BadBody(_))
        ));
    }
}
