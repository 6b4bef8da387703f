//! Key-value settings. Secrets are sealed with the data dir's key; the key name is bound as
//! associated data, so a sealed value cannot be moved to another setting.

use crate::crypto::SecretKey;
use rusqlite::{params, Connection, OptionalExtension};

pub fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?
        .flatten())
}

pub fn set(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2, sealed = NULL",
        params![key, value],
    )
    .map(|_| ())
}

pub fn delete(conn: &Connection, key: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])
        .map(|_| ())
}

/// The secret in clear, `None` when unset. A value that no longer decrypts (the key file was
/// replaced) reads as unset, and is logged, so the admin is asked to enter it again.
pub fn get_secret(
    conn: &Connection,
    key: &SecretKey,
    name: &str,
) -> rusqlite::Result<Option<String>> {
    let sealed: Option<Vec<u8>> = conn
        .prepare_cached("SELECT sealed FROM settings WHERE key = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(sealed.and_then(|bytes| match key.open(name, &bytes) {
        Ok(plain) => Some(plain),
        Err(e) => {
            tracing::error!(setting = name, error = %e, "stored secret unreadable; enter it again");
            None
        }
    }))
}

pub fn set_secret(
    conn: &Connection,
    key: &SecretKey,
    name: &str,
    plain: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, sealed) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET sealed = ?2, value = NULL",
        params![name, key.seal(name, plain)],
    )
    .map(|_| ())
}
