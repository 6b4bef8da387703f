//! A strict stand-in for Paystack's API, for tests: no Paystack emulator exists. It follows
//! Paystack's documented requests and answers for transactions (initialize, verify, list),
//! plans, subscriptions (list, fetch, disable), refunds (create, list) and the balance, with
//! its `{"status": false, "message": "..."}` refusals; it refuses what Paystack would and more
//! (unknown or missing fields, amounts that are not whole subunits), so a request that passes
//! here has the documented shape. What happens outside the API is a test control: the buyer on
//! the hosted page (`pay`, `fail`, or its buttons), renewals and failed renewals, outages and
//! lost answers. Its webhook events are signed as Paystack signs them and delivered to the URL
//! the test set, at once or when the test releases them.
#![allow(dead_code)]

mod api;
mod events;
mod hosted;
mod records;
mod strict_tests;
mod writes;

pub use records::{PlanRecord, RefundRecord, SubscriptionRecord, TransactionRecord};

use actix_web::{dev::ServerHandle, http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard};

pub const SECRET_KEY: &str = "sk_test_9f3c2a7b1d4e6f8091a2b3c4d5e6f7081a2b3c4d";
pub const PUBLIC_KEY: &str = "pk_test_4b2d6f8a0c1e3a5b7d9f1b3d5f7a9c1e3b5d7f9a";

/// One webhook delivery as the fake made it: the event's name, its body and signature.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub event: String,
    pub body: String,
    pub signature: String,
}

/// What tagcart answered to one delivery.
#[derive(Clone, Debug)]
pub struct Delivered {
    pub event: String,
    pub status: u16,
    pub body: String,
}

#[derive(Default)]
struct State {
    base: String,
    seq: u64,
    /// The fake's clock (Unix seconds): the hosted page's payments and renewals happen then.
    now: i64,
    webhook_url: Option<String>,
    /// Events wait in `held` until `release` instead of being delivered at once.
    holding: bool,
    held: Vec<Delivery>,
    delivered: Vec<Delivered>,
    /// Customers by email; a customer's id is its place here plus one.
    customers: Vec<String>,
    transactions: Vec<TransactionRecord>,
    plans: Vec<PlanRecord>,
    subscriptions: Vec<SubscriptionRecord>,
    refunds: Vec<RefundRecord>,
    /// Every API call answers this status (503 an outage, 429 too many requests) while set.
    outage: Option<u16>,
    /// Successful POSTs done but answered 503, as if the answer were lost on the way.
    lose_answers: usize,
    /// (method, path with query, status) of every API call.
    calls: Vec<(String, String, u16)>,
}
type Shared = Arc<Mutex<State>>;

pub struct FakePaystack {
    /// The API base, like `http://127.0.0.1:PORT` (Paystack's is `https://api.paystack.co`).
    pub url: String,
    state: Shared,
    handle: ServerHandle,
}

impl FakePaystack {
    pub fn start() -> FakePaystack {
        let state = Shared::default();
        let shared = state.clone();
        let (port, handle) =
            crate::fake_server::fake_server(move |req, body| handle(shared.clone(), req, body));
        let url = format!("http://127.0.0.1:{port}");
        let fake = FakePaystack { url, state, handle };
        let mut s = fake.st();
        s.base = fake.url.clone();
        s.now = time::OffsetDateTime::now_utc().unix_timestamp();
        drop(s);
        fake
    }

