//! The API's routes: authentication, outages, idempotency, then payments, refunds and customers
//! here and subscriptions in `subscriptions`.

use super::strict::{self, amount_of};
use super::{
    error, find, find_mut, next_id, not_found, now, reply, unprocessable, Call, Reply, State,
    API_KEY,
};
use actix_web::HttpRequest;
use serde_json::{json, Value};

/// Mollie keeps at most this much metadata.
const METADATA_MAX: usize = 1024;

pub(super) fn respond(s: &mut State, req: &HttpRequest, body: &[u8]) -> Reply {
    let method = req.method().to_string();
    let target = req.uri().to_string();
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let key = header("idempotency-key");
    let r = answer(
        s,
        &method,
        req.uri().path(),
        header("authorization"),
        key.as_deref(),
        body,
    );
    s.calls.push(Call {
        method,
        path: target,
        idempotency_key: key,
        status: r.status,
    });
    r
}

fn answer(
    s: &mut State,
    method: &str,
    path: &str,
    auth: Option<String>,
    key: Option<&str>,
    body: &[u8],
) -> Reply {
    if auth.as_deref() != Some(&format!("Bearer {API_KEY}")) {
        return error(
            401,
            "Unauthorized Request",
            "Missing authentication, or failed to authenticate",
            None,
        );
    }
    if let Some(status) = s.outage {
        let title = if status == 429 {
            "Too Many Requests"
        } else {
            "Service Unavailable"
        };
        return error(status, title, "Please try again later.", None);
    }
    if let Some(f) = (s.failures.iter_mut())
        .find(|f| f.times > 0 && f.method == method && path.contains(&f.path))
    {
        f.times -= 1;
        return match f.status {
            422 => unprocessable("The mandate is invalid.", "mandateId"),
            status => error(
                status,
                "Service Unavailable",
                "Please try again later.",
                None,
            ),
        };
    }
    let replay_key = key.map(|k| (path.to_string(), k.to_string()));
    let replayed = (method == "POST")
        .then(|| replay_key.as_ref().and_then(|k| s.replays.get(k)))
        .flatten()
        .cloned();
    let r = match replayed {
        Some((status, body)) => {
            if s.keys_expire {
                s.replays.remove(replay_key.as_ref().unwrap());
            }
            reply(status, body)
        }
        None => route(s, method, path, replay_key, body),
    };
    if ["POST", "DELETE"].contains(&method) && r.status < 300 && s.lose_answers > 0 {
        s.lose_answers -= 1;
        return error(
            503,
            "Service Unavailable",
            "The answer was lost on the way.",
            None,
        );
    }
    r
}

/// Does the call; a POST's success is kept for its `Idempotency-Key`.
fn route(
    s: &mut State,
    method: &str,
    path: &str,
    replay_key: Option<(String, String)>,
    body: &[u8],
) -> Reply {
    let json: Value = match (method, body.is_empty()) {
        ("POST", false) => match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(_) => {
                return error(
                    400,
                    "Bad Request",
                    "The request body is not valid JSON.",
                    None,
                )
            }
        },
        _ => Value::Null,
    };
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let r = match (method, parts.as_slice()) {
        ("GET", ["v2", "methods"]) => reply(200, methods()),
        ("POST", ["v2", "payments"]) => create_payment(s, &json),
        ("GET", ["v2", "payments", id]) => match find(&s.payments, id) {
            Some(p) => reply(200, p.clone()),
            None => not_found("payment"),
        },
        ("POST", ["v2", "payments", id, "refunds"]) => create_refund(s, id, &json),
        ("GET", ["v2", "payments", id, "refunds"]) => list_refunds(s, id),
        ("POST", ["v2", "customers"]) => create_customer(s, &json),
        (_, ["v2", "customers", customer, "subscriptions", rest @ ..]) => {
            if find(&s.customers, customer).is_none() {
                return not_found("customer");
            }
            super::subscriptions::route(s, method, customer, rest, &json)
        }
        _ => error(404, "Not Found", "The resource does not exist.", None),
    };
    if method == "POST" && r.status < 300 {
        if let Some(k) = replay_key {
            s.replays.insert(k, (r.status, r.body.clone()));
        }
    }
    r
}

fn methods() -> Value {
    let method = |id: &str, description: &str| json!({"resource": "method", "id": id, "description": description, "status": "activated"});
    json!({"count": 3, "_embedded": {"methods": [method("ideal", "iDEAL"), method("bancontact", "Bancontact"), method("creditcard", "Card")]}})
}

fn metadata(body: &Value) -> Result<Value, Reply> {
    let m = body["metadata"].clone();
    if m.to_string().len() > METADATA_MAX {
        return Err(unprocessable("The metadata is too large.", "metadata"));
    }
    Ok(m)
}

fn links(s: &State, kind: &str, id: &str) -> Value {
    json!({"self": {"href": format!("{}/v2/{kind}/{id}", s.base), "type": "application/hal+json"},
        "documentation": {"href": "https://docs.mollie.com/reference/", "type": "text/html"}})
}

