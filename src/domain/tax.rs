//! VAT on a charge: the rates, the one rounding rule, and the VAT ID formats. The summary, the
//! processor amount, the order, the receipt and the invoice all take their net, tax and total
//! from `Taxed::of`, so they always agree.
//!
//! **Rounding rule.** Tax is computed once per charge, on its total after any discount (not
//! line by line), in integer minor units of the charge's currency, rounded half up to the
//! minor unit (half a cent becomes a cent; for a zero-decimal currency such as JPY, half a yen
//! becomes a yen). With prices that exclude tax, `tax = round(net × rate)` and the total is
//! `net + tax`. With prices that include tax, the total is the price, `net = round(total ÷ (1 +
//! rate))` and `tax = total − net`. Either way `net + tax = total` exactly.

use super::discount::{Discount, Off};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A rate in basis points: 1900 is 19%.
pub type BasisPoints = u32;

/// The highest rate accepted (100%): anything above is a typing error.
pub const MAX_RATE: BasisPoints = 10_000;

/// The EU member states' standard VAT rates as of 2026, by ISO 3166 alpha-2 code. Built in and
/// editable in the tax settings (a rate changes by law a few times a year somewhere).
pub const EU_STANDARD_RATES: &[(&str, BasisPoints)] = &[
    ("AT", 2000),
    ("BE", 2100),
    ("BG", 2000),
    ("CY", 1900),
    ("CZ", 2100),
    ("DE", 1900),
    ("DK", 2500),
    ("EE", 2400),
    ("ES", 2100),
    ("FI", 2550),
    ("FR", 2000),
    ("GR", 2400),
    ("HR", 2500),
    ("HU", 2700),
    ("IE", 2300),
    ("IT", 2200),
    ("LT", 2100),
    ("LU", 1700),
    ("LV", 2100),
    ("MT", 1800),
    ("NL", 2100),
    ("PL", 2300),
    ("PT", 2300),
    ("RO", 2100),
    ("SE", 2500),
    ("SI", 2200),
    ("SK", 2300),
];

/// Whether `country` (alpha-2) is an EU member state.
pub fn in_eu(country: &str) -> bool {
    EU_STANDARD_RATES.iter().any(|(c, _)| *c == country)
}

/// The built-in rates as the settings start with them.
pub fn default_rates() -> BTreeMap<String, BasisPoints> {
    (EU_STANDARD_RATES.iter())
        .map(|(c, r)| (c.to_string(), *r))
        .collect()
}

/// Whether the prices the merchant typed already contain the tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prices {
    IncludeTax,
    ExcludeTax,
}

/// One charge with its tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taxed {
    pub net: i64,
    pub rate: BasisPoints,
    pub tax: i64,
    /// What the buyer pays: `net + tax`.
    pub total: i64,
}

impl Taxed {
    /// The charge of `amount` (minor units, the price after any discount) at `rate`, by the
    /// module's rounding rule. A reverse-charged or untaxed sale is rate 0.
    pub fn of(amount: i64, rate: BasisPoints, prices: Prices) -> Taxed {
        let amount = amount.max(0);
        let (a, r) = (i128::from(amount), i128::from(rate));
        let (net, tax) = match prices {
            Prices::ExcludeTax => {
                let tax = div_half_up(a * r, 10_000);
                (amount, tax as i64)
            }
            Prices::IncludeTax => {
                let net = div_half_up(a * 10_000, 10_000 + r) as i64;
                (net, amount - net)
            }
        };
        Taxed {
            net,
            rate,
            tax,
            total: net + tax,
        }
    }
}

/// `n / d` rounded half up, for `n >= 0`, `d > 0`.
fn div_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

/// The merchant's tax rules as the settings hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// The seller's country (alpha-2).
    pub origin_country: String,
    /// The rate charged to buyers in each country; a country without one is not taxed.
    pub rates: BTreeMap<String, BasisPoints>,
    /// Business buyers in another EU country with a valid VAT ID pay no VAT: they account
    /// for it themselves.
    pub reverse_charge: bool,
}

/// How one sale is taxed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// At the buyer's country's rate (digital services are taxed where the buyer is).
    Charged(BasisPoints),
    /// No VAT charged; the invoice says the buyer accounts for it.
    ReverseCharge,
    /// The merchant keeps no rate for the buyer's country.
    NotTaxed,
}

impl Treatment {
    pub fn rate(self) -> BasisPoints {
        match self {
            Treatment::Charged(rate) => rate,
            Treatment::ReverseCharge | Treatment::NotTaxed => 0,
        }
    }
}

