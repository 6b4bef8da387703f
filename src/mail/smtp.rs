//! One SMTP connection recipe (lettre): bounded time, the TLS the URL asks for.

use super::EmailSettings;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// An SMTP call's bound: connect, greet, send.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Why an email was not sent; `permanent` when trying again cannot help (the server refused
/// the address for good, or the email cannot be made).
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    pub permanent: bool,
}

impl Failure {
    pub fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            permanent: true,
        }
    }
}

pub struct Mailer {
    transport: SmtpTransport,
}

impl Mailer {
    pub fn new(settings: &EmailSettings) -> Result<Mailer, String> {
        let mut url = url::Url::parse(&settings.smtp_url).map_err(|e| e.to_string())?;
        // Ours: STARTTLS when offered unless `tls=` says otherwise; lettre's: plain by default.
        let tls = url
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        if url.scheme() == "smtp" {
            let wanted = match tls.as_deref() {
                None => Some("opportunistic"),
                Some("none") => None,
                Some(other) => Some(other),
            }
            .map(str::to_string);
            url.set_query(None);
            if let Some(tls) = wanted {
                url.query_pairs_mut().append_pair("tls", &tls);
            }
        }
        let transport = SmtpTransport::from_url(url.as_str())
            .map_err(|e| e.to_string())?
            .timeout(Some(TIMEOUT))
            .build();
        Ok(Mailer { transport })
    }

    pub fn send(&self, message: &Message) -> Result<(), Failure> {
        self.transport.send(message).map(|_| ()).map_err(|e| {
            // 550 mailbox unavailable, 551 not local, 553 name not allowed: that address will
            // not take mail; anything else (auth, 4xx, a network error) may pass later.
            let code = e.status().map(u16::from);
            Failure {
                permanent: matches!(code, Some(550 | 551 | 553)),
                message: match code {
                    Some(code) => format!("SMTP {code}: {e}"),
                    None => e.to_string(),
                },
            }
        })
    }
}
