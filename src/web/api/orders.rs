//! Orders, their webhook events and fulfillment jobs.

use super::{id, ApiClient};
use crate::clock;
use crate::db::{self, jobs::Job, order_lines::Line, orders::Order};
use crate::domain::invoice::{Document, Kind};
use crate::domain::tax::Prices;
use crate::error::AppError;
use crate::orders;
use crate::web::order_filter::Params;
use crate::web::{orders_csv, AppState};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

/// The order as the JSON API shows it (README, "JSON API").
pub fn order_json(o: &Order, lines: &[Line], jobs: &[Job], invoice_number: Option<&str>) -> Value {
    json!({
        "id": o.id,
        "status": o.status.as_str(),
        "email": o.buyer.email,
        "first_name": o.buyer.first_name,
        "last_name": o.buyer.last_name,
        "product_id": o.product_id,
        "price_id": o.price_id,
        "amount": o.amount,
        "subtotal": o.subtotal,
        "discount": o.discount,
        "coupon_code": o.coupon_code,
        "net": o.amount - o.tax,
        "tax": o.tax,
        "tax_rate": o.sale_tax.rate(),
        "tax_treatment": o.sale_tax.applied.map(|(t, _)| t.as_str()),
        "prices_include_tax": o.sale_tax.applied.map(|(_, p)| p == Prices::IncludeTax),
        "company": o.sale_tax.company,
        "vat_id": o.sale_tax.vat_id,
        "vat_id_check": o.sale_tax.vat_id_check.map(|c| c.as_str()),
        "currency": o.currency,
        "invoice_number": invoice_number,
        "consent": {
            "terms_url": o.consent.terms_url,
            "terms_accepted_at": o.consent.terms_accepted_at.map(clock::rfc3339),
            "waiver_text": o.consent.waiver_text,
            "waiver_at": o.consent.waiver_at.map(clock::rfc3339),
        },
        "lines": lines,
        "parent_order_id": o.parent_order_id,
        "gateway": o.gateway,
        "payment_ref": o.payment_ref,
        "processor_ref": o.processor_ref,
        "created_at": clock::rfc3339(o.created_at),
        "completed_at": o.completed_at.map(clock::rfc3339),
        "refunded": o.refunded,
        "processing": o.processing,
        "fulfillment": jobs,
    })
}

