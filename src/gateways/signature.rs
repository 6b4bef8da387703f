//! Stripe's webhook signature scheme, also used by the test gateway:
//! header `t=UNIX,v1=HEX[,v1=HEX…]`, HEX = HMAC-SHA256(secret, "{t}.{raw body}").

use super::WebhookError;
use crate::clock::Timestamp;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TOLERANCE_SECS: i64 = 300;

fn mac(secret: &str, t: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value that signs `body` at time `t`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    format!(
        "t={t},v1={}",
        hex::encode(mac(secret, t, body).finalize().into_bytes())
    )
}

/// Accepts when any `v1` matches (secrets can be rolled) and `t` is within the tolerance.
pub fn verify(secret: &str, header: &str, body: &[u8], now: Timestamp) -> Result<(), WebhookError> {
    let mut t = None;
    let mut candidates = vec![];
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => candidates.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let t = t.ok_or(WebhookError::MalformedSignature)?;
    if candidates.is_empty() {
        return Err(WebhookError::MalformedSignature);
    }
    // Constant-time comparison inside verify_slice.
    let matched = candidates
        .iter()
        .any(|c| mac(secret, t, body).verify_slice(c).is_ok());
    if !matched {
        return Err(WebhookError::BadSignature);
    }
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(WebhookError::Stale(TOLERANCE_SECS));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_body_verifies_and_any_change_breaks_it() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign("whsec_a", 1000, body);
        assert_eq!(verify("whsec_a", &header, body, 1000), Ok(()));
        assert_eq!(
            verify("whsec_b", &header, body, 1000),
            Err(WebhookError::BadSignature)
        );
        assert_eq!(
            verify("whsec_a", &header, br#"{"id":"evt_2"}"#, 1000),
            Err(WebhookError::BadSignature)
        );
        let shifted = header.replace("t=1000", "t=1001");
        assert_eq!(
            verify("whsec_a", &shifted, body, 1000),
            Err(WebhookError::BadSignature)
        );
    }

    #[test]
    fn stale_or_future_timestamps_are_refused() {
        let body = b"{}";
        let header = sign("s", 1000, body);
        assert!(verify("s", &header, body, 1000 + TOLERANCE_SECS).is_ok());
        assert_eq!(
            verify("s", &header, body, 1001 + TOLERANCE_SECS),
            Err(WebhookError::Stale(TOLERANCE_SECS))
        );
        assert_eq!(
            verify("s", &header, body, 999 - TOLERANCE_SECS),
            Err(WebhookError::Stale(TOLERANCE_SECS))
        );
    }

    #[test]
    fn any_matching_v1_is_enough_and_malformed_headers_are_refused() {
        let body = b"{}";
        let good = sign("s", 5, body);
        let v1 = good.split("v1=").nth(1).unwrap();
        assert!(verify("s", &format!("t=5,v1={},v1={v1}", "00".repeat(32)), body, 5).is_ok());
        for bad in ["", "t=5", "v1=abcd", "t=x,v1=00", "garbage"] {
            assert!(verify("s", bad, body, 5).is_err(), "{bad}");
        }
    }
}
