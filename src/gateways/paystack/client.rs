//! The client: JSON calls with the secret key as a Bearer token, and Paystack's answer shape
//! `{"status": true|false, "message": "...", "data": ...}` read into data or a refusal.

use serde_json::Value;

/// Talks to one Paystack integration (test or live, by the secret key's prefix).
pub struct Paystack {
    api_url: url::Url,
    secret_key: String,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Paystack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paystack")
            .field("api_url", &self.api_url.as_str())
            .field("secret_key", &"***")
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PaystackError {
    #[error("Paystack could not be reached: {0}")]
    Transport(String),
    /// Paystack's own `message`, with the HTTP status it came with.
    #[error("Paystack answered {status}: {message}")]
    Api { status: u16, message: String },
    /// Refused before anything was sent (a currency, an interval, a malformed reference).
    #[error("not sent to Paystack: {0}")]
    Invalid(String),
}

impl PaystackError {
    /// In the words of `Answer`: a refusal, or no answer worth waiting out. Rejected keys
    /// count as no answer, as for PayPal: the merchant fixes them and the request goes through.
    pub fn answer(self) -> crate::gateways::Answer {
        use crate::gateways::Answer;
        match self {
            PaystackError::Transport(_) => Answer::Unreachable(self.to_string()),
            PaystackError::Api { status, .. }
                if status == 401 || status == 429 || status >= 500 =>
            {
                Answer::Unreachable(self.to_string())
            }
            other => Answer::Refused(other.to_string()),
        }
    }
}

pub(super) fn bad_answer(what: &str) -> PaystackError {
    PaystackError::Api {
        status: 200,
        message: format!("unexpected answer: {what}"),
    }
}

/// References and codes go into URL paths: Paystack's are letters, digits, `-`, `_`, `.`, `=`.
pub(super) fn checked_ref(reference: &str) -> Result<&str, PaystackError> {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=');
    match !reference.is_empty() && reference.len() <= 100 && reference.chars().all(ok) {
        true => Ok(reference),
        false => Err(PaystackError::Invalid(format!(
            "'{reference}' is not a Paystack reference"
        ))),
    }
}

impl Paystack {
    pub fn new(api_url: url::Url, secret_key: String) -> Paystack {
        Paystack {
            api_url,
            secret_key,
            agent: crate::http_client::agent(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_url.as_str().trim_end_matches('/'))
    }

    /// GET `path` (with its query): the answer's `data`.
    pub(super) fn get(&self, path: &str) -> Result<Value, PaystackError> {
        let request = self.agent.get(&self.url(path));
        self.send(request, None)
    }

    /// Visits a list page by page (`page=1, 2, …` added to `path`'s query) until `found`
    /// says `Some` or the last page by Paystack's `meta.pageCount`; more than `max_pages`
    /// pages is an error rather than a silent "not found".
    pub(super) fn find_in_pages<T>(
        &self,
        path: &str,
        max_pages: u64,
        mut found: impl FnMut(&[Value]) -> Option<T>,
    ) -> Result<Option<T>, PaystackError> {
        let joiner = if path.contains('?') { '&' } else { '?' };
        for page in 1..=max_pages {
            let request = self
                .agent
                .get(&self.url(&format!("{path}{joiner}page={page}")));
            let answer = self.send_whole(request, None)?;
            let items = answer["data"].as_array().cloned().unwrap_or_default();
            if let Some(it) = found(&items) {
                return Ok(Some(it));
            }
            let pages = answer["meta"]["pageCount"].as_u64();
            if items.is_empty() || pages.is_some_and(|pages| page >= pages) {
                return Ok(None);
            }
        }
        Err(PaystackError::Invalid(format!(
            "{path}: not found in {max_pages} pages"
        )))
    }

    /// POST `body` as JSON to `path`: the answer's `data`.
    pub(super) fn post(&self, path: &str, body: &Value) -> Result<Value, PaystackError> {
        let request = self.agent.post(&self.url(path));
        self.send(request, Some(body))
    }

    fn send(&self, request: ureq::Request, body: Option<&Value>) -> Result<Value, PaystackError> {
        self.send_whole(request, body)
            .map(|answer| answer["data"].clone())
    }

    /// The whole answer, `meta` with `data`.
    fn send_whole(
        &self,
        request: ureq::Request,
        body: Option<&Value>,
    ) -> Result<Value, PaystackError> {
        let request = request
            .set("Authorization", &format!("Bearer {}", self.secret_key))
            .set("Accept", "application/json");
        let sent = match body {
            Some(body) => request
                .set("Content-Type", "application/json")
                .send_string(&body.to_string()),
            None => request.call(),
        };
        let (status, response) = match sent {
            Ok(response) => (response.status(), response),
            Err(ureq::Error::Status(status, response)) => (status, response),
            Err(e) => return Err(PaystackError::Transport(e.to_string())),
        };
        let text = response
            .into_string()
            .map_err(|e| PaystackError::Transport(e.to_string()))?;
        read(status, &text)
    }
}

/// One answer, whole, when Paystack says `status: true`, else its `message` as a refusal (an
/// error page that is not JSON keeps the HTTP status, so a 502 still reads as an outage).
pub(super) fn read(status: u16, text: &str) -> Result<Value, PaystackError> {
    let answer: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    if (200..300).contains(&status) && answer["status"] == true {
        return Ok(answer);
    }
    let message = answer["message"].as_str().map(str::to_string);
    let message = message.unwrap_or_else(|| match status {
        200..=299 => "an answer without status true".to_string(),
        _ => format!("HTTP {status}"),
    });
    Err(PaystackError::Api { status, message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateways::Answer;

    #[test]
    fn debug_masks_the_secret_key() {
        let url = url::Url::parse("https://api.paystack.co").unwrap();
        let shown = format!("{:?}", Paystack::new(url, "sk_test_hunter2".into()));
        assert!(
            shown.contains("api.paystack.co") && !shown.contains("hunter2"),
            "{shown}"
        );
    }

    #[test]
    fn answers_are_data_or_paystacks_message() {
        let ok = read(
            200,
            r#"{"status": true, "message": "ok", "data": {"id": 7}}"#,
        );
        assert_eq!(ok.unwrap()["data"]["id"], 7);
        let refused = read(
            400,
            r#"{"status": false, "message": "Invalid Amount Sent"}"#,
        );
        assert_eq!(
            refused.unwrap_err().to_string(),
            "Paystack answered 400: Invalid Amount Sent"
        );
        let odd = read(
            200,
            r#"{"status": false, "message": "Duplicate Transaction Reference"}"#,
        );
        assert!(matches!(odd, Err(PaystackError::Api { status: 200, .. })));
        let outage = read(502, "<html>Bad gateway</html>").unwrap_err();
        assert_eq!(outage.to_string(), "Paystack answered 502: HTTP 502");
    }

    #[test]
    fn outages_are_retried_and_refusals_are_not() {
        let api = |status| PaystackError::Api {
            status,
            message: "m".into(),
        };
        for status in [401, 429, 500, 503] {
            assert!(
                matches!(api(status).answer(), Answer::Unreachable(_)),
                "{status}"
            );
        }
        for status in [400, 404] {
            assert!(
                matches!(api(status).answer(), Answer::Refused(_)),
                "{status}"
            );
        }
        let transport = PaystackError::Transport("timed out".into());
        assert!(matches!(transport.answer(), Answer::Unreachable(_)));
    }

    #[test]
    fn references_with_path_characters_are_refused() {
        assert!(checked_ref("T685312322670591").is_ok());
        assert!(checked_ref("SUB_vsyqdmlzble3uii").is_ok());
        for bad in ["", "../balance", "a b", "x?y=1", "a/b"] {
            assert!(checked_ref(bad).is_err(), "{bad}");
        }
    }
}
