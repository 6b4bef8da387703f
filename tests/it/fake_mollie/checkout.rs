//! Mollie's hosted checkout, played: a page with one button per outcome. Pressing one settles
//! the payment, calls its webhook (as Mollie does, with `id=tr_...`) and sends the browser on.

use super::strict::amount_of;
use super::{find, find_mut, next_id, now, post_form, Reply, Shared, State};
use actix_web::{web, HttpRequest};
use serde_json::json;

/// The buyer's outcome at Mollie: `paid` (a first payment leaves a mandate), `failed`,
/// `canceled`, `expired`.
pub(super) fn settle(s: &mut State, id: &str, status: &str) {
    let mandate = next_id(s, "mdt_");
    let p = find_mut(&mut s.payments, id).expect("a payment");
    assert_eq!(p["status"], "open", "only an open payment settles");
    p["status"] = json!(status);
    if let Some(links) = p["_links"].as_object_mut() {
        links.remove("checkout");
    }
    match status {
        "paid" => {
            let currency = p["amount"]["currency"].as_str().unwrap().to_string();
            p["paidAt"] = json!(now());
            p["amountRefunded"] = amount_of(&currency, 0);
            p["amountRemaining"] = p["amount"].clone();
            p["method"] = json!("ideal");
            if p["sequenceType"] == "first" {
                p["mandateId"] = json!(mandate);
            }
        }
        "failed" => p["failedAt"] = json!(now()),
        "canceled" => p["canceledAt"] = json!(now()),
        _ => p["expiredAt"] = json!(now()),
    }
}

pub(super) async fn page(state: Shared, req: &HttpRequest, body: &[u8]) -> Reply {
    let id = req
        .uri()
        .path()
        .trim_start_matches("/checkout/")
        .to_string();
    let page = |status: u16, html: String| Reply {
        status,
        body: serde_json::Value::Null,
        location: None,
        html: Some(html),
    };
    if req.method() == "GET" {
        let s = state.lock().unwrap_or_else(|e| e.into_inner());
        let Some(p) = find(&s.payments, &id) else {
            return page(
                404,
                "<!doctype html><title>Not found</title><p>No such payment.</p>".into(),
            );
        };
        let buttons: String = ["paid", "failed", "canceled"]
            .iter()
            .map(|a| format!("<form method=\"post\"><input type=\"hidden\" name=\"action\" value=\"{a}\"><button>{a}</button></form>"))
            .collect();
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mollie checkout</title></head>\
             <body><h1>Pay {} {}</h1><p>{}</p>{buttons}</body></html>",
            p["amount"]["currency"].as_str().unwrap_or(""),
            p["amount"]["value"].as_str().unwrap_or(""),
            p["description"].as_str().unwrap_or(""),
        );
        return page(200, html);
    }
    let action = url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    if !["paid", "failed", "canceled"].contains(&action.as_str()) {
        return page(
            400,
            "<!doctype html><title>Bad request</title><p>No such outcome.</p>".into(),
        );
    }
    let (webhook, next) = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        if find(&s.payments, &id).is_none_or(|p| p["status"] != "open") {
            return page(
                409,
                "<!doctype html><title>Done</title><p>This payment is not open.</p>".into(),
            );
        }
        settle(&mut s, &id, &action);
        let p = find(&s.payments, &id).unwrap();
        let redirect = p["redirectUrl"].as_str().unwrap_or_default().to_string();
        // A buyer who cancels goes to the cancelUrl when there is one.
        let next = match (action.as_str(), p["cancelUrl"].as_str()) {
            ("canceled", Some(cancel)) => cancel.to_string(),
            _ => redirect,
        };
        (p["webhookUrl"].as_str().map(str::to_string), next)
    };
    // Off the fake's one worker: tagcart fetches the payment from this fake while answering.
    if let Some(url) = webhook {
        let sent = web::block(move || post_form(&url, &[("id", id.as_str())])).await;
        let (status, said) = sent.unwrap_or((0, "the webhook call did not run".into()));
        if status != 200 {
            let html = format!("<!doctype html><title>Webhook</title><p>tagcart answered the webhook {status}: {said}</p>");
            return page(502, html);
        }
    }
    Reply {
        status: 303,
        body: serde_json::Value::Null,
        location: Some(next),
        html: None,
    }
}
