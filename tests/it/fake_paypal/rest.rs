//! The fake's REST API: routing, the OAuth token, bearer checks, and validation in PayPal's
//! error vocabulary (shared by the orders and billing handlers).

use super::billing::{cancel, create_plan, create_product, create_subscription, list_plans};
use super::orders::{capture, create_order, order_json};
use super::{approve, billing, next_id, now, refunds, reply, sales, webhooks};
use super::{Call, Reply, State};
use super::{CLIENT_ID, CLIENT_SECRET};
use actix_web::{HttpMessage, HttpRequest};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// PayPal's currencies and the decimals it allows (HUF, JPY, TWD: none).
const CURRENCIES: &[(&str, usize)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 0),
    ("ILS", 2),
    ("JPY", 0),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TWD", 0),
    ("USD", 2),
];

/// The decimals PayPal allows in the currency's amounts (2 for one it does not know).
pub(super) fn decimals(code: &str) -> usize {
    let found = CURRENCIES.iter().find(|(c, _)| *c == code);
    found.map_or(2, |(_, d)| *d)
}

pub(super) const INVALID: &str =
    "Request is not well-formed, syntactically incorrect, or violates schema.";
pub(super) const UNPROCESSABLE: &str =
    "The requested action could not be performed, semantically incorrect, or failed business validation.";
pub(super) const MISSING: &str = "A required field / parameter is missing.";
pub(super) const BAD_VALUE: &str = "The value of a field is invalid.";
pub(super) const BAD_SYNTAX: &str = "The value of a field does not conform to the expected format.";
pub(super) const BAD_LENGTH: &str = "The value of a field is either too short or too long.";

pub(super) fn error(status: u16, name: &str, message: &str, details: Vec<Value>) -> Reply {
    let debug_id = hex::encode(rand::random::<[u8; 7]>())[..13].to_string();
    let link = json!({"href": "https://developer.paypal.com/api/rest/reference/orders/v2/errors/",
        "rel": "information_link", "method": "GET"});
    let body = json!({"name": name, "message": message, "debug_id": debug_id,
        "details": details, "links": [link]});
    reply(status, body)
}

fn detail(field: &str, issue: &str, description: &str) -> Value {
    match field {
        "" => json!({"issue": issue, "description": description}),
        f => json!({"field": f, "location": "body", "issue": issue, "description": description}),
    }
}

pub(super) fn invalid(field: &str, issue: &str, description: &str) -> Reply {
    error(
        400,
        "INVALID_REQUEST",
        INVALID,
        vec![detail(field, issue, description)],
    )
}

pub(super) fn unprocessable(field: &str, issue: &str, description: &str) -> Reply {
    let details = vec![detail(field, issue, description)];
    error(422, "UNPROCESSABLE_ENTITY", UNPROCESSABLE, details)
}

pub(super) fn not_found(field: &str) -> Reply {
    let d = "Specified resource ID does not exist. Please check the resource ID and try again.";
    let details = vec![detail(field, "INVALID_RESOURCE_ID", d)];
    error(
        404,
        "RESOURCE_NOT_FOUND",
        "The specified resource does not exist.",
        details,
    )
}

fn unauthorized() -> Reply {
    let m = "Authentication failed due to missing authorization header, or invalid authentication credentials.";
    error(401, "AUTHENTICATION_FAILURE", m, vec![])
}

pub(super) type Checked<T> = Result<T, Reply>;

/// A string field: required or not, at most `max` characters (and at least one).
pub(super) fn string(
    v: &Value,
    key: &str,
    at: &str,
    required: bool,
    max: usize,
) -> Checked<Option<String>> {
    let field = format!("{at}/{key}");
    match &v[key] {
        Value::Null if required => Err(invalid(&field, "MISSING_REQUIRED_PARAMETER", MISSING)),
        Value::Null => Ok(None),
        Value::String(s) if s.is_empty() || s.chars().count() > max => {
            Err(invalid(&field, "INVALID_STRING_LENGTH", BAD_LENGTH))
        }
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(invalid(&field, "INVALID_PARAMETER_SYNTAX", BAD_SYNTAX)),
    }
}

pub(super) fn one_of(v: &Value, key: &str, at: &str, allowed: &[&str]) -> Checked<Option<String>> {
    let got = string(v, key, at, false, 255)?;
    match got {
        Some(g) if !allowed.contains(&g.as_str()) => Err(invalid(
            &format!("{at}/{key}"),
            "INVALID_PARAMETER_VALUE",
            BAD_VALUE,
        )),
        got => Ok(got),
    }
}

pub(super) fn url_field(v: &Value, key: &str, at: &str) -> Checked<Option<String>> {
    let got = string(v, key, at, false, 4000)?;
    match got {
        Some(u) if url::Url::parse(&u).is_err() => Err(invalid(
            &format!("{at}/{key}"),
            "INVALID_PARAMETER_SYNTAX",
            BAD_SYNTAX,
        )),
        got => Ok(got),
    }
}

