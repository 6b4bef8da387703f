//! PayPal's side of webhooks: deliveries it signs (and forged ones it did not), the
//! resources they carry, built from the fake's state, and verify-webhook-signature.

use super::rest::{error, string, BAD_VALUE, MISSING};
use super::{billing, find_order, find_subscription, next_id, now, orders, reply};
use super::{Delivery, FakePayPal, Reply, Signed, State, AUTH_ALGO, WEBHOOK_ID};
use serde_json::{json, Value};

impl FakePayPal {
    /// A delivery PayPal signed: verify-webhook-signature answers SUCCESS for exactly these
    /// headers, this body and `WEBHOOK_ID`.
    pub fn event(&self, event_type: &str, resource: Value) -> Delivery {
        let mut s = self.st();
        let (headers, signed) = delivery(&mut s, event_type, resource);
        let body = serde_json::to_vec(&signed.event).unwrap();
        s.signed.insert(headers[2].1.clone(), signed);
        (headers, body)
    }

    /// The same shape, but PayPal never sent it: verification answers FAILURE.
    pub fn forged(&self, event_type: &str, resource: Value) -> Delivery {
        let mut s = self.st();
        let (headers, signed) = delivery(&mut s, event_type, resource);
        (headers, serde_json::to_vec(&signed.event).unwrap())
    }

    /// The order as GET /v2/checkout/orders/{id} shows it (CHECKOUT.ORDER.APPROVED's resource).
    pub fn order_resource(&self, order_id: &str) -> Value {
        let s = self.st();
        orders::order_json(&s, find_order(&s, order_id))
    }

    /// The capture (PAYMENT.CAPTURE.* resource), with `supplementary_data.related_ids.order_id`.
    pub fn capture_resource(&self, order_id: &str) -> Value {
        let s = self.st();
        orders::capture_json(&s, find_order(&s, order_id))
    }

    /// The subscription as GET shows it (BILLING.SUBSCRIPTION.* resource).
    pub fn subscription_resource(&self, subscription_id: &str) -> Value {
        let s = self.st();
        billing::subscription_json(&s, find_subscription(&s, subscription_id))
    }
}

/// The delivery headers into tagcart's type.
pub fn paypal_headers(headers: &[(String, String)]) -> tagcart::gateways::paypal::PayPalHeaders {
    let get = |name: &str| {
        let found = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.clone()).unwrap_or_default()
    };
    tagcart::gateways::paypal::PayPalHeaders {
        auth_algo: get("PAYPAL-AUTH-ALGO"),
        cert_url: get("PAYPAL-CERT-URL"),
        transmission_id: get("PAYPAL-TRANSMISSION-ID"),
        transmission_sig: get("PAYPAL-TRANSMISSION-SIG"),
        transmission_time: get("PAYPAL-TRANSMISSION-TIME"),
    }
}

fn resource_type(event_type: &str) -> &'static str {
    match event_type {
        t if t.starts_with("CHECKOUT.ORDER.") => "checkout-order",
        "PAYMENT.CAPTURE.REFUNDED" | "PAYMENT.CAPTURE.REVERSED" => "refund",
        t if t.starts_with("PAYMENT.CAPTURE.") => "capture",
        t if t.starts_with("BILLING.SUBSCRIPTION.") => "subscription",
        t if t.starts_with("PAYMENT.SALE.") => "sale",
        _ => "unknown",
    }
}

/// The event envelope and its transmission headers (header 2 is the transmission id).
fn delivery(s: &mut State, event_type: &str, resource: Value) -> (Vec<(String, String)>, Signed) {
    let id = format!("WH-{}-{}", next_id(s, "", 17), next_id(s, "", 17));
    let kind = resource_type(event_type);
    let base = s.base.clone();
    let mut event = json!({
        "id": id, "event_version": "1.0", "create_time": now(), "resource_type": kind,
        "event_type": event_type, "summary": format!("{event_type} for the fake"),
        "resource": resource,
        "links": [
            {"href": format!("{base}/v1/notifications/webhooks-events/{id}"), "rel": "self", "method": "GET"},
            {"href": format!("{base}/v1/notifications/webhooks-events/{id}/resend"), "rel": "resend", "method": "POST"},
        ],
    });
    if kind != "sale" {
        event["resource_version"] = json!("2.0");
    }
    let raw: [u8; 48] = std::array::from_fn(|_| rand::random());
    let sig = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, raw);
    let tid = {
        let h = hex::encode(rand::random::<[u8; 16]>());
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    };
    let signed = Signed {
        sig,
        time: now(),
        cert_url: format!("{base}/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77"),
        event,
    };
    let headers = [
        ("PAYPAL-AUTH-ALGO", AUTH_ALGO),
        ("PAYPAL-CERT-URL", &signed.cert_url),
        ("PAYPAL-TRANSMISSION-ID", &tid),
        ("PAYPAL-TRANSMISSION-SIG", &signed.sig),
        ("PAYPAL-TRANSMISSION-TIME", &signed.time),
    ];
    let headers = headers
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .to_vec();
    (headers, signed)
}

/// SUCCESS only for a delivery this fake signed, presented exactly as signed.
pub(super) fn verify(s: &mut State, body: &Value) -> Reply {
    let fields = [
        "auth_algo",
        "cert_url",
        "transmission_id",
        "transmission_sig",
        "transmission_time",
        "webhook_id",
    ];
    for field in fields {
        if string(body, field, "", true, 500).is_err() {
            let d = json!({"field": field, "location": "body", "issue": "MISSING_REQUIRED_PARAMETER", "description": MISSING});
            return error(
                400,
                "VALIDATION_ERROR",
                "Invalid request - see details",
                vec![d],
            );
        }
    }
    let alnum = |k: &str| {
        body[k]
            .as_str()
            .unwrap_or("")
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    };
    if !body["webhook_event"].is_object() || !alnum("webhook_id") || !alnum("auth_algo") {
        let d = json!({"field": "webhook_event", "location": "body", "issue": "INVALID_PARAMETER_VALUE", "description": BAD_VALUE});
        return error(
            400,
            "VALIDATION_ERROR",
            "Invalid request - see details",
            vec![d],
        );
    }
    let tid = body["transmission_id"].as_str().unwrap_or("").to_string();
    let good = s.signed.get(&tid).is_some_and(|signed| {
        body["transmission_sig"] == signed.sig.as_str()
            && body["transmission_time"] == signed.time.as_str()
            && body["cert_url"] == signed.cert_url.as_str()
            && body["auth_algo"] == AUTH_ALGO
            && body["webhook_id"] == WEBHOOK_ID
            && body["webhook_event"] == signed.event
    });
    let status = if good { "SUCCESS" } else { "FAILURE" };
    s.verifications.push((tid, status.into()));
    reply(200, json!({ "verification_status": status }))
}