fn create_payment(s: &mut State, body: &Value) -> Reply {
    const FIELDS: &[&str] = &[
        "amount",
        "description",
        "redirectUrl",
        "cancelUrl",
        "webhookUrl",
        "metadata",
        "sequenceType",
        "customerId",
        "mandateId",
        "locale",
        "method",
    ];
    let checked = (|| -> Result<Value, Reply> {
        strict::fields(body, FIELDS)?;
        let (currency, minor) = strict::amount(body, "amount")?;
        let description = strict::text(body, "description")?;
        let sequence = strict::optional_text(body, "sequenceType")?.unwrap_or("oneoff");
        if !["oneoff", "first", "recurring"].contains(&sequence) {
            return Err(unprocessable(
                "The sequence type is invalid.",
                "sequenceType",
            ));
        }
        let redirect = strict::url(body, "redirectUrl")?;
        if redirect.is_none() && sequence != "recurring" {
            return Err(unprocessable(
                "The 'redirectUrl' field is required.",
                "redirectUrl",
            ));
        }
        let customer = strict::optional_text(body, "customerId")?;
        if sequence != "oneoff" && customer.is_none() {
            return Err(unprocessable(
                "A customer is required for this sequence type.",
                "customerId",
            ));
        }
        if let Some(c) = customer {
            if find(&s.customers, c).is_none() {
                return Err(unprocessable("The customer does not exist.", "customerId"));
            }
        }
        let mut p = json!({"resource": "payment", "mode": "test", "createdAt": now(),
            "amount": amount_of(&currency, minor), "description": description, "method": body["method"],
            "metadata": metadata(body)?, "status": "open", "isCancelable": false,
            "profileId": "pfl_QkEhN94Ba", "sequenceType": sequence, "redirectUrl": redirect});
        for field in ["cancelUrl", "webhookUrl"] {
            if let Some(u) = strict::url(body, field)? {
                p[field] = json!(u);
            }
        }
        if let Some(c) = customer {
            p["customerId"] = json!(c);
        }
        Ok(p)
    })();
    let mut p = match checked {
        Ok(p) => p,
        Err(r) => return r,
    };
    let id = next_id(s, "tr_");
    p["id"] = json!(id);
    let mut l = links(s, "payments", &id);
    l["checkout"] = json!({"href": format!("{}/checkout/{id}", s.base), "type": "text/html"});
    l["dashboard"] = json!({"href": format!("https://my.mollie.com/dashboard/org_1/payments/{id}"), "type": "text/html"});
    p["_links"] = l;
    s.payments.push(p.clone());
    reply(201, p)
}

pub(super) fn create_refund(s: &mut State, payment_id: &str, body: &Value) -> Reply {
    if let Err(r) = strict::fields(body, &["amount", "description", "metadata"]) {
        return r;
    }
    let (currency, minor) = match strict::amount(body, "amount") {
        Ok(a) => a,
        Err(r) => return r,
    };
    let metadata = match metadata(body) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let id = next_id(s, "re_");
    let Some(p) = find_mut(&mut s.payments, payment_id) else {
        return not_found("payment");
    };
    if p["status"] != "paid" {
        return unprocessable("The payment cannot be refunded: it is not paid.", "amount");
    }
    if p["amount"]["currency"] != currency.as_str() {
        return unprocessable(
            "The refund must be in the payment's currency.",
            "amount.currency",
        );
    }
    let remaining = strict::minor(&p["amountRemaining"]);
    if minor > remaining {
        return unprocessable("The amount is higher than the amount remaining.", "amount");
    }
    let refunded = strict::minor(&p["amountRefunded"]) + minor;
    p["amountRefunded"] = amount_of(&currency, refunded);
    p["amountRemaining"] = amount_of(&currency, remaining - minor);
    let refund = json!({"resource": "refund", "id": id, "amount": amount_of(&currency, minor),
        "status": "pending", "createdAt": now(), "description": body["description"].as_str().unwrap_or(""),
        "metadata": metadata, "paymentId": payment_id,
        "_links": {"payment": {"href": format!("/v2/payments/{payment_id}"), "type": "application/hal+json"}}});
    s.refunds.push(refund.clone());
    reply(201, refund)
}

/// The payment's refunds, oldest first, as Mollie lists them (HAL, one page).
fn list_refunds(s: &State, payment_id: &str) -> Reply {
    if find(&s.payments, payment_id).is_none() {
        return not_found("payment");
    }
    let refunds: Vec<&Value> = (s.refunds.iter())
        .filter(|r| r["paymentId"] == payment_id)
        .collect();
    let href = format!("{}/v2/payments/{payment_id}/refunds", s.base);
    reply(
        200,
        json!({"count": refunds.len(), "_embedded": {"refunds": refunds},
            "_links": {"self": {"href": href, "type": "application/hal+json"},
                "previous": null, "next": null,
                "documentation": {"href": "https://docs.mollie.com/reference/list-refunds", "type": "text/html"}}}),
    )
}

fn create_customer(s: &mut State, body: &Value) -> Reply {
    let checked = (|| -> Result<Value, Reply> {
        strict::fields(body, &["name", "email", "locale", "metadata"])?;
        let email = strict::optional_text(body, "email")?;
        if email.is_some_and(|e| !e.contains('@')) {
            return Err(unprocessable("The email address is invalid.", "email"));
        }
        Ok(
            json!({"resource": "customer", "mode": "test", "name": body["name"], "email": email,
            "locale": body["locale"], "metadata": metadata(body)?, "createdAt": now()}),
        )
    })();
    let mut c = match checked {
        Ok(c) => c,
        Err(r) => return r,
    };
    let id = next_id(s, "cst_");
    c["id"] = json!(id);
    c["_links"] = links(s, "customers", &id);
    s.customers.push(c.clone());
    reply(201, c)
}
