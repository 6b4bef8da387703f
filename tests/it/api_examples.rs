//! `examples/api.http`, the JSON API's runnable examples, sent request by request to a shop
//! that has a completed order: every example must be accepted as written, and every endpoint
//! must have one.

use crate::fake_kartra::{API_KEY, API_PASSWORD, APP_ID};
use crate::purchase::Shop;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

const FILE: &str = include_str!("../../examples/api.http");

/// Every endpoint of the JSON API, with ids as `{id}` and gateway names as `{name}`.
const ENDPOINTS: &[&str] = &[
    "GET /health",
    "GET /stats",
    "POST /coupons",
    "GET /coupons",
    "GET /coupons/{id}",
    "PUT /coupons/{id}",
    "DELETE /coupons/{id}",
    "PUT /integrations/kartra",
    "GET /integrations/kartra",
    "POST /integrations/kartra/test",
    "PUT /gateways/{name}",
    "GET /settings/shop",
    "PUT /settings/shop",
    "GET /settings/tax",
    "PUT /settings/tax",
    "GET /integrations/email",
    "PUT /integrations/email",
    "POST /integrations/email/test",
    "GET /orders/{id}/invoice",
    "POST /products",
    "GET /products",
    "GET /products/{id}",
    "PUT /products/{id}",
    "DELETE /products/{id}",
    "GET /templates",
    "POST /pages",
    "GET /pages",
    "GET /pages/{id}",
    "PUT /pages/{id}",
    "DELETE /pages/{id}",
    "GET /orders",
    "GET /orders.csv",
    "GET /orders/{id}",
    "GET /access",
    "POST /orders/{id}/replay",
    "POST /orders/{id}/refund",
    "POST /orders/{id}/cancel",
    "POST /replay",
    "POST /webhook-endpoints",
    "GET /webhook-endpoints",
    "DELETE /webhook-endpoints/{id}",
];

/// One request of an `.http` file, as written (variables not yet filled in).
struct Example {
    title: String,
    name: Option<String>,
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// The file's variables (`@name = value`) and its requests, split at `###` lines.
fn parse(text: &str) -> (HashMap<String, String>, Vec<Example>) {
    let mut variables = HashMap::new();
    let mut examples = vec![];
    for block in text.split("\n###").skip(1) {
        let (title, rest) = block.split_once('\n').unwrap_or((block, ""));
        let mut name = None;
        let mut lines = rest.lines();
        let mut request_line = None;
        for line in lines.by_ref() {
            if let Some(n) = line.strip_prefix("# @name ") {
                name = Some(n.trim().to_string());
            } else if line.starts_with('#') || line.trim().is_empty() {
                continue;
            } else {
                request_line = Some(line.trim().to_string());
                break;
            }
        }
        let mut headers = vec![];
        for line in lines.by_ref() {
            match line.split_once(':') {
                Some((k, v)) if !line.trim().is_empty() => {
                    headers.push((k.trim().to_string(), v.trim().to_string()))
                }
                _ => break,
            }
        }
        examples.push(Example {
            title: title.trim().to_string(),
            name,
            request_line: request_line.unwrap_or_else(|| panic!("no request in `{title}`")),
            headers,
            body: lines.collect::<Vec<_>>().join("\n").trim().to_string(),
        });
    }
    for line in text.split("\n###").next().unwrap_or("").lines() {
        if let Some((k, v)) = line.strip_prefix('@').and_then(|l| l.split_once('=')) {
            variables.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    (variables, examples)
}

/// Fills in `{{variable}}` and `{{request.response.body.$.path}}` (REST Client's syntax).
fn fill(
    text: &str,
    variables: &HashMap<String, String>,
    answers: &HashMap<String, Value>,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..].find("}}").expect("a closed {{") + start;
        out.push_str(&rest[..start]);
        let key = rest[start + 2..end].trim();
        let value = match key.split_once(".response.body.$") {
            Some((request, path)) => {
                let mut v = answers
                    .get(request)
                    .unwrap_or_else(|| panic!("{request} not sent yet"));
                for step in path.split(['.', '[', ']']).filter(|s| !s.is_empty()) {
                    v = match step.parse::<usize>() {
                        Ok(i) => &v[i],
                        Err(_) => &v[step],
                    };
                }
                match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }
            }
            None => variables
                .get(key)
                .unwrap_or_else(|| panic!("no variable {key}"))
                .clone(),
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// `PUT /products/12` as `PUT /products/{id}`; `/gateways/stripe` as `/gateways/{name}`.
fn endpoint(method: &str, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    let shape: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| match *s {
            s if s.parse::<i64>().is_ok() => "{id}",
            _ if i > 0 && segments[i - 1] == "gateways" => "{name}",
            s => s,
        })
        .collect();
    format!("{method} {}", shape.join("/"))
}

#[test]
fn every_request_in_examples_api_http_is_accepted_and_every_endpoint_has_one() {
    let shop = Shop::open();
    let payment_ref = shop.buy("buyer@example.com", 0);
    let order = shop.wait_order("buyer@example.com", "the order completed", |o| {
        o["status"] == "completed"
    });
    assert!(!payment_ref.is_empty());
    shop.buy("subscriber@example.com", 1);
    let subscription = shop.wait_order(
        "subscriber@example.com",
        "the subscription completed",
        |o| o["status"] == "completed",
    );

    let (mut variables, examples) = parse(FILE);
    let base = format!("{}/api/v1", shop.server.base);
    for (key, value) in [
        ("base", base.clone()),
        ("token", shop.token.clone()),
        ("kartra_app_id", APP_ID.into()),
        ("kartra_api_key", API_KEY.into()),
        ("kartra_api_password", API_PASSWORD.into()),
        ("order_id", order["id"].to_string()),
        ("subscription_order_id", subscription["id"].to_string()),
        ("buyer_email", "buyer@example.com".into()),
    ] {
        assert!(variables.contains_key(key), "the file sets @{key}");
        variables.insert(key.into(), value);
    }

    let mut answers = HashMap::new();
    let mut covered = BTreeSet::new();
    for example in &examples {
        let line = fill(&example.request_line, &variables, &answers);
        let (method, url) = line.split_once(' ').expect("METHOD URL");
        let url = url.split(' ').next().unwrap();
        covered.insert(endpoint(
            method,
            url.strip_prefix(&base).expect("under {{base}}"),
        ));
        let mut request = ureq::request(method, url);
        for (k, v) in &example.headers {
            request = request.set(k, &fill(v, &variables, &answers));
        }
        let body = fill(&example.body, &variables, &answers);
        let answer = match request.send_string(&body) {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{}: {e}", example.title),
        };
        let status = answer.status();
        // The invoice is a PDF and the export CSV; every other answer is JSON.
        let mut bytes = vec![];
        std::io::Read::read_to_end(&mut answer.into_reader(), &mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        assert!(
            (200..300).contains(&status),
            "`{}` ({line}) was answered {status}: {text}",
            example.title
        );
        if let Some(name) = &example.name {
            answers.insert(name.clone(), serde_json::from_str(&text).unwrap());
        }
    }

    let expected: BTreeSet<String> = ENDPOINTS.iter().map(|e| e.to_string()).collect();
    assert_eq!(covered, expected, "one example per endpoint");
    assert_eq!(
        examples.len(),
        ENDPOINTS.len() + 3,
        "the gateways' three PUTs and a second page of orders"
    );
}
