//! Sales figures over whole UTC days, as `GET /api/v1/stats` answers them and the dashboard
//! draws them (README, "Sales figures"). Money stays in minor units per currency: never a
//! float, never summed across currencies. `db::stats` reads the rows; this adds them up.

use crate::clock::Timestamp;
use crate::domain::ids::PageId;
use crate::domain::validation::FieldErrors;
use std::collections::BTreeMap;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};

pub const DAY: i64 = 86_400;
/// The default range: the last 30 days, today included.
pub const DEFAULT_DAYS: i64 = 30;
/// A year and a leap day: the longest range one report covers.
pub const MAX_DAYS: i64 = 366;

/// An inclusive range of UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub from: Date,
    pub to: Date,
}

/// The same range as instants: `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: Timestamp,
    /// Exclusive: the midnight after the last day.
    pub end: Timestamp,
}

impl Days {
    /// The `count` days that end today.
    pub fn last(count: i64, today: Date) -> Days {
        Days {
            from: today - Duration::days(count - 1),
            to: today,
        }
    }

    /// `from` and `to` as typed (`2026-11-24`), `today` filling in what is missing: `to`
    /// defaults to today and `from` to `DEFAULT_DAYS` before `to`. Every bad field is named.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: Date) -> Result<Days, FieldErrors> {
        let mut errors = FieldErrors::default();
        let to = date_field(&mut errors, "to", given(to)).unwrap_or(Some(today));
        let default_from = to.map(|to| Days::last(DEFAULT_DAYS, to).from);
        let from = date_field(&mut errors, "from", given(from)).unwrap_or(default_from);
        let (Some(from), Some(to)) = (from, to) else {
            return Err(errors);
        };
        let days = Days { from, to };
        if from > to {
            errors.add("from", "must not be after the end of the range");
        } else if days.count() > MAX_DAYS {
            errors.add(
                "to",
                format!("must be at most {MAX_DAYS} days after the start of the range"),
            );
        }
        if errors.is_empty() {
            Ok(days)
        } else {
            Err(errors)
        }
    }

    pub fn count(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    pub fn span(&self) -> Span {
        Span {
            start: midnight(self.from),
            end: midnight(self.to) + DAY,
        }
    }

    /// The `i`th day of the range.
    pub fn day(&self, i: usize) -> Date {
        self.from + Duration::days(i as i64)
    }
}

/// Today by the app's clock, in UTC.
pub fn today(now: Timestamp) -> Date {
    OffsetDateTime::from_unix_timestamp(now)
        .map_or(OffsetDateTime::UNIX_EPOCH, |t| t)
        .date()
}

fn midnight(day: Date) -> Timestamp {
    day.midnight().assume_utc().unix_timestamp()
}

/// `None` when not given; `Some(None)` when given but not a date (the error is added).
/// A field left empty counts as not given.
fn given(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

fn date_field(errors: &mut FieldErrors, name: &str, text: Option<&str>) -> Option<Option<Date>> {
    let date = Date::parse(text?, format_description!("[year]-[month]-[day]")).ok();
    if date.is_none() {
        errors.add(name, "must be a date (2026-11-24)");
    }
    Some(date)
}

/// One payment received: an order's first (its completion) or a later one (a renewal or an
/// installment).
pub struct Charge {
    pub currency: String,
    pub at: Timestamp,
    pub amount: i64,
    pub first: bool,
}

/// An active subscription's charge and, while its price still exists, how often it recurs.
pub struct Subscription {
    pub currency: String,
    pub amount: i64,
    pub interval: Option<(String, i64)>,
}

/// A page's funnel over the range: views, then the orders placed on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFunnel {
    pub page_id: PageId,
    pub slug: String,
    pub title: String,
    pub views: i64,
    pub checkouts_started: i64,
    /// Ever completed, a later refund included.
    pub paid: i64,
    /// A `grant` fulfillment job done.
    pub access_granted: i64,
}

