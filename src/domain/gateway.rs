//! The payment gateways a page can offer.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gateway {
    Test,
    Stripe,
    Paypal,
}

impl Gateway {
    pub const ALL: [Gateway; 3] = [Gateway::Test, Gateway::Stripe, Gateway::Paypal];

    pub fn as_str(self) -> &'static str {
        match self {
            Gateway::Test => "test",
            Gateway::Stripe => "stripe",
            Gateway::Paypal => "paypal",
        }
    }
    pub fn parse(text: &str) -> Option<Gateway> {
        Gateway::ALL.into_iter().find(|g| g.as_str() == text)
    }
    /// What the buyer reads beside the radio button.
    pub fn label(self) -> &'static str {
        match self {
            Gateway::Test => "Test payment (no money moves)",
            Gateway::Stripe => "Card",
            Gateway::Paypal => "PayPal",
        }
    }
}
