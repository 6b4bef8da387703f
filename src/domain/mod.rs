//! The rules of the business: money, products, pages. No SQL and no HTTP here.

pub mod access;
pub mod checkout;
pub mod country;
pub mod coupon;
pub mod discount;
pub mod fulfillment;
pub mod ids;
pub mod invoice;
pub mod money;
pub mod order;
pub mod page;
pub mod payment_match;
pub mod product;
pub mod quote;
pub mod rich_text;
pub mod sales;
pub mod section;
pub mod shop;
pub mod tax;
pub mod tax_settings;
pub mod template;
pub mod validation;

/// "1 job", "2 jobs": a count with its noun, for sentences people read.
pub fn counted(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
pub(crate) mod tests {
    use serde::Serialize;

    /// Each variant's string is its own, parses back to it, and is what serde writes (the API).
    pub(crate) fn round_trips<T: Copy + PartialEq + std::fmt::Debug + Serialize>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        let mut seen = std::collections::HashSet::new();
        for v in all {
            assert!(seen.insert(as_str(*v)), "{v:?}: its string is taken");
            assert_eq!(parse(as_str(*v)), Some(*v));
            assert_eq!(
                serde_json::to_value(v).unwrap(),
                as_str(*v),
                "{v:?} in JSON"
            );
        }
        assert_eq!(parse("nonsense"), None);
    }

    #[test]
    fn gateways_and_price_kinds_round_trip_through_their_one_string() {
        use super::product::PriceKind;
        use crate::gateways::Gateway;
        round_trips(&Gateway::ALL, Gateway::as_str, Gateway::parse);
        round_trips(&PriceKind::ALL, PriceKind::as_str, PriceKind::parse);
    }

    #[test]
    fn counted_says_one_job_and_two_jobs() {
        assert_eq!(super::counted(1, "job", "jobs"), "1 job");
        assert_eq!(super::counted(0, "job", "jobs"), "0 jobs");
        assert_eq!(super::counted(2_usize as i64, "try", "tries"), "2 tries");
    }
}
