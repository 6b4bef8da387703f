//! A recording stand-in for Stripe's API answering canned JSON, for the request tests: it shows
//! what localstripe cannot (Idempotency-Key, default_incomplete, trials, error bodies).

use super::Stripe;
use crate::domain::product::{Interval, PriceKind, PriceTerms};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub(super) struct Call {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub(super) type Calls = Arc<Mutex<Vec<Call>>>;

/// A stand-in on the tests' one fake server: each request is recorded, then answered by `answer`.
pub(super) fn fake(
    answer: impl Fn(&Call) -> (u16, Value) + Send + Sync + 'static,
) -> (Stripe, Calls) {
    let calls: Calls = Arc::default();
    let (recorded, answer) = (calls.clone(), Arc::new(answer));
    let (port, _) = crate::fake_server::fake_server(move |req, body| {
        let (recorded, answer) = (recorded.clone(), answer.clone());
        async move {
            let headers = req.headers().iter().map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            });
            let call = Call {
                method: req.method().to_string(),
                path: req.uri().to_string(),
                headers: headers.collect(),
                form: url::form_urlencoded::parse(&body).into_owned().collect(),
            };
            let (status, value) = answer(&call);
            recorded.lock().unwrap().push(call);
            actix_web::HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                .content_type("application/json")
                .body(value.to_string())
        }
    });
    let url = format!("http://127.0.0.1:{port}");
    (
        Stripe::new(url.parse().unwrap(), "sk_test_fake".into()),
        calls,
    )
}

pub(super) fn taken(calls: &Calls) -> Vec<Call> {
    calls.lock().unwrap().clone()
}

pub(super) fn terms(kind: PriceKind, amount: i64) -> PriceTerms {
    let recurring = kind != PriceKind::OneTime;
    PriceTerms {
        kind,
        currency: "EUR".into(),
        amount,
        interval: recurring.then_some(Interval::Month),
        interval_count: recurring.then_some(1),
        installments: (kind == PriceKind::PaymentPlan).then_some(3),
        trial_days: None,
    }
}

/// The one item of a subscription to "Course" at `terms`.
pub(super) fn course(terms: &PriceTerms) -> Vec<super::PlanItem> {
    vec![super::PlanItem {
        product_name: "Course".into(),
        terms: terms.clone(),
    }]
}

pub(super) fn stripe_error(status: u16, code: &str, message: &str) -> (u16, Value) {
    (
        status,
        json!({"error": {"type": "invalid_request_error", "code": code, "message": message}}),
    )
}
