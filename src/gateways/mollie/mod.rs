//! Mollie: Payments API v2 with one API key. A one-time price is one payment at Mollie's hosted
//! checkout; a recurring one is a customer, a first payment that leaves a mandate, then Mollie
//! subscriptions that charge it. Mollie's webhook names only a payment id: every delivery is
//! verified by fetching that payment from Mollie.
//!
//! Every call is blocking (ureq): run it on `web::block` or the worker thread.

mod actions;
mod amount;
mod client;
mod payments;
mod processor;
mod schedule;
mod subscriptions;
mod webhook;

pub use amount::{amount_value, check_price, minor_units};
pub use client::{Mollie, MollieError};
pub use processor::{MollieProcessor, KIND};
