//! Stripe: a PaymentIntent with the merchant's payment methods for one-time prices, confirmed in
//! the browser by the Payment Element (`confirmPayment`); for recurring ones, card first: a
//! Customer + SetupIntent (`start_card_setup`) the Payment Element confirms in setup mode
//! (`confirmSetup`), then the Plan + Subscription charging that saved card
//! (`subscribe_with_setup`, called by our `/pay/stripe/{ref}/subscribe`). Orders complete only
//! from Stripe's word: signed webhooks (`parse_webhook`), or the PaymentIntent looked up when the
//! buyer comes back (`returned_payment`). Every POST carries an Idempotency-Key; every call is
//! blocking (ureq): run it on `web::block` or the worker thread.
//!
//! Requests pin `Stripe-Version` (see `API_VERSION`): from 2025-03-31.basil on, invoices no
//! longer carry `payment_intent`, so `expand[]=latest_invoice.payment_intent` would fail on
//! accounts whose default version is newer. Webhook payloads follow the *endpoint's* version
//! instead, so `parse_webhook` reads both the old and the new invoice shapes.
//!
//! localstripe (the emulator the integration tests use) differs from Stripe; found by experiment
//! with localstripe 1.15.10:
//! - it refuses unknown parameters with 400 "Unexpected a, b": it has no `receipt_email` or
//!   `description` on PaymentIntents (`start_one_time` retries once without those two), no
//!   `payment_settings` on subscriptions, no `pending_setup_intent`;
//! - it accepts only `payment_behavior=allow_incomplete|error_if_incomplete` and charges the
//!   customer's default payment method at once ("This customer has no payment method" without
//!   one); hence the card-first flow (`start_card_setup`, then `subscribe_with_setup`), which
//!   real Stripe runs just as well;
//! - its SetupIntents do not attach their card to their customer, and its subscriptions have no
//!   `default_payment_method` (`subscribe_with_setup` attaches the card and retries without it);
//! - it ignores Idempotency-Key, leaves `invoice.billing_reason` null, never emits
//!   `charge.refunded`, and leaves trial subscriptions `incomplete` (never `trialing`);
//! - its Stripe.js stand-in's `confirmCardPayment` only answers a 3-D Secure challenge of a
//!   PaymentIntent already confirmed server-side; it cannot pay a fresh PaymentIntent, and it has
//!   no Payment Element (the browser tests add one: tests/browser/payment-element.js);
//! - it refuses `automatic_payment_methods` (retried without, as `EMULATOR_REFUSES` says).

mod actions;
mod payments;
mod processor;
mod webhook;

#[cfg(test)]
mod coupon_tests;
#[cfg(test)]
mod fake_api;
#[cfg(test)]
mod request_tests;
#[cfg(test)]
mod subscription_tests;
#[cfg(test)]
mod upsell_tests;
#[cfg(test)]
mod webhook_tests;

pub use actions::CardChange;
pub use processor::{StripeProcessor, KIND};
pub use webhook::{parse_webhook, StripeEvent, EVENTS};

use crate::domain::product::PriceTerms;
use serde_json::Value;

/// The API version every request asks for (the last one with `invoice.payment_intent`).
pub const API_VERSION: &str = "2024-06-20";
/// The webhook signature header; its format is the one `signature::verify` checks.
pub const SIGNATURE_HEADER: &str = "Stripe-Signature";

/// Talks to one Stripe account (test or live, by the key) at `api_url`.
pub struct Stripe {
    api_url: url::Url,
    secret_key: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Stripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stripe")
            .field("api_url", &self.api_url.as_str())
            .field("secret_key", &"***")
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    #[error("Stripe could not be reached: {0}")]
    Transport(String),
    #[error("Stripe answered {status} {}: {message}", .code.as_deref().unwrap_or("(no error code)"))]
    Api {
        status: u16,
        code: Option<String>,
        message: String,
    },
    /// An off-session charge the bank wants the buyer to confirm (402 `authentication_required`,
    /// which names the PaymentIntent Stripe made): the buyer confirms it on the card page.
    #[error("Stripe answered 402 authentication_required: the bank asks the buyer to confirm")]
    NeedsAuthentication { intent: Started },
}

/// What the browser needs to confirm the first payment, and the processor reference to store on
/// the order (the PaymentIntent id for one-time, the Subscription id for subscriptions and plans).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub processor_ref: String,
    /// A PaymentIntent's (`pi_..._secret_...`, for `confirmCardPayment`) or, for a trial that
    /// charges nothing now, a SetupIntent's (`seti_..._secret_...`, for `confirmCardSetup`).
    pub client_secret: String,
}