/// Paid orders offered the bump and shown the upsell, and how many took each (an upsell
/// counts once its own order is paid).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TakeRates {
    pub bump_offered: i64,
    pub bump_taken: i64,
    pub upsell_shown: i64,
    pub upsell_taken: i64,
}

/// The rows a report is added up from, as `db::stats` reads them.
pub struct Rows {
    pub charges: Vec<Charge>,
    /// Refunds recorded in the range, per currency.
    pub refunded: Vec<(String, i64)>,
    /// Orders placed in the range, per status now.
    pub placed: Vec<(String, i64)>,
    pub subscriptions: Vec<Subscription>,
    pub pages: Vec<PageFunnel>,
    pub take_rates: TakeRates,
}

/// What came in and went out in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyFigures {
    pub code: String,
    pub revenue: i64,
    pub refunded: i64,
    pub net: i64,
    pub orders_paid: i64,
    /// Every day of the range, zeros included: (revenue, orders paid).
    pub by_day: Vec<(i64, i64)>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderCounts {
    pub placed: i64,
    pub paid: i64,
    pub refunded: i64,
    pub failed: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub days: Days,
    /// By currency code.
    pub currencies: Vec<CurrencyFigures>,
    pub orders: OrderCounts,
    pub active_subscriptions: usize,
    /// Monthly recurring revenue by currency code.
    pub mrr: Vec<(String, i64)>,
    pub pages: Vec<PageFunnel>,
    pub take_rates: TakeRates,
}

impl Report {
    pub fn add_up(days: Days, rows: Rows) -> Report {
        let span = days.span();
        let count = days.count() as usize;
        let mut currencies: BTreeMap<&str, CurrencyFigures> = BTreeMap::new();
        let figures = |code: &str| -> CurrencyFigures {
            CurrencyFigures {
                code: code.to_string(),
                revenue: 0,
                refunded: 0,
                net: 0,
                orders_paid: 0,
                by_day: vec![(0, 0); count],
            }
        };
        for c in &rows.charges {
            let f = currencies
                .entry(&c.currency)
                .or_insert_with(|| figures(&c.currency));
            let day = &mut f.by_day[((c.at - span.start) / DAY) as usize];
            day.0 += c.amount;
            day.1 += i64::from(c.first);
        }
        for (code, amount) in &rows.refunded {
            currencies
                .entry(code)
                .or_insert_with(|| figures(code))
                .refunded += amount;
        }
        for f in currencies.values_mut() {
            f.revenue = f.by_day.iter().map(|d| d.0).sum();
            f.orders_paid = f.by_day.iter().map(|d| d.1).sum();
            f.net = f.revenue - f.refunded;
        }
        let status = |wanted: &str| {
            (rows.placed.iter())
                .find(|(s, _)| s == wanted)
                .map_or(0, |(_, n)| *n)
        };
        let orders = OrderCounts {
            placed: rows.placed.iter().map(|(_, n)| n).sum(),
            paid: rows.charges.iter().filter(|c| c.first).count() as i64,
            refunded: status("refunded"),
            failed: status("failed"),
        };
        let mut mrr: BTreeMap<&str, i64> = BTreeMap::new();
        for s in &rows.subscriptions {
            // A subscription whose price was deleted still counts as active, but its interval
            // is gone with the price, so it adds nothing to the monthly figure.
            if let Some(month) = (s.interval.as_ref()).and_then(|(i, n)| monthly(s.amount, i, *n)) {
                *mrr.entry(&s.currency).or_default() += month;
            }
        }
        Report {
            days,
            currencies: currencies.into_values().collect(),
            orders,
            active_subscriptions: rows.subscriptions.len(),
            mrr: mrr.into_iter().map(|(c, n)| (c.to_string(), n)).collect(),
            pages: rows.pages,
            take_rates: rows.take_rates,
        }
    }
}

