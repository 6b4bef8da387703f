//! The fake's API: the Bearer key, routing, and Paystack's refusals for what it would refuse
//! (and for unknown or missing fields, which it may ignore: a strict fake refuses them).

use super::hosted;
use super::records::{self, PlanRecord, RefundRecord, TransactionRecord};
use super::{State, SECRET_KEY};
use actix_web::HttpRequest;
use serde_json::{json, Map, Value};

pub(super) enum Body {
    Json(Value),
    Html(String),
}

pub(super) struct Reply {
    pub status: u16,
    pub body: Body,
    pub location: Option<String>,
}

fn ok(message: &str, data: Value) -> Reply {
    Reply {
        status: 200,
        body: Body::Json(json!({"status": true, "message": message, "data": data})),
        location: None,
    }
}

fn refuse(status: u16, message: &str) -> Reply {
    Reply {
        status,
        body: Body::Json(json!({"status": false, "message": message})),
        location: None,
    }
}

fn redirect(to: String) -> Reply {
    Reply {
        status: 302,
        body: Body::Json(Value::Null),
        location: Some(to),
    }
}

const CURRENCIES: &[&str] = &["NGN", "GHS", "ZAR", "KES", "USD"];
const INTERVALS: &[&str] = &[
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "biannually",
    "annually",
];

pub(super) fn respond(s: &mut State, req: &HttpRequest, body: &[u8]) -> Reply {
    let (method, path) = (req.method().as_str().to_string(), req.path().to_string());
    if let Some(rest) = path.strip_prefix("/checkout/") {
        return hosted_page(s, &method, rest);
    }
    let target = match req.query_string() {
        "" => path.clone(),
        q => format!("{path}?{q}"),
    };
    let bearer = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let reply = if bearer != Some(&format!("Bearer {SECRET_KEY}")) {
        refuse(401, "Invalid key")
    } else if let Some(status) = s.outage {
        match status {
            429 => refuse(429, "Too many requests, please try again later"),
            _ => refuse(status, "Service temporarily unavailable"),
        }
    } else {
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes())
                .into_owned()
                .collect();
        let q = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let reply = route(s, &method, &path, &q, body);
        if method == "POST" && reply.status == 200 && s.lose_answers > 0 {
            s.lose_answers -= 1;
            refuse(503, "Service temporarily unavailable")
        } else {
            reply
        }
    };
    s.calls.push((method, target, reply.status));
    reply
}

fn route(
    s: &mut State,
    method: &str,
    path: &str,
    q: &dyn Fn(&str) -> Option<String>,
    body: &[u8],
) -> Reply {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let json = || serde_json::from_slice::<Value>(body);
    match (method, parts.as_slice()) {
        ("POST", ["transaction", "initialize"]) => with_body(json(), |b| initialize(s, b)),
        ("GET", ["transaction", "verify", reference]) => {
            match s.transactions.iter().find(|t| t.reference == *reference) {
                Some(t) => ok("Verification successful", records::transaction(s, t)),
                None => refuse(400, "Transaction reference not found"),
            }
        }
        ("GET", ["transaction"]) => {
            let listed = s.transactions.iter().filter(|t| {
                q("customer").is_none_or(|c| c == t.customer_id.to_string())
                    && q("status").is_none_or(|st| st == t.status)
            });
            let listed: Vec<Value> = listed.rev().map(|t| records::transaction(s, t)).collect();
            list("Transactions retrieved", listed, q)
        }
        ("POST", ["plan"]) => with_body(json(), |b| create_plan(s, b)),
        ("GET", ["plan"]) => {
            let listed: Vec<Value> = s.plans.iter().rev().map(records::plan).collect();
            list("Plans retrieved", listed, q)
        }
        ("GET", ["subscription"]) => {
            let listed = s.subscriptions.iter().filter(|x| {
                q("customer").is_none_or(|c| c == x.customer_id.to_string())
                    && q("plan").is_none_or(|p| {
                        s.plans
                            .iter()
                            .any(|pl| pl.id.to_string() == p && pl.plan_code == x.plan_code)
                    })
            });
            let listed: Vec<Value> = listed.rev().map(|x| records::subscription(s, x)).collect();
            list("Subscriptions retrieved", listed, q)
        }
        ("GET", ["subscription", code]) => match s
            .subscriptions
            .iter()
            .find(|x| x.code == *code || x.id.to_string() == *code)
        {
            Some(x) => ok(
                "Subscription retrieved successfully",
                records::subscription(s, x),
            ),
            None => refuse(404, "Subscription not found"),
        },
        ("POST", ["subscription", "disable"]) => with_body(json(), |b| disable(s, b)),
        ("POST", ["refund"]) => with_body(json(), |b| refund(s, b)),
        ("GET", ["refund"]) => {
            let listed = s
                .refunds
                .iter()
                .filter(|r| q("transaction").is_none_or(|t| t == r.transaction_id.to_string()));
            let listed: Vec<Value> = listed.rev().map(records::refund).collect();
            list("Refunds retrieved", listed, q)
        }
        ("GET", ["balance"]) => ok(
            "Balances retrieved",
            json!([{"currency": "NGN", "balance": 0}]),
        ),
        _ => refuse(404, &format!("No route {method} {path}")),
    }
}

