//! The sending side: each due delivery is signed at send time and POSTed; a 2xx answer
//! delivers it, anything else is tried again on a widening schedule for 3 days, and an
//! endpoint that received nothing in those 3 days is disabled and the merchant told.

use std::io::Read;
use std::time::{Duration, Instant};

use super::sign;
use crate::alerts::{self, Alert, AlertKind, AlertUrl};
use crate::clock::Timestamp;
use crate::crypto::SecretKey;
use crate::db::webhooks::{Delivery, Endpoint, Try, SECRET_CONTEXT};
use crate::db::{self, Pool};
use crate::fulfillment::WorkError;

/// Retries stop this long after the first try.
pub const GIVE_UP_SECS: i64 = 3 * 24 * 60 * 60;
/// The waits after each failed try, as the specification suggests; the last one repeats.
const RETRY_DELAYS: [i64; 7] = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
/// A receiver should answer at once and do its work later.
const TIMEOUT: Duration = Duration::from_secs(10);
const LEASE_SECS: i64 = 60;
const PER_PASS: i64 = 20;
/// How much of an answer the delivery log keeps.
const ANSWER_MAX_BYTES: u64 = 1000;

/// Sends the deliveries due at `now`, recording each try. Blocking: the scheduler thread.
pub fn send_due(pool: &Pool, key: &SecretKey, now: Timestamp) -> Result<usize, WorkError> {
    let (due, endpoints, allow_private) = {
        let conn = pool.get()?;
        let lease = now + LEASE_SECS;
        let due = db::webhooks::claim_due(&conn, now, lease, PER_PASS)?;
        if due.is_empty() {
            return Ok(0);
        }
        let allow_private = crate::settings::alert_settings(&conn, key)?.allow_private;
        (due, db::webhooks::endpoints(&conn)?, allow_private)
    };
    for delivery in &due {
        let Some(endpoint) = endpoints.iter().find(|e| e.id == delivery.endpoint_id) else {
            continue; // deleted since it was claimed: its deliveries went with it
        };
        let tried = match key.open(SECRET_CONTEXT, &endpoint.sealed_secret) {
            Ok(secret) => post(endpoint, &secret, delivery, allow_private, now),
            Err(_) => Try {
                error: Some("the endpoint's secret cannot be read with this server's key".into()),
                ..Try::default()
            },
        };
        record(pool, key, endpoint, delivery, &tried, now)?;
    }
    Ok(due.len())
}

/// The wait before the try after `attempts` failed ones.
fn retry_delay(attempts: i64) -> i64 {
    let index = usize::try_from(attempts - 1).unwrap_or(0);
    RETRY_DELAYS[index.min(RETRY_DELAYS.len() - 1)]
}

fn record(
    pool: &Pool,
    key: &SecretKey,
    endpoint: &Endpoint,
    delivery: &Delivery,
    tried: &Try,
    now: Timestamp,
) -> Result<(), WorkError> {
    let delivered = tried.status.is_some_and(|s| (200..300).contains(&s));
    let first = delivery.first_attempt_at.unwrap_or(now);
    let give_up_at = first + GIVE_UP_SECS;
    let retry_at = (!delivered && now < give_up_at)
        .then(|| (now + retry_delay(delivery.attempts + 1)).min(give_up_at));
    let mut conn = pool.get()?;
    let disabled = db::immediate::<_, WorkError>(&mut conn, |tx| {
        db::webhooks::record_try(tx, delivery.id, tried, delivered, retry_at, now)?;
        let dead = !delivered && retry_at.is_none();
        if dead && !db::webhooks::delivered_since(tx, endpoint.id, first)? {
            db::webhooks::disable_endpoint(tx, endpoint.id, now)?;
            return Ok(true);
        }
        Ok(false)
    })?;
    tracing::info!(delivery = delivery.id, endpoint = endpoint.id, event = %delivery.event_type,
        status = ?tried.status, error = ?tried.error, delivered, "webhook delivery");
    if disabled {
        tell_merchant(pool, key, endpoint, now)?;
    }
    Ok(())
}