impl Rules {
    /// The sale to a buyer in `country`; `valid_vat_id` when they buy as a business with a VAT
    /// ID that VIES confirmed (not when VIES did not answer: then tax is charged).
    pub fn treatment(&self, country: &str, valid_vat_id: bool) -> Treatment {
        let cross_border_b2b = valid_vat_id
            && in_eu(country)
            && in_eu(&self.origin_country)
            && country != self.origin_country;
        if self.reverse_charge && cross_border_b2b {
            return Treatment::ReverseCharge;
        }
        match self.rates.get(country) {
            Some(rate) => Treatment::Charged(*rate),
            None => Treatment::NotTaxed,
        }
    }
}

impl Treatment {
    pub fn as_str(self) -> &'static str {
        match self {
            Treatment::Charged(_) => "charged",
            Treatment::ReverseCharge => "reverse_charge",
            Treatment::NotTaxed => "not_taxed",
        }
    }

    /// From the stored word and rate.
    pub fn parse(word: &str, rate: BasisPoints) -> Option<Treatment> {
        match word {
            "charged" => Some(Treatment::Charged(rate)),
            "reverse_charge" => Some(Treatment::ReverseCharge),
            "not_taxed" => Some(Treatment::NotTaxed),
            _ => None,
        }
    }
}

/// What VIES said of a buyer's VAT ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatCheck {
    Valid,
    Invalid,
    /// VIES did not answer: the sale went ahead with tax charged, and the order says so.
    Unavailable,
}

impl VatCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            VatCheck::Valid => "valid",
            VatCheck::Invalid => "invalid",
            VatCheck::Unavailable => "unavailable",
        }
    }

    pub fn parse(word: &str) -> Option<VatCheck> {
        [VatCheck::Valid, VatCheck::Invalid, VatCheck::Unavailable]
            .into_iter()
            .find(|c| c.as_str() == word)
    }
}

/// How an order is taxed, decided at checkout and copied onto it: each of its charges (today's,
/// each renewal, an upsell after it) is taxed the same way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaleTax {
    /// `None`: tax was off when the order was placed; its prices are what the buyer paid.
    pub applied: Option<(Treatment, Prices)>,
    /// The business buyer's name, empty for a consumer.
    pub company: String,
    /// The business buyer's VAT ID in its normal form, empty when none was given.
    pub vat_id: String,
    pub vat_id_check: Option<VatCheck>,
}

impl SaleTax {
    /// One charge of `amount` (the price after any discount) with its tax.
    pub fn taxed(&self, amount: i64) -> Taxed {
        match self.applied {
            Some((treatment, prices)) => Taxed::of(amount, treatment.rate(), prices),
            None => Taxed {
                net: amount,
                rate: 0,
                tax: 0,
                total: amount,
            },
        }
    }

    /// What the buyer pays for a charge of `amount`: more than it only when prices exclude tax.
    pub fn gross(&self, amount: i64) -> i64 {
        self.taxed(amount).total
    }

    pub fn rate(&self) -> Option<BasisPoints> {
        self.applied.map(|(t, _)| t.rate())
    }

    pub fn reverse_charged(&self) -> bool {
        matches!(self.applied, Some((Treatment::ReverseCharge, _)))
    }
}

impl SaleTax {
    /// Whether the buyer pays more than the prices as typed.
    pub fn adds_tax(&self) -> bool {
        matches!(self.applied, Some((t, Prices::ExcludeTax)) if t.rate() > 0)
    }

    /// The part of a charge's `tax` added on top of its prices: all of it when prices exclude
    /// tax, none when they include it.
    pub fn added(&self, tax: i64) -> i64 {
        match self.adds_tax() {
            true => tax,
            false => 0,
        }
    }

    /// A recurring charge's lines (`amounts`, the main line first, at their prices as typed)
    /// and its coupon as a processor that bills whole charges takes them (a Stripe
    /// subscription's items, a PayPal plan): each line with its share of the tax, and the
    /// coupon as the fixed amount it takes off the charge with tax, so that every charge is
    /// exactly `taxed(lines − the main line's discount).total`. A single line without tax
    /// added is left as it is (a percentage coupon stays one).
    pub fn billed(
        &self,
        amounts: &[i64],
        discount: Option<&Discount>,
    ) -> (Vec<i64>, Option<Discount>) {
        if amounts.len() <= 1 && !self.adds_tax() {
            return (amounts.to_vec(), discount.cloned());
        }
        let whole: i64 = amounts.iter().sum();
        let gross_whole = self.gross(whole);
        let rest: Vec<i64> = amounts.iter().skip(1).map(|a| self.gross(*a)).collect();
        let mut billed = vec![gross_whole - rest.iter().sum::<i64>()];
        billed.extend(rest);
        let discount = discount.map(|d| {
            let off = d.off_amount(amounts.first().copied().unwrap_or(0));
            Discount {
                off: Off::Amount(gross_whole - self.gross(whole - off)),
                ..d.clone()
            }
        });
        (billed, discount)
    }
}

