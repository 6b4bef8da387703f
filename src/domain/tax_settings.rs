//! The merchant's tax settings (`PUT/GET /api/v1/settings/tax` and the dashboard's Tax form):
//! whether tagcart charges VAT at all, how prices are typed, the rates, and the seller's
//! details the invoices carry. Off by default: a shop outside the EU may have no VAT to charge.

use super::country;
use super::tax::{default_rates, in_eu, BasisPoints, Prices, Rules, VatId, MAX_RATE};
use super::validation::{is_email, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who sells: printed at the top of every invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub name: String,
    /// Postal address, one line per line.
    pub address: String,
    /// The seller's own VAT ID in its normal form, empty when it has none.
    pub vat_id: String,
    pub support_email: String,
}

/// The settings as stored and as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxSettings {
    pub enabled: bool,
    pub prices_include_tax: bool,
    /// The seller's country (alpha-2); empty until set.
    pub origin_country: String,
    pub rates: BTreeMap<String, BasisPoints>,
    pub reverse_charge: bool,
    pub seller: Seller,
}

impl Default for TaxSettings {
    fn default() -> TaxSettings {
        TaxSettings {
            enabled: false,
            prices_include_tax: true,
            origin_country: String::new(),
            rates: default_rates(),
            reverse_charge: true,
            seller: Seller::default(),
        }
    }
}

impl TaxSettings {
    pub fn prices(&self) -> Prices {
        match self.prices_include_tax {
            true => Prices::IncludeTax,
            false => Prices::ExcludeTax,
        }
    }

    /// The rules a sale is taxed by, when tax is on.
    pub fn rules(&self) -> Option<Rules> {
        self.enabled.then(|| Rules {
            origin_country: self.origin_country.clone(),
            rates: self.rates.clone(),
            reverse_charge: self.reverse_charge,
        })
    }
}

/// The seller as sent: every field optional, trimmed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellerInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub vat_id: Option<String>,
    #[serde(default)]
    pub support_email: Option<String>,
}

/// The settings as sent. PUT replaces them whole; `rates` left out keeps the built-in EU
/// standard rates, so a merchant who only switches tax on gets them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxInput {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub prices_include_tax: Option<bool>,
    #[serde(default)]
    pub origin_country: Option<String>,
    #[serde(default)]
    pub rates: Option<BTreeMap<String, i64>>,
    #[serde(default)]
    pub reverse_charge: Option<bool>,
    #[serde(default)]
    pub seller: Option<SellerInput>,
}

const TEXT_MAX: usize = 200;
const ADDRESS_MAX: usize = 500;

impl TaxInput {
    pub fn validate(&self) -> Result<TaxSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let defaults = TaxSettings::default();
        let origin_country = (self.origin_country.as_deref().unwrap_or(""))
            .trim()
            .to_ascii_uppercase();
        if !origin_country.is_empty() && country::name(&origin_country).is_none() {
            errors.add(
                "origin_country",
                "must be a country's two-letter code, like DE",
            );
        } else if origin_country.is_empty() && self.enabled {
            errors.add("origin_country", "is required when tax is on");
        }
        let mut rates = BTreeMap::new();
        for (code, rate) in self.rates.clone().unwrap_or_else(|| {
            (defaults.rates.iter())
                .map(|(c, r)| (c.clone(), i64::from(*r)))
                .collect()
        }) {
            let upper = code.trim().to_ascii_uppercase();
            let field = format!("rates.{code}");
            if country::name(&upper).is_none() {
                errors.add(field, "is not a country's two-letter code");
            } else if !(0..=i64::from(MAX_RATE)).contains(&rate) {
                errors.add(
                    field,
                    format!("must be basis points from 0 to {MAX_RATE} (1900 is 19%)"),
                );
            } else {
                rates.insert(upper, rate as BasisPoints);
            }
        }
        let seller = self.seller.clone().unwrap_or_default();
        let mut text = |field: &str, value: &Option<String>, max: usize, lines: bool| {
            let value = value.as_deref().unwrap_or("").trim().to_string();
            let bad_control = value
                .chars()
                .any(|c| c.is_control() && !(lines && c == '\n'));
            if value.chars().count() > max {
                errors.add(field, format!("must be at most {max} characters"));
            } else if bad_control {
                errors.add(field, "must not hold control characters");
            }
            value
        };
        let name = text("seller.name", &seller.name, TEXT_MAX, false);
        let address = text("seller.address", &seller.address, ADDRESS_MAX, true).replace('\r', "");
        let typed_vat_id = text("seller.vat_id", &seller.vat_id, 40, false);
        let support_email = text("seller.support_email", &seller.support_email, 254, false);
        if !support_email.is_empty() && !is_email(&support_email) {
            errors.add(
                "seller.support_email",
                "must be an email address like help@example.com",
            );
        }
        // The seller's own ID is checked for format where the country has one in the EU.
        let vat_id = match (typed_vat_id.is_empty(), in_eu(&origin_country)) {
            (true, _) => String::new(),
            (false, true) => match VatId::parse(&origin_country, &typed_vat_id) {
                Ok(id) => id.as_str().to_string(),
                Err(problem) => {
                    errors.add("seller.vat_id", problem.message(&origin_country));
                    String::new()
                }
            },
            (false, false) => typed_vat_id,
        };
        if self.enabled && name.is_empty() {
            errors.add(
                "seller.name",
                "is required when tax is on: invoices name the seller",
            );
        }
        errors.into_result(TaxSettings {
            enabled: self.enabled,
            prices_include_tax: self
                .prices_include_tax
                .unwrap_or(defaults.prices_include_tax),
            origin_country,
            rates,
            reverse_charge: self.reverse_charge.unwrap_or(defaults.reverse_charge),
            seller: Seller {
                name,
                address,
                vat_id,
                support_email,
            },
        })
    }
}