/// Signs and POSTs the delivery's payload, timing the answer.
fn post(
    endpoint: &Endpoint,
    secret: &str,
    delivery: &Delivery,
    allow_private: bool,
    now: Timestamp,
) -> Try {
    let started = Instant::now();
    let mut tried = send_signed(endpoint, secret, delivery, allow_private, now);
    tried.duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    tried
}

fn send_signed(
    endpoint: &Endpoint,
    secret: &str,
    delivery: &Delivery,
    allow_private: bool,
    now: Timestamp,
) -> Try {
    let failed = |error: String| Try {
        error: Some(error),
        ..Try::default()
    };
    let url = match url::Url::parse(&endpoint.url) {
        Ok(url) => url,
        Err(e) => return failed(format!("the endpoint URL is not valid: {e}")),
    };
    // Checked again at send time: the setting may have changed since the endpoint was added.
    if let Err(why) = alerts::check_scheme(url.scheme(), allow_private) {
        return failed(why.replace("alert URL", "endpoint URL"));
    }
    let id = delivery.message_id();
    let Some(signature) = sign(secret, &id, now, &delivery.payload) else {
        return failed("the endpoint's secret is not a whsec_ secret".into());
    };
    let mut agent = crate::http_client::builder()
        .timeout_connect(TIMEOUT)
        .timeout(TIMEOUT);
    if !allow_private {
        agent = agent.resolver(alerts::PublicOnly);
    }
    let sent = agent
        .build()
        .post(url.as_str())
        .set("Content-Type", "application/json")
        .set("webhook-id", &id)
        .set("webhook-timestamp", &now.to_string())
        .set("webhook-signature", &signature)
        .send_string(&delivery.payload);
    let response = match sent {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(transport)) => return failed(transport_text(&transport)),
    };
    let status = response.status();
    let mut answer = String::new();
    // An answer that is not text, or is cut mid-character, is logged as far as it reads.
    let _unreadable = response
        .into_reader()
        .take(ANSWER_MAX_BYTES)
        .read_to_string(&mut answer);
    Try {
        status: Some(status),
        answer: Some(answer.chars().take(ANSWER_MAX_BYTES as usize).collect()),
        error: (!(200..300).contains(&status)).then(|| match status {
            300..=399 => format!("HTTP {status}, a redirect, which tagcart does not follow"),
            _ => format!("HTTP {status}"),
        }),
        duration_ms: 0,
    }
}

/// The transport error without the URL (its path or query may carry a token).
fn transport_text(transport: &ureq::Transport) -> String {
    let mut text = format!("no answer: {}", transport.kind());
    if let Some(message) = transport.message() {
        text = format!("{text}: {message}");
    }
    if let Some(source) = std::error::Error::source(transport) {
        text = format!("{text}: {source}");
    }
    text.replace("alert URL", "endpoint URL")
}

/// Tells the merchant's alert URL, when there is one, that the endpoint was disabled; the
/// dashboard's Webhooks page says so in any case.
fn tell_merchant(
    pool: &Pool,
    key: &SecretKey,
    endpoint: &Endpoint,
    now: Timestamp,
) -> Result<(), WorkError> {
    let host = url::Url::parse(&endpoint.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
    tracing::warn!(endpoint = endpoint.id, host = %host, "webhook endpoint disabled after 3 days of failed deliveries");
    let wanted = crate::settings::alert_settings(&*pool.get()?, key)?;
    let Some(url) = wanted.url else {
        return Ok(());
    };
    let alert = Alert {
        kind: AlertKind::Trouble,
        text: format!(
            "tagcart: the webhook endpoint at {host} has been disabled: nothing sent to it was accepted for 3 days. \
             Fix it, then press Resend in Settings → Webhooks."
        ),
        since: now - GIVE_UP_SECS,
    };
    let sent = AlertUrl::parse(&url, wanted.allow_private)
        .and_then(|u| alerts::send(&u, &alert, wanted.allow_private));
    if let Err(e) = sent {
        tracing::error!(error = %e, "the alert about a disabled webhook endpoint could not be sent");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_widen_as_the_specification_suggests_and_then_repeat_ten_hours() {
        let delays: Vec<i64> = (1..=8).map(retry_delay).collect();
        assert_eq!(delays, [5, 300, 1800, 7200, 18000, 36000, 36000, 36000]);
    }
}
