//! Dashboard: orders and their timelines.

use super::{path_id, Admin};
use crate::db;
use crate::db::order_search::Cursor;
use crate::diagnostics;
use crate::domain::ids::OrderId;
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::orders;
use crate::orders::actions::Request;
use crate::views::admin::order_actions::{self, Confirm};
use crate::views::admin::order_list as list_view;
use crate::views::admin::orders::{self as view, OrderView};
use crate::web::form::Form;
use crate::web::order_filter::Params;
use crate::web::{html, orders_csv, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

/// The list, filtered and a page at a time, with the same filters as the API (`order_filter`).
pub async fn list(
    state: web::Data<AppState>,
    admin: Admin,
    params: web::Query<Params>,
) -> HtmlResult {
    let params = params.into_inner();
    let checked = params.check();
    let search = checked.as_ref().ok().cloned();
    let (rows, terms, choices, has_more) = state
        .db(move |conn| {
            let choices = list_view::Choices {
                products: (db::products::list(conn)?.into_iter())
                    .map(|p| (p.id, p.name))
                    .collect(),
                pages: (db::pages::list(conn)?.into_iter())
                    .map(|p| (p.id, p.draft.title))
                    .collect(),
            };
            // A bad filter shows the form with its error, and no orders.
            let Some(search) = search else {
                return Ok((Vec::new(), Default::default(), choices, false));
            };
            let (orders, has_more) =
                db::order_search::page_and_more(conn, &search.filter, search.cursor, search.limit)?;
            let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();
            let mut jobs = db::jobs::for_orders(conn, &ids)?;
            let mut lines = db::order_lines::of_orders(conn, &ids)?;
            let terms = db::products::price_terms(conn)?;
            let rows: Vec<_> = orders
                .into_iter()
                .map(|o| {
                    let jobs = jobs.remove(&o.id).unwrap_or_default();
                    let lines = lines.remove(&o.id).unwrap_or_default();
                    (o, jobs, lines)
                })
                .collect();
            Ok((rows, terms, choices, has_more))
        })
        .await?;
    let cursor = checked.as_ref().map_or(Cursor::Newest, |s| s.cursor);
    let errors = checked.err().unwrap_or_default();
    let (first, last) = (rows.first().map(|r| r.0.id), rows.last().map(|r| r.0.id));
    let paging = list_view::Paging {
        newer: match cursor {
            Cursor::Newest => None,
            Cursor::StartingAfter(_) => first,
            Cursor::EndingBefore(_) => first.filter(|_| has_more),
        }
        .map(|id| format!("/admin/orders?{}", params.page_query("ending_before", id))),
        older: match cursor {
            Cursor::EndingBefore(_) => last,
            _ => last.filter(|_| has_more),
        }
        .map(|id| format!("/admin/orders?{}", params.page_query("starting_after", id))),
        csv: format!("/admin/orders.csv?{}", params.filters_query()),
    };
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let list = list_view::OrderList {
        orders: &rows,
        terms: &terms,
        choices: &choices,
        params: &params,
        errors: &errors,
        paging: &paging,
    };
    Ok(html(status, list_view::list(&admin.nav("orders"), &list)))
}

/// The filtered orders as CSV, like the API's `orders.csv` but with the admin's session.
pub async fn csv(state: web::Data<AppState>, _: Admin, params: web::Query<Params>) -> HtmlResult {
    let search = params.check().map_err(AppError::invalid)?;
    let now = state.clock.now();
    Ok(orders_csv::response(state.pool.clone(), search.filter, now))
}

#[derive(serde::Deserialize)]
pub struct Show {
    diagnose: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    query: web::Query<Show>,
) -> HtmlResult {
    let id: OrderId = path_id(&path, "order")?;
    let (
        order,
        product,
        lines,
        events,
        jobs,
        attempts,
        mut access,
        upsell,
        documents,
        emails,
        actions,
        payment,
    ) = state
        .db(move |conn| {
            let order = db::orders::get(conn, id)?.ok_or_else(|| AppError::not_found("order"))?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("product"))?;
            Ok((
                order,
                product,
                db::order_lines::of_order(conn, id)?,
                db::orders::events(conn, id)?,
                db::jobs::for_order(conn, id)?,
                db::jobs::attempts_for_order(conn, id)?,
                db::entitlements::for_order(conn, id)?,
                db::orders::upsell_of(conn, id)?,
                (db::invoices::of_order(conn, id)?.into_iter())
                    .map(|d| d.document)
                    .collect::<Vec<_>>(),
                db::emails::of_order(conn, id)?,
                db::order_actions::of_order(conn, id)?,
                db::orders::newest_payment(conn, id)?,
            ))
        })
        .await?;
    // Diagnostics ask Kartra, which can take seconds when it is down: only on request.
    let checks = match query.diagnose.is_some() {
        true => {
            let (key, fulfillment, pool) = (
                state.key.clone(),
                state.fulfillment.clone(),
                state.pool.clone(),
            );
            let (email, now) = (order.buyer.email.clone(), state.clock.now());
            let (probe, read) = web::block(move || -> Result<_, AppError> {
                let probe = diagnostics::probe(&*pool.get()?, &key, fulfillment.kartra())?;
                Ok((probe, fulfillment.read_back(&email, now)?))
            })
            .await
            .map_err(AppError::from)??;
            let url = state.config.public_url();
            let mut checks = diagnostics::order_checks(
                &order,
                &product.kartra_tag,
                &jobs,
                &attempts,
                &probe,
                url,
                now,
            );
            if let Ok(read) = &read {
                // What Kartra just said, for this order's entitlements only.
                access = read
                    .entitlements
                    .iter()
                    .filter(|e| e.orders.contains(&id))
                    .cloned()
                    .collect();
            }
            checks.extend(diagnostics::access_checks(
                &access,
                read.as_ref().map(|_| ()),
            ));
            Some(checks)
        }
        false => None,
    };
    let dashboard = (state.processors.get(order.gateway))
        .zip(order.processor_ref.as_deref())
        .and_then(|(p, r)| p.dashboard_url(r, payment.as_deref()));
    let v = OrderView {
        order: &order,
        terms: product
            .prices
            .iter()
            .find(|p| p.id == order.price_id)
            .map(|p| &p.terms),
        product_name: &product.name,
        kartra_tag: &product.kartra_tag,
        lines: &lines,
        upsell: upsell.as_ref(),
        events: &events,
        jobs: &jobs,
        attempts: &attempts,
        access: &access,
        checks: checks.as_deref(),
        documents: &documents,
        emails: &emails,
        actions: &actions,
        dashboard_url: dashboard.as_deref(),
    };
    Ok(html(StatusCode::OK, view::page(&admin.nav("orders"), &v)))
}

