//! Paystack: a transaction initialized for Paystack's hosted page (on a plan for a recurring
//! price; Paystack subscribes the buyer after the first charge), verified by its reference on
//! return and in reconciliation. Webhooks are signed with the secret key (HMAC-SHA512) and
//! mapped to tagcart's payment events.
//!
//! Every call is blocking (ureq): run it on `web::block` or the worker thread.

mod actions;
mod client;
mod payments;
mod plans;
mod price;
mod processor;
mod subscriptions;
mod webhook;
#[cfg(test)]
mod webhook_tests;
mod wire;

pub use client::{Paystack, PaystackError};
pub use payments::reference_of;
pub use price::check_price;
pub use processor::{PaystackProcessor, KIND};
pub use subscriptions::{FirstCharge, RenewalCharge, Subscription};
pub use webhook::{parse_event, sign, verify, PaystackEvent, SubscriptionOf, SIGNATURE_HEADER};
