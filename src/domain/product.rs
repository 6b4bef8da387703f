//! Products: what a buyer gets (a Kartra tag) and the price options to pay for it.

use super::ids::{PriceId, ProductId};
use super::money::{Currency, MAX_AMOUNT};
use super::validation::{required_text, FieldErrors};
use crate::clock::Timestamp;
use serde::{Deserialize, Serialize};

pub const MAX_PRICES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    OneTime,
    Subscription,
    PaymentPlan,
}

impl PriceKind {
    pub const ALL: [PriceKind; 3] = [
        PriceKind::OneTime,
        PriceKind::Subscription,
        PriceKind::PaymentPlan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PriceKind::OneTime => "one_time",
            PriceKind::Subscription => "subscription",
            PriceKind::PaymentPlan => "payment_plan",
        }
    }
    pub fn parse(text: &str) -> Option<PriceKind> {
        PriceKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
    pub fn label(self) -> &'static str {
        match self {
            PriceKind::OneTime => "One-time",
            PriceKind::Subscription => "Subscription",
            PriceKind::PaymentPlan => "Payment plan",
        }
    }
}

/// When a cancelled subscription's access ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OnCancel {
    /// Access lasts until the period already paid for ends.
    #[default]
    PeriodEnd,
    /// Access ends when the cancellation arrives.
    Immediately,
}

impl OnCancel {
    pub const ALL: [OnCancel; 2] = [OnCancel::PeriodEnd, OnCancel::Immediately];

    pub fn as_str(self) -> &'static str {
        match self {
            OnCancel::PeriodEnd => "period_end",
            OnCancel::Immediately => "immediately",
        }
    }
    pub fn parse(text: &str) -> Option<OnCancel> {
        OnCancel::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// The default and the bounds of a product's `grace_days`.
pub const GRACE_DAYS_DEFAULT: u32 = 7;
pub const GRACE_DAYS_MAX: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    Day,
    Week,
    Month,
    Year,
}

impl Interval {
    pub const ALL: [Interval; 4] = [
        Interval::Day,
        Interval::Week,
        Interval::Month,
        Interval::Year,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
            Interval::Year => "year",
        }
    }
    pub fn parse(text: &str) -> Option<Interval> {
        Interval::ALL.into_iter().find(|i| i.as_str() == text)
    }
    /// Processors bill at most once a year: the most intervals of this unit in one period.
    fn max_count(self) -> u32 {
        match self {
            Interval::Day => 365,
            Interval::Week => 52,
            Interval::Month => 12,
            Interval::Year => 1,
        }
    }
}

/// A validated price option. `amount` is per charge: a payment plan's installment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceTerms {
    pub kind: PriceKind,
    pub currency: String,
    pub amount: i64,
    pub interval: Option<Interval>,
    pub interval_count: Option<u32>,
    pub installments: Option<u32>,
    pub trial_days: Option<u32>,
}

impl PriceTerms {
    pub fn currency(&self) -> Currency {
        Currency::from_code(&self.currency).expect("validated currency")
    }

    /// The option in words, as buyers and the dashboard read it: `$49.00`, `$19.00 every
    /// month`, `free for 14 days, then $19.00 every month`, `3 × $20.00 every month`.
    pub fn describe(&self) -> String {
        crate::i18n::words::price(crate::i18n::Locale::En, self)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Price {
    pub id: PriceId,
    #[serde(flatten)]
    pub terms: PriceTerms,
}

#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub kartra_tag: String,
    pub thank_you_url: Option<String>,
    /// Show tagcart's receipt first, with a link on to `thank_you_url`.
    pub show_receipt: bool,
    /// An https image shown beside the product's name on its checkout pages.
    pub image_url: Option<String>,
    pub revoke_on_refund: bool,
    pub on_cancel: OnCancel,
    pub grace_days: u32,
    /// Assigned while a renewal is failing, so Kartra automations can ask the buyer to pay.
    pub payment_failed_tag: Option<String>,
    pub prices: Vec<Price>,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub updated_at: Timestamp,
}

/// A product as the API and the dashboard form submit it, before validation. The read-only
/// fields of a GET answer are accepted so that it can be PUT back, and ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub name: Option<String>,
    pub kartra_tag: Option<String>,
    pub thank_you_url: Option<String>,
    pub show_receipt: Option<bool>,
    pub image_url: Option<String>,
    pub revoke_on_refund: Option<bool>,
    pub on_cancel: Option<String>,
    pub grace_days: Option<i64>,
    pub payment_failed_tag: Option<String>,
    pub prices: Option<Vec<PriceInput>>,
    #[serde(default, rename = "id")]
    pub _id: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "created_at")]
    pub _created_at: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    pub _updated_at: Option<serde::de::IgnoredAny>,
}