/// `{currency_code, value}` as PayPal checks it: a currency it takes (and the account
/// accepts), a decimal string with the currency's decimals, above zero unless `zero_ok`.
pub(super) fn money(
    s: &State,
    amount: &Value,
    at: &str,
    zero_ok: bool,
) -> Checked<(String, String)> {
    if !amount.is_object() {
        return Err(invalid(at, "MISSING_REQUIRED_PARAMETER", MISSING));
    }
    let code = string(amount, "currency_code", at, true, 3)?.unwrap_or_default();
    let code_at = format!("{at}/currency_code");
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(invalid(&code_at, "INVALID_PARAMETER_SYNTAX", BAD_SYNTAX));
    }
    let decimals = CURRENCIES.iter().find(|(c, _)| *c == code).map(|(_, d)| *d);
    let Some(decimals) = decimals.filter(|_| !s.unsupported.contains(&code)) else {
        let d = "Currency code is unsupported. Please refer https://developer.paypal.com/api/rest/reference/currency-codes/ for list of supported currency codes.";
        return Err(unprocessable(&code_at, "CURRENCY_NOT_SUPPORTED", d));
    };
    let value = string(amount, "value", at, true, 32)?.unwrap_or_default();
    let value_at = format!("{at}/value");
    let digits = value.strip_prefix('-').unwrap_or(&value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let shaped =
        all_digits(whole) && all_digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    if !shaped || (digits.contains('.') && fraction.is_empty()) {
        return Err(invalid(&value_at, "INVALID_PARAMETER_SYNTAX", BAD_SYNTAX));
    }
    if decimals == 0 && digits.contains('.') {
        let d = "Currency does not support decimals.";
        return Err(unprocessable(&value_at, "DECIMALS_NOT_SUPPORTED", d));
    }
    if fraction.len() > 2 {
        let d = "If the currency supports decimals, only two decimal place precision is supported.";
        return Err(unprocessable(&value_at, "DECIMAL_PRECISION", d));
    }
    let zero = !format!("{whole}{fraction}").chars().any(|c| c != '0');
    if value.starts_with('-') || (zero && !zero_ok) {
        let d = "Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.";
        return Err(unprocessable(&value_at, "CANNOT_BE_ZERO_OR_NEGATIVE", d));
    }
    Ok((code, value))
}

pub(super) fn respond(s: &mut State, req: &HttpRequest, body: &[u8]) -> Reply {
    let path = req.path().to_string();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = req.method().as_str().to_string();
    let query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    let q = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    // The buyer's pages at PayPal: no API credentials, a redirect back.
    match (method.as_str(), segs.as_slice()) {
        ("GET", ["checkoutnow"]) => return approve(s, &q("token").unwrap_or_default()),
        ("GET", ["webapps", "billing", "subscriptions"]) => {
            return approve(s, &q("ba_token").unwrap_or_default())
        }
        _ => {}
    }
    let request_id = req.headers().get("PayPal-Request-Id");
    let request_id = request_id.and_then(|v| v.to_str().ok()).map(str::to_string);
    let full = match req.query_string() {
        "" => path.clone(),
        qs => format!("{path}?{qs}"),
    };
    let r = route(s, req, &method, &segs, body, request_id.as_deref(), &q);
    s.calls.push(Call {
        method,
        path: full,
        request_id,
        status: r.status,
    });
    r
}