/// "Replay grant" and "Re-trigger" on a completed order.
pub async fn replay(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let id: OrderId = path_id(&path, "order")?;
    let retrigger = form.get("action") == Some("retrigger");
    let now = state.clock.now();
    let queued = state
        .db(move |conn| Ok(orders::replay::replay(conn, id, retrigger, now)?))
        .await?;
    if queued.is_none() {
        return Err(AppError::conflict(
            "order_not_completed",
            "Only a completed order's grant can be replayed.",
        )
        .into());
    }
    state.fulfillment.wake();
    Ok(see_other(&format!("/admin/orders/{id}")))
}

/// `/admin/orders/{id}/invoice/{number}`: one of the order's documents as a PDF.
pub async fn invoice(
    state: web::Data<AppState>,
    _: Admin,
    path: web::Path<(String, String)>,
) -> Result<actix_web::HttpResponse, AppError> {
    let (id, number) = path.into_inner();
    let id = id
        .parse::<i64>()
        .map(OrderId)
        .map_err(|_| AppError::not_found("order"))?;
    let document = state
        .db(move |conn| {
            db::invoices::by_number(conn, &number)?
                .filter(|d| d.order_id == id)
                .map(|d| d.document)
                .ok_or_else(|| AppError::not_found("invoice"))
        })
        .await?;
    crate::web::pdf_response(&document).await
}

/// Queues the email again, as it was (a buyer who lost it, or an address since fixed at the
/// SMTP server); the scheduler sends it with the next pass.
pub async fn resend_email(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let (order, email) = path.into_inner();
    let (Ok(order), Ok(email)) = (order.parse::<i64>(), email.parse::<i64>()) else {
        return Err(AppError::not_found("email").into());
    };
    let now = state.clock.now();
    state
        .db(move |conn| {
            let found =
                db::emails::get(conn, email)?.filter(|e| e.order_id == Some(OrderId(order)));
            let e = found.ok_or_else(|| AppError::not_found("email"))?;
            let again = db::emails::NewEmail {
                order_id: OrderId(order),
                kind: e.kind,
                to: &e.to,
                invoice_id: e.invoice_id,
                access_until: e.access_until,
            };
            Ok(db::emails::queue(conn, &again, now)?)
        })
        .await?;
    state.fulfillment.wake();
    Ok(see_other(&format!("/admin/orders/{order}")))
}

/// "Refund…": the confirmation step first, then the request (`confirm=yes`).
pub async fn refund(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let id: OrderId = path_id(&path, "order")?;
    let order = order_of(&state, id).await?;
    let reason = form.get("reason").unwrap_or("").trim().to_string();
    let text = form.get("amount").unwrap_or("").trim();
    let currency = Currency::from_code(&order.currency);
    let amount = match currency.map(|c| c.parse_major(text)) {
        Some(Ok(amount)) if amount > 0 => amount,
        _ => {
            return Err(AppError::bad_request(
                "invalid_amount",
                format!(
                    "Type the amount to refund in {}, like 10.00.",
                    order.currency
                ),
            )
            .into())
        }
    };
    if form.get("confirm") != Some("yes") {
        let what = Confirm::Refund { amount, reason };
        return Ok(html(
            StatusCode::OK,
            order_actions::confirm(&admin.nav("orders"), &order, &what),
        ));
    }
    let request = Request::Refund {
        amount: Some(amount),
        reason,
    };
    crate::web::order_actions::ask(&state, id, request, format!("admin {}", admin.email)).await?;
    Ok(see_other(&format!("/admin/orders/{id}#refund-cancel")))
}

/// "Cancel at period end…" and "Cancel now…": confirmed, then asked.
pub async fn cancel(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let id: OrderId = path_id(&path, "order")?;
    let at_period_end = match form.get("when") {
        Some("period_end") => true,
        Some("now") => false,
        _ => {
            return Err(
                AppError::bad_request("invalid_when", "Choose at period end or now.").into(),
            )
        }
    };
    if form.get("confirm") != Some("yes") {
        let order = order_of(&state, id).await?;
        let what = Confirm::Cancel { at_period_end };
        return Ok(html(
            StatusCode::OK,
            order_actions::confirm(&admin.nav("orders"), &order, &what),
        ));
    }
    let request = Request::Cancel { at_period_end };
    crate::web::order_actions::ask(&state, id, request, format!("admin {}", admin.email)).await?;
    Ok(see_other(&format!("/admin/orders/{id}#refund-cancel")))
}

async fn order_of(state: &AppState, id: OrderId) -> Result<db::orders::Order, AppError> {
    state
        .db(move |conn| db::orders::get(conn, id)?.ok_or_else(|| AppError::not_found("order")))
        .await
}
