//! Refunds and cancellations asked of PayPal: a one-time payment is a v2 capture, a
//! subscription's payment a v1 sale.

use super::client::{Method, PayPal};
use super::currency;
use super::wire::{checked_id, PayPalError};
use crate::gateways::{Answer, ToCancel, ToRefund};
use serde_json::{json, Value};

/// PayPal keeps at most this much of a refund's note to the buyer.
const NOTE_MAX: usize = 255;

impl PayPalError {
    /// In the words of `Answer`: a refusal, or no answer worth waiting out (rejected
    /// credentials too: the merchant fixes them and the request goes through).
    pub fn answer(self) -> Answer {
        match self {
            PayPalError::Api { status, .. } if status == 429 || status >= 500 => {
                Answer::Unreachable(self.to_string())
            }
            PayPalError::Transport(_) | PayPalError::Auth(_) => {
                Answer::Unreachable(self.to_string())
            }
            other => Answer::Refused(other.to_string()),
        }
    }
}

impl PayPal {
    pub fn refund(&self, r: &ToRefund) -> Answer {
        match self.try_refund(r) {
            Ok(refund) => Answer::Accepted {
                processor_ref: refund["id"].as_str().map(str::to_string),
                effective_at: None,
                event: None,
            },
            Err(e) => e.answer(),
        }
    }

    fn try_refund(&self, r: &ToRefund) -> Result<Value, PayPalError> {
        let note: String = r.reason.chars().take(NOTE_MAX).collect();
        // PayPal-Request-Id: a retry returns the first refund instead of refunding twice.
        let request_id = Some(r.idempotency_key);
        if r.processor_ref.starts_with("I-") {
            let sale = r.payment_id.ok_or_else(|| {
                PayPalError::Invalid(
                    "PayPal has reported no payment of this subscription yet".into(),
                )
            })?;
            let mut body = json!({});
            if let Some(amount) = r.amount {
                let total =
                    currency::amount_value(r.currency, amount).map_err(PayPalError::Invalid)?;
                body["amount"] = json!({"total": total, "currency": r.currency});
            }
            if !note.is_empty() {
                body["description"] = json!(note);
            }
            let path = format!("/v1/payments/sale/{}/refund", checked_id(sale)?);
            return self.call(Method::Post, &path, request_id, Some(&body));
        }
        let capture = match r.payment_id {
            Some(capture) => capture.to_string(),
            None => self.capture_of(r.processor_ref)?,
        };
        let mut body = json!({});
        if let Some(amount) = r.amount {
            let value = currency::amount_value(r.currency, amount).map_err(PayPalError::Invalid)?;
            body["amount"] = json!({"value": value, "currency_code": r.currency});
        }
        if !note.is_empty() {
            body["note_to_payer"] = json!(note);
        }
        let path = format!("/v2/payments/captures/{}/refund", checked_id(&capture)?);
        self.call(Method::Post, &path, request_id, Some(&body))
    }

    /// The capture of a PayPal order (its payment), read from the order.
    fn capture_of(&self, order_id: &str) -> Result<String, PayPalError> {
        let path = format!("/v2/checkout/orders/{}", checked_id(order_id)?);
        let order = self.call(Method::Get, &path, None, None)?;
        let captures = &order["purchase_units"][0]["payments"]["captures"];
        let id = captures[0]["id"].as_str().filter(|id| !id.is_empty());
        id.map(str::to_string)
            .ok_or_else(|| PayPalError::Invalid("this PayPal order has no captured payment".into()))
    }

    /// PayPal cannot schedule a cancellation: it cancels now, and an `at_period_end` request
    /// keeps access until the paid period ends (the ledger reads it from the request).
    pub fn cancel(&self, c: &ToCancel) -> Answer {
        if !c.processor_ref.starts_with("I-") {
            return Answer::Refused("this order has no PayPal subscription to cancel".into());
        }
        match self.cancel_subscription(c.processor_ref, "Cancelled by the merchant") {
            Ok(()) => Answer::accepted(),
            Err(e) => e.answer(),
        }
    }
}

/// The payment or subscription in PayPal's own pages (the sandbox's for a sandbox API).
pub fn dashboard_url(
    sandbox: bool,
    processor_ref: &str,
    payment_id: Option<&str>,
) -> Option<String> {
    let host = match sandbox {
        true => "https://www.sandbox.paypal.com",
        false => "https://www.paypal.com",
    };
    match (processor_ref.starts_with("I-"), payment_id) {
        (true, _) => Some(format!("{host}/billing/subscriptions/{processor_ref}")),
        (false, Some(capture)) => Some(format!("{host}/activity/payment/{capture}")),
        (false, None) => None,
    }
}
