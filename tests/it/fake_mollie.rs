//! A strict stand-in for Mollie's API v2, for tests: no Mollie emulator exists. It follows
//! Mollie's documented shapes for payments (one-off, first and recurring), customers,
//! subscriptions and refunds, answers in `application/hal+json`, and refuses what Mollie
//! refuses with its error document `{status, title, detail, field, _links}`: a missing or
//! wrong API key (401), unknown fields and amounts not written with the currency's decimals
//! (422), unknown ids (404). An `Idempotency-Key` seen before gets its first answer again,
//! until Mollie forgets it (`forget_keys_once_replayed`). What happens outside the API is a test
//! control: the buyer on the hosted checkout page (`/checkout/{id}`, or `settle`), the webhook
//! calls (`notify`), a subscription charging (`charge`), and Mollie failing (`outage`,
//! `lose_next_answer`, `fail`).
#![allow(dead_code)]

mod api;
mod checkout;
mod strict;
mod strict_tests;
mod subscriptions;

use actix_web::{dev::ServerHandle, http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A test-mode key as Mollie shows it in the dashboard (`test_` and 30 characters).
pub const API_KEY: &str = "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM";

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    /// With the query string.
    pub path: String,
    pub idempotency_key: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct State {
    base: String,
    seq: u64,
    /// Payments, customers, subscriptions and refunds as Mollie answers them.
    payments: Vec<Value>,
    customers: Vec<Value>,
    subscriptions: Vec<Value>,
    refunds: Vec<Value>,
    /// Every API call answers this status while set (503 down, 429 rate limited).
    outage: Option<u16>,
    /// POSTs and DELETEs done (or replayed) but answered 503, as if the answer were lost.
    lose_answers: usize,
    /// Calls answered with an error without being done, while their count lasts.
    failures: Vec<Failure>,
    /// (path, Idempotency-Key) → the answer given: a repeat gets it again.
    replays: HashMap<(String, String), (u16, Value)>,
    /// A key's answer is forgotten once given again (`forget_keys_once_replayed`).
    keys_expire: bool,
    calls: Vec<Call>,
}
type Shared = Arc<Mutex<State>>;

/// Calls of `method` whose path contains `path` answer `status`, `times` more times.
struct Failure {
    method: String,
    path: String,
    status: u16,
    times: usize,
}

/// An answer: status, JSON body (`Null`: none), and where a browser goes next.
struct Reply {
    status: u16,
    body: Value,
    location: Option<String>,
    html: Option<String>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        location: None,
        html: None,
    }
}

/// Mollie's error document.
fn error(status: u16, title: &str, detail: &str, field: Option<&str>) -> Reply {
    let mut body = json!({"status": status, "title": title, "detail": detail,
        "_links": {"documentation": {"href": "https://docs.mollie.com/overview/handling-errors", "type": "text/html"}}});
    if let Some(field) = field {
        body["field"] = json!(field);
    }
    reply(status, body)
}

fn unprocessable(detail: &str, field: &str) -> Reply {
    error(422, "Unprocessable Entity", detail, Some(field))
}

fn not_found(what: &str) -> Reply {
    error(
        404,
        "Not Found",
        &format!("No {what} exists with token given."),
        None,
    )
}

pub struct FakeMollie {
    /// The API base, like `http://127.0.0.1:PORT` (Mollie's is `https://api.mollie.com`).
    pub url: String,
    state: Shared,
    handle: ServerHandle,
}

impl FakeMollie {
    pub fn start() -> FakeMollie {
        let state = Shared::default();
        let shared = state.clone();
        let (port, handle) =
            crate::fake_server::fake_server(move |req, body| handle(shared.clone(), req, body));
        let url = format!("http://127.0.0.1:{port}");
        let fake = FakeMollie { url, state, handle };
        fake.st().base = fake.url.clone();
        fake
    }

