//! The built-in test gateway: a simulated processor for rehearsing the whole chain.
//! Events: `{"id", "type", "created", "data": {"payment_ref"}}` signed like Stripe's.

use super::{Event, WebhookError};
use crate::domain::order::PaymentEvent;
use serde::Deserialize;
use serde_json::json;

pub const SIGNATURE_HEADER: &str = "Tagcart-Signature";

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
    Ok(Event {
        id: parsed.id,
        kind,
        type_name: parsed.type_name,
        payment_ref: Some(parsed.data.payment_ref),
        processor_ref: None,
        payment_id: None,
    })
}

/// What the simulated processor page sends: the body and its signature header.
pub fn event(
    secret: &str,
    id: &str,
    kind: PaymentEvent,
    payment_ref: &str,
    now: i64,
) -> (Vec<u8>, String) {
    let body = json!({"id": id, "type": type_name(kind), "created": now, "data": {"payment_ref": payment_ref}}).to_string().into_bytes();
    let signature = super::signature::sign(secret, now, &body);
    (body, signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_sign_and_parse() {
        let (body, signature) = event("s", "evt_1", PaymentEvent::Refunded, "pay_1", 100);
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
