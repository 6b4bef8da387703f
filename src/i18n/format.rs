//! Money and dates in the locale's CLDR forms (ICU4X, data compiled into the binary).

use super::Locale;
use crate::clock::Timestamp;
use crate::domain::money::Currency;
use fixed_decimal::{Decimal, Sign};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::options::TimePrecision;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_time::{DateTime, Time};
use std::sync::{LazyLock, OnceLock};

struct Dates {
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    minute: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
}

/// English dates are day-first with a 24-hour clock ("5 December 2026", "18:00"), as
/// tagcart writes them elsewhere; money stays `en` ("$49.00", not "US$49.00").
fn date_locale(locale: Locale) -> icu_locale_core::Locale {
    let code = match locale {
        Locale::En => "en-GB",
        other => other.as_str(),
    };
    code.parse().expect("a locale")
}

fn icu_locale(locale: Locale) -> icu_locale_core::Locale {
    locale.as_str().parse().expect("a locale")
}

static DATES: LazyLock<Vec<Dates>> = LazyLock::new(|| {
    Locale::ALL
        .into_iter()
        .map(|locale| {
            let prefs = (&date_locale(locale)).into();
            Dates {
                day: FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long())
                    .expect("compiled date data"),
                minute: FixedCalendarDateTimeFormatter::try_new(
                    prefs,
                    YMDT::medium().with_time_precision(TimePrecision::Minute),
                )
                .expect("compiled date data"),
            }
        })
        .collect()
});

/// A currency's format in one locale. CLDR shows fewer decimals than the currency has for
/// a few (COP, HUF, IDR: none), but a charge is exact: then the exact number takes the place
/// of CLDR's rounded one.
struct Money {
    currency: CurrencyFormatter<DecimalFormatter>,
    number: DecimalFormatter,
    /// The decimals CLDR shows, where fewer than the currency's exponent.
    rounds_to: Option<i16>,
}

impl Money {
    fn new(locale: Locale, currency: Currency) -> Option<Money> {
        let code = CurrencyType::try_from_str(currency.code).ok()?;
        let loc = icu_locale(locale);
        let formatter = CurrencyFormatter::try_new_symbol((&loc).into(), code, Default::default())
            .inspect_err(
                |e| tracing::error!(error = %e, currency = currency.code, "no currency format"),
            )
            .ok()?;
        let number = DecimalFormatter::try_new((&loc).into(), Default::default()).ok()?;
        let one = formatter
            .format_fixed_decimal(&Decimal::from(1))
            .to_string();
        let shows = |decimals: i16| {
            let mut d = Decimal::from(1);
            d.absolute.pad_end(-decimals);
            one.contains(&number.format(&d).to_string())
        };
        let exponent = i16::from(currency.exponent);
        let rounds_to = (!shows(exponent))
            .then(|| (0..exponent).rev().find(|&d| shows(d)))
            .flatten();
        Some(Money {
            currency: formatter,
            number,
            rounds_to,
        })
    }

    fn format(&self, amount: &Decimal) -> String {
        let text = self.currency.format_fixed_decimal(amount).to_string();
        let Some(decimals) = self.rounds_to else {
            return text;
        };
        let exact = Decimal::new(Sign::None, amount.absolute.clone());
        let mut rounded = exact.clone();
        rounded.round(-decimals);
        rounded.absolute.pad_end(-decimals);
        let shown = self.number.format(&rounded).to_string();
        let exact = self.number.format(&exact).to_string();
        text.replacen(&shown, &exact, 1)
    }
}

/// One format per locale and currency, made on first use (most shops sell in one or two).
static MONEY: LazyLock<Vec<OnceLock<Option<Money>>>> = LazyLock::new(|| {
    (0..Locale::ALL.len() * Currency::codes().count())
        .map(|_| OnceLock::new())
        .collect()
});

pub(super) fn init() {
    LazyLock::force(&DATES);
    LazyLock::force(&MONEY);
}

/// `4900` USD: en `$49.00`, de `49,00 $`; EUR: de `49,00 €`, nl `€ 49,00`. JPY has no decimals,
/// KWD three, as `Currency::exponent` says.
pub fn money(locale: Locale, minor: i64, currency: Currency) -> String {
    let format = Currency::codes()
        .position(|c| c == currency.code)
        .and_then(|index| {
            MONEY[locale.index() * Currency::codes().count() + index]
                .get_or_init(|| Money::new(locale, currency))
                .as_ref()
        });
    let Some(format) = format else {
        return currency.format(minor);
    };
    let mut amount = Decimal::from(minor);
    amount.multiply_pow10(-i16::from(currency.exponent));
    amount.absolute.pad_end(-i16::from(currency.exponent));
    format.format(&amount)
}

/// A rate in basis points as a percentage: en `19%`, `25.5%`; de `25,5 %`, fr `25,5 %`.
pub fn percent(locale: Locale, basis_points: u32) -> String {
    let whole = basis_points / 100;
    let hundredths = basis_points % 100;
    let mut number = whole.to_string();
    if hundredths > 0 {
        let comma = !matches!(locale, Locale::En);
        let fraction = format!("{hundredths:02}");
        number.push(if comma { ',' } else { '.' });
        number.push_str(fraction.trim_end_matches('0'));
    }
    match locale {
        // A (no-break) space before the sign where the language writes one.
        Locale::De | Locale::Fr => format!("{number}\u{a0}%"),
        _ => format!("{number}%"),
    }
}

/// `money` for an amount stored beside its currency's code (an order's, an invoice's); a code
/// tagcart does not know (never stored by this version) is shown as `4900 XYZ`.
pub fn money_in(locale: Locale, minor: i64, code: &str) -> String {
    match Currency::from_code(code) {
        Some(currency) => money(locale, minor, currency),
        None => format!("{minor} {code}"),
    }
}

fn utc(ts: Timestamp) -> Option<DateTime<Gregorian>> {
    let t = time::OffsetDateTime::from_unix_timestamp(ts).ok()?;
    let date = Date::try_new_gregorian(t.year(), t.month().into(), t.day()).ok()?;
    let time = Time::try_new(t.hour(), t.minute(), 0, 0).ok()?;
    Some(DateTime { date, time })
}

/// The day, UTC, in full: en `5 December 2026`, de `5. Dezember 2026`.
pub fn date(locale: Locale, ts: Timestamp) -> String {
    utc(ts)
        .map(|t| DATES[locale.index()].day.format(&t.date).to_string())
        .unwrap_or_default()
}

/// The day and the minute, UTC, without the zone's name: en `5 Dec 2026, 18:00`.
pub fn date_time(locale: Locale, ts: Timestamp) -> String {
    utc(ts)
        .map(|t| DATES[locale.index()].minute.format(&t).to_string())
        .unwrap_or_default()
}