    fn st(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the buyer does on the hosted checkout, without the webhook: `paid`, `failed`,
    /// `canceled` or `expired`. Returns the payment's `redirectUrl`.
    pub fn settle(&self, payment_id: &str, status: &str) -> String {
        let mut s = self.st();
        checkout::settle(&mut s, payment_id, status);
        let payment = find(&s.payments, payment_id).expect("a payment");
        payment["redirectUrl"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Mollie calls the payment's `webhookUrl` with `id=...`, as it does on every change;
    /// tagcart's answer (status, body).
    pub fn notify(&self, payment_id: &str) -> (u16, String) {
        let url = {
            let s = self.st();
            let payment = find(&s.payments, payment_id).expect("a payment");
            payment["webhookUrl"]
                .as_str()
                .expect("a webhookUrl")
                .to_string()
        };
        post_form(&url, &[("id", payment_id)])
    }

    /// A subscription's next charge, made by Mollie on its own: a recurring payment `paid`
    /// or `failed`. Returns the payment's id; its webhook is `notify`.
    pub fn charge(&self, subscription_id: &str, status: &str) -> String {
        subscriptions::charge(&mut self.st(), subscription_id, status)
    }

    /// The merchant refunds in Mollie's dashboard: the refund's id.
    pub fn refund(&self, payment_id: &str, minor: i64) -> String {
        let mut s = self.st();
        let currency = find(&s.payments, payment_id).expect("a payment")["amount"]["currency"]
            .as_str()
            .unwrap()
            .to_string();
        let value = strict::value_of(&currency, minor);
        let body = json!({"amount": {"currency": currency, "value": value}});
        let r = api::create_refund(&mut s, payment_id, &body);
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    /// Every API call answers `status` (503, 429) until `None`.
    pub fn outage(&self, status: Option<u16>) {
        self.st().outage = status;
    }

    /// The next POST or DELETE is done (or its first answer replayed) but answered 503, as if
    /// its answer were lost.
    pub fn lose_next_answer(&self) {
        self.st().lose_answers += 1;
    }

    /// The next `times` calls of `method` whose path contains `path` are not done and answer
    /// `status`: 422 as Mollie refuses (an invalid mandate), 503 as Mollie down for them alone.
    pub fn fail(&self, method: &str, path: &str, status: u16, times: usize) {
        self.st().failures.push(Failure {
            method: method.into(),
            path: path.into(),
            status,
            times,
        });
    }

    /// Mollie keeps an `Idempotency-Key`'s answer for a limited time, while tagcart's retries
    /// can come hours later. From now on a key's answer is given again once (the client's
    /// immediate retry), then forgotten: a later POST with that key is done again.
    pub fn forget_keys_once_replayed(&self) {
        self.st().keys_expire = true;
    }

    pub fn payments(&self) -> Vec<Value> {
        self.st().payments.clone()
    }

    pub fn payment(&self, id: &str) -> Value {
        find(&self.st().payments, id).cloned().expect("a payment")
    }

    pub fn customers(&self) -> Vec<Value> {
        self.st().customers.clone()
    }

    pub fn subscriptions(&self) -> Vec<Value> {
        self.st().subscriptions.clone()
    }

    pub fn refunds(&self) -> Vec<Value> {
        self.st().refunds.clone()
    }

    /// API calls in arrival order, the hosted checkout page excluded.
    pub fn calls(&self) -> Vec<Call> {
        self.st().calls.clone()
    }
}

impl Drop for FakeMollie {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

fn find<'a>(all: &'a [Value], id: &str) -> Option<&'a Value> {
    all.iter().find(|v| v["id"] == id)
}

fn find_mut<'a>(all: &'a mut [Value], id: &str) -> Option<&'a mut Value> {
    all.iter_mut().find(|v| v["id"] == id)
}

fn now() -> String {
    let t = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Mollie-looking ids: `prefix` then 10 letters and digits.
fn next_id(s: &mut State, prefix: &str) -> String {
    s.seq += 1;
    let mut n = s.seq.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let alphabet = b"0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut id = String::from(prefix);
    for _ in 0..10 {
        id.push(alphabet[(n % alphabet.len() as u64) as usize] as char);
        n /= alphabet.len() as u64;
    }
    id
}

/// A form POST from Mollie's side (a webhook call): the answer's status and body.
fn post_form(url: &str, form: &[(&str, &str)]) -> (u16, String) {
    match ureq::post(url).send_form(form) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            (status, r.into_string().unwrap_or_default())
        }
        Err(e) => (0, e.to_string()),
    }
}

async fn handle(state: Shared, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let path = req.uri().path().to_string();
    let r = if path.starts_with("/checkout/") {
        checkout::page(state, &req, &body).await
    } else {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        api::respond(&mut s, &req, &body)
    };
    let mut resp = HttpResponse::build(StatusCode::from_u16(r.status).unwrap());
    if let Some(location) = r.location {
        resp.insert_header(("Location", location));
    }
    match (r.html, r.body) {
        (Some(html), _) => resp.content_type("text/html; charset=utf-8").body(html),
        (None, Value::Null) => resp.finish(),
        (None, body) => resp
            .content_type("application/hal+json")
            .body(body.to_string()),
    }
}
