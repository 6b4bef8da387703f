//! A strict stand-in for PayPal's REST API, for tests: no PayPal emulator exists. It follows
//! PayPal's documented request and answer shapes for the OAuth2 token (client credentials),
//! Orders v2, Payments v2 capture refunds, Catalog Products, Billing Plans and Subscriptions
//! v1, Payments v1 sale refunds (a subscription's payments), and verify-webhook-signature;
//! refusals come as PayPal's `{name, message, debug_id, details: [{field, location, issue,
//! description}], links}` (Payments v1's own `{name, message, information_link, debug_id}`).
//! What happens outside the API is a test control: the buyer approving at PayPal (`approve`,
//! or a GET of the approve link), the merchant refunding in PayPal's dashboard (`refund`),
//! PayPal failing (`fail_refunds`, `lose_next_answer`), and its webhook deliveries (`event`,
//! `forged`, `refund_event`).
#![allow(dead_code)]

mod billing;
mod billing_tests;
mod coupon_tests;
mod order_tests;
mod orders;
mod refund_tests;
mod refunds;
mod rest;
mod sales;
mod strict_tests;
mod webhooks;

pub use refunds::RefundRecord;
pub use sales::SaleRecord;
pub use webhooks::paypal_headers;

use actix_web::{dev::ServerHandle, http::StatusCode, web, HttpRequest, HttpResponse};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

pub const CLIENT_ID: &str = "AZtestClientId0123456789";
pub const CLIENT_SECRET: &str = "EKtestClientSecret0123456789";
/// The id of the webhook as the merchant configured it (PayPal's ids: letters and digits).
pub const WEBHOOK_ID: &str = "8PT597110X687430LKGECATA";
pub const AUTH_ALGO: &str = "SHA256withRSA";
const PAYER_ID: &str = "QYR5Z8XDVJNXQ";
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRecord {
    pub id: String,
    /// CREATED or PAYER_ACTION_REQUIRED, then APPROVED, COMPLETED (captured) or VOIDED.
    pub status: String,
    pub intent: String,
    pub custom_id: Option<String>,
    pub description: Option<String>,
    /// `purchase_units[0].items` as sent (checked against the amount).
    pub items: Vec<Value>,
    pub currency_code: String,
    pub value: String,
    pub return_url: Option<String>,
    pub cancel_url: Option<String>,
    /// The PayPal-Request-Id it was created with.
    pub request_id: Option<String>,
    pub capture_id: Option<String>,
    /// COMPLETED or PENDING once captured; PARTIALLY_REFUNDED, then REFUNDED, as refunds
    /// take it back.
    pub capture_status: Option<String>,
    pub create_time: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionRecord {
    pub id: String,
    pub plan_id: String,
    /// APPROVAL_PENDING, then ACTIVE, SUSPENDED, CANCELLED or EXPIRED.
    pub status: String,
    pub custom_id: Option<String>,
    pub return_url: Option<String>,
    pub cancel_url: Option<String>,
    pub request_id: Option<String>,
    pub ba_token: String,
    pub cancel_reason: Option<String>,
    /// Paid cycles so far (discounted TRIAL cycles and regular ones); each is a sale.
    pub payments: u32,
    pub create_time: String,
}

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    /// With the query string.
    pub path: String,
    pub request_id: Option<String>,
    pub status: u16,
}

/// A webhook delivery as PayPal POSTs it: the transmission headers and the raw body.
pub type Delivery = (Vec<(String, String)>, Vec<u8>);

struct Signed {
    sig: String,
    time: String,
    cert_url: String,
    event: Value,
}

#[derive(Default)]
struct State {
    base: String,
    seq: u64,
    tokens: HashMap<String, Instant>,
    token_requests: usize,
    token_lifetime: u64,
    hold_captures: bool,
    unsupported: Vec<String>,
    orders: Vec<OrderRecord>,
    products: Vec<Value>,
    plans: Vec<Value>,
    subscriptions: Vec<SubscriptionRecord>,
    /// Each payment of a subscription, in order.
    sales: Vec<SaleRecord>,
    /// Refunds of captures and sales, in order.
    refunds: Vec<RefundRecord>,
    /// Refund calls answer this status (a 5xx outage, or a 4xx refusal) while set.
    refund_failure: Option<u16>,
    /// Successful POSTs done but answered 503, as if the answer were lost on the way.
    lose_answers: usize,
    /// (path, PayPal-Request-Id) → the answer given: a repeat gets it again.
    replays: HashMap<(String, String), (u16, Value)>,
    signed: HashMap<String, Signed>,
    verifications: Vec<(String, String)>,
    calls: Vec<Call>,
}
type Shared = Arc<Mutex<State>>;

