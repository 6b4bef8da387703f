//! Stripe.js for pages tested against localstripe: localstripe's own stand-in (Card Element,
//! confirmCardSetup, 3-D Secure) with tests/browser/payment-element.js on top for the Payment
//! Element. Served from a fake server of its own, which also confirms PaymentIntents for the
//! browser (`POST /confirm`): localstripe takes that only with the secret key, which stays here.

use crate::fake_server::fake_server;
use crate::localstripe::{LocalStripe, KEY};
use actix_web::HttpResponse;
use std::collections::HashMap;
use std::path::Path;

/// Starts the script's server and answers its URL, for `--stripe-js-url`. The server lives as
/// long as the test process: a page may load the script at any time.
pub fn stand_in(stripe: &LocalStripe) -> String {
    let localstripe = ureq::get(&format!("{}/js.stripe.com/v3/", stripe.url))
        .call()
        .expect("localstripe serves its Stripe.js")
        .into_string()
        .unwrap();
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/payment-element.js");
    let ours = std::fs::read_to_string(ours).unwrap();
    // localstripe's script finds its API from its own URL, which is now ours.
    let detected = "const LOCALSTRIPE_BASE_API = (function () {";
    assert!(
        localstripe.contains(detected),
        "localstripe's script changed"
    );
    let localstripe = localstripe.replace(
        detected,
        "const LOCALSTRIPE_BASE_API = LOCALSTRIPE_API || (function () {",
    );
    let api = stripe.url.clone();
    let script = format!("const LOCALSTRIPE_API = {api:?};\n{localstripe}\n{ours}");
    let (port, _server) = fake_server(move |req, body| {
        let (script, api) = (script.clone(), api.clone());
        async move {
            let answer = match (req.method().as_str(), req.path()) {
                ("GET", "/v3/") => HttpResponse::Ok()
                    .content_type("application/javascript")
                    .body(script),
                ("POST", "/confirm") => {
                    let fields: HashMap<String, String> =
                        url::form_urlencoded::parse(&body).into_owned().collect();
                    match actix_web::web::block(move || confirm(&api, &fields)).await {
                        Ok((status, intent)) => HttpResponse::build(
                            actix_web::http::StatusCode::from_u16(status).unwrap(),
                        )
                        .json(intent),
                        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
                    }
                }
                _ => HttpResponse::NotFound().finish(),
            };
            let mut answer = answer;
            answer.headers_mut().insert(
                actix_web::http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
                actix_web::http::header::HeaderValue::from_static("*"),
            );
            answer
        }
    });
    format!("http://127.0.0.1:{port}/v3/")
}

/// What Stripe does for `confirmPayment` with a card: a PaymentMethod for it, attached to the
/// PaymentIntent named by the client secret, then the confirmation. Answers localstripe's
/// status and body.
fn confirm(api: &str, fields: &HashMap<String, String>) -> (u16, serde_json::Value) {
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let Some((intent, _)) = field("client_secret").split_once("_secret_") else {
        return (
            400,
            serde_json::json!({"error": {"message": "no client secret"}}),
        );
    };
    let post = |path: &str, form: &[(&str, &str)]| {
        let sent = ureq::post(&format!("{api}{path}"))
            .set("Authorization", &format!("Bearer {KEY}"))
            .send_form(form);
        match sent {
            Ok(r) | Err(ureq::Error::Status(_, r)) => {
                let status = r.status();
                let body = r.into_string().unwrap();
                (status, serde_json::from_str(&body).unwrap_or_default())
            }
            Err(e) => panic!("localstripe did not answer {path}: {e}"),
        }
    };
    let card = [
        ("type", "card"),
        ("card[number]", field("number")),
        ("card[exp_month]", field("exp_month")),
        ("card[exp_year]", field("exp_year")),
        ("card[cvc]", field("cvc")),
    ];
    let (status, method) = post("/v1/payment_methods", &card);
    if status != 200 {
        return (status, method);
    }
    let method = method["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/v1/payment_intents/{intent}");
    let (status, attached) = post(&path, &[("payment_method", method.as_str())]);
    if status != 200 {
        return (status, attached);
    }
    post(&format!("{path}/confirm"), &[])
}
