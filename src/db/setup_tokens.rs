//! The one-time setup link that creates the first admin.

use crate::clock::Timestamp;
use crate::crypto::{random_token, token_hash};
use rusqlite::{params, Connection, OptionalExtension};

pub const SETUP_LINK_SECS: i64 = 24 * 60 * 60;

/// Issues a fresh link token, invalidating any earlier one.
pub fn issue(conn: &Connection, now: Timestamp) -> rusqlite::Result<String> {
    let token = random_token();
    conn.execute("DELETE FROM setup_tokens", [])?;
    conn.execute(
        "INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?1, ?2)",
        params![token_hash(&token), now + SETUP_LINK_SECS],
    )?;
    Ok(token)
}

pub fn is_valid(conn: &Connection, token: &str, now: Timestamp) -> rusqlite::Result<bool> {
    let expires: Option<i64> = conn
        .query_row(
            "SELECT expires_at FROM setup_tokens WHERE token_hash = ?1",
            [token_hash(token)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(expires.is_some_and(|e| now < e))
}

/// Once an admin exists, no setup link may work again.
pub fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM setup_tokens", []).map(|_| ())
}