fn list(message: &str, all: Vec<Value>, q: &dyn Fn(&str) -> Option<String>) -> Reply {
    let per_page: usize = q("perPage").and_then(|p| p.parse().ok()).unwrap_or(50);
    let page: usize = q("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let total = all.len();
    let shown: Vec<Value> = all
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut reply = ok(message, Value::Array(shown));
    if let Body::Json(body) = &mut reply.body {
        body["meta"] = json!({"total": total, "skipped": (page - 1) * per_page, "perPage": per_page,
                              "page": page, "pageCount": total.div_ceil(per_page.max(1))});
    }
    reply
}

fn with_body(
    parsed: serde_json::Result<Value>,
    then: impl FnOnce(&Map<String, Value>) -> Reply,
) -> Reply {
    match parsed {
        Ok(Value::Object(body)) => then(&body),
        _ => refuse(400, "Invalid JSON body"),
    }
}

/// Unknown and missing fields are refused, as a strict fake does.
fn fields(body: &Map<String, Value>, allowed: &[&str], required: &[&str]) -> Result<(), Reply> {
    if let Some(unknown) = body.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(refuse(400, &format!("Unknown field: {unknown}")));
    }
    match required
        .iter()
        .find(|r| body.get(**r).is_none_or(|v| v.is_null() || v == ""))
    {
        Some(missing) => Err(refuse(400, &format!("{missing} is required"))),
        None => Ok(()),
    }
}

/// Whole subunits: an integer, or a string of digits (Paystack's docs type amounts as strings).
fn subunits(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().filter(|a| *a > 0),
        Value::String(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            t.parse().ok()
        }
        _ => None,
    }
}

fn customer_id(s: &mut State, email: &str) -> u64 {
    let found = s
        .customers
        .iter()
        .position(|e| e.eq_ignore_ascii_case(email));
    let i = found.unwrap_or_else(|| {
        s.customers.push(email.to_string());
        s.customers.len() - 1
    });
    i as u64 + 1
}

fn initialize(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "email",
        "amount",
        "currency",
        "reference",
        "callback_url",
        "metadata",
        "plan",
        "invoice_limit",
        "channels",
    ];
    if let Err(r) = fields(b, &allowed, &["email", "amount"]) {
        return r;
    }
    let Some(mut amount) = subunits(&b["amount"]) else {
        return refuse(400, "Invalid Amount Sent");
    };
    let currency = b
        .get("currency")
        .and_then(Value::as_str)
        .unwrap_or("NGN")
        .to_string();
    if !CURRENCIES.contains(&currency.as_str()) {
        return refuse(400, "Currency not supported by merchant");
    }
    let email = b["email"].as_str().unwrap_or_default().to_string();
    if !email.contains('@') {
        return refuse(400, "Invalid Email Address Passed");
    }
    let reference =
        match b.get("reference").and_then(Value::as_str) {
            Some(r)
                if r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.=".contains(c)) =>
            {
                r.to_string()
            }
            Some(_) => return refuse(
                400,
                "Invalid transaction reference: only -, ., = and alphanumeric characters allowed",
            ),
            None => format!("T{:012}", s.seq + 1),
        };
    if s.transactions.iter().any(|t| t.reference == reference) {
        return refuse(400, "Duplicate Transaction Reference");
    }
    let metadata = match b.get("metadata") {
        None => Value::Null,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => v,
            _ => return refuse(400, "metadata must be a stringified JSON object"),
        },
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return refuse(400, "metadata must be a stringified JSON object"),
    };
    let plan_code = b.get("plan").and_then(Value::as_str).map(str::to_string);
    if let Some(code) = &plan_code {
        let Some(plan) = s.plans.iter().find(|p| &p.plan_code == code) else {
            return refuse(400, "Plan not found");
        };
        if plan.currency != currency {
            return refuse(400, "Plan currency does not match transaction currency");
        }
        // The plan's amount is charged: it invalidates the amount sent.
        amount = plan.amount;
    }
    let customer_id = customer_id(s, &email);
    s.seq += 1;
    let access_code = format!("ac{:010x}", s.seq * 2654435761);
    let record = TransactionRecord {
        id: 3_000_000 + s.seq,
        reference: reference.clone(),
        access_code: access_code.clone(),
        email,
        customer_id,
        amount,
        currency,
        status: "abandoned".into(),
        plan_code,
        metadata,
        callback_url: b
            .get("callback_url")
            .and_then(Value::as_str)
            .map(str::to_string),
        created_at: s.now,
        paid_at: None,
    };
    s.transactions.push(record);
    let authorization_url = format!("{}/checkout/{access_code}", s.base);
    ok(
        "Authorization URL created",
        json!({"authorization_url": authorization_url, "access_code": access_code, "reference": reference}),
    )
}