/// Why a VAT ID is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VatIdProblem {
    /// The buyer's country is not an EU member state: no EU VAT ID applies.
    NotEu,
    /// It does not have the country's format; the format, in words.
    Format(&'static str),
}

impl VatIdProblem {
    /// The problem as the field says it: "must be DE followed by 9 digits".
    pub fn message(&self, country: &str) -> String {
        match self {
            VatIdProblem::NotEu => "is asked for only from buyers in the EU".into(),
            VatIdProblem::Format(words) => {
                let prefix = (FORMATS.iter())
                    .find(|(c, ..)| *c == country)
                    .map_or(country, |(_, p, ..)| p);
                format!("must be {prefix} followed by {words}")
            }
        }
    }
}

/// A VAT ID in its normal form: the country's VAT prefix (Greece's is `EL`), then the number,
/// upper case, without spaces, dots or dashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VatId(String);

impl VatId {
    /// Reads what a buyer typed for `country` (alpha-2), with or without the prefix: checks the
    /// country's format only; whether the number exists is VIES's to say.
    pub fn parse(country: &str, typed: &str) -> Result<VatId, VatIdProblem> {
        let (prefix, pattern, words) = FORMATS
            .iter()
            .find(|(c, ..)| *c == country)
            .map(|(_, p, pattern, words)| (*p, *pattern, *words))
            .ok_or(VatIdProblem::NotEu)?;
        let mut number: String = (typed.chars())
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        if let Some(rest) = number.strip_prefix(prefix) {
            number = rest.to_string();
        }
        let regex = compiled(pattern);
        match regex.is_match(&number) {
            true => Ok(VatId(format!("{prefix}{number}"))),
            false => Err(VatIdProblem::Format(words)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter prefix VIES is asked with (`EL` for Greece).
    pub fn prefix(&self) -> &str {
        &self.0[..2]
    }

    /// The number without its prefix.
    pub fn number(&self) -> &str {
        &self.0[2..]
    }
}

fn compiled(pattern: &'static str) -> &'static Regex {
    static ALL: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        (FORMATS.iter())
            .map(|(_, _, p, _)| {
                (
                    *p,
                    Regex::new(&format!("^(?:{p})$")).expect("a valid format"),
                )
            })
            .collect()
    });
    &all.iter()
        .find(|(p, _)| *p == pattern)
        .expect("a known format")
        .1
}

/// Each member state's VAT number after its prefix (the European Commission's VIES formats).
const FORMATS: &[(&str, &str, &str, &str)] = &[
    ("AT", "AT", r"U\d{8}", "U and 8 digits"),
    ("BE", "BE", r"[01]\d{9}", "10 digits starting with 0 or 1"),
    ("BG", "BG", r"\d{9,10}", "9 or 10 digits"),
    ("CY", "CY", r"\d{8}[A-Z]", "8 digits and a letter"),
    ("CZ", "CZ", r"\d{8,10}", "8 to 10 digits"),
    ("DE", "DE", r"\d{9}", "9 digits"),
    ("DK", "DK", r"\d{8}", "8 digits"),
    ("EE", "EE", r"\d{9}", "9 digits"),
    (
        "ES",
        "ES",
        r"[A-Z0-9]\d{7}[A-Z0-9]",
        "9 characters: a letter or digit, 7 digits, a letter or digit",
    ),
    ("FI", "FI", r"\d{8}", "8 digits"),
    (
        "FR",
        "FR",
        r"[A-HJ-NP-Z0-9]{2}\d{9}",
        "2 letters or digits and 9 digits",
    ),
    ("GR", "EL", r"\d{9}", "9 digits"),
    ("HR", "HR", r"\d{11}", "11 digits"),
    ("HU", "HU", r"\d{8}", "8 digits"),
    (
        "IE",
        "IE",
        r"\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W]",
        "7 digits and 1 or 2 letters",
    ),
    ("IT", "IT", r"\d{11}", "11 digits"),
    ("LT", "LT", r"\d{9}|\d{12}", "9 or 12 digits"),
    ("LU", "LU", r"\d{8}", "8 digits"),
    ("LV", "LV", r"\d{11}", "11 digits"),
    ("MT", "MT", r"\d{8}", "8 digits"),
    ("NL", "NL", r"\d{9}B\d{2}", "9 digits, B and 2 digits"),
    ("PL", "PL", r"\d{10}", "10 digits"),
    ("PT", "PT", r"\d{9}", "9 digits"),
    ("RO", "RO", r"[1-9]\d{1,9}", "2 to 10 digits"),
    ("SE", "SE", r"\d{10}01", "12 digits ending in 01"),
    ("SI", "SI", r"\d{8}", "8 digits"),
    ("SK", "SK", r"\d{10}", "10 digits"),
];

#[cfg(test)]
#[path = "tax_tests.rs"]
mod tests;
