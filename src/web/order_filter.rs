//! The orders' filters as a query string: one parser for the API's list, its CSV and the
//! dashboard, so the three always agree on what a filter means.

use crate::db::order_search::{Cursor, OrderFilter};
use crate::domain::ids::{OrderId, PageId, ProductId};
use crate::domain::order::OrderStatus;
use crate::domain::validation::FieldErrors;
use crate::gateways::Gateway;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

/// The query string as sent; an empty value (a GET form's unset field) is no filter.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub status: Option<String>,
    pub email: Option<String>,
    pub product_id: Option<String>,
    pub page_id: Option<String>,
    pub gateway: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub q: Option<String>,
    pub limit: Option<String>,
    pub starting_after: Option<String>,
    pub ending_before: Option<String>,
}

/// A checked search: what to find, where the page starts, and how many.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub filter: OrderFilter,
    pub cursor: Cursor,
    pub limit: i64,
}

impl Params {
    /// Every bad value is named, all at once (422 with `fields`).
    pub fn check(&self) -> Result<Search, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = given(&self.status).and_then(|s| {
            let status = OrderStatus::parse(s);
            if status.is_none() {
                errors.add(
                    "status",
                    "must be pending, completed, failed, refunded or cancelled",
                );
            }
            status
        });
        let gateway = given(&self.gateway).and_then(|g| {
            let gateway = Gateway::parse(g);
            if gateway.is_none() {
                let names: Vec<&str> = Gateway::ALL.iter().map(|g| g.as_str()).collect();
                errors.add("gateway", format!("must be one of {}", names.join(", ")));
            }
            gateway
        });
        let from = given(&self.from).and_then(|t| time_field(&mut errors, "from", t, Edge::Start));
        let until = given(&self.to).and_then(|t| time_field(&mut errors, "to", t, Edge::End));
        if let (Some(from), Some(until)) = (from, until) {
            if until <= from {
                errors.add("to", "must not be before from");
            }
        }
        let limit = match given(&self.limit).map(|l| l.parse::<i64>()) {
            None => DEFAULT_LIMIT,
            Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                errors.add(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_LIMIT}"),
                );
                DEFAULT_LIMIT
            }
        };
        let after = id_field(&mut errors, "starting_after", &self.starting_after);
        let before = id_field(&mut errors, "ending_before", &self.ending_before);
        let cursor = match (after, before) {
            (Some(_), Some(_)) => {
                errors.add("ending_before", "cannot be given with starting_after");
                Cursor::Newest
            }
            (Some(id), None) => Cursor::StartingAfter(OrderId(id)),
            (None, Some(id)) => Cursor::EndingBefore(OrderId(id)),
            (None, None) => Cursor::Newest,
        };
        let filter = OrderFilter {
            status,
            email: given(&self.email).map(str::to_string),
            product_id: id_field(&mut errors, "product_id", &self.product_id).map(ProductId),
            page_id: id_field(&mut errors, "page_id", &self.page_id).map(PageId),
            gateway,
            from,
            until,
            q: given(&self.q).map(str::to_string),
        };
        errors.into_result(Search {
            filter,
            cursor,
            limit,
        })
    }

    /// The same filters as a query string, without the page's place (for the CSV link and the
    /// paging links, which add their own cursor).
    pub fn filters_query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        let fields = [
            ("q", &self.q),
            ("status", &self.status),
            ("email", &self.email),
            ("product_id", &self.product_id),
            ("page_id", &self.page_id),
            ("gateway", &self.gateway),
            ("from", &self.from),
            ("to", &self.to),
        ];
        for (name, value) in fields {
            if let Some(value) = given(value) {
                query.append_pair(name, value);
            }
        }
        query.finish()
    }

    /// The filters and the page size, with a cursor (`starting_after` or `ending_before`).
    pub fn page_query(&self, cursor: &str, id: OrderId) -> String {
        let mut query = url::form_urlencoded::Serializer::new(self.filters_query());
        if let Some(limit) = given(&self.limit) {
            query.append_pair("limit", limit);
        }
        query.append_pair(cursor, &id.to_string()).finish()
    }
}

/// The trimmed value, unless it is absent or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn id_field(errors: &mut FieldErrors, name: &str, value: &Option<String>) -> Option<i64> {
    let text = given(value)?;
    match text.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.add(name, "must be an id (a whole number)");
            None
        }
    }
}

#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// A date is the whole UTC day, so `to=2026-11-30` includes that day; a time is that second.
/// Both become a bound on `created_at`: `>= from`, `< until`.
fn time_field(errors: &mut FieldErrors, name: &str, text: &str, edge: Edge) -> Option<i64> {
    let day = Date::parse(text, format_description!("[year]-[month]-[day]")).ok();
    let at = match day {
        Some(day) => Some(day.midnight().assume_utc().unix_timestamp()),
        None => OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(|t| t.unix_timestamp()),
    };
    let Some(at) = at else {
        errors.add(
            name,
            "must be a date (2026-11-24) or an RFC 3339 time (2026-11-24T10:00:00Z)",
        );
        return None;
    };
    Some(match (edge, day.is_some()) {
        (Edge::Start, _) => at,
        (Edge::End, true) => at + 86_400,
        (Edge::End, false) => at + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        actix_web::web::Query::<Params>::from_query(&query)
            .unwrap()
            .into_inner()
    }

    #[test]
    fn a_date_to_includes_its_whole_day_and_a_time_to_its_second() {
        let day = params(&[("from", "2026-11-24"), ("to", "2026-11-24")])
            .check()
            .unwrap();
        assert_eq!(day.filter.from, Some(1_795_478_400));
        assert_eq!(day.filter.until, Some(1_795_478_400 + 86_400));
        let time = params(&[("to", "2026-11-24T10:00:00Z")]).check().unwrap();
        assert_eq!(time.filter.until, Some(1_795_478_400 + 36_000 + 1));
    }

    #[test]
    fn every_bad_value_is_named() {
        let errors = params(&[
            ("status", "paid"),
            ("gateway", "bitcoin"),
            ("from", "yesterday"),
            ("limit", "0"),
            ("product_id", "x"),
            ("page_id", "-1"),
            ("starting_after", "abc"),
        ])
        .check()
        .unwrap_err();
        for field in [
            "status",
            "gateway",
            "from",
            "limit",
            "product_id",
            "page_id",
            "starting_after",
        ] {
            assert!(errors.get(field).is_some(), "{field} not named");
        }
    }

    #[test]
    fn blank_fields_are_no_filter_and_the_search_is_trimmed() {
        let search = params(&[("status", ""), ("q", "  Ada ")]).check().unwrap();
        assert_eq!(search.filter.status, None);
        assert_eq!(search.filter.q.as_deref(), Some("Ada"));
        assert_eq!(search.limit, DEFAULT_LIMIT);
        assert_eq!(search.cursor, Cursor::Newest);
    }

    #[test]
    fn the_filters_query_keeps_filters_and_drops_the_page() {
        let p = params(&[("q", "a b"), ("starting_after", "9"), ("limit", "5")]);
        assert_eq!(p.filters_query(), "q=a+b");
    }
}
