//! An endpoint as the merchant gives it: a URL the alerts' rules accept (https to a public
//! address, unless private addresses are allowed) and a non-empty set of the known events.

use super::EVENTS;
use crate::alerts::AlertUrl;
use crate::clock::Timestamp;
use crate::crypto::SecretKey;
use crate::db::{self, webhooks::Endpoint};
use crate::domain::validation::FieldErrors;
use rusqlite::Connection;
use serde::Deserialize;

/// Each event is sent to every endpoint that chose it; more than this is a mistake.
pub const MAX_ENDPOINTS: usize = 20;
const URL_MAX_CHARS: usize = 2000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointInput {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
}

/// The URL and the events, each named once in `EVENTS`' order; or the fields' problems.
/// Blocking: the URL's host is resolved unless `allow_private`.
pub fn validate(
    input: &EndpointInput,
    allow_private: bool,
) -> Result<(String, Vec<&'static str>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let url = input.url.as_deref().unwrap_or("").trim();
    if url.chars().count() > URL_MAX_CHARS {
        errors.add("url", format!("must be at most {URL_MAX_CHARS} characters"));
    } else if let Err(why) = AlertUrl::parse(url, allow_private) {
        // The alerts' sentences name their own URL; this one is the endpoint's.
        errors.add("url", why.replace("alert URL", "endpoint URL"));
    }
    let chosen = input.events.as_deref().unwrap_or_default();
    if let Some(unknown) = chosen.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        errors.add(
            "events",
            format!(
                "{unknown:?} is not an event; choose from {}",
                EVENTS.join(", ")
            ),
        );
    } else if chosen.is_empty() {
        errors.add(
            "events",
            format!("choose at least one of {}", EVENTS.join(", ")),
        );
    }
    let events = EVENTS
        .into_iter()
        .filter(|e| chosen.iter().any(|c| c == e))
        .collect();
    errors.into_result((url.to_string(), events))
}

/// Why an endpoint was not added.
#[derive(Debug)]
pub enum Refused {
    Invalid(FieldErrors),
    /// `MAX_ENDPOINTS` exist already.
    TooMany,
}

/// Adds the endpoint with a fresh secret, sealed; answers it with the secret, the one time it
/// is readable. Blocking: validating resolves the URL's host.
pub fn add(
    conn: &mut Connection,
    key: &SecretKey,
    input: &EndpointInput,
    now: Timestamp,
) -> rusqlite::Result<Result<(Endpoint, String), Refused>> {
    let allow_private = crate::settings::alert_settings(conn, key)?.allow_private;
    let (url, events) = match validate(input, allow_private) {
        Ok(valid) => valid,
        Err(errors) => return Ok(Err(Refused::Invalid(errors))),
    };
    let secret = super::new_secret();
    let sealed = key.seal(db::webhooks::SECRET_CONTEXT, &secret);
    db::immediate(conn, |tx| {
        if db::webhooks::endpoints(tx)?.len() >= MAX_ENDPOINTS {
            return Ok(Err(Refused::TooMany));
        }
        let id = db::webhooks::create_endpoint(tx, &url, &events, &sealed, now)?;
        let endpoint =
            db::webhooks::endpoint(tx, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        Ok(Ok((endpoint, secret)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(url: &str, events: &[&str]) -> EndpointInput {
        EndpointInput {
            url: Some(url.into()),
            events: Some(events.iter().map(|e| e.to_string()).collect()),
        }
    }

    #[test]
    fn a_public_https_url_and_known_events_are_kept_in_order_once() {
        let chosen = ["access.revoked", "order.completed", "access.revoked"];
        let (url, events) = validate(&input("https://93.184.216.34/hook", &chosen), false).unwrap();
        assert_eq!(url, "https://93.184.216.34/hook");
        assert_eq!(events, ["order.completed", "access.revoked"]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let errors = validate(&input("http://93.184.216.34/hook", &[]), false).unwrap_err();
        assert!(
            errors.get("url").unwrap().contains("https://"),
            "{errors:?}"
        );
        assert!(
            errors.get("events").unwrap().contains("at least one"),
            "{errors:?}"
        );
        let errors =
            validate(&input("https://127.0.0.1/hook", &["order.paid"]), false).unwrap_err();
        assert!(
            errors
                .get("url")
                .unwrap()
                .contains("endpoint URL points to 127.0.0.1"),
            "{errors:?}"
        );
        assert!(errors
            .get("events")
            .unwrap()
            .contains("\"order.paid\" is not an event"));
    }

    #[test]
    fn loopback_http_is_accepted_only_when_private_addresses_are_allowed() {
        let local = input("http://127.0.0.1:9/hook", &["order.completed"]);
        assert!(validate(&local, false).is_err());
        assert!(validate(&local, true).is_ok());
    }
}
