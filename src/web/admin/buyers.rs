//! Dashboard: one buyer's access view at `/admin/buyers/{email}`, and reading their lead back
//! from Kartra on demand.

use super::Admin;
use crate::db;
use crate::domain::access;
use crate::domain::fulfillment::JobState;
use crate::domain::validation::is_email;
use crate::error::AppError;
use crate::views::admin::access::buyer_href;
use crate::views::admin::buyers::{self as view, BuyerView, OrderLine};
use crate::views::admin::orders::price_words;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use std::collections::HashMap;

/// The most orders the view lists (newest first).
const ORDERS_SHOWN: i64 = 200;

struct Loaded {
    orders: Vec<OrderLine>,
    entitlements: Vec<db::entitlements::Entitlement>,
    jobs: Vec<db::jobs::Job>,
}

async fn render(
    state: &AppState,
    admin: &Admin,
    email: String,
    failure: Option<&str>,
) -> HtmlResult {
    let now = state.clock.now();
    let wanted = email.clone();
    let loaded = state
        .db(move |conn| {
            let products: HashMap<_, _> = db::products::list(conn)?
                .into_iter()
                .map(|p| (p.id, p.name))
                .collect();
            let terms = db::products::price_terms(conn)?;
            let mut orders = vec![];
            for order in db::orders::list(conn, None, Some(&wanted), ORDERS_SHOWN)? {
                let gives = (db::entitlements::order(conn, order.id)?.iter())
                    .flat_map(|line| access::of_order(&line.terms(), now))
                    .collect();
                let product = products.get(&order.product_id).cloned().unwrap_or_default();
                let lines = db::order_lines::of_order(conn, order.id)?;
                let price_words = price_words(&order, &lines, terms.get(&order.price_id));
                orders.push(OrderLine {
                    price_words,
                    order,
                    product,
                    gives,
                });
            }
            let entitlements = db::entitlements::for_email(conn, &wanted)?;
            let mut jobs = vec![];
            for e in &entitlements {
                let queued = db::jobs::for_buyer_tag(conn, &wanted, &e.kartra_tag)?;
                jobs.extend(queued.into_iter().filter(|j| j.state != JobState::Done));
            }
            jobs.sort_by_key(|j| j.id);
            Ok(Loaded {
                orders,
                entitlements,
                jobs,
            })
        })
        .await?;
    let v = BuyerView {
        email: &email,
        orders: &loaded.orders,
        entitlements: &loaded.entitlements,
        jobs: &loaded.jobs,
        failure,
    };
    Ok(html(StatusCode::OK, view::page(&admin.nav("orders"), &v)))
}

/// Any email: one without orders gets a page saying so.
pub async fn show(state: web::Data<AppState>, admin: Admin, path: web::Path<String>) -> HtmlResult {
    render(&state, &admin, path.into_inner().trim().to_string(), None).await
}

/// "Read back from Kartra now": asks Kartra for the lead's tags and records what it said.
pub async fn read_back(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let email = path.into_inner().trim().to_string();
    if !is_email(&email) {
        return Err(AppError::not_found("buyer").into());
    }
    let (fulfillment, now, lookup) = (state.fulfillment.clone(), state.clock.now(), email.clone());
    let read = web::block(move || fulfillment.read_back(&lookup, now))
        .await
        .map_err(AppError::from)?
        .map_err(AppError::from)?;
    match read {
        Ok(_) => Ok(see_other(&buyer_href(&email))),
        // Nothing was recorded: say why on the page instead of showing old answers as new.
        Err(failure) => render(&state, &admin, email, Some(&failure.describe())).await,
    }
}
