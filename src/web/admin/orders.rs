//! Dashboard: orders and their timelines.

use super::{path_id, Admin};
use crate::db;
use crate::domain::order::OrderStatus;
use crate::error::AppError;
use crate::views::admin::orders::{self as view, OrderView};
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web;

#[derive(serde::Deserialize)]
pub struct Filter {
    status: Option<String>,
    email: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    admin: Admin,
    filter: web::Query<Filter>,
) -> HtmlResult {
    let status_text = filter.status.clone().unwrap_or_default();
    let email = filter.email.clone().unwrap_or_default().trim().to_string();
    let status = OrderStatus::parse(&status_text);
    let wanted = email.clone();
    let orders = state
        .db(move |conn| {
            let orders = db::orders::list(
                conn,
                status,
                Some(wanted.as_str()).filter(|e| !e.is_empty()),
                200,
            )?;
            let mut rows = Vec::with_capacity(orders.len());
            for o in orders {
                let jobs = db::jobs::for_order(conn, o.id)?;
                rows.push((o, jobs));
            }
            Ok(rows)
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        view::list(&admin.nav("orders"), &orders, &status_text, &email),
    ))
}

pub async fn show(state: web::Data<AppState>, admin: Admin, path: web::Path<String>) -> HtmlResult {
    let id = path_id(&path, "order")?;
    let (order, product, events, jobs, attempts) = state
        .db(move |conn| {
            let order = db::orders::get(conn, id)?.ok_or_else(|| AppError::not_found("order"))?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("product"))?;
            Ok((
                order,
                product,
                db::orders::events(conn, id)?,
                db::jobs::for_order(conn, id)?,
                db::jobs::attempts_for_order(conn, id)?,
            ))
        })
        .await?;
    let v = OrderView {
        order: &order,
        product_name: &product.name,
        kartra_tag: &product.kartra_tag,
        events: &events,
        jobs: &jobs,
        attempts: &attempts,
    };
    Ok(html(StatusCode::OK, view::page(&admin.nav("orders"), &v)))
}
