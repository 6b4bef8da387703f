//! `GET /stats?from&to`: revenue by day and currency, orders, refunds, subscriptions and each
//! page's funnel over whole UTC days (README, "Sales figures").

use super::ApiClient;
use crate::db;
use crate::domain::sales::{self, Days, Report};
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    from: Option<String>,
    to: Option<String>,
}

pub async fn get(
    state: web::Data<AppState>,
    _: ApiClient,
    params: web::Query<Params>,
) -> Result<HttpResponse, AppError> {
    let today = sales::today(state.clock.now());
    let days = Days::parse(params.from.as_deref(), params.to.as_deref(), today)
        .map_err(AppError::invalid)?;
    let report = state
        .db(move |conn| Ok(db::stats::report(conn, days, None)?))
        .await?;
    Ok(HttpResponse::Ok().json(to_json(&report)))
}

fn to_json(r: &Report) -> Value {
    let currencies: Map<String, Value> = (r.currencies.iter())
        .map(|c| {
            let by_day: Vec<Value> = (c.by_day.iter().enumerate())
                .map(|(i, (revenue, paid))| {
                    json!({"date": r.days.day(i).to_string(), "revenue": revenue, "orders_paid": paid})
                })
                .collect();
            let figures = json!({
                "revenue": c.revenue,
                "refunded": c.refunded,
                "net": c.net,
                "orders_paid": c.orders_paid,
                "by_day": by_day,
            });
            (c.code.clone(), figures)
        })
        .collect();
    let t = &r.take_rates;
    json!({
        "from": r.days.from.to_string(),
        "to": r.days.to.to_string(),
        "currencies": currencies,
        "orders": {
            "placed": r.orders.placed,
            "paid": r.orders.paid,
            "refunded": r.orders.refunded,
            "failed": r.orders.failed,
        },
        "subscriptions": {
            "active": r.active_subscriptions,
            "mrr": (r.mrr.iter())
                .map(|(code, mrr)| (code.clone(), json!(mrr)))
                .collect::<Map<String, Value>>(),
        },
        "take_rates": {
            "bump": {"offered": t.bump_offered, "taken": t.bump_taken},
            "upsell": {"shown": t.upsell_shown, "taken": t.upsell_taken},
        },
        "pages": r.pages.iter().map(|p| json!({
            "page_id": p.page_id,
            "slug": p.slug,
            "title": p.title,
            "views": p.views,
            "checkouts_started": p.checkouts_started,
            "paid": p.paid,
            "access_granted": p.access_granted,
        })).collect::<Vec<_>>(),
    })
}
