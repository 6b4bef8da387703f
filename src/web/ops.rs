//! Operations: `/healthz` for load balancers, and `/metrics` for Prometheus with the request
//! counters and latency histograms it renders, kept in memory.

use super::{AppState, HtmlError};
use crate::db;
use crate::domain::access::EntitlementState;
use crate::domain::fulfillment::KartraState;
use crate::domain::order::OrderStatus;
use crate::error::AppError;
use actix_web::{web, HttpResponse};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `ok` when the database takes a write. A success is reused for a second, so load balancers
/// and load tests cost no fsync each; a failure is never reused.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match writable(&state).await {
        true => HttpResponse::Ok().content_type("text/plain").body("ok"),
        false => HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("database cannot be written"),
    }
}

async fn writable(state: &AppState) -> bool {
    let probe = &state.write_probe;
    if probe.recent_success() {
        return true;
    }
    // One probe at a time: a burst of checks waits for it instead of racing for the write lock.
    let _turn = probe.probing.lock().await;
    if probe.recent_success() {
        return true;
    }
    let ok = state
        .db(|conn| Ok(crate::db::probe_write(conn)?))
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "health check: the database cannot be written"))
        .is_ok();
    probe.record(ok);
    ok
}

/// When the database last took a write for `/healthz`. A success is reused for a second, so
/// load balancers and load tests cost no fsync each; a failure is never reused.
#[derive(Default)]
pub struct WriteProbe {
    last_success: Mutex<Option<Instant>>,
    probing: tokio::sync::Mutex<()>,
}

impl WriteProbe {
    const REUSE_FOR: Duration = Duration::from_secs(1);

    fn recent_success(&self) -> bool {
        let last = self.last_success.lock().unwrap_or_else(|e| e.into_inner());
        last.is_some_and(|at| at.elapsed() < Self::REUSE_FOR)
    }

    fn record(&self, ok: bool) {
        *self.last_success.lock().unwrap_or_else(|e| e.into_inner()) = ok.then(Instant::now);
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
                count("SELECT state, count(*) FROM entitlements GROUP BY state")?,
                db::entitlements::drifted(conn)?.len() as i64,
            ))
        })
        .await?;
    let (objects, orders, entitlements, drifted) = counts;
    let kartra = crate::web::kartra::kartra_health(&state).await?;
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
    let by_state: Vec<(String, i64)> = EntitlementState::ALL
        .iter()
        .map(|s| {
            let n = entitlements.iter().find(|(k, _)| k == s.as_str());
            (s.as_str().to_string(), n.map_or(0, |(_, n)| *n))
        })
        .collect();
    gauge(
        "tagcart_entitlements",
        "Access per buyer and Kartra tag, by state.",
        &by_state,
        "state",
    );
    gauge(
        "tagcart_entitlements_drifted",
        "Entitlements Kartra disagreed with at their last read-back.",
        &[(String::new(), drifted)],
        "",
    );
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
    let state_rows: Vec<(String, i64)> = KartraState::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), (*s == kartra.state) as i64))
        .collect();
    gauge(
        "tagcart_kartra_state",
        "1 for the current state of the Kartra connection.",
        &state_rows,
        "state",
    );
    let (hits, misses) = state.pages.lookups();
    text.push_str("# HELP tagcart_page_cache_lookups_total Checkout pages served from memory (hit) or rendered (miss).\n# TYPE tagcart_page_cache_lookups_total counter\n");
    text.push_str(&format!(
        "tagcart_page_cache_lookups_total{{result=\"hit\"}} {hits}\ntagcart_page_cache_lookups_total{{result=\"miss\"}} {misses}\n"
    ));
    // The outcome is an `AttemptOutcome`'s string, as the attempt's row and the timeline say it.
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

const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    total: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    /// (method, route pattern, status) → count
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route pattern → latency
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let key = (method.to_string(), route.to_string(), status);
        *self.requests.lock().unwrap().entry(key).or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        let mut latency = self.latency.lock().unwrap();
        let h = latency.entry(route.to_string()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.total += 1;
        h.sum += seconds;
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP tagcart_http_requests_total HTTP requests answered.\n# TYPE tagcart_http_requests_total counter\n");
        for ((method, route, status), n) in self.requests.lock().unwrap().iter() {
            out.push_str(&format!(
                "tagcart_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}\n",
                escape(route)
            ));
        }
        out.push_str("# HELP tagcart_http_request_duration_seconds Time to answer.\n# TYPE tagcart_http_request_duration_seconds histogram\n");
        for (route, h) in self.latency.lock().unwrap().iter() {
            let route = escape(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                out.push_str(&format!("tagcart_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}\n"));
            }
            out.push_str(&format!("tagcart_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n", h.total));
            out.push_str(&format!(
                "tagcart_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n",
                h.sum
            ));
            out.push_str(&format!(
                "tagcart_http_request_duration_seconds_count{{route=\"{route}\"}} {}\n",
                h.total
            ));
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.record("GET", "/p/{slug}", 200, Duration::from_millis(3));
        m.record("GET", "/p/{slug}", 200, Duration::from_millis(30));
        let text = m.render();
        assert!(text.contains(
            "tagcart_http_requests_total{method=\"GET\",route=\"/p/{slug}\",status=\"200\"} 2"
        ));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.05\"} 2"));
        assert!(text.contains("_count{route=\"/p/{slug}\"} 2"));
    }
}