/// A subscription's charge as a monthly amount, rounded half up in integer arithmetic: a year
/// is 12 months, a week 52/12 of a month, a day 365/12.
pub fn monthly(amount: i64, interval: &str, count: i64) -> Option<i64> {
    let per_year = match interval {
        "day" => 365,
        "week" => 52,
        "month" => 12,
        "year" => 1,
        _ => return None,
    };
    let months = 12 * count;
    Some((amount * per_year + months / 2) / months)
}

/// `part` of `whole` as a whole percentage, rounded half up; `None` of nothing.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 100 + whole / 2) / whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text, format_description!("[year]-[month]-[day]")).unwrap()
    }

    #[test]
    fn monthly_amounts_round_half_up() {
        assert_eq!(monthly(1000, "month", 1), Some(1000));
        assert_eq!(monthly(1001, "month", 2), Some(501));
        assert_eq!(monthly(12000, "year", 1), Some(1000));
        assert_eq!(monthly(1000, "week", 1), Some(4333));
        assert_eq!(monthly(100, "day", 1), Some(3042));
        assert_eq!(monthly(100, "fortnight", 1), None);
    }

    #[test]
    fn dates_default_to_the_last_30_days_and_bad_ones_are_named() {
        let today = date("2026-12-06");
        let days = Days::parse(None, None, today).unwrap();
        assert_eq!((days.from, days.to), (date("2026-11-07"), today));
        assert_eq!(days.count(), 30);
        assert_eq!(Days::parse(Some(" "), Some(""), today), Ok(days));
        let bad = Days::parse(Some("2026-13-01"), None, today).unwrap_err();
        assert!(bad.get("from").is_some());
        let reversed = Days::parse(Some("2026-12-02"), Some("2026-12-01"), today).unwrap_err();
        assert!(reversed.get("from").is_some());
        let long = Days::parse(Some("2025-01-01"), Some("2026-01-02"), today).unwrap_err();
        assert!(long.get("to").is_some());
        assert!(Days::parse(Some("2025-01-01"), Some("2026-01-01"), today).is_ok());
    }

    #[test]
    fn charges_land_on_their_day_and_refunds_on_their_currency() {
        let days = Days {
            from: date("2026-12-01"),
            to: date("2026-12-03"),
        };
        let start = days.span().start;
        let charge = |currency: &str, at, amount, first| Charge {
            currency: currency.into(),
            at,
            amount,
            first,
        };
        let rows = Rows {
            charges: vec![
                charge("USD", start, 1000, true),
                charge("USD", start + 2 * DAY + 5, 500, false),
                charge("EUR", start + DAY, 700, true),
            ],
            refunded: vec![("USD".into(), 300), ("GBP".into(), 100)],
            placed: vec![("completed".into(), 2), ("failed".into(), 1)],
            subscriptions: vec![Subscription {
                currency: "USD".into(),
                amount: 1200,
                interval: Some(("year".into(), 1)),
            }],
            pages: vec![],
            take_rates: TakeRates::default(),
        };
        let report = Report::add_up(days, rows);
        let codes: Vec<&str> = report.currencies.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["EUR", "GBP", "USD"]);
        let usd = &report.currencies[2];
        assert_eq!(usd.by_day, [(1000, 1), (0, 0), (500, 0)]);
        assert_eq!(
            (usd.revenue, usd.refunded, usd.net, usd.orders_paid),
            (1500, 300, 1200, 1)
        );
        assert_eq!(report.currencies[1].net, -100);
        assert_eq!(
            report.orders,
            OrderCounts {
                placed: 3,
                paid: 2,
                refunded: 0,
                failed: 1
            }
        );
        assert_eq!(report.mrr, [("USD".to_string(), 100)]);
    }

    #[test]
    fn percentages_round_half_up_and_nothing_is_no_percentage() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(1, 8), Some(13));
        assert_eq!(percent(0, 0), None);
    }
}
