//! Admin sessions. The browser holds a random token; we store only its hash, so a leaked
//! database does not hand out live sessions.

use crate::clock::Timestamp;
use crate::crypto::{random_token, token_hash};
use crate::domain::ids::AdminId;
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone)]
pub struct Session {
    pub admin_id: AdminId,
    pub email: String,
    pub csrf_token: String,
}

/// Starts a new session; returns the token for the cookie.
pub fn create(conn: &Connection, admin_id: AdminId, now: Timestamp) -> rusqlite::Result<String> {
    let token = random_token();
    conn.execute(
        "INSERT INTO sessions (token_hash, admin_id, csrf_token, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![token_hash(&token), admin_id, random_token(), now],
    )?;
    Ok(token)
}

/// The session stored for `token`, with when it started and when it was last seen; whether it
/// is still alive is `auth`'s rule, applied by the caller.
pub fn find(
    conn: &Connection,
    token: &str,
) -> rusqlite::Result<Option<(Session, Timestamp, Timestamp)>> {
    conn.query_row(
        "SELECT s.admin_id, a.email, s.csrf_token, s.created_at, s.last_seen_at
         FROM sessions s JOIN admins a ON a.id = s.admin_id WHERE s.token_hash = ?1",
        [&token_hash(token)],
        |r| {
            Ok((
                Session {
                    admin_id: r.get(0)?,
                    email: r.get(1)?,
                    csrf_token: r.get(2)?,
                },
                r.get(3)?,
                r.get(4)?,
            ))
        },
    )
    .optional()
}

/// Restarts the session's idle timer.
pub fn touch(conn: &Connection, token: &str, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
        params![token_hash(token), now],
    )
    .map(|_| ())
}

pub fn delete(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [token_hash(token)],
    )
    .map(|_| ())
}

/// Ends every session of an admin (after a password change, or removal).
pub fn delete_for_admin(conn: &Connection, admin_id: AdminId) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE admin_id = ?1", [admin_id])
        .map(|_| ())
}