    fn st(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn api_url(&self) -> url::Url {
        url::Url::parse(&self.url).unwrap()
    }

    /// Where Paystack POSTs its events (Settings → API Keys & Webhooks).
    pub fn set_webhook_url(&self, url: &str) {
        self.st().webhook_url = Some(url.to_string());
    }

    /// Events from now on wait for `release` (a webhook that is slow to come).
    pub fn hold_webhooks(&self) {
        self.st().holding = true;
    }

    /// Delivers every event held, in order, and stops holding; what tagcart answered to each.
    pub fn release(&self) -> Vec<Delivered> {
        let (held, url) = {
            let mut s = self.st();
            s.holding = false;
            (std::mem::take(&mut s.held), s.webhook_url.clone())
        };
        let url = url.expect("the test set the webhook URL");
        let answers: Vec<Delivered> = held.iter().map(|d| events::post(&url, d)).collect();
        self.st().delivered.extend(answers.clone());
        answers
    }

    /// The events held, not yet delivered.
    pub fn held(&self) -> Vec<Delivery> {
        self.st().held.clone()
    }

    /// What tagcart answered to each event delivered so far.
    pub fn delivered(&self) -> Vec<Delivered> {
        self.st().delivered.clone()
    }

    /// The buyer pays on the hosted page; where Paystack sends the browser back.
    pub fn pay(&self, reference: &str) -> String {
        hosted::settle(&self.state, reference, "success")
    }

    /// The buyer's card is declined on the hosted page; where the browser goes back.
    pub fn fail(&self, reference: &str) -> String {
        hosted::settle(&self.state, reference, "failed")
    }

    /// The subscription charges its next period (its charge.success and invoice.update).
    /// Returns the new charge's reference.
    pub fn renew(&self, subscription_code: &str) -> String {
        hosted::renew(&self.state, subscription_code)
    }

    /// The subscription's next charge is declined (invoice.payment_failed).
    pub fn fail_renewal(&self, subscription_code: &str) {
        hosted::fail_renewal(&self.state, subscription_code)
    }

    /// The customer pays `count` times elsewhere on this account; no events are sent.
    pub fn charges_elsewhere(&self, email: &str, count: usize) {
        hosted::charges_elsewhere(&self.state, email, count)
    }

    /// Refunds Paystack has begun: their refund.processed events are sent now.
    pub fn process_refunds(&self) {
        hosted::process_refunds(&self.state)
    }

    /// Moves the fake's clock, as renewals come a period later.
    pub fn advance(&self, seconds: i64) {
        self.st().now += seconds;
    }

    pub fn now(&self) -> i64 {
        self.st().now
    }

    pub fn set_outage(&self, status: Option<u16>) {
        self.st().outage = status;
    }

    pub fn lose_next_answer(&self) {
        self.st().lose_answers += 1;
    }

    pub fn transactions(&self) -> Vec<TransactionRecord> {
        self.st().transactions.clone()
    }

    pub fn transaction(&self, reference: &str) -> TransactionRecord {
        let s = self.st();
        let found = s.transactions.iter().find(|t| t.reference == reference);
        found.cloned().expect("a transaction with this reference")
    }

    pub fn plans(&self) -> Vec<PlanRecord> {
        self.st().plans.clone()
    }

    pub fn subscriptions(&self) -> Vec<SubscriptionRecord> {
        self.st().subscriptions.clone()
    }

    pub fn refunds(&self) -> Vec<RefundRecord> {
        self.st().refunds.clone()
    }

    pub fn calls(&self) -> Vec<(String, String, u16)> {
        self.st().calls.clone()
    }

    /// A body signed with the secret key, as Paystack signs its events.
    pub fn signed(&self, event: &str, data: Value) -> Delivery {
        events::signed(SECRET_KEY, event, data)
    }
}

impl Drop for FakePaystack {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn handle(state: Shared, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let (reply, deliver) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let reply = api::respond(&mut s, &req, &body);
        let deliver = match s.holding {
            true => vec![],
            false => std::mem::take(&mut s.held),
        };
        (reply, (deliver, s.webhook_url.clone()))
    };
    // Delivered from another thread, after this answer: tagcart may call back while reading one.
    if let (false, Some(url)) = (deliver.0.is_empty(), deliver.1) {
        let state = state.clone();
        std::thread::spawn(move || {
            for d in deliver.0 {
                let answer = events::post(&url, &d);
                let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                s.delivered.push(answer);
            }
        });
    }
    let mut resp = HttpResponse::build(StatusCode::from_u16(reply.status).unwrap());
    if let Some(location) = reply.location {
        resp.insert_header(("Location", location));
    }
    match reply.body {
        api::Body::Json(Value::Null) => resp.finish(),
        api::Body::Json(body) => resp.content_type("application/json").body(body.to_string()),
        api::Body::Html(html) => resp.content_type("text/html; charset=utf-8").body(html),
    }
}