/// An answer: status, JSON body (`Null`: none), and where a buyer's browser goes next.
struct Reply {
    status: u16,
    body: Value,
    location: Option<String>,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        location: None,
    }
}

pub struct FakePayPal {
    /// The API base, like `http://127.0.0.1:PORT` (PayPal's is `https://api-m.paypal.com`).
    pub url: String,
    state: Shared,
    handle: ServerHandle,
}

impl FakePayPal {
    /// The credentials above; tokens live 32400 s, as PayPal's do.
    pub fn start() -> FakePayPal {
        let state = Shared::default();
        let shared = state.clone();
        let (port, handle) =
            crate::fake_server::fake_server(move |req, body| handle(shared.clone(), req, body));
        let url = format!("http://127.0.0.1:{port}");
        let fake = FakePayPal { url, state, handle };
        let mut s = fake.st();
        s.base = fake.url.clone();
        s.token_lifetime = 32400;
        drop(s);
        fake
    }

    fn st(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `self.url` parsed, for `PayPal::new`.
    pub fn api_url(&self) -> url::Url {
        url::Url::parse(&self.url).unwrap()
    }

    /// What the buyer does at PayPal: approves the order (→ APPROVED) or the subscription
    /// (→ ACTIVE; its first payment is taken unless the plan starts with a trial). Returns
    /// where PayPal sends the browser back: the return_url with `token` and `PayerID` for an
    /// order, `subscription_id`, `ba_token` and `token` for a subscription ("" without one).
    pub fn approve(&self, order_or_subscription_id: &str) -> String {
        let mut s = self.st();
        let reply = approve(&mut s, order_or_subscription_id);
        assert!(
            reply.status < 400,
            "approve {order_or_subscription_id}: {}",
            reply.body
        );
        reply.location.unwrap_or_default()
    }

    /// Moves an order or a subscription to any status (VOIDED, EXPIRED, SUSPENDED, ...).
    pub fn set_status(&self, id: &str, status: &str) {
        let mut s = self.st();
        if let Some(o) = s.orders.iter_mut().find(|o| o.id == id) {
            o.status = status.into();
        } else if let Some(sub) = s.subscriptions.iter_mut().find(|x| x.id == id) {
            sub.status = status.into();
        } else {
            panic!("fake PayPal: no order or subscription {id}");
        }
    }

    /// Captures from now on come out PENDING (PayPal holding the money for review) or not.
    pub fn hold_captures(&self, on: bool) {
        self.st().hold_captures = on;
    }

    /// Sets the order's capture status (a held capture COMPLETED, DECLINED, ...).
    pub fn set_capture_status(&self, order_id: &str, status: &str) {
        let mut s = self.st();
        let order = s.orders.iter_mut().find(|o| o.id == order_id);
        let order = order
            .filter(|o| o.capture_id.is_some())
            .expect("a captured order");
        order.capture_status = Some(status.into());
    }

    /// PayPal bills the subscription's next cycle: one more sale.
    pub fn charge(&self, subscription_id: &str) {
        let mut s = self.st();
        let sub = s.subscriptions.iter_mut().find(|x| x.id == subscription_id);
        sub.expect("a subscription").payments += 1;
        sales::record_sale(&mut s, subscription_id);
    }

    /// From now on the merchant's account refuses this currency: 422 CURRENCY_NOT_SUPPORTED.
    pub fn set_currency_unsupported(&self, code: &str) {
        self.st().unsupported.push(code.into());
    }

    /// The `expires_in` of tokens issued from now on.
    pub fn set_token_lifetime(&self, seconds: u64) {
        self.st().token_lifetime = seconds;
    }

    /// Every issued token stops working (PayPal may end them before `expires_in`).
    pub fn revoke_tokens(&self) {
        self.st().tokens.clear();
    }

    /// PayPal keeps PayPal-Request-Id answers for a while (72 h for plans); this ends that.
    pub fn forget_request_ids(&self) {
        self.st().replays.clear();
    }

    /// POST /v1/oauth2/token calls, refused ones included.
    pub fn token_requests(&self) -> usize {
        self.st().token_requests
    }

    pub fn orders(&self) -> Vec<OrderRecord> {
        self.st().orders.clone()
    }

    pub fn subscriptions(&self) -> Vec<SubscriptionRecord> {
        self.st().subscriptions.clone()
    }

    /// Catalog products as stored (the request plus id, times and links).
    pub fn products(&self) -> Vec<Value> {
        self.st().products.clone()
    }

    /// Billing plans as stored (the request plus id, status, times and links).
    pub fn plans(&self) -> Vec<Value> {
        self.st().plans.clone()
    }

    /// API calls in arrival order, the buyer's approve pages excluded.
    pub fn calls(&self) -> Vec<Call> {
        self.st().calls.clone()
    }

    /// (transmission id, SUCCESS or FAILURE) for each verify-webhook-signature call.
    pub fn verifications(&self) -> Vec<(String, String)> {
        self.st().verifications.clone()
    }
}

impl Drop for FakePayPal {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

fn now() -> String {
    let t = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// PayPal-looking ids: `prefix` then `len` upper-case letters and digits.
fn next_id(s: &mut State, prefix: &str, len: usize) -> String {
    s.seq += 1;
    let mut n = s.seq.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1 << 63;
    let alphabet = b"0123456789ABCDEFGHJKLMNPRSTUVWXY";
    let mut id = String::from(prefix);
    for i in 0..len {
        if i > 0 && i % 12 == 0 {
            n = n.rotate_left(17) ^ s.seq;
        }
        id.push(alphabet[(n % 32) as usize] as char);
        n /= 32;
    }
    id
}

fn find_order<'a>(s: &'a State, id: &str) -> &'a OrderRecord {
    let found = s.orders.iter().find(|o| o.id == id);
    found.unwrap_or_else(|| panic!("fake PayPal: no order {id}"))
}

fn find_subscription<'a>(s: &'a State, id: &str) -> &'a SubscriptionRecord {
    let found = s.subscriptions.iter().find(|x| x.id == id);
    found.unwrap_or_else(|| panic!("fake PayPal: no subscription {id}"))
}

