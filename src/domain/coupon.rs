//! Coupons: a code the buyer types that takes a percent or a fixed amount off a price, for the
//! products and the time the merchant chose. What it takes off which charge is `Discount`'s.

use super::discount::{Discount, Duration, Off};
use super::ids::{CouponId, PriceId, ProductId};
use super::money::Currency;
use super::product::PriceTerms;
use super::validation::FieldErrors;
use crate::clock::Timestamp;
use crate::i18n::{self, Locale};
use serde::Deserialize;

/// The longest a `repeating` coupon may run, in months.
pub const MAX_MONTHS: i64 = 36;
/// An abandoned checkout holds its coupon use this long, then gives it back.
pub const PENDING_HOLD_SECS: i64 = 3600;

#[derive(Debug, Clone, PartialEq)]
pub struct Coupon {
    pub id: CouponId,
    pub code: String,
    pub off: Off,
    /// The currency of a fixed amount; `None` for a percentage.
    pub currency: Option<String>,
    /// Empty: every product.
    pub product_ids: Vec<ProductId>,
    pub expires_at: Option<Timestamp>,
    pub max_redemptions: Option<i64>,
    pub duration: Duration,
    pub paused: bool,
    /// Paid orders, and checkouts still within their hour, that used it.
    pub times_redeemed: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Why a code is refused at checkout; each says so to the buyer in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    Paused,
    Expired,
    UsedUp,
    NotForProduct,
    /// The coupon's fixed amount is in this currency, the price in another.
    OtherCurrency(String),
}

impl Refusal {
    /// Why the coupon cannot be used, in English (the API's words).
    pub fn message(&self, code: &str) -> String {
        self.message_in(Locale::En, code)
    }

    /// Why the coupon cannot be used, in a buyer page's language.
    pub fn message_in(&self, l: Locale, code: &str) -> String {
        let id = match self {
            Refusal::Unknown => "coupon-unknown",
            Refusal::Paused => "coupon-paused",
            Refusal::Expired => "coupon-expired",
            Refusal::UsedUp => "coupon-used-up",
            Refusal::NotForProduct => "coupon-not-for-product",
            Refusal::OtherCurrency(_) => "coupon-other-currency",
        };
        let currency = match self {
            Refusal::OtherCurrency(currency) => currency.as_str(),
            _ => "",
        };
        i18n::t_with(
            l,
            id,
            &[("code", code.into()), ("currency", currency.into())],
        )
    }
}

/// Whether the dashboard shows a coupon as usable now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponState {
    Active,
    Paused,
    Expired,
    UsedUp,
}

impl CouponState {
    pub fn as_str(self) -> &'static str {
        match self {
            CouponState::Active => "active",
            CouponState::Paused => "paused",
            CouponState::Expired => "expired",
            CouponState::UsedUp => "used up",
        }
    }
}

impl Coupon {
    pub fn discount(&self) -> Discount {
        Discount {
            code: self.code.clone(),
            off: self.off,
            duration: self.duration,
        }
    }

    pub fn state(&self, now: Timestamp) -> CouponState {
        if self.paused {
            CouponState::Paused
        } else if self.expires_at.is_some_and(|at| at <= now) {
            CouponState::Expired
        } else if self
            .max_redemptions
            .is_some_and(|max| self.times_redeemed >= max)
        {
            CouponState::UsedUp
        } else {
            CouponState::Active
        }
    }

    /// The discount for one checkout of `product_id` at `terms`, or why not. `times_redeemed`
    /// must be counted in the transaction that places the order.
    pub fn apply(
        &self,
        product_id: ProductId,
        terms: &PriceTerms,
        now: Timestamp,
    ) -> Result<Discount, Refusal> {
        match self.state(now) {
            CouponState::Active => {}
            CouponState::Paused => return Err(Refusal::Paused),
            CouponState::Expired => return Err(Refusal::Expired),
            CouponState::UsedUp => return Err(Refusal::UsedUp),
        }
        if !self.product_ids.is_empty() && !self.product_ids.contains(&product_id) {
            return Err(Refusal::NotForProduct);
        }
        if let Some(currency) = &self.currency {
            if *currency != terms.currency {
                return Err(Refusal::OtherCurrency(currency.clone()));
            }
        }
        Ok(self.discount())
    }

    /// "20% off, first 3 months", "$10.00 off once".
    pub fn describe(&self) -> String {
        describe(&self.discount(), self.currency.as_deref())
    }
}

/// What a discount takes off, in words.
pub fn describe(discount: &Discount, currency: Option<&str>) -> String {
    let off = match (discount.off, currency.and_then(Currency::from_code)) {
        (Off::Percent(p), _) => format!("{p}% off"),
        (Off::Amount(a), Some(c)) => format!("{} off", c.format(a)),
        (Off::Amount(a), None) => format!("{a} off"),
    };
    match discount.duration {
        Duration::Once => format!("{off} once"),
        Duration::Forever => format!("{off}, every charge"),
        Duration::Repeating { months: 1 } => format!("{off}, first month"),
        Duration::Repeating { months } => format!("{off}, first {months} months"),
    }
}

