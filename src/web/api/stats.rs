//! `GET /stats?from&to`: revenue by day and currency, orders, refunds, subscriptions and each
//! page's funnel over whole UTC days (README, "Sales figures"). Money stays in minor units per
//! currency: never a float, never summed across currencies.

use super::ApiClient;
use crate::db::stats::{self, Span};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};

const DAY: i64 = 86_400;
/// The default span: the last 30 days, today included.
const DEFAULT_DAYS: i64 = 30;
/// A year and a leap day: the longest span one answer covers.
const MAX_DAYS: i64 = 366;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    from: Option<String>,
    to: Option<String>,
}

impl Params {
    /// The first and last day asked for, `today` filling in what is missing.
    fn days(&self, today: Date) -> Result<(Date, Date), FieldErrors> {
        let mut errors = FieldErrors::default();
        let to = date_field(&mut errors, "to", &self.to).unwrap_or(Some(today));
        let default_from = to.map(|to| to - Duration::days(DEFAULT_DAYS - 1));
        let from = date_field(&mut errors, "from", &self.from).unwrap_or(default_from);
        let (Some(from), Some(to)) = (from, to) else {
            return Err(errors);
        };
        if from > to {
            errors.add("from", "must not be after `to`");
        } else if (to - from).whole_days() + 1 > MAX_DAYS {
            errors.add(
                "to",
                format!("must be at most {MAX_DAYS} days after `from`"),
            );
        }
        if errors.is_empty() {
            Ok((from, to))
        } else {
            Err(errors)
        }
    }
}

/// `None` when not given; `Some(None)` when given but not a date (the error is added).
fn date_field(
    errors: &mut FieldErrors,
    name: &str,
    value: &Option<String>,
) -> Option<Option<Date>> {
    let text = value.as_deref()?;
    let date = Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok();
    if date.is_none() {
        errors.add(name, "must be a date (2026-11-24)");
    }
    Some(date)
}

fn midnight(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

/// A subscription's charge as a monthly amount, rounded half up in integer arithmetic: a year
/// is 12 months, a week 52/12 of a month, a day 365/12.
pub fn monthly(amount: i64, interval: &str, count: i64) -> Option<i64> {
    let (per_year, count) = match interval {
        "day" => (365, count),
        "week" => (52, count),
        "month" => (12, count),
        "year" => (1, count),
        _ => return None,
    };
    let months = 12 * count;
    Some((amount * per_year + months / 2) / months)
}

pub async fn get(
    state: web::Data<AppState>,
    _: ApiClient,
    params: web::Query<Params>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let today = OffsetDateTime::from_unix_timestamp(now)
        .map_err(AppError::internal)?
        .date();
    let (from, to) = params.days(today).map_err(AppError::invalid)?;
    let span = Span {
        start: midnight(from),
        end: midnight(to) + DAY,
    };
    let body = state
        .db(move |conn| {
            let charges = stats::charges(conn, span)?;
            let refunded = stats::refunded(conn, span)?;
            let placed = stats::placed_by_status(conn, span)?;
            let subscriptions = stats::active_subscriptions(conn)?;
            let pages = stats::page_funnels(conn, span)?;
            let days = ((span.end - span.start) / DAY) as usize;
            Ok(json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "currencies": currencies(span, days, &charges, &refunded),
                "orders": orders(&placed, &charges),
                "subscriptions": subscriptions_json(&subscriptions),
                "pages": pages.iter().map(|p| json!({
                    "page_id": p.page_id,
                    "slug": p.slug,
                    "title": p.title,
                    // Views are not counted yet (README, "Sales figures").
                    "views": null,
                    "checkouts_started": p.checkouts_started,
                    "paid": p.paid,
                    "access_granted": p.access_granted,
                })).collect::<Vec<_>>(),
            }))
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Per currency: what came in and went out, and every day's revenue, zeros included.
fn currencies(
    span: Span,
    days: usize,
    charges: &[stats::Charge],
    refunded: &[(String, i64)],
) -> Value {
    struct Totals {
        by_day: Vec<(i64, i64)>,
        refunded: i64,
    }
    let mut totals: BTreeMap<&str, Totals> = BTreeMap::new();
    for c in charges {
        let t = totals.entry(&c.currency).or_insert_with(|| Totals {
            by_day: vec![(0, 0); days],
            refunded: 0,
        });
        let day = &mut t.by_day[((c.at - span.start) / DAY) as usize];
        day.0 += c.amount;
        day.1 += i64::from(c.first);
    }
    for (currency, amount) in refunded {
        totals
            .entry(currency)
            .or_insert_with(|| Totals {
                by_day: vec![(0, 0); days],
                refunded: 0,
            })
            .refunded += amount;
    }
    let mut out = Map::new();
    for (currency, t) in totals {
        let revenue: i64 = t.by_day.iter().map(|d| d.0).sum();
        let by_day: Vec<Value> = (t.by_day.iter().enumerate())
            .map(|(i, (revenue, paid))| {
                let date = OffsetDateTime::from_unix_timestamp(span.start + i as i64 * DAY)
                    .map(|d| d.date().to_string())
                    .unwrap_or_default();
                json!({"date": date, "revenue": revenue, "orders_paid": paid})
            })
            .collect();
        out.insert(
            currency.to_string(),
            json!({
                "revenue": revenue,
                "refunded": t.refunded,
                "net": revenue - t.refunded,
                "orders_paid": t.by_day.iter().map(|d| d.1).sum::<i64>(),
                "by_day": by_day,
            }),
        );
    }
    Value::Object(out)
}

fn orders(placed: &[(String, i64)], charges: &[stats::Charge]) -> Value {
    let count = |status: &str| {
        (placed.iter())
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n)
    };
    json!({
        "placed": placed.iter().map(|(_, n)| n).sum::<i64>(),
        "paid": charges.iter().filter(|c| c.first).count(),
        "refunded": count("refunded"),
        "failed": count("failed"),
    })
}

fn subscriptions_json(subscriptions: &[stats::Subscription]) -> Value {
    let mut mrr: BTreeMap<&str, i64> = BTreeMap::new();
    for s in subscriptions {
        // A subscription whose price was deleted still counts as active, but its interval is
        // gone with the price, so it adds nothing to the monthly figure.
        if let Some(month) = (s.interval.as_ref()).and_then(|(i, n)| monthly(s.amount, i, *n)) {
            *mrr.entry(&s.currency).or_default() += month;
        }
    }
    json!({"active": subscriptions.len(), "mrr": mrr})
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let today = Date::from_calendar_date(2026, time::Month::December, 6).unwrap();
        let params = |from: Option<&str>, to: Option<&str>| Params {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        };
        let (from, to) = params(None, None).days(today).unwrap();
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("2026-11-07".into(), "2026-12-06".into())
        );
        let bad = params(Some("2026-13-01"), None).days(today).unwrap_err();
        assert!(bad.get("from").is_some());
        let reversed = params(Some("2026-12-02"), Some("2026-12-01"))
            .days(today)
            .unwrap_err();
        assert!(reversed.get("from").is_some());
        let long = params(Some("2025-01-01"), Some("2026-01-02"))
            .days(today)
            .unwrap_err();
        assert!(long.get("to").is_some());
        assert!(params(Some("2025-01-01"), Some("2026-01-01"))
            .days(today)
            .is_ok());
    }
}
