//! Email to buyers over the merchant's SMTP server: the settings, the queue (`db::emails`,
//! filled in the same transaction as the payment event that calls for the email), and the
//! sending done by the scheduler, retried with backoff until the server takes each email.
//! While no SMTP server is configured nothing is queued: the Overview says so.

pub mod message;
pub mod smtp;
pub mod template;

use crate::clock::Timestamp;
use crate::crypto::SecretKey;
use crate::db::{self, emails::EmailKind, emails::NewEmail, orders::Order, Pool};
use crate::domain::validation::{is_email, FieldErrors};
use crate::fulfillment::backoff;
use crate::settings;
use rusqlite::Connection;

/// How the merchant's mail leaves: `smtp://user:pass@host:port` (STARTTLS when the server
/// offers it; `?tls=required` insists, `?tls=none` never tries) or `smtps://…` (TLS from the
/// first byte). The URL holds the password: it is sealed like every secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailSettings {
    pub smtp_url: String,
    /// `Shop <shop@example.com>` or a bare address.
    pub from: String,
    pub reply_to: Option<String>,
}

/// The URL as shown back: the password replaced by `***`.
pub fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => String::new(),
    }
}

impl EmailSettings {
    /// Checks what the API or the dashboard sent; `saved` keeps a password typed as `***`.
    pub fn validate(
        smtp_url: &str,
        from: &str,
        reply_to: &str,
        saved: Option<&EmailSettings>,
    ) -> Result<EmailSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut smtp_url = smtp_url.trim().to_string();
        match url::Url::parse(&smtp_url) {
            Ok(mut u) => {
                if u.password() == Some("***") {
                    let old = saved.and_then(|s| url::Url::parse(&s.smtp_url).ok());
                    let password = old.as_ref().and_then(|o| o.password()).map(str::to_string);
                    let _ = u.set_password(password.as_deref());
                    smtp_url = u.to_string();
                }
                let tls = u
                    .query_pairs()
                    .find(|(k, _)| k == "tls")
                    .map(|(_, v)| v.to_string());
                if !matches!(u.scheme(), "smtp" | "smtps") || u.host_str().is_none_or(str::is_empty)
                {
                    errors.add(
                        "smtp_url",
                        "must be smtp://user:password@host:port or smtps://…",
                    );
                } else if !matches!(
                    tls.as_deref(),
                    None | Some("required" | "opportunistic" | "none")
                ) {
                    errors.add("smtp_url", "tls= must be required, opportunistic or none");
                }
            }
            Err(_) => errors.add(
                "smtp_url",
                "must be smtp://user:password@host:port or smtps://…",
            ),
        }
        let from = from.trim().to_string();
        if from.parse::<lettre::message::Mailbox>().is_err() {
            errors.add("from", "must be an address like Shop <shop@example.com>");
        }
        let reply_to = Some(reply_to.trim().to_string()).filter(|r| !r.is_empty());
        if reply_to.as_deref().is_some_and(|r| !is_email(r)) {
            errors.add("reply_to", "must be an email address like help@example.com");
        }
        errors.into_result(EmailSettings {
            smtp_url,
            from,
            reply_to,
        })
    }
}

/// Queues `kind` for the order's buyer, when email is set up; in the caller's transaction.
pub fn queue(
    tx: &Connection,
    order: &Order,
    kind: EmailKind,
    invoice_id: Option<i64>,
    access_until: Option<Timestamp>,
    now: Timestamp,
) -> rusqlite::Result<Option<i64>> {
    if !settings::email_configured(tx)? {
        return Ok(None);
    }
    let email = NewEmail {
        order_id: order.id,
        kind,
        to: &order.buyer.email,
        invoice_id,
        access_until,
    };
    db::emails::queue(tx, &email, now).map(Some)
}

/// Sends the test email to `to` now, not through the queue: the merchant waits for the verdict.
pub fn send_test(
    settings: &EmailSettings,
    shop: &crate::domain::shop::ShopProfile,
    to: &str,
) -> Result<(), String> {
    let message = message::test_message(settings, shop, to).map_err(|f| f.message)?;
    smtp::Mailer::new(settings)?
        .send(&message)
        .map_err(|f| f.message)
}

/// Emails sent at most per scheduler pass; the rest wait for the next.
const PER_PASS: i64 = 50;
/// How long an email is held while it is sent (an SMTP call is bounded well below).
const LEASE_SECS: i64 = 120;

/// Sends what is due at `now`; the number the server took.
pub fn send_due(
    pool: &Pool,
    key: &SecretKey,
    public_url: &str,
    now: Timestamp,
) -> Result<usize, crate::fulfillment::WorkError> {
    let conn = pool.get()?;
    // Every pass asks: the sealed settings are opened only when there is mail to send.
    if !settings::email_configured(&conn)? {
        return Ok(0);
    }
    let due = db::emails::claim_due(&conn, now, now + LEASE_SECS, PER_PASS)?;
    if due.is_empty() {
        return Ok(0);
    }
    let Some(settings) = settings::email_settings(&conn, key)? else {
        return Ok(0);
    };
    let mailer = match smtp::Mailer::new(&settings) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "the SMTP settings cannot be used");
            return Ok(0);
        }
    };
    let mut sent = 0;
    for email in due {
        let outcome = match &email.sealed_link {
            Some(sealed) => message::sign_in(&conn, &email, sealed, key, &settings)?,
            None => message::build(&conn, &email, &settings, public_url)?,
        };
        let outcome = outcome.and_then(|m| mailer.send(&m));
        match outcome {
            Ok(()) => {
                db::emails::mark_sent(&conn, email.id, now)?;
                sent += 1;
            }
            Err(failure) => {
                let delay = backoff::retry_delay(email.attempts + 1, rand::random());
                let retry_at = (!failure.permanent).then_some(now + delay);
                tracing::warn!(email = email.id, kind = email.kind.as_str(), error = %failure.message,
                    permanent = failure.permanent, "an email was not sent");
                db::emails::mark_failed(&conn, email.id, &failure.message, retry_at)?;
            }
        }
    }
    Ok(sent)
}
