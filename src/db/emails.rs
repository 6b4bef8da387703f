//! The mail queue: emails to buyers waiting to be sent, and those sent (the order's timeline).

use crate::clock::Timestamp;
use crate::domain::ids::OrderId;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// What an email tells the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// The first payment, with its invoice.
    Receipt,
    /// A later payment of a subscription or plan, with its invoice.
    RenewalReceipt,
    PaymentFailed,
    /// With the date access ends.
    Cancellation,
    /// With the credit note.
    Refund,
    /// The customer portal's one-time sign-in link (no order; its template is not editable).
    SignIn,
}

impl EmailKind {
    /// The emails about an order, whose words the merchant may change.
    pub const ALL: [EmailKind; 5] = [
        EmailKind::Receipt,
        EmailKind::RenewalReceipt,
        EmailKind::PaymentFailed,
        EmailKind::Cancellation,
        EmailKind::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Receipt => "receipt",
            EmailKind::RenewalReceipt => "renewal_receipt",
            EmailKind::PaymentFailed => "payment_failed",
            EmailKind::Cancellation => "cancellation",
            EmailKind::Refund => "refund",
            EmailKind::SignIn => "sign_in",
        }
    }

    pub fn parse(word: &str) -> Option<EmailKind> {
        (EmailKind::ALL.into_iter())
            .chain([EmailKind::SignIn])
            .find(|k| k.as_str() == word)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Email {
    pub id: i64,
    /// `None`: a sign-in link.
    #[serde(skip)]
    pub order_id: Option<OrderId>,
    pub kind: EmailKind,
    pub to: String,
    #[serde(skip)]
    pub invoice_id: Option<i64>,
    #[serde(skip)]
    pub access_until: Option<Timestamp>,
    /// `pending`, `sent` or `rejected`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339_opt")]
    pub sent_at: Option<Timestamp>,
    /// A sign-in email's link, sealed until it is sent.
    #[serde(skip)]
    pub sealed_link: Option<Vec<u8>>,
}

const COLUMNS: &str = "id, order_id, kind, to_address, invoice_id, access_until, state, attempts, last_error, created_at, sent_at, sealed_link";

fn from_row(r: &Row) -> rusqlite::Result<Email> {
    let kind: String = r.get(2)?;
    Ok(Email {
        id: r.get(0)?,
        order_id: r.get(1)?,
        kind: EmailKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(2, "kind".into(), rusqlite::types::Type::Text)
        })?,
        to: r.get(3)?,
        invoice_id: r.get(4)?,
        access_until: r.get(5)?,
        state: r.get(6)?,
        attempts: r.get(7)?,
        last_error: r.get(8)?,
        created_at: r.get(9)?,
        sent_at: r.get(10)?,
        sealed_link: r.get(11)?,
    })
}

pub struct NewEmail<'a> {
    pub order_id: OrderId,
    pub kind: EmailKind,
    pub to: &'a str,
    pub invoice_id: Option<i64>,
    pub access_until: Option<Timestamp>,
}

pub fn queue(tx: &Connection, e: &NewEmail, now: Timestamp) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO emails (order_id, kind, to_address, invoice_id, access_until, state, run_after, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)",
    )?
    .execute(params![e.order_id, e.kind.as_str(), e.to, e.invoice_id, e.access_until, now])?;
    Ok(tx.last_insert_rowid())
}

/// Takes up to `limit` emails due at `now`, each leased until `lease_until` (a crash lets the
/// lease lapse and the email is sent again: at least once, never lost).
pub fn claim_due(
    conn: &Connection,
    now: Timestamp,
    lease_until: Timestamp,
    limit: i64,
) -> rusqlite::Result<Vec<Email>> {
    conn.prepare_cached(&format!(
        "UPDATE emails SET lease_until = ?2 WHERE id IN (
           SELECT id FROM emails WHERE state = 'pending' AND run_after <= ?1
             AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY id LIMIT ?3)
         RETURNING {COLUMNS}"
    ))?
    .query_map(params![now, lease_until, limit], from_row)?
    .collect()
}

/// Queues a portal sign-in email carrying its link, sealed.
pub fn queue_sign_in(
    tx: &Connection,
    to: &str,
    sealed_link: &[u8],
    now: Timestamp,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO emails (kind, to_address, sealed_link, state, run_after, created_at)
         VALUES ('sign_in', ?1, ?2, 'pending', ?3, ?3)",
    )?
    .execute(params![to, sealed_link, now])?;
    Ok(tx.last_insert_rowid())
}

/// Sent: a sign-in link is forgotten then (it lives on only in the buyer's mailbox).
pub fn mark_sent(conn: &Connection, id: i64, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE emails SET state = 'sent', sent_at = ?2, attempts = attempts + 1, lease_until = NULL, last_error = NULL, sealed_link = NULL WHERE id = ?1",
        params![id, now],
    )
    .map(|_| ())
}

/// A failed try: again at `retry_at`, or never when the server refused the address for good.
pub fn mark_failed(
    conn: &Connection,
    id: i64,
    error: &str,
    retry_at: Option<Timestamp>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE emails SET attempts = attempts + 1, last_error = ?2, lease_until = NULL,
           state = CASE WHEN ?3 IS NULL THEN 'rejected' ELSE state END,
           run_after = coalesce(?3, run_after)
         WHERE id = ?1",
        params![id, error, retry_at],
    )
    .map(|_| ())
}

pub fn of_order(conn: &Connection, order: OrderId) -> rusqlite::Result<Vec<Email>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM emails WHERE order_id = ?1 ORDER BY id"
    ))?
    .query_map([order], from_row)?
    .collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Email>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM emails WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Emails not yet taken by the SMTP server (the overview's count).
pub fn waiting(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM emails WHERE state = 'pending'",
        [],
        |r| r.get(0),
    )
}
