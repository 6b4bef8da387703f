//! PayPal's answers: its error shape (`details[].issue` kept for the callers that act on one),
//! HATEOAS links, ids that go into paths, and its length limits.

use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum PayPalError {
    #[error("PayPal could not be reached: {0}")]
    Transport(String),
    #[error("PayPal answered {status} {}: {message}", .name.as_deref().unwrap_or("(no error name)"))]
    Api {
        status: u16,
        name: Option<String>,
        message: String,
    },
    #[error("PayPal refused the client ID and secret: {0}")]
    Auth(String),
    /// Refused before anything was sent (a currency or amount PayPal cannot take, a malformed id).
    #[error("not sent to PayPal: {0}")]
    Invalid(String),
}

/// PayPal's error answer, kept whole so callers can test for one `details[].issue`.
#[derive(Debug)]
pub(super) struct Refusal {
    pub status: u16,
    pub name: Option<String>,
    pub message: String,
    pub issues: Vec<String>,
}

impl Refusal {
    pub fn has_issue(&self, issue: &str) -> bool {
        self.issues.iter().any(|i| i == issue)
    }
}

impl From<Refusal> for PayPalError {
    fn from(r: Refusal) -> PayPalError {
        let message = match r.issues.is_empty() {
            true => r.message,
            false => format!("{} ({})", r.message, r.issues.join(", ")),
        };
        PayPalError::Api {
            status: r.status,
            name: r.name,
            message,
        }
    }
}

/// A call's outcome once PayPal answered: its JSON (`Null` for 204), or its refusal.
pub(super) type Answer = Result<Value, Refusal>;

pub(super) fn bad_answer(what: &str) -> PayPalError {
    PayPalError::Api {
        status: 200,
        name: None,
        message: format!("unexpected answer: {what}"),
    }
}

/// An error body as JSON; `Null` when it is not JSON.
pub(super) fn json_of(response: ureq::Response) -> Value {
    let text = response.into_string().unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

pub(super) fn read_json(response: ureq::Response) -> Result<Value, PayPalError> {
    let text = response
        .into_string()
        .map_err(|e| PayPalError::Transport(e.to_string()))?;
    if text.trim().is_empty() {
        return Ok(Value::Null); // 204 No Content
    }
    serde_json::from_str(&text).map_err(|_| bad_answer("not JSON"))
}

/// PayPal's error body: `{name, message, debug_id, details: [{issue, description}]}` for the
/// REST APIs, `{error, error_description}` for OAuth.
pub(super) fn refusal(status: u16, response: ureq::Response) -> Refusal {
    let body = json_of(response);
    let text = |k: &str| body[k].as_str().map(str::to_string);
    let details = body["details"].as_array().into_iter().flatten();
    let issues = details.filter_map(|d| d["issue"].as_str().map(str::to_string));
    let message = text("message").or(text("error_description"));
    let mut message = message.unwrap_or_else(|| format!("HTTP {status}"));
    if let Some(debug_id) = text("debug_id") {
        message.push_str(&format!(" [debug_id {debug_id}]"));
    }
    Refusal {
        status,
        name: text("name").or(text("error")),
        message,
        issues: issues.collect(),
    }
}

/// Ids go into URL paths: PayPal's are letters, digits and dashes.
pub(super) fn checked_id(id: &str) -> Result<&str, PayPalError> {
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    match !id.is_empty() && id.len() <= 64 && id.chars().all(ok) {
        true => Ok(id),
        false => Err(PayPalError::Invalid(format!("'{id}' is not a PayPal id"))),
    }
}

/// PayPal's HATEOAS link with this `rel`.
pub(super) fn link<'a>(answer: &'a Value, rel: &str) -> Option<&'a str> {
    let links = answer["links"].as_array()?;
    let found = links.iter().find(|l| l["rel"].as_str() == Some(rel))?;
    found["href"].as_str()
}

/// At most `max` characters (PayPal counts characters, not bytes).
pub(super) fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_path_characters_are_refused() {
        assert!(checked_id("5O190127TN364715T").is_ok());
        assert!(checked_id("I-BW452GLLEP1G").is_ok());
        for bad in ["", "../v1/oauth2/token", "a b", "x?y=1", "a/b"] {
            assert!(checked_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refusals_keep_their_issues_in_the_message() {
        let r = Refusal {
            status: 422,
            name: Some("UNPROCESSABLE_ENTITY".into()),
            message: "The requested action could not be performed.".into(),
            issues: vec!["ORDER_NOT_APPROVED".into()],
        };
        assert!(r.has_issue("ORDER_NOT_APPROVED"));
        let e = PayPalError::from(r).to_string();
        assert_eq!(e, "PayPal answered 422 UNPROCESSABLE_ENTITY: The requested action could not be performed. (ORDER_NOT_APPROVED)");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("ééé", 2), "éé");
        assert_eq!(clip("ab", 127), "ab");
    }
}
