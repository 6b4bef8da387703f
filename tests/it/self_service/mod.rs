//! Buyers help themselves, merchants act from the dashboard: refunds and cancellations asked
//! of each processor (the test gateway, localstripe, the strict fake PayPal), partial refunds
//! the same on every processor, and the customer portal's sign-in and its security.

use crate::harness::{api, Resp};
use crate::purchase::Shop;
use serde_json::Value;

mod actions;
mod portal;
mod paypal;
pub(crate) mod stripe;

/// `POST /orders/{id}/{action}` with `body`.
pub fn act(shop: &Shop, order: &Value, action: &str, body: &str) -> Resp {
    let path = format!("/orders/{}/{action}", order["id"]);
    api(
        &shop.server.base,
        "POST",
        &path,
        Some(&shop.token),
        Some(body),
    )
}