fn create_plan(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "name",
        "amount",
        "interval",
        "description",
        "send_invoices",
        "send_sms",
        "currency",
        "invoice_limit",
    ];
    if let Err(r) = fields(b, &allowed, &["name", "amount", "interval"]) {
        return r;
    }
    let Some(amount) = subunits(&b["amount"]) else {
        return refuse(400, "Invalid Amount Sent");
    };
    let interval = b["interval"].as_str().unwrap_or_default();
    if !INTERVALS.contains(&interval) {
        return refuse(
            400,
            "Interval should be one of: daily, weekly, monthly, quarterly, biannually, annually",
        );
    }
    let currency = b.get("currency").and_then(Value::as_str).unwrap_or("NGN");
    if !CURRENCIES.contains(&currency) {
        return refuse(400, "Currency not supported by merchant");
    }
    let invoice_limit = match b.get("invoice_limit") {
        None => None,
        Some(v) => match v.as_u64() {
            Some(n) => Some(n),
            None => return refuse(400, "invoice_limit must be a whole number"),
        },
    };
    s.seq += 1;
    let plan = PlanRecord {
        id: 40_000 + s.seq,
        plan_code: format!("PLN_{:014x}", s.seq * 6364136223),
        name: b["name"].as_str().unwrap_or_default().to_string(),
        amount,
        interval: interval.to_string(),
        currency: currency.to_string(),
        invoice_limit,
        description: b
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let shown = records::plan(&plan);
    s.plans.push(plan);
    ok("Plan created", shown)
}

fn disable(s: &mut State, b: &Map<String, Value>) -> Reply {
    if let Err(r) = fields(b, &["code", "token"], &["code", "token"]) {
        return r;
    }
    let (code, token) = (
        b["code"].as_str().unwrap_or_default(),
        b["token"].as_str().unwrap_or_default(),
    );
    let Some(i) = s
        .subscriptions
        .iter()
        .position(|x| x.code == code && x.email_token == token)
    else {
        return refuse(404, "Subscription with code not found or already inactive");
    };
    if !matches!(s.subscriptions[i].status.as_str(), "active" | "attention") {
        return refuse(400, "Subscription with code not found or already inactive");
    }
    s.subscriptions[i].status = "non-renewing".into();
    let shown = records::subscription(s, &s.subscriptions[i]);
    super::events::queue(s, "subscription.not_renew", shown);
    ok("Subscription disabled successfully", Value::Null)
}

fn refund(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "transaction",
        "amount",
        "currency",
        "customer_note",
        "merchant_note",
    ];
    if let Err(r) = fields(b, &allowed, &["transaction"]) {
        return r;
    }
    let wanted = match &b["transaction"] {
        Value::String(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        _ => return refuse(400, "Transaction reference or id is required"),
    };
    let Some(t) = s
        .transactions
        .iter()
        .find(|t| t.reference == wanted || t.id.to_string() == wanted)
        .cloned()
    else {
        return refuse(404, "Transaction not found");
    };
    if t.status != "success" {
        return refuse(400, "Cannot refund a transaction that was not successful");
    }
    let refunded: i64 = s
        .refunds
        .iter()
        .filter(|r| r.transaction_id == t.id)
        .map(|r| r.amount)
        .sum();
    let amount = match b.get("amount") {
        None => t.amount - refunded,
        Some(v) => match subunits(v) {
            Some(a) => a,
            None => return refuse(400, "Invalid Amount Sent"),
        },
    };
    if amount <= 0 || amount > t.amount - refunded {
        return refuse(
            400,
            "Refund amount cannot be greater than transaction amount",
        );
    }
    if b.get("currency").is_some_and(|c| c != t.currency.as_str()) {
        return refuse(400, "Currency does not match the transaction's");
    }
    s.seq += 1;
    let text = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_string);
    let record = RefundRecord {
        id: 1100 + s.seq,
        transaction_id: t.id,
        transaction_reference: t.reference.clone(),
        amount,
        currency: t.currency.clone(),
        merchant_note: text("merchant_note"),
        customer_note: text("customer_note"),
        status: "pending".into(),
    };
    let mut shown = records::refund(&record);
    shown["transaction"] = records::transaction(s, &t);
    s.refunds.push(record);
    ok("Refund has been queued for processing", shown)
}

fn hosted_page(s: &mut State, method: &str, rest: &str) -> Reply {
    match (method, rest.split_once('/')) {
        ("GET", None) => match hosted::page(s, rest) {
            Some(html) => Reply {
                status: 200,
                body: Body::Html(html),
                location: None,
            },
            None => refuse(404, "This checkout link has expired"),
        },
        ("POST", Some((code, action @ ("pay" | "fail")))) => {
            let Some(t) = s.transactions.iter().find(|t| t.access_code == code) else {
                return refuse(404, "This checkout link has expired");
            };
            let outcome = if action == "pay" { "success" } else { "failed" };
            match hosted::settle_in(s, &t.reference.clone(), outcome) {
                Ok(back) => redirect(back),
                Err(why) => refuse(400, &why),
            }
        }
        _ => refuse(404, "Not found"),
    }
}
