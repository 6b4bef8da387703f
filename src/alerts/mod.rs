//! Tells the merchant when Kartra grants have been stuck longer than a threshold, and when they
//! flow again: `Monitor` decides (pure, fed `now`), `send` POSTs JSON to a validated `AlertUrl`.
//! The JSON carries `text`, so Slack-style incoming webhooks show it as is.

mod address;
mod destination;
mod monitor;
mod send;

pub use destination::AlertUrl;
pub(crate) use destination::{check_scheme, PublicOnly};
pub use monitor::Monitor;
pub use send::send;

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub kind: AlertKind,
    /// A sentence that reads well alone in a chat channel.
    pub text: String,
    /// When the episode began (Unix seconds), for both kinds.
    pub since: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    Trouble,
    Recovered,
}

impl AlertKind {
    /// The `kind` field of the JSON body.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Trouble => "trouble",
            AlertKind::Recovered => "recovered",
        }
    }
}
