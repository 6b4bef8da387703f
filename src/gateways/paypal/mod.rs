//! PayPal: Orders v2 (intent CAPTURE) for one-time prices; a catalog product, a billing plan and
//! a subscription for recurring ones. Webhooks are verified by PayPal's own
//! verify-webhook-signature call, then mapped to tagcart's payment events.
//!
//! Every call is blocking (ureq): run it on `web::block` or the worker thread.

mod actions;
mod client;
mod currency;
mod orders;
mod processor;
mod subscriptions;
mod webhooks;
mod wire;

pub use client::{PayPal, PayPalError, PayPalHeaders, Started};
pub use currency::{amount_value, check_currency, check_price};
pub use processor::{PayPalProcessor, KIND};
pub use webhooks::{parse_event, PayPalEvent, EVENTS};