/// `id` keeps an existing price (and its id) on update; without it the price is new.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceInput {
    pub id: Option<PriceId>,
    pub kind: Option<String>,
    pub currency: Option<String>,
    pub amount: Option<i64>,
    pub interval: Option<String>,
    pub interval_count: Option<i64>,
    pub installments: Option<i64>,
    pub trial_days: Option<i64>,
}

/// A validated product, ready to store.
#[derive(Debug, Clone)]
pub struct ProductDraft {
    pub name: String,
    pub kartra_tag: String,
    pub thank_you_url: Option<String>,
    pub show_receipt: bool,
    pub image_url: Option<String>,
    pub revoke_on_refund: bool,
    pub on_cancel: OnCancel,
    pub grace_days: u32,
    pub payment_failed_tag: Option<String>,
    pub prices: Vec<(Option<PriceId>, PriceTerms)>,
}

impl ProductInput {
    pub fn validate(self) -> Result<ProductDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = required_text(&mut errors, "name", self.name.as_deref(), 120);
        let kartra_tag = required_text(&mut errors, "kartra_tag", self.kartra_tag.as_deref(), 200);
        let thank_you_url = match self.thank_you_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match check_web_url(text) {
                Ok(url) => Some(url),
                Err(message) => {
                    errors.add("thank_you_url", message);
                    None
                }
            },
        };
        let image_url = match self.image_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match super::shop::check_https_url(text) {
                Ok(url) => Some(url),
                Err(message) => {
                    errors.add("image_url", message);
                    None
                }
            },
        };
        let on_cancel = match self.on_cancel.as_deref().map(str::trim) {
            None | Some("") => OnCancel::default(),
            Some(text) => OnCancel::parse(text).unwrap_or_else(|| {
                errors.add("on_cancel", "must be period_end or immediately");
                OnCancel::default()
            }),
        };
        let grace_days = match self.grace_days {
            None => GRACE_DAYS_DEFAULT,
            Some(days) if (0..=GRACE_DAYS_MAX as i64).contains(&days) => days as u32,
            Some(_) => {
                errors.add("grace_days", format!("must be 0 to {GRACE_DAYS_MAX}"));
                GRACE_DAYS_DEFAULT
            }
        };
        let payment_failed_tag = match self.payment_failed_tag.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(tag) if tag.chars().count() > 200 => {
                errors.add("payment_failed_tag", "must be at most 200 characters");
                None
            }
            Some(tag) if tag == kartra_tag => {
                errors.add(
                    "payment_failed_tag",
                    "must differ from the tag that gives access",
                );
                None
            }
            Some(tag) => Some(tag.to_string()),
        };
        let inputs = self.prices.unwrap_or_default();
        if inputs.is_empty() {
            errors.add("prices", "needs at least one price option");
        } else if inputs.len() > MAX_PRICES {
            errors.add(
                "prices",
                format!("may hold at most {MAX_PRICES} price options"),
            );
        }
        let prices = inputs
            .into_iter()
            .enumerate()
            .filter_map(|(i, input)| {
                let id = input.id;
                input
                    .validate(&format!("prices[{i}]"), &mut errors)
                    .map(|terms| (id, terms))
            })
            .collect();
        let draft = ProductDraft {
            name,
            kartra_tag,
            thank_you_url,
            show_receipt: self.show_receipt.unwrap_or(false),
            image_url,
            revoke_on_refund: self.revoke_on_refund.unwrap_or(true),
            on_cancel,
            grace_days,
            payment_failed_tag,
            prices,
        };
        errors.into_result(draft)
    }
}

