//! Request counters and latency histograms in Prometheus text format, kept in memory.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

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
