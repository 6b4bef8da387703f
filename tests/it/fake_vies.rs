//! A strict stand-in for the EU's VIES REST API (`POST /check-vat-number`), as documented:
//! a JSON body `{"countryCode", "vatNumber"}` (the VAT prefix, `EL` for Greece, and the number
//! without it) answered with `{"countryCode", "vatNumber", "requestDate", "valid", "name",
//! "address"}` (`"---"` where a member state does not disclose them). Its quirks: a member
//! state that is down is an HTTP 200 with `"actionSucceed": false` and `errorWrappers`; a bad
//! request is a 400 with the same shape.
#![allow(dead_code)]

use crate::fake_server::fake_server;
use actix_web::{dev::ServerHandle, HttpResponse};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The member states' prefixes VIES answers for (Northern Ireland's XI included).
const PREFIXES: &str =
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI";

#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Mode {
    #[default]
    Up,
    /// HTTP 200, `actionSucceed: false`, `MS_UNAVAILABLE`.
    MemberStateDown,
    /// HTTP 503 with an HTML page, as the service's front answers during maintenance.
    Maintenance,
}

#[derive(Default)]
struct State {
    registered: HashSet<String>,
    mode: Mode,
    calls: Vec<Value>,
}

pub struct FakeVies {
    pub url: String,
    state: Arc<Mutex<State>>,
    handle: ServerHandle,
}

impl FakeVies {
    /// VIES knowing `registered` ("FR40303265045": prefix and number) as valid.
    pub fn with(registered: &[&str]) -> FakeVies {
        let state = Arc::new(Mutex::new(State {
            registered: registered.iter().map(|s| s.to_string()).collect(),
            ..State::default()
        }));
        let shared = state.clone();
        let (port, handle) = fake_server(move |req, body| {
            let state = shared.clone();
            async move { answer(&state, &req, &body) }
        });
        FakeVies {
            url: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    /// The bodies of the checks asked, in order.
    pub fn calls(&self) -> Vec<Value> {
        self.state.lock().unwrap().calls.clone()
    }
}

impl Drop for FakeVies {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

fn failure(status: u16, error: &str) -> HttpResponse {
    let body =
        json!({"actionSucceed": false, "errorWrappers": [{"error": error, "message": error}]});
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
        .content_type("application/json")
        .body(body.to_string())
}

fn answer(state: &Mutex<State>, req: &actix_web::HttpRequest, body: &[u8]) -> HttpResponse {
    let json_body = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if req.method() != "POST" || req.path() != "/check-vat-number" || !json_body {
        return failure(400, "INVALID_INPUT");
    }
    let Ok(asked) = serde_json::from_slice::<Value>(body) else {
        return failure(400, "INVALID_INPUT");
    };
    let mut s = state.lock().unwrap();
    s.calls.push(asked.clone());
    let (Some(country), Some(number)) =
        (asked["countryCode"].as_str(), asked["vatNumber"].as_str())
    else {
        return failure(400, "INVALID_INPUT");
    };
    if !PREFIXES.split(' ').any(|p| p == country)
        || number.is_empty()
        || number.starts_with(country)
    {
        return failure(400, "INVALID_INPUT");
    }
    match s.mode {
        Mode::MemberStateDown => return failure(200, "MS_UNAVAILABLE"),
        Mode::Maintenance => {
            return HttpResponse::ServiceUnavailable()
                .content_type("text/html")
                .body("<html><body>VIES is under maintenance</body></html>")
        }
        Mode::Up => {}
    }
    let valid = s.registered.contains(&format!("{country}{number}"));
    HttpResponse::Ok().content_type("application/json").body(
        json!({
            "countryCode": country,
            "vatNumber": number,
            "requestDate": "2026-12-05T10:00:00.000Z",
            "valid": valid,
            "requestIdentifier": "",
            "name": if valid { "ACME SAS" } else { "---" },
            "address": if valid { "1 RUE DE LA PAIX\n75002 PARIS" } else { "---" },
        })
        .to_string(),
    )
}
