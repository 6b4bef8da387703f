//! A recording stand-in for Stripe's API answering canned JSON, for the request tests: it shows
//! what localstripe cannot (Idempotency-Key, default_incomplete, trials, error bodies).

use super::Stripe;
use crate::domain::product::{Interval, PriceKind, PriceTerms};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
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

/// A one-thread HTTP stand-in: each request is recorded, then answered by `answer`.
pub(super) fn fake(answer: impl Fn(&Call) -> (u16, Value) + Send + 'static) -> (Stripe, Calls) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let calls: Calls = Arc::default();
    let recorded = calls.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut parts = line.split_whitespace();
            let (method, path) = (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            );
            let mut headers = vec![];
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                match line.trim_end().split_once(": ") {
                    Some((k, v)) => headers.push((k.to_string(), v.to_string())),
                    None => break,
                }
            }
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let form = url::form_urlencoded::parse(&body).into_owned().collect();
            let call = Call {
                method,
                path,
                headers,
                form,
            };
            let (status, value) = answer(&call);
            recorded.lock().unwrap().push(call);
            let text = value.to_string();
            let head = format!("HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", text.len());
            stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(text.as_bytes()))
                .unwrap();
        }
    });
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

pub(super) fn stripe_error(status: u16, code: &str, message: &str) -> (u16, Value) {
    (
        status,
        json!({"error": {"type": "invalid_request_error", "code": code, "message": message}}),
    )
}
