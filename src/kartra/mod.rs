//! The Kartra inbound API client: one POST of PHP-bracket form pairs (`app_id`, `api_key`,
//! `api_password`, `actions[i][cmd]`, `lead[...]`) to `<api url>`, answered with JSON
//! `{status, message, type}` whose numeric `type` says what happened.
//!
//! `wire` builds the form pairs, `answer` reads Kartra's JSON, `classify` sorts its types,
//! `client` does the HTTP, the grant/revoke flows and the read-back of a lead's tags. Everything
//! tagcart needs is defined or re-exported here.

mod answer;
mod classify;
mod client;
mod report;
mod wire;

#[cfg(test)]
mod tests;

use std::fmt;

pub use client::Client;

/// Kartra's three credentials. Debug does not print `api_key` or `api_password`.
#[derive(Clone)]
pub struct Credentials {
    pub app_id: String,
    pub api_key: String,
    pub api_password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("app_id", &self.app_id)
            .field("api_key", &"***")
            .field("api_password", &"***")
            .finish()
    }
}

/// The buyer as sent to Kartra. Empty strings are omitted from the request.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lead<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub city: &'a str,
    pub zip: &'a str,
    pub state: &'a str,
    pub country: &'a str,
}

/// Why a call did not do what was asked, typed by what tagcart must do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Network error, timeout, HTTP 3xx/5xx, non-JSON body: retry with backoff.
    Transient(String),
    /// HTTP 429 or "Too many requests": Kartra asks for a second's pause before any further call.
    RateLimited(String),
    /// Types 202 203 233 204 238 239 240 242: pause the queue.
    CredentialsRejected {
        kartra_type: String,
        message: String,
    },
    /// Types 212 214: park the jobs naming this tag.
    TagMissing { tag: String, message: String },
    /// Types 201 (http not secure), 211 213 (tag name empty).
    Misconfigured {
        kartra_type: String,
        message: String,
    },
    /// Types 206 223 224 236 254, any unknown type, or an answer missing the action we asked for:
    /// a bug of ours, never retry blindly.
    Malformed {
        kartra_type: String,
        message: String,
    },
    /// Type 245.
    LeadDeleted { message: String },
}

impl Failure {
    /// One human sentence for the admin, e.g. `Kartra has no tag named "vip" (Tag does not exist)`.
    pub fn describe(&self) -> String {
        match self {
            Failure::Transient(why) => {
                format!("Kartra could not be reached ({why}); will retry")
            }
            Failure::RateLimited(why) => {
                format!("Kartra asked us to slow down ({why}); will retry")
            }
            Failure::CredentialsRejected {
                kartra_type,
                message,
            } => {
                format!(
                    "Kartra rejected the API credentials ({})",
                    said(kartra_type, message)
                )
            }
            Failure::TagMissing { tag, message } => {
                format!("Kartra has no tag named {tag:?} ({})", said("", message))
            }
            Failure::Misconfigured {
                kartra_type,
                message,
            } => {
                format!(
                    "Kartra refused the call as misconfigured ({})",
                    said(kartra_type, message)
                )
            }
            Failure::Malformed {
                kartra_type,
                message,
            } => {
                format!(
                    "Kartra could not use tagcart's request, a bug in tagcart ({})",
                    said(kartra_type, message)
                )
            }
            Failure::LeadDeleted { message } => {
                format!(
                    "The buyer's lead is deleted in Kartra ({})",
                    said("245", message)
                )
            }
        }
    }

    /// The same failure with every text passed through `f` (used to redact credentials).
    fn map_text(self, f: impl Fn(&str) -> String) -> Failure {
        match self {
            Failure::Transient(why) => Failure::Transient(f(&why)),
            Failure::RateLimited(why) => Failure::RateLimited(f(&why)),
            Failure::CredentialsRejected {
                kartra_type,
                message,
            } => Failure::CredentialsRejected {
                kartra_type,
                message: f(&message),
            },
            Failure::TagMissing { tag, message } => Failure::TagMissing {
                tag,
                message: f(&message),
            },
            Failure::Misconfigured {
                kartra_type,
                message,
            } => Failure::Misconfigured {
                kartra_type,
                message: f(&message),
            },
            Failure::Malformed {
                kartra_type,
                message,
            } => Failure::Malformed {
                kartra_type,
                message: f(&message),
            },
            Failure::LeadDeleted { message } => Failure::LeadDeleted {
                message: f(&message),
            },
        }
    }
}

/// "type 203: API key not valid", leaving out whichever part is empty.
fn said(kartra_type: &str, message: &str) -> String {
    match (kartra_type.is_empty(), message.is_empty()) {
        (false, false) => format!("type {kartra_type}: {message}"),
        (false, true) => format!("type {kartra_type}"),
        (true, false) => message.to_string(),
        (true, true) => "no details given".to_string(),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl std::error::Error for Failure {}

/// One HTTP call's answer, summarised for the order timeline, e.g.
/// "create_lead: Error 244 Lead already exists; assign_tag: not run". Never contains credentials.
pub type AnswerSummary = String;

/// What a call (or the two calls of a grant) came to.
#[derive(Debug)]
pub struct Outcome<T> {
    pub result: Result<T, Failure>,
    pub answers: Vec<AnswerSummary>,
    pub calls: u32,
}

/// A grant that Kartra confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub lead_id: Option<String>,
    /// The lead was new (created by this grant).
    pub created: bool,
}

/// A lead as Kartra has it now, read back with `get_lead`: tags added or removed by hand included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTags {
    pub lead_id: Option<String>,
    /// Exact tag names, as Kartra spells them.
    pub tags: Vec<String>,
}
