//! API tokens for `Authorization: Bearer`. Shown once at creation, stored as a hash.

use crate::clock::Timestamp;
use crate::crypto::{random_token, token_hash};
use crate::domain::ids::ApiTokenId;
use rusqlite::{params, Connection, OptionalExtension};

/// Tokens carry a prefix so they are recognisable in a leaked file or a secret scanner.
pub const PREFIX: &str = "tc_";

#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// Returns the new token's id and its secret value (never stored).
pub fn create(
    conn: &Connection,
    name: &str,
    now: Timestamp,
) -> rusqlite::Result<(ApiTokenId, String)> {
    let token = format!("{PREFIX}{}", random_token());
    conn.execute(
        "INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?1, ?2, ?3)",
        params![name, token_hash(&token), now],
    )?;
    Ok((ApiTokenId(conn.last_insert_rowid()), token))
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<ApiToken>> {
    let mut stmt =
        conn.prepare("SELECT id, name, created_at, last_used_at FROM api_tokens ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(ApiToken {
            id: r.get(0)?,
            name: r.get(1)?,
            created_at: r.get(2)?,
            last_used_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

pub fn delete(conn: &Connection, id: ApiTokenId) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM api_tokens WHERE id = ?1", [id])? > 0)
}

/// The id of the token with this value, noting its use (at most once a minute, to spare writes).
pub fn authenticate(
    conn: &Connection,
    token: &str,
    now: Timestamp,
) -> rusqlite::Result<Option<ApiTokenId>> {
    let hash = token_hash(token);
    let found: Option<(ApiTokenId, Option<i64>)> = conn
        .query_row(
            "SELECT id, last_used_at FROM api_tokens WHERE token_hash = ?1",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, last_used)) = found {
        if last_used.is_none_or(|t| now - t >= 60) {
            conn.execute(
                "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
        }
    }
    Ok(found.map(|(id, _)| id))
}
