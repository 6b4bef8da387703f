//! Money is an integer count of the currency's minor unit beside its ISO 4217 code.
//! Display uses the currency's real number of decimals: JPY has none, KWD has three.

/// ISO 4217 currencies with their minor-unit exponent, and a symbol where one is unambiguous.
const CURRENCIES: &[(&str, u8, &str)] = &[
    ("AED", 2, ""),
    ("ARS", 2, ""),
    ("AUD", 2, "A$"),
    ("BGN", 2, ""),
    ("BHD", 3, ""),
    ("BRL", 2, "R$"),
    ("CAD", 2, "CA$"),
    ("CHF", 2, ""),
    ("CLP", 0, ""),
    ("CNY", 2, "CN¥"),
    ("COP", 2, ""),
    ("CZK", 2, ""),
    ("DKK", 2, ""),
    ("EGP", 2, ""),
    ("EUR", 2, "€"),
    ("GBP", 2, "£"),
    ("GHS", 2, ""),
    ("HKD", 2, "HK$"),
    ("HUF", 2, ""),
    ("IDR", 2, ""),
    ("ILS", 2, "₪"),
    ("INR", 2, "₹"),
    ("ISK", 0, ""),
    ("JOD", 3, ""),
    ("JPY", 0, "¥"),
    ("KES", 2, ""),
    ("KRW", 0, "₩"),
    ("KWD", 3, ""),
    ("MAD", 2, ""),
    ("MXN", 2, "MX$"),
    ("MYR", 2, ""),
    ("NGN", 2, "₦"),
    ("NOK", 2, ""),
    ("NZD", 2, "NZ$"),
    ("OMR", 3, ""),
    ("PEN", 2, ""),
    ("PHP", 2, "₱"),
    ("PKR", 2, ""),
    ("PLN", 2, ""),
    ("QAR", 2, ""),
    ("RON", 2, ""),
    ("RSD", 2, ""),
    ("SAR", 2, ""),
    ("SEK", 2, ""),
    ("SGD", 2, "S$"),
    ("THB", 2, "฿"),
    ("TND", 3, ""),
    ("TRY", 2, ""),
    ("TWD", 2, "NT$"),
    ("UAH", 2, ""),
    ("UGX", 0, ""),
    ("USD", 2, "$"),
    ("VND", 0, "₫"),
    ("XAF", 0, ""),
    ("XOF", 0, ""),
    ("ZAR", 2, ""),
];

/// The largest amount we accept in minor units (Stripe's 8-digit ceiling).
pub const MAX_AMOUNT: i64 = 99_999_999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub exponent: u8,
    symbol: &'static str,
}

impl Currency {
    /// Looks up an upper-case ISO code such as `USD`.
    pub fn from_code(code: &str) -> Option<Currency> {
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|&(code, exponent, symbol)| Currency {
                code,
                exponent,
                symbol,
            })
    }

    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(c, _, _)| *c)
    }

    /// `4900` USD → `$49.00`; `4900` JPY → `¥4,900`; CHF → `49.00 CHF`.
    pub fn format(&self, minor: i64) -> String {
        let number = self.format_number(minor, true);
        if self.symbol.is_empty() {
            format!("{number} {}", self.code)
        } else if let Some(positive) = number.strip_prefix('-') {
            format!("-{}{positive}", self.symbol)
        } else {
            format!("{}{number}", self.symbol)
        }
    }

    /// Minor units as a plain decimal for form fields: `4900` → `49.00`.
    pub fn to_major_text(&self, minor: i64) -> String {
        self.format_number(minor, false)
    }

    fn format_number(&self, minor: i64, grouped: bool) -> String {
        let scale = 10i64.pow(self.exponent as u32);
        let whole = (minor / scale).unsigned_abs();
        let mut digits = whole.to_string();
        if grouped {
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            digits = out;
        }
        let sign = if minor < 0 { "-" } else { "" };
        if self.exponent == 0 {
            format!("{sign}{digits}")
        } else {
            let fraction = (minor % scale).unsigned_abs();
            format!(
                "{sign}{digits}.{fraction:0width$}",
                width = self.exponent as usize
            )
        }
    }

    /// Parses what a merchant types (`49`, `49.9`, `1,049.00`) into minor units, without floats.
    pub fn parse_major(&self, text: &str) -> Result<i64, String> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != ' ')
            .collect();
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let exponent = self.exponent as usize;
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err("must be a number like 49.00".into());
        }
        if fraction.len() > exponent {
            return Err(match exponent {
                0 => format!("{} has no decimals", self.code),
                n => format!("{} has at most {n} decimals", self.code),
            });
        }
        let whole: i64 = whole.parse().map_err(|_| "is too large".to_string())?;
        let fraction: i64 = format!("{fraction:0<exponent$}").parse().unwrap_or(0);
        whole
            .checked_mul(10i64.pow(exponent as u32))
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(|| "is too large".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn formats_with_the_currency_decimals() {
        assert_eq!(cur("USD").format(4900), "$49.00");
        assert_eq!(cur("USD").format(123_456_789), "$1,234,567.89");
        assert_eq!(cur("JPY").format(4900), "¥4,900");
        assert_eq!(cur("KWD").format(1234), "1.234 KWD");
        assert_eq!(cur("CHF").format(5), "0.05 CHF");
        assert_eq!(cur("EUR").format(-250), "-€2.50");
        assert_eq!(cur("USD").to_major_text(4905), "49.05");
    }

    #[test]
    fn parses_major_units_exactly() {
        assert_eq!(cur("USD").parse_major("49"), Ok(4900));
        assert_eq!(cur("USD").parse_major("49.9"), Ok(4990));
        assert_eq!(cur("USD").parse_major("1,049.05"), Ok(104905));
        assert_eq!(cur("JPY").parse_major("4900"), Ok(4900));
        assert_eq!(cur("KWD").parse_major("1.234"), Ok(1234));
        assert!(cur("JPY").parse_major("49.5").is_err());
        assert!(cur("USD").parse_major("49.999").is_err());
        for bad in ["", "abc", "-5", "4.5.6", "1e3", ".5"] {
            assert!(cur("USD").parse_major(bad).is_err(), "{bad}");
        }
        assert!(cur("USD").parse_major("99999999999999999999").is_err());
    }

    #[test]
    fn knows_only_real_codes() {
        assert!(Currency::from_code("USD").is_some());
        assert!(Currency::from_code("usd").is_none());
        assert!(Currency::from_code("XXX").is_none());
        assert!(
            Currency::codes().all(|c| c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()))
        );
    }
}
