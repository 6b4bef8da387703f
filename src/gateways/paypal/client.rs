//! The client: an OAuth2 client-credentials token cached until it expires, and JSON calls
//! that retry once with a new token when PayPal refuses the old one.

pub use super::wire::PayPalError;
use super::wire::{bad_answer, json_of, read_json, refusal, Answer};
use serde_json::Value;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Talks to one PayPal REST app (sandbox or live, by `api_url`).
pub struct PayPal {
    api_url: url::Url,
    client_id: String,
    client_secret: String,
    agent: ureq::Agent,
    token: Mutex<Option<(String, Instant)>>,
}

impl std::fmt::Debug for PayPal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PayPal")
            .field("api_url", &self.api_url.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &"***")
            .finish()
    }
}

/// Where to send the buyer to approve, and the reference to store on the order
/// (the PayPal order id, or the subscription id `I-...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub processor_ref: String,
    pub approve_url: String,
}

/// The transmission headers PayPal sends with each webhook delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayPalHeaders {
    pub auth_algo: String,
    pub cert_url: String,
    pub transmission_id: String,
    pub transmission_sig: String,
    pub transmission_time: String,
}

#[derive(Clone, Copy)]
pub(super) enum Method {
    Get,
    Post,
}

/// A token is used until a minute before PayPal says it expires (half its life if shorter).
fn usable_for(expires_in: u64) -> Duration {
    Duration::from_secs(expires_in.saturating_sub(60).max(expires_in / 2))
}

impl PayPal {
    pub fn new(api_url: url::Url, client_id: String, client_secret: String) -> PayPal {
        PayPal {
            api_url,
            client_id,
            client_secret,
            agent: crate::http_client::agent(),
            token: Mutex::new(None),
        }
    }

    /// Gets a fresh OAuth token (client credentials): proves the client ID and secret.
    pub fn verify_keys(&self) -> Result<(), PayPalError> {
        let mut cached = self.cache();
        *cached = Some(self.fetch_token()?);
        Ok(())
    }

    fn cache(&self) -> MutexGuard<'_, Option<(String, Instant)>> {
        self.token.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_url.as_str().trim_end_matches('/'))
    }

    fn fetch_token(&self) -> Result<(String, Instant), PayPalError> {
        let basic = format!("{}:{}", self.client_id, self.client_secret);
        let basic = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, basic);
        let request = self.agent.post(&self.url("/v1/oauth2/token"));
        let request = request
            .set("Authorization", &format!("Basic {basic}"))
            .set("Accept", "application/json");
        let started = Instant::now();
        let answer = match request.send_form(&[("grant_type", "client_credentials")]) {
            Ok(response) => read_json(response)?,
            Err(ureq::Error::Status(401, response)) => {
                let body = json_of(response);
                let said = body["error_description"]
                    .as_str()
                    .or(body["message"].as_str());
                return Err(PayPalError::Auth(said.unwrap_or("401 Unauthorized").into()));
            }
            Err(ureq::Error::Status(status, response)) => {
                return Err(refusal(status, response).into())
            }
            Err(e) => return Err(PayPalError::Transport(e.to_string())),
        };
        let token = answer["access_token"].as_str().filter(|t| !t.is_empty());
        let token = token.ok_or_else(|| bad_answer("no access_token in the token answer"))?;
        let expires_in = answer["expires_in"].as_u64().unwrap_or(0);
        Ok((token.to_string(), started + usable_for(expires_in)))
    }

    fn token(&self) -> Result<String, PayPalError> {
        // Held while fetching, so concurrent calls wait for one token instead of each asking.
        let mut cached = self.cache();
        match &*cached {
            Some((token, until)) if Instant::now() < *until => Ok(token.clone()),
            _ => {
                let (token, until) = self.fetch_token()?;
                *cached = Some((token.clone(), until));
                Ok(token)
            }
        }
    }

    /// A JSON call with the bearer token. A 401 drops the cached token and tries once more
    /// with a new one (PayPal may revoke tokens early). The outer error: PayPal said nothing
    /// usable; the inner: PayPal's refusal.
    pub(super) fn send(
        &self,
        method: Method,
        path: &str,
        request_id: Option<&str>,
        body: Option<String>,
    ) -> Result<Answer, PayPalError> {
        for attempt in 0..2 {
            let token = self.token()?;
            let url = self.url(path);
            let request = match method {
                Method::Get => self.agent.get(&url),
                Method::Post => self.agent.post(&url),
            };
            let mut request = request
                .set("Authorization", &format!("Bearer {token}"))
                .set("Accept", "application/json");
            if let Some(id) = request_id {
                request = request.set("PayPal-Request-Id", id);
            }
            let sent = match (method, &body) {
                (Method::Get, _) => request.call(),
                (Method::Post, body) => request
                    .set("Content-Type", "application/json")
                    .send_string(body.as_deref().unwrap_or("{}")),
            };
            match sent {
                Ok(response) => return Ok(Ok(read_json(response)?)),
                Err(ureq::Error::Status(401, _)) if attempt == 0 => *self.cache() = None,
                Err(ureq::Error::Status(401, response)) => {
                    let r = refusal(401, response);
                    return Err(PayPalError::Auth(r.message));
                }
                Err(ureq::Error::Status(status, response)) => {
                    return Ok(Err(refusal(status, response)))
                }
                Err(e) => return Err(PayPalError::Transport(e.to_string())),
            }
        }
        unreachable!("the second attempt always returns")
    }

    /// `send`, with a refusal as an error.
    pub(super) fn call(
        &self,
        method: Method,
        path: &str,
        request_id: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, PayPalError> {
        let body = body.map(Value::to_string);
        Ok(self.send(method, path, request_id, body)??)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_minute_early_or_at_half_life() {
        assert_eq!(usable_for(32400), Duration::from_secs(32340));
        assert_eq!(usable_for(100), Duration::from_secs(50));
        assert_eq!(usable_for(0), Duration::ZERO);
    }

    #[test]
    fn debug_masks_the_secret() {
        let url = url::Url::parse("https://api-m.sandbox.paypal.com").unwrap();
        let paypal = PayPal::new(url, "id-1".into(), "hunter2".into());
        let shown = format!("{paypal:?}");
        assert!(
            shown.contains("id-1") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
