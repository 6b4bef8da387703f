//! Typed ids, so an order's id cannot be passed where a product's is meant. Each wraps its
//! row's INTEGER PRIMARY KEY; in JSON, URLs and pages it is the bare number.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(text: &str) -> Result<$name, Self::Err> {
                text.parse().map($name)
            }
        }
    )*};
}

/// Every id type, for the impls other layers add (SQL, HTML) without listing them again.
#[macro_export]
macro_rules! for_each_id {
    ($m:ident) => {
        $m!(
            $crate::domain::ids::OrderId,
            $crate::domain::ids::ProductId,
            $crate::domain::ids::PriceId,
            $crate::domain::ids::PageId,
            $crate::domain::ids::JobId,
            $crate::domain::ids::AdminId,
            $crate::domain::ids::ApiTokenId,
            $crate::domain::ids::ProcessorEventId,
            $crate::domain::ids::EntitlementId,
            $crate::domain::ids::CouponId
        );
    };
}

ids! {
    /// A coupon: a code that takes something off a price.
    CouponId;
    /// An order: one buyer's purchase of one price, from placement to refund.
    OrderId;
    /// A product: what is sold, and the Kartra tag it grants.
    ProductId;
    /// One price option of a product.
    PriceId;
    /// A checkout page.
    PageId;
    /// A fulfillment job: one grant or revoke queued for Kartra.
    JobId;
    /// A dashboard admin.
    AdminId;
    /// An API token (its row, not the secret).
    ApiTokenId;
    /// A stored processor event (the row, not the processor's own event id).
    ProcessorEventId;
    /// Access: one buyer and one Kartra tag, across their orders.
    EntitlementId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bare_numbers_in_json_and_text() {
        assert_eq!(serde_json::to_string(&OrderId(42)).unwrap(), "42");
        assert_eq!(serde_json::from_str::<PriceId>("7").unwrap(), PriceId(7));
        assert_eq!(ProductId(3).to_string(), "3");
        assert_eq!("12".parse::<PageId>(), Ok(PageId(12)));
        assert!("x".parse::<JobId>().is_err());
    }
}