fn route(
    s: &mut State,
    req: &HttpRequest,
    method: &str,
    segs: &[&str],
    body: &[u8],
    request_id: Option<&str>,
    q: &dyn Fn(&str) -> Option<String>,
) -> Reply {
    if let ("POST", ["v1", "oauth2", "token"]) = (method, segs) {
        return token(s, req, body);
    }
    let bearer = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok());
    let bearer = bearer.and_then(|v| v.strip_prefix("Bearer "));
    let live = bearer
        .and_then(|t| s.tokens.get(t))
        .is_some_and(|until| Instant::now() < *until);
    if !live {
        return unauthorized();
    }
    let json = match method {
        "POST" if !req.content_type().eq_ignore_ascii_case("application/json") => {
            let m = "The server does not support the request payload's media type.";
            return error(415, "UNSUPPORTED_MEDIA_TYPE", m, vec![]);
        }
        "POST" if body.iter().all(u8::is_ascii_whitespace) => json!({}),
        "POST" => match serde_json::from_slice::<Value>(body) {
            Ok(v) if v.is_object() => v,
            _ if segs.starts_with(&["v1", "payments"]) => {
                let m = "JSON request is malformed.";
                return sales::v1_error(400, "MALFORMED_REQUEST", m, vec![]);
            }
            _ => {
                return invalid(
                    "",
                    "MALFORMED_REQUEST_JSON",
                    "The request JSON is not well formed.",
                )
            }
        },
        _ => Value::Null,
    };
    let replay_key = request_id.map(|id| (segs.join("/"), id.to_string()));
    if let Some((status, answer)) = replay_key.as_ref().and_then(|k| s.replays.get(k)) {
        return reply(*status, answer.clone());
    }
    let prefer_full = req
        .headers()
        .get("Prefer")
        .is_some_and(|p| p == "return=representation");
    let r = match (method, segs) {
        ("POST", ["v2", "checkout", "orders"]) => create_order(s, &json, request_id, prefer_full),
        ("GET", ["v2", "checkout", "orders", id]) => match s.orders.iter().find(|o| o.id == *id) {
            Some(o) => reply(200, order_json(s, o)),
            None => not_found(""),
        },
        ("POST", ["v2", "checkout", "orders", id, "capture"]) => capture(s, id),
        ("POST", ["v1", "catalogs", "products"]) => create_product(s, &json),
        ("GET", ["v1", "catalogs", "products", id]) => {
            let found = s.products.iter().find(|p| p["id"] == *id);
            found.map_or_else(|| not_found(""), |p| reply(200, p.clone()))
        }
        ("POST", ["v1", "billing", "plans"]) => create_plan(s, &json),
        ("GET", ["v1", "billing", "plans"]) => list_plans(s, q),
        ("GET", ["v1", "billing", "plans", id]) => {
            let found = s.plans.iter().find(|p| p["id"] == *id);
            found.map_or_else(|| not_found(""), |p| reply(200, p.clone()))
        }
        ("POST", ["v1", "billing", "subscriptions"]) => create_subscription(s, &json, request_id),
        ("GET", ["v1", "billing", "subscriptions", id]) => {
            match s.subscriptions.iter().find(|x| x.id == *id) {
                Some(sub) => reply(200, billing::subscription_json(s, sub)),
                None => not_found(""),
            }
        }
        ("POST", ["v1", "billing", "subscriptions", id, "cancel"]) => cancel(s, id, &json),
        ("POST", ["v1", "notifications", "verify-webhook-signature"]) => webhooks::verify(s, &json),
        ("POST", ["v2", "payments", "captures", id, "refund"]) => {
            refunds::refund_capture(s, id, &json, request_id, prefer_full)
        }
        ("POST", ["v1", "payments", "sale", id, "refund"]) => {
            sales::refund_sale(s, id, &json, request_id)
        }
        ("GET", ["v2", "payments", what @ ("captures" | "refunds"), id]) => {
            refunds::show(s, what, id)
        }
        ("GET", ["v1", "payments", what @ ("sale" | "refund"), id]) => sales::show(s, what, id),
        ("POST" | "GET", ["v1", "payments", ..]) => sales::v1_not_found(),
        _ => not_found(""),
    };
    let done = (200..300).contains(&r.status);
    if let (Some(key), true) = (replay_key, done) {
        s.replays.insert(key, (r.status, r.body.clone()));
    }
    if done && method == "POST" && s.lose_answers > 0 {
        s.lose_answers -= 1;
        return error(503, "SERVICE_UNAVAILABLE", "Service Unavailable.", vec![]);
    }
    r
}

/// POST /v1/oauth2/token: Basic client id and secret, `grant_type=client_credentials`.
/// Refusals in OAuth's shape, `{error, error_description}`, as PayPal answers there.
fn token(s: &mut State, req: &HttpRequest, body: &[u8]) -> Reply {
    s.token_requests += 1;
    let basic = req
        .headers()
        .get("Authorization")
        .and_then(|v| v.to_str().ok());
    let basic = basic.and_then(|v| v.strip_prefix("Basic "));
    let decoded = basic.and_then(|b| {
        let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b).ok()?;
        String::from_utf8(bytes).ok()
    });
    if decoded.as_deref() != Some(&format!("{CLIENT_ID}:{CLIENT_SECRET}")) {
        let body =
            json!({"error": "invalid_client", "error_description": "Client Authentication failed"});
        return reply(401, body);
    }
    let form = req
        .content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded");
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    if !form || !pairs.contains(&("grant_type".into(), "client_credentials".into())) {
        let body =
            json!({"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"});
        return reply(400, body);
    }
    let token = format!("A21AA{}", next_id(s, "", 40));
    let lifetime = s.token_lifetime;
    s.tokens.insert(
        token.clone(),
        Instant::now() + Duration::from_secs(lifetime),
    );
    let scope = "https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/subscriptions https://uri.paypal.com/services/applications/webhooks";
    reply(
        200,
        json!({"scope": scope, "access_token": token, "token_type": "Bearer",
        "app_id": "APP-80W284485P519543T", "expires_in": lifetime, "nonce": format!("{}{}", now(), next_id(s, "", 12))}),
    )
}
