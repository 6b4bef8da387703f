//! `/healthz` for load balancers and `/metrics` for Prometheus.

use super::{AppState, HtmlError};
use crate::domain::order::OrderStatus;
use crate::error::AppError;
use actix_web::{web, HttpResponse};

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let answer = state
        .db(|conn| {
            Ok(conn
                .prepare_cached("SELECT 1")?
                .query_row([], |r| r.get::<_, i64>(0))?)
        })
        .await;
    match answer {
        Ok(_) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database unavailable"),
    }
}

pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, HtmlError> {
    let counts = state
        .db(|conn| {
            let count = |sql: &str| -> Result<Vec<(String, i64)>, AppError> {
                let mut stmt = conn.prepare(sql)?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            };
            Ok((
                count("SELECT 'products', count(*) FROM products UNION ALL SELECT 'pages', count(*) FROM pages")?,
                count("SELECT status, count(*) FROM orders GROUP BY status")?,
            ))
        })
        .await?;
    let (objects, orders) = counts;
    let kartra = crate::web::api::kartra_health(&state).await?;
    let mut text = state.metrics.render();
    let mut gauge = |name: &str, help: &str, rows: &[(String, i64)], label: &str| {
        text.push_str(&format!("# HELP {name} {help}\n# TYPE {name} gauge\n"));
        for (value, n) in rows {
            match label {
                "" => text.push_str(&format!("{name} {n}\n")),
                label => text.push_str(&format!("{name}{{{label}=\"{value}\"}} {n}\n")),
            }
        }
    };
    gauge("tagcart_objects", "Rows stored, by kind.", &objects, "kind");
    let by_status: Vec<(String, i64)> = OrderStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                orders
                    .iter()
                    .find(|(k, _)| k == s.as_str())
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    gauge("tagcart_orders", "Orders by status.", &by_status, "status");
    gauge(
        "tagcart_fulfillment_queue_depth",
        "Kartra jobs waiting to run.",
        &[(String::new(), kartra.queue_depth)],
        "",
    );
    gauge(
        "tagcart_fulfillment_parked",
        "Kartra jobs parked until someone fixes their cause.",
        &[(String::new(), kartra.parked)],
        "",
    );
    gauge(
        "tagcart_fulfillment_oldest_pending_age_seconds",
        "Age of the oldest waiting Kartra job.",
        &[(String::new(), kartra.oldest_pending_age_s.unwrap_or(0))],
        "",
    );
    let states = ["ok", "failing", "credentials_invalid", "not_configured"];
    let current = serde_json::to_value(kartra.state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let state_rows: Vec<(String, i64)> = states
        .iter()
        .map(|s| (s.to_string(), (*s == current) as i64))
        .collect();
    gauge(
        "tagcart_kartra_state",
        "1 for the current state of the Kartra connection.",
        &state_rows,
        "state",
    );
    text.push_str("# HELP tagcart_kartra_calls_total Kartra API calls, by the outcome of the job try they served.\n# TYPE tagcart_kartra_calls_total counter\n");
    for (outcome, n) in state.fulfillment.calls_by_outcome() {
        text.push_str(&format!(
            "tagcart_kartra_calls_total{{outcome=\"{outcome}\"}} {n}\n"
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(text))
}