/// `GET /orders`: newest first, filtered (see `order_filter`). The answer stays the bare array
/// it always was; `Tagcart-Has-More: true` says another page follows (`starting_after` = the
/// last order's id).
pub async fn list(
    state: web::Data<AppState>,
    _: ApiClient,
    params: web::Query<Params>,
) -> Result<HttpResponse, AppError> {
    let search = params.check().map_err(AppError::invalid)?;
    let (orders, has_more) = state
        .db(move |conn| {
            let (orders, has_more) =
                db::order_search::page_and_more(conn, &search.filter, search.cursor, search.limit)?;
            let ids: Vec<crate::domain::ids::OrderId> = orders.iter().map(|o| o.id).collect();
            let mut jobs = db::jobs::for_orders(conn, &ids)?;
            let mut lines = db::order_lines::of_orders(conn, &ids)?;
            let numbers = db::invoices::first_numbers(conn, &ids)?;
            let out: Vec<Value> = orders
                .iter()
                .map(|o| {
                    let order_lines = lines.remove(&o.id).unwrap_or_default();
                    let jobs = jobs.remove(&o.id).unwrap_or_default();
                    order_json(
                        o,
                        &order_lines,
                        &jobs,
                        numbers.get(&o.id).map(String::as_str),
                    )
                })
                .collect();
            Ok((out, has_more))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Tagcart-Has-More", has_more.to_string()))
        .json(orders))
}

/// `GET /orders.csv`: every order the filters find, streamed (`limit` and the cursors are
/// for pages of the list, not for the export).
pub async fn csv(
    state: web::Data<AppState>,
    _: ApiClient,
    params: web::Query<Params>,
) -> Result<HttpResponse, AppError> {
    let search = params.check().map_err(AppError::invalid)?;
    let now = state.clock.now();
    Ok(orders_csv::response(state.pool.clone(), search.filter, now))
}

/// One order with its whole timeline: events received and every Kartra attempt.
pub async fn get(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id(path, "order")?;
    let body = state
        .db(move |conn| {
            let order = db::orders::get(conn, id)?.ok_or_else(|| AppError::not_found("order"))?;
            let lines = db::order_lines::of_order(conn, id)?;
            let documents = db::invoices::of_order(conn, id)?;
            let first = (documents.iter())
                .find(|d| d.document.kind == Kind::Invoice)
                .map(|d| d.document.number.as_str());
            let jobs = db::jobs::for_order(conn, id)?;
            let mut body = order_json(&order, &lines, &jobs, first);
            body["invoices"] = (documents.iter())
                .map(|d| document_json(&d.document))
                .collect();
            body["events"] = json!(db::orders::events(conn, id)?);
            body["attempts"] = json!(db::jobs::attempts_for_order(conn, id)?);
            body["emails"] = json!(db::emails::of_order(conn, id)?);
            body["actions"] = json!(db::order_actions::of_order(conn, id)?);
            Ok(body)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// An invoice or credit note as the order's detail lists it.
fn document_json(d: &Document) -> Value {
    json!({
        "number": d.number,
        "kind": d.kind.as_str(),
        "issued_at": clock::rfc3339(d.issued_at),
        "corrects": d.corrects,
        "currency": d.currency,
        "net": d.net,
        "tax": d.tax,
        "total": d.total,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhichInvoice {
    /// One of the order's documents; without it, the order's first invoice.
    number: Option<String>,
}

/// `GET /orders/{id}/invoice[?number=2026-000007]`: the PDF.
pub async fn invoice(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
    which: web::Query<WhichInvoice>,
) -> Result<HttpResponse, AppError> {
    let id = id(path, "order")?;
    let number = which.into_inner().number;
    let document = state
        .db(move |conn| {
            if db::orders::get(conn, id)?.is_none() {
                return Err(AppError::not_found("order"));
            }
            let documents = db::invoices::of_order(conn, id)?;
            let found = documents
                .into_iter()
                .map(|d| d.document)
                .find(|d| match &number {
                    Some(n) => d.number == *n,
                    None => d.kind == Kind::Invoice,
                });
            found.ok_or_else(|| AppError::not_found("invoice"))
        })
        .await?;
    crate::web::pdf_response(&document).await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReplayOne {
    /// Remove the tag and assign it again, for when a Kartra automation missed it the first time.
    #[serde(default)]
    retrigger: bool,
}

/// Queues the grant of one completed order again (the body is optional).
pub async fn replay(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id(path, "order")?;
    let input: ReplayOne = optional_body(&body)?.unwrap_or_default();
    let now = state.clock.now();
    let queued = state
        .db(move |conn| {
            if db::orders::get(conn, id)?.is_none() {
                return Err(AppError::not_found("order"));
            }
            orders::replay::replay(conn, id, input.retrigger, now)?.ok_or_else(|| {
                AppError::conflict(
                    "order_not_completed",
                    "Only a completed order's grant can be replayed.",
                )
            })
        })
        .await?;
    state.fulfillment.wake();
    Ok(HttpResponse::Ok().json(json!({ "queued": 1, "jobs": queued })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplayWindow {
    since: Option<String>,
    until: Option<String>,
}

/// Parses an RFC 3339 time, e.g. `2026-11-24T10:00:00Z`.
pub fn parse_time(text: &str) -> Option<i64> {
    time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// Checks a replay window: `since` required, `until` defaults to now and must be later.
pub fn window(
    since: Option<&str>,
    until: Option<&str>,
    now: i64,
) -> Result<(i64, i64), crate::domain::validation::FieldErrors> {
    let mut errors = crate::domain::validation::FieldErrors::default();
    let since = match since.map(parse_time) {
        None => {
            errors.add("since", "is required (RFC 3339, e.g. 2026-11-24T10:00:00Z)");
            0
        }
        Some(None) => {
            errors.add(
                "since",
                "must be an RFC 3339 time, e.g. 2026-11-24T10:00:00Z",
            );
            0
        }
        Some(Some(t)) => t,
    };
    let until = match until.map(parse_time) {
        None => now,
        Some(None) => {
            errors.add(
                "until",
                "must be an RFC 3339 time, e.g. 2026-11-24T12:00:00Z",
            );
            now
        }
        Some(Some(t)) => t,
    };
    if errors.is_empty() && until <= since {
        errors.add("until", "must be later than since");
    }
    errors.into_result((since, until))
}

/// Queues the grants of every order completed in the window again.
pub async fn replay_window(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<ReplayWindow>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let (since, until) =
        window(body.since.as_deref(), body.until.as_deref(), now).map_err(AppError::invalid)?;
    let queued = state
        .db(move |conn| Ok(orders::replay::replay_window(conn, since, until, now)?))
        .await?;
    state.fulfillment.wake();
    Ok(HttpResponse::Ok().json(json!({ "queued": queued })))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RefundBody {
    /// In minor units; all that is left when absent.
    amount: Option<i64>,
    #[serde(default)]
    reason: String,
}

/// `POST /orders/{id}/refund`: asks the processor; the order changes when its refund event
/// arrives. 202 with the action (`requested` while the processor could not be reached).
pub async fn refund(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id(path, "order")?;
    let input: RefundBody = optional_body(&body)?.unwrap_or_default();
    let request = orders::actions::Request::Refund {
        amount: input.amount,
        reason: input.reason.trim().to_string(),
    };
    let by = requested_by(&state, client).await?;
    let action = crate::web::order_actions::ask(&state, id, request, by).await?;
    Ok(HttpResponse::Accepted().json(action))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CancelBody {
    at_period_end: bool,
}

/// At period end unless the body says otherwise (an empty body, or `{}`).
impl Default for CancelBody {
    fn default() -> CancelBody {
        CancelBody {
            at_period_end: true,
        }
    }
}

/// `POST /orders/{id}/cancel {"at_period_end": true}` (the default).
pub async fn cancel(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id(path, "order")?;
    let input: CancelBody = optional_body(&body)?.unwrap_or_default();
    let request = orders::actions::Request::Cancel {
        at_period_end: input.at_period_end,
    };
    let by = requested_by(&state, client).await?;
    let action = crate::web::order_actions::ask(&state, id, request, by).await?;
    Ok(HttpResponse::Accepted().json(action))
}

/// An empty body is no body.
fn optional_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Option<T>, AppError> {
    match body.iter().all(u8::is_ascii_whitespace) {
        true => Ok(None),
        false => super::parse_json(body).map(Some),
    }
}

/// `token NAME`, as the order's record shows who asked.
async fn requested_by(state: &AppState, client: ApiClient) -> Result<String, AppError> {
    let name = state
        .db(move |conn| {
            let tokens = db::api_tokens::list(conn)?;
            Ok(tokens
                .into_iter()
                .find(|t| t.id == client.token_id)
                .map(|t| t.name))
        })
        .await?;
    Ok(format!("token {}", name.unwrap_or_default()))
}
