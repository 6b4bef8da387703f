//! Paystack's webhook events: `{"event", "data"}` signed with the secret key (hex
//! HMAC-SHA512 of the raw body in `x-paystack-signature`), queued, then POSTed.

use super::{Delivered, Delivery, Shared, State, SECRET_KEY};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha512;

pub(super) fn signed(key: &str, event: &str, data: Value) -> Delivery {
    let body = json!({"event": event, "data": data}).to_string();
    let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    Delivery {
        event: event.to_string(),
        body,
        signature: hex::encode(mac.finalize().into_bytes()),
    }
}

/// Queues an event; it goes out when the state is next flushed (unless held).
pub(super) fn queue(s: &mut State, event: &str, data: Value) {
    s.held.push(signed(SECRET_KEY, event, data));
}

pub(super) fn post(url: &str, d: &Delivery) -> Delivered {
    let request = ureq::post(url)
        .set("Content-Type", "application/json")
        .set("x-paystack-signature", &d.signature);
    let (status, body) = match request.send_string(&d.body) {
        Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
        Err(ureq::Error::Status(status, r)) => (status, r.into_string().unwrap_or_default()),
        Err(e) => (0, e.to_string()),
    };
    Delivered {
        event: d.event.clone(),
        status,
        body,
    }
}

/// Delivers what is queued now, from the caller's thread, unless events are held.
pub(super) fn flush(state: &Shared) {
    let (queued, url) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        if s.holding || s.webhook_url.is_none() {
            return;
        }
        (std::mem::take(&mut s.held), s.webhook_url.clone().unwrap())
    };
    for d in queued {
        let answer = post(&url, &d);
        state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .delivered
            .push(answer);
    }
}