impl PriceInput {
    fn validate(self, at: &str, errors: &mut FieldErrors) -> Option<PriceTerms> {
        let before = errors.clone();
        let field = |name: &str| format!("{at}.{name}");
        let kind = match self.kind.as_deref() {
            None => {
                errors.add(field("kind"), "is required");
                None
            }
            Some(text) => PriceKind::parse(text).or_else(|| {
                errors.add(
                    field("kind"),
                    "must be one_time, subscription or payment_plan",
                );
                None
            }),
        };
        let code = self
            .currency
            .as_deref()
            .unwrap_or("")
            .trim()
            .to_ascii_uppercase();
        if code.is_empty() {
            errors.add(field("currency"), "is required");
        } else if Currency::from_code(&code).is_none() {
            errors.add(
                field("currency"),
                format!("'{code}' is not a supported ISO 4217 currency code"),
            );
        }
        match self.amount {
            None => errors.add(field("amount"), "is required, in minor units (cents)"),
            Some(a) if !(1..=MAX_AMOUNT).contains(&a) => errors.add(
                field("amount"),
                format!("must be between 1 and {MAX_AMOUNT} minor units"),
            ),
            Some(_) => {}
        }
        let recurring = matches!(kind, Some(PriceKind::Subscription | PriceKind::PaymentPlan));
        let interval = match self.interval.as_deref() {
            None if recurring => {
                errors.add(field("interval"), "is required: day, week, month or year");
                None
            }
            None => None,
            Some(_) if !recurring => {
                errors.add(
                    field("interval"),
                    "applies only to subscriptions and payment plans",
                );
                None
            }
            Some(text) => Interval::parse(text).or_else(|| {
                errors.add(field("interval"), "must be day, week, month or year");
                None
            }),
        };
        let interval_count = match (self.interval_count, interval) {
            (Some(_), _) if !recurring => {
                errors.add(
                    field("interval_count"),
                    "applies only to subscriptions and payment plans",
                );
                None
            }
            (_, None) => None,
            (count, Some(unit)) => {
                let count = count.unwrap_or(1);
                if count < 1 || count > unit.max_count() as i64 {
                    errors.add(
                        field("interval_count"),
                        format!("must be 1 to {} for {}s", unit.max_count(), unit.as_str()),
                    );
                }
                Some(count.clamp(1, 365) as u32)
            }
        };
        let installments = match (kind, self.installments) {
            (Some(PriceKind::PaymentPlan), None) => {
                errors.add(field("installments"), "is required for a payment plan");
                None
            }
            (Some(PriceKind::PaymentPlan), Some(n)) if !(2..=60).contains(&n) => {
                errors.add(field("installments"), "must be 2 to 60");
                None
            }
            (Some(PriceKind::PaymentPlan), Some(n)) => Some(n as u32),
            (_, Some(_)) => {
                errors.add(field("installments"), "applies only to payment plans");
                None
            }
            (_, None) => None,
        };
        let trial_days = match (kind, self.trial_days) {
            (Some(PriceKind::Subscription), days) => {
                let days = days.unwrap_or(0);
                if !(0..=730).contains(&days) {
                    errors.add(field("trial_days"), "must be 0 to 730");
                }
                Some(days.clamp(0, 730) as u32)
            }
            (_, Some(_)) => {
                errors.add(field("trial_days"), "applies only to subscriptions");
                None
            }
            (_, None) => None,
        };
        if *errors != before {
            return None;
        }
        Some(PriceTerms {
            kind: kind?,
            currency: code,
            amount: self.amount?,
            interval,
            interval_count,
            installments,
            trial_days,
        })
    }
}

/// An absolute http(s) URL with a host, at most 2,000 characters.
pub fn check_web_url(text: &str) -> Result<String, String> {
    if text.len() > 2000 {
        return Err("must be at most 2000 characters".into());
    }
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
            Ok(url.to_string())
        }
        Ok(_) => Err("must start with https:// or http://".into()),
        Err(_) => Err("is not a valid URL".into()),
    }
}

#[cfg(test)]
#[path = "product_tests.rs"]
mod tests;
