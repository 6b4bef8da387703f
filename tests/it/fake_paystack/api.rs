//! The fake's API: the Bearer key, outages, lost answers, routing, lists and the hosted page.

use super::hosted;
use super::records;
use super::writes::{create_plan, disable, initialize, refund};
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

pub(super) fn ok(message: &str, data: Value) -> Reply {
    Reply {
        status: 200,
        body: Body::Json(json!({"status": true, "message": message, "data": data})),
        location: None,
    }
}

pub(super) fn refuse(status: u16, message: &str) -> Reply {
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