/// How an off-session charge of a saved card went (`Stripe::charge_saved_card`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffSession {
    /// Stripe took it (or is taking it); its `payment_intent.succeeded` completes the order.
    Charged(Started),
    /// The bank asks the buyer to confirm (3-D Secure): the card page does it with the secret.
    NeedsBuyer(Started),
    /// Refused, nothing charged: Stripe's reason.
    Declined(String),
}

/// One line an order's subscription bills: its product's name and the price it was ordered at.
#[derive(Debug, Clone)]
pub struct PlanItem {
    pub product_name: String,
    pub terms: PriceTerms,
}

/// The subscription made from a saved card (`Stripe::subscribe_with_setup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    /// The Subscription's id (`sub_...`).
    pub processor_ref: String,
    /// The first invoice's PaymentIntent's secret when it needs 3-D Secure in the browser
    /// (`confirmCardPayment`); `None` when Stripe charged the card without it.
    pub confirm: Option<String>,
}

impl Stripe {
    pub fn new(api_url: url::Url, secret_key: String) -> Stripe {
        Stripe {
            api_url,
            secret_key,
            agent: crate::http_client::agent(),
        }
    }

    /// `{api_url}/v1/{segments...}`, each segment percent-encoded (ids come from our database).
    fn url(&self, segments: &[&str]) -> Result<url::Url, StripeError> {
        let mut url = self.api_url.clone();
        url.path_segments_mut()
            .map_err(|()| StripeError::Transport(format!("not an http(s) URL: {}", self.api_url)))?
            .pop_if_empty()
            .push("v1")
            .extend(segments);
        Ok(url)
    }

    fn request(&self, method: &str, segments: &[&str]) -> Result<ureq::Request, StripeError> {
        Ok(self
            .agent
            .request_url(method, &self.url(segments)?)
            .set("Authorization", &format!("Bearer {}", self.secret_key))
            .set("Stripe-Version", API_VERSION))
    }

    fn get(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Value, StripeError> {
        let mut request = self.request("GET", segments)?;
        for (name, value) in query {
            request = request.query(name, value);
        }
        answer(request.call())
    }

    /// A form POST. The key makes a retried call return the first call's result, not a second object.
    fn post(
        &self,
        segments: &[&str],
        idempotency_key: &str,
        form: &[(String, String)],
    ) -> Result<Value, StripeError> {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let request = self
            .request("POST", segments)?
            .set("Idempotency-Key", idempotency_key);
        answer(request.send_form(&pairs))
    }

    fn delete(&self, segments: &[&str]) -> Result<Value, StripeError> {
        answer(self.request("DELETE", segments)?.call())
    }
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> Result<Value, StripeError> {
    match result {
        Ok(response) => {
            let status = response.status();
            let text = response
                .into_string()
                .map_err(|e| StripeError::Transport(e.to_string()))?;
            serde_json::from_str(&text).map_err(|_| StripeError::Api {
                status,
                code: None,
                message: "the answer is not JSON".into(),
            })
        }
        Err(ureq::Error::Status(status, response)) => {
            // Stripe's error body: {"error": {"type", "code", "message", "param", ...}}.
            let body: Value = serde_json::from_str(&response.into_string().unwrap_or_default())
                .unwrap_or(Value::Null);
            let error = &body["error"];
            let intent = &error["payment_intent"];
            if let (402, Some("authentication_required"), Some(id)) =
                (status, error["code"].as_str(), text_or_id(intent))
            {
                let client_secret = intent["client_secret"].as_str().unwrap_or_default();
                return Err(StripeError::NeedsAuthentication {
                    intent: Started {
                        processor_ref: id,
                        client_secret: client_secret.to_string(),
                    },
                });
            }
            let text = |k: &str| {
                error[k]
                    .as_str()
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            Err(StripeError::Api {
                status,
                code: text("code"),
                message: text("message")
                    .or_else(|| text("type"))
                    .unwrap_or_else(|| format!("HTTP {status}")),
            })
        }
        Err(ureq::Error::Transport(e)) => Err(StripeError::Transport(e.to_string())),
    }
}

/// A string field, or the id of a field Stripe may answer either as an id or expanded.
fn text_or_id(value: &Value) -> Option<String> {
    let text = value.as_str().or_else(|| value["id"].as_str());
    text.filter(|s| !s.is_empty()).map(str::to_string)
}