/// Whether `code` may be a coupon code: 1-40 letters, digits, `-` and `_`.
pub fn is_code(code: &str) -> bool {
    (1..=40).contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A coupon as the API and the dashboard submit it. The read-only fields of a GET answer are
/// accepted so that it can be PUT back, and ignored.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouponInput {
    pub code: Option<String>,
    pub percent_off: Option<i64>,
    pub amount_off: Option<i64>,
    pub currency: Option<String>,
    pub product_ids: Option<Vec<ProductId>>,
    pub expires_at: Option<String>,
    pub max_redemptions: Option<i64>,
    pub duration: Option<String>,
    pub duration_in_months: Option<i64>,
    pub paused: Option<bool>,
    #[serde(default, rename = "id")]
    pub _id: Option<serde_json::Value>,
    #[serde(default, rename = "times_redeemed")]
    pub _times_redeemed: Option<serde_json::Value>,
    #[serde(default, rename = "created_at")]
    pub _created_at: Option<serde_json::Value>,
    #[serde(default, rename = "updated_at")]
    pub _updated_at: Option<serde_json::Value>,
}

/// A validated coupon, ready to store (its products' existence is the storage's check).
#[derive(Debug, Clone, PartialEq)]
pub struct CouponDraft {
    pub code: String,
    pub off: Off,
    pub currency: Option<String>,
    pub product_ids: Vec<ProductId>,
    pub expires_at: Option<Timestamp>,
    pub max_redemptions: Option<i64>,
    pub duration: Duration,
    pub paused: bool,
}

/// RFC 3339, as the rest of the API writes times.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

impl CouponInput {
    pub fn validate(self) -> Result<CouponDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let code = self.code.as_deref().unwrap_or("").trim().to_string();
        if code.is_empty() {
            errors.add("code", "is required");
        } else if !is_code(&code) {
            errors.add(
                "code",
                "must be 1 to 40 letters, digits, - or _ (no spaces)",
            );
        }
        let currency = self
            .currency
            .as_deref()
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        let off = match (self.percent_off, self.amount_off) {
            (Some(_), Some(_)) => {
                errors.add("percent_off", "give percent_off or amount_off, not both");
                Off::Percent(1)
            }
            (None, None) => {
                errors.add("percent_off", "give percent_off or amount_off");
                Off::Percent(1)
            }
            (Some(p), None) => {
                if !(1..=100).contains(&p) {
                    errors.add("percent_off", "must be a whole percent from 1 to 100");
                }
                if currency.is_some() {
                    errors.add(
                        "currency",
                        "goes only with amount_off (a percentage fits every currency)",
                    );
                }
                Off::Percent(p.clamp(1, 100) as u8)
            }
            (None, Some(a)) => {
                if !(1..=super::money::MAX_AMOUNT).contains(&a) {
                    let max = super::money::MAX_AMOUNT;
                    errors.add(
                        "amount_off",
                        format!("must be 1 to {max} minor units (cents)"),
                    );
                }
                match currency.as_deref() {
                    None => errors.add("currency", "is required with amount_off"),
                    Some(c) if Currency::from_code(c).is_none() => errors.add(
                        "currency",
                        format!("'{c}' is not a supported ISO 4217 currency code"),
                    ),
                    Some(_) => {}
                }
                Off::Amount(a)
            }
        };
        let mut product_ids = self.product_ids.unwrap_or_default();
        product_ids.sort();
        product_ids.dedup();
        let expires_at = match self.expires_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => parse_time(text).or_else(|| {
                errors.add(
                    "expires_at",
                    "must be a time like 2026-12-31T23:59:59Z (RFC 3339)",
                );
                None
            }),
        };
        if self.max_redemptions.is_some_and(|m| m < 1) {
            errors.add(
                "max_redemptions",
                "must be at least 1 (or null for no limit)",
            );
        }
        let months = self.duration_in_months;
        let duration = match self.duration.as_deref().map(str::trim) {
            None | Some("") | Some("once") => Some(Duration::Once),
            Some("forever") => Some(Duration::Forever),
            Some("repeating") => match months {
                Some(m) if (1..=MAX_MONTHS).contains(&m) => {
                    Some(Duration::Repeating { months: m as u32 })
                }
                Some(_) => {
                    errors.add("duration_in_months", format!("must be 1 to {MAX_MONTHS}"));
                    None
                }
                None => {
                    errors.add("duration_in_months", "is required with repeating");
                    None
                }
            },
            Some(_) => {
                errors.add("duration", "must be once, forever or repeating");
                None
            }
        };
        if months.is_some() && !matches!(duration, Some(Duration::Repeating { .. }) | None) {
            errors.add("duration_in_months", "goes only with duration repeating");
        }
        errors.into_result(CouponDraft {
            code,
            currency: match off {
                Off::Amount(_) => currency,
                Off::Percent(_) => None,
            },
            off,
            product_ids,
            expires_at,
            max_redemptions: self.max_redemptions,
            duration: duration.unwrap_or(Duration::Once),
            paused: self.paused.unwrap_or(false),
        })
    }
}

/// How a duration is stored and shown in the API: its word and its months.
pub fn duration_parts(duration: Duration) -> (&'static str, Option<u32>) {
    match duration {
        Duration::Once => ("once", None),
        Duration::Forever => ("forever", None),
        Duration::Repeating { months } => ("repeating", Some(months)),
    }
}

pub fn duration_of(word: &str, months: Option<u32>) -> Option<Duration> {
    match (word, months) {
        ("once", _) => Some(Duration::Once),
        ("forever", _) => Some(Duration::Forever),
        ("repeating", Some(months)) => Some(Duration::Repeating { months }),
        _ => None,
    }
}

/// A coupon the buyer applied on a page: its discount and the page's price options it takes
/// it off (a fixed amount only those in its currency), so each option's summary is right.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub discount: Discount,
    pub prices: Vec<PriceId>,
}

impl Applied {
    /// The discount on `price`, if the coupon takes one off it.
    pub fn on(&self, price: PriceId) -> Option<&Discount> {
        self.prices.contains(&price).then_some(&self.discount)
    }
}

#[cfg(test)]
#[path = "coupon_tests.rs"]
mod tests;