/// `url` with these query pairs added.
fn back_to(url: Option<&str>, pairs: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(url?).ok()?;
    url.query_pairs_mut().extend_pairs(pairs);
    Some(url.to_string())
}

/// The buyer approves at PayPal and is sent back.
fn approve(s: &mut State, id: &str) -> Reply {
    if let Some(o) = s.orders.iter_mut().find(|o| o.id == id) {
        if ["CREATED", "PAYER_ACTION_REQUIRED"].contains(&o.status.as_str()) {
            o.status = "APPROVED".into();
        }
        let back = back_to(
            o.return_url.as_deref(),
            &[("token", id), ("PayerID", PAYER_ID)],
        );
        return Reply {
            status: if back.is_some() { 302 } else { 200 },
            body: json!({"approved": id}),
            location: back,
        };
    }
    let has_trial = |s: &State, plan_id: &str| {
        let plan = s.plans.iter().find(|p| p["id"] == plan_id);
        let cycles = plan.and_then(|p| p["billing_cycles"].as_array().cloned());
        cycles
            .unwrap_or_default()
            .first()
            // A free first cycle; a priced TRIAL cycle (a discount) is paid at approval.
            .is_some_and(|c| c["tenure_type"] == "TRIAL" && c["pricing_scheme"].is_null())
    };
    let Some(i) = s
        .subscriptions
        .iter()
        .position(|x| x.id == id || x.ba_token == id)
    else {
        return rest::not_found("");
    };
    let trial = has_trial(s, &s.subscriptions[i].plan_id);
    let sub = &mut s.subscriptions[i];
    if sub.status == "APPROVAL_PENDING" {
        sub.status = "ACTIVE".into();
        sub.payments = if trial { 0 } else { 1 };
        if !trial {
            let id = sub.id.clone();
            sales::record_sale(s, &id);
        }
    }
    let sub = &s.subscriptions[i];
    let pairs = [
        ("subscription_id", sub.id.as_str()),
        ("ba_token", sub.ba_token.as_str()),
        ("token", sub.ba_token.as_str()),
    ];
    let back = back_to(sub.return_url.as_deref(), &pairs);
    Reply {
        status: if back.is_some() { 302 } else { 200 },
        body: json!({"approved": sub.id}),
        location: back,
    }
}

async fn handle(state: Shared, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let r = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        rest::respond(&mut s, &req, &body)
    };
    let mut resp = HttpResponse::build(StatusCode::from_u16(r.status).unwrap());
    if let Some(location) = r.location {
        resp.insert_header(("Location", location));
    }
    match r.body {
        Value::Null => resp.finish(),
        body => resp.content_type("application/json").body(body.to_string()),
    }
}
