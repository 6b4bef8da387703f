//! The customer portal's sign-in links and sessions. Both are random tokens the buyer holds;
//! only their hashes are stored, so a leaked database signs nobody in.

use crate::clock::Timestamp;
use crate::crypto::{random_token, token_hash};
use rusqlite::{params, Connection, OptionalExtension};

/// A new sign-in link's token, valid from `now` until `expires_at`.
pub fn create_link(
    tx: &Connection,
    email: &str,
    requested_from: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> rusqlite::Result<String> {
    let token = random_token();
    tx.prepare_cached(
        "INSERT INTO account_links (token_hash, email, requested_from, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        token_hash(&token),
        email,
        requested_from,
        now,
        expires_at
    ])?;
    Ok(token)
}

/// Links asked since `since` for this email, and from this address.
pub fn links_since(
    conn: &Connection,
    email: &str,
    requested_from: &str,
    since: Timestamp,
) -> rusqlite::Result<(i64, i64)> {
    let count = |sql: &str, key: &str| -> rusqlite::Result<i64> {
        conn.prepare_cached(sql)?
            .query_row(params![key, since], |r| r.get(0))
    };
    Ok((
        count(
            "SELECT count(*) FROM account_links WHERE email = ?1 AND created_at >= ?2",
            email,
        )?,
        count(
            "SELECT count(*) FROM account_links WHERE requested_from = ?1 AND created_at >= ?2",
            requested_from,
        )?,
    ))
}

/// Uses a link once: its email while it is unused and unexpired; `None` otherwise.
pub fn use_link(tx: &Connection, token: &str, now: Timestamp) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached(
        "UPDATE account_links SET used_at = ?2
         WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 RETURNING email",
    )?
    .query_row(params![token_hash(token), now], |r| r.get(0))
    .optional()
}

/// A signed-in buyer.
#[derive(Debug, Clone)]
pub struct AccountSession {
    pub email: String,
    pub csrf_token: String,
}

/// Starts a session until `expires_at`; the token for the cookie.
pub fn create_session(
    tx: &Connection,
    email: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> rusqlite::Result<String> {
    let token = random_token();
    tx.prepare_cached(
        "INSERT INTO account_sessions (token_hash, email, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        token_hash(&token),
        email,
        random_token(),
        now,
        expires_at
    ])?;
    Ok(token)
}

pub fn find_session(
    conn: &Connection,
    token: &str,
    now: Timestamp,
) -> rusqlite::Result<Option<AccountSession>> {
    conn.prepare_cached(
        "SELECT email, csrf_token FROM account_sessions WHERE token_hash = ?1 AND expires_at > ?2",
    )?
    .query_row(params![token_hash(token), now], |r| {
        Ok(AccountSession {
            email: r.get(0)?,
            csrf_token: r.get(1)?,
        })
    })
    .optional()
}

pub fn end_session(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM account_sessions WHERE token_hash = ?1")?
        .execute([token_hash(token)])?;
    Ok(())
}

/// Forgets links and sessions that ended before `before`.
pub fn sweep(conn: &Connection, before: Timestamp) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM account_links WHERE expires_at < ?1", [before])?;
    conn.execute(
        "DELETE FROM account_sessions WHERE expires_at < ?1",
        [before],
    )?;
    Ok(())
}
