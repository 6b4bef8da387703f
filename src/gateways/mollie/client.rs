//! The client: JSON calls with the API key as a bearer token, and Mollie's error shape
//! (`application/hal+json` `{"status", "title", "detail", "field"}`) in tagcart's words.

use serde_json::Value;

/// Talks to Mollie (or a stand-in, by `api_url`) with one API key.
pub struct Mollie {
    api_url: url::Url,
    api_key: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Mollie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mollie")
            .field("api_url", &self.api_url.as_str())
            .field("api_key", &"***")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MollieError {
    /// 401: the API key is wrong or revoked.
    #[error("Mollie refused the API key: {0}")]
    Auth(String),
    /// A 4xx other than 401 and 429: Mollie said no, and asking again would not help.
    #[error("Mollie answered {status}: {detail}")]
    Refused {
        status: u16,
        detail: String,
        /// The request field Mollie names, when it names one.
        field: Option<String>,
    },
    /// No usable answer: unreachable, a timeout, 429 or 5xx. Asked again later.
    #[error("Mollie could not be reached: {0}")]
    Unreachable(String),
    /// A 2xx answer that is not what Mollie documents.
    #[error("Mollie's answer was not understood: {0}")]
    BadAnswer(String),
    /// Refused before asking: the request cannot be made for Mollie.
    #[error("{0}")]
    Invalid(String),
}

impl MollieError {
    pub fn not_found(&self) -> bool {
        matches!(self, MollieError::Refused { status: 404, .. })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Post,
    Delete,
}

/// An id Mollie gave (`tr_`, `cst_`, `sub_`, `re_`...): safe to put in a path.
pub(super) fn checked_id(id: &str) -> Result<&str, MollieError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match ok {
        true => Ok(id),
        false => Err(MollieError::Invalid(format!("'{id}' is not a Mollie id"))),
    }
}

/// Mollie's error document read from a refusal; its `detail` is the sentence to show.
fn refusal(status: u16, response: ureq::Response) -> MollieError {
    let body: Value = response
        .into_string()
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let said = |k: &str| {
        body[k]
            .as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let detail = said("detail")
        .or_else(|| said("title"))
        .unwrap_or_else(|| format!("HTTP {status}"));
    match status {
        401 => MollieError::Auth(detail),
        429 => MollieError::Unreachable(format!("429 Too Many Requests: {detail}")),
        s if s >= 500 => MollieError::Unreachable(format!("{s}: {detail}")),
        _ => MollieError::Refused {
            status,
            detail,
            field: said("field"),
        },
    }
}

impl Mollie {
    pub fn new(api_url: url::Url, api_key: String) -> Mollie {
        Mollie {
            api_url,
            api_key,
            agent: crate::http_client::agent(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_url.as_str().trim_end_matches('/'))
    }

    /// One call. A POST with an `Idempotency-Key` that got no answer is sent once more with
    /// the same key: Mollie does it once and answers the second time with the first result.
    pub(super) fn call(
        &self,
        method: Method,
        path: &str,
        idempotency_key: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, MollieError> {
        let tries = match (method, idempotency_key) {
            (Method::Post, Some(_)) => 2,
            _ => 1,
        };
        let mut outcome = self.call_once(method, path, idempotency_key, body);
        for _ in 1..tries {
            match outcome {
                Err(MollieError::Unreachable(ref why)) => {
                    tracing::warn!(path, error = %why, "mollie: no answer; sending again with the same idempotency key");
                    outcome = self.call_once(method, path, idempotency_key, body);
                }
                _ => break,
            }
        }
        outcome
    }

    fn call_once(
        &self,
        method: Method,
        path: &str,
        idempotency_key: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Value, MollieError> {
        let url = self.url(path);
        let request = match method {
            Method::Get => self.agent.get(&url),
            Method::Post => self.agent.post(&url),
            Method::Delete => self.agent.delete(&url),
        };
        let mut request = request
            .set("Authorization", &format!("Bearer {}", self.api_key))
            .set("Accept", "application/hal+json");
        if let Some(key) = idempotency_key {
            request = request.set("Idempotency-Key", key);
        }
        let sent = match body {
            Some(body) => request
                .set("Content-Type", "application/json")
                .send_string(&body.to_string()),
            None => request.call(),
        };
        let response = match sent {
            Ok(response) => response,
            Err(ureq::Error::Status(status, response)) => return Err(refusal(status, response)),
            Err(e) => return Err(MollieError::Unreachable(e.to_string())),
        };
        // A cancelled subscription answers with its object; some DELETEs answer 204.
        if response.status() == 204 {
            return Ok(Value::Null);
        }
        let text = response
            .into_string()
            .map_err(|e| MollieError::Unreachable(e.to_string()))?;
        serde_json::from_str(&text).map_err(|e| MollieError::BadAnswer(e.to_string()))
    }

    /// A harmless read that only a valid key can make: the payment methods of the profile.
    pub fn verify_keys(&self) -> Result<(), MollieError> {
        self.call(Method::Get, "/v2/methods", None, None)
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_api_key() {
        let url = url::Url::parse("https://api.mollie.com").unwrap();
        let mollie = Mollie::new(url, "test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM".into());
        let shown = format!("{mollie:?}");
        assert!(
            shown.contains("api.mollie.com") && !shown.contains("dHar4XY7"),
            "{shown}"
        );
    }

    #[test]
    fn only_mollie_shaped_ids_go_into_paths() {
        assert_eq!(checked_id("tr_WDqYK6vllg"), Ok("tr_WDqYK6vllg"));
        for bad in ["", "tr_1/refunds", "../v2", "tr 1", "tr_1?x=1"] {
            assert!(checked_id(bad).is_err(), "{bad}");
        }
    }
}
