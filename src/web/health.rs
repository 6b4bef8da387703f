//! `/healthz` for load balancers and `/metrics` for Prometheus.

use super::{AppState, HtmlError};
use crate::error::AppError;
use actix_web::{web, HttpResponse};

pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let answer = state
        .db(|conn| Ok(conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0))?))
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
            let count = |table: &str| -> Result<i64, AppError> {
                Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
            };
            Ok([("products", count("products")?), ("pages", count("pages")?)])
        })
        .await?;
    let mut text = state.metrics.render();
    text.push_str("# HELP tagcart_objects Rows stored, by kind.\n# TYPE tagcart_objects gauge\n");
    for (kind, n) in counts {
        text.push_str(&format!("tagcart_objects{{kind=\"{kind}\"}} {n}\n"));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(text))
}