/// The rates as the dashboard's form shows them: one country a line, `DE 19%`, `FI 25.5%`.
pub fn rates_text(rates: &BTreeMap<String, BasisPoints>) -> String {
    (rates.iter())
        .map(|(country, rate)| {
            let (whole, hundredths) = (rate / 100, rate % 100);
            match hundredths {
                0 => format!("{country} {whole}%"),
                h => format!(
                    "{country} {whole}.{}%",
                    format!("{h:02}").trim_end_matches('0')
                ),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the form's rates: a line per country, a code and a percentage with at most two
/// decimals (`19`, `25.5`, `25,5 %`); blank lines are skipped. Exact: no float is involved.
pub fn parse_rates(text: &str) -> Result<BTreeMap<String, i64>, String> {
    let mut rates = BTreeMap::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = || {
            format!(
                "line {}: write a country code and a percentage, like DE 19%",
                i + 1
            )
        };
        let mut parts = line.split_whitespace();
        let (Some(code), Some(rate)) = (parts.next(), parts.next()) else {
            return Err(bad());
        };
        let rest: String = parts.collect();
        if !(rest.is_empty() || rest == "%") {
            return Err(bad());
        }
        let rate = rate.trim_end_matches('%').replace(',', ".");
        let (whole, fraction) = rate.split_once('.').unwrap_or((&rate, ""));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole)
            || (!fraction.is_empty() && !digits(fraction))
            || fraction.len() > 2
            || whole.len() > 3
        {
            return Err(bad());
        }
        let hundredths: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let code = code.to_ascii_uppercase();
        if rates
            .insert(code.clone(), whole * 100 + hundredths)
            .is_some()
        {
            return Err(format!("line {}: {code} is listed twice", i + 1));
        }
    }
    Ok(rates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on() -> TaxInput {
        TaxInput {
            enabled: true,
            origin_country: Some("de".into()),
            seller: Some(SellerInput {
                name: Some(" Acme GmbH ".into()),
                vat_id: Some("de 123 456 789".into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn switched_on_with_the_built_in_rates_and_a_normalized_seller() {
        let s = on().validate().unwrap();
        assert!(s.enabled && s.prices_include_tax && s.reverse_charge);
        assert_eq!(s.origin_country, "DE");
        assert_eq!(s.rates.get("FR"), Some(&2000));
        assert_eq!(s.rates.len(), 27);
        assert_eq!(s.seller.name, "Acme GmbH");
        assert_eq!(s.seller.vat_id, "DE123456789");
        assert!(!TaxInput::default().validate().unwrap().enabled);
    }

    #[test]
    fn the_forms_rates_are_read_exactly_and_written_back_the_same() {
        let rates = parse_rates("de 19%\nFI 25,5 %\n\nLU 17\nHU 27.00").unwrap();
        assert_eq!(
            rates,
            BTreeMap::from([
                ("DE".into(), 1900),
                ("FI".into(), 2550),
                ("HU".into(), 2700),
                ("LU".into(), 1700)
            ])
        );
        let bp: BTreeMap<String, BasisPoints> = rates
            .iter()
            .map(|(c, r)| (c.clone(), *r as BasisPoints))
            .collect();
        assert_eq!(rates_text(&bp), "DE 19%\nFI 25.5%\nHU 27%\nLU 17%");
        assert_eq!(parse_rates(&rates_text(&bp)).unwrap(), rates);
        for bad in [
            "DE",
            "DE nineteen",
            "DE 19.555",
            "DE -1",
            "DE 19 20",
            "DE 19\nDE 20",
        ] {
            assert!(parse_rates(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_what_would_make_a_wrong_invoice() {
        let bad = TaxInput {
            origin_country: Some("XX".into()),
            rates: Some(BTreeMap::from([
                ("DE".into(), 10_001),
                ("ZZ".into(), 1900),
                ("FR".into(), -1),
            ])),
            seller: Some(SellerInput {
                name: None,
                support_email: Some("nope".into()),
                ..Default::default()
            }),
            ..on()
        };
        let errors = bad.validate().unwrap_err();
        for field in [
            "origin_country",
            "rates.DE",
            "rates.ZZ",
            "rates.FR",
            "seller.name",
            "seller.support_email",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
        let wrong_id = TaxInput {
            seller: Some(SellerInput {
                name: Some("Acme".into()),
                vat_id: Some("DE12".into()),
                ..Default::default()
            }),
            ..on()
        };
        assert_eq!(
            wrong_id.validate().unwrap_err().get("seller.vat_id"),
            Some("must be DE followed by 9 digits")
        );
        let no_country = TaxInput {
            origin_country: None,
            ..on()
        };
        assert!(no_country
            .validate()
            .unwrap_err()
            .get("origin_country")
            .is_some());
    }
}
