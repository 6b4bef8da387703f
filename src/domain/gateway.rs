//! The payment gateways a page can offer.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gateway {
    Test,
    Stripe,
    Paypal,
    /// No processor: a coupon made the order free (never offered on a page).
    #[serde(rename = "none")]
    NoProcessor,
}

impl Gateway {
    pub const ALL: [Gateway; 3] = [Gateway::Test, Gateway::Stripe, Gateway::Paypal];

    pub fn as_str(self) -> &'static str {
        match self {
            Gateway::Test => "test",
            Gateway::Stripe => "stripe",
            Gateway::Paypal => "paypal",
            Gateway::NoProcessor => "none",
        }
    }
    pub fn parse(text: &str) -> Option<Gateway> {
        Gateway::ALL.into_iter().find(|g| g.as_str() == text)
    }
    /// As an order stores it: one of `ALL`, or `none` for an order a coupon made free.
    pub fn stored(text: &str) -> Option<Gateway> {
        match text {
            "none" => Some(Gateway::NoProcessor),
            _ => Gateway::parse(text),
        }
    }
    /// What the buyer reads beside the radio button.
    pub fn label(self) -> &'static str {
        match self {
            Gateway::Test => "Test payment (no money moves)",
            Gateway::Stripe => "Card",
            Gateway::Paypal => "PayPal",
            Gateway::NoProcessor => "No payment needed",
        }
    }
}
