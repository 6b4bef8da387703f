//! Admins: the people who sign in to the dashboard.

use super::SaveError;
use crate::clock::Timestamp;
use crate::domain::ids::AdminId;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone)]
pub struct Admin {
    pub id: AdminId,
    pub email: String,
    pub password_hash: String,
    pub failed_logins: i64,
    pub locked_until: Timestamp,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, email, password_hash, failed_logins, locked_until, created_at";

fn from_row(r: &Row) -> rusqlite::Result<Admin> {
    Ok(Admin {
        id: r.get(0)?,
        email: r.get(1)?,
        password_hash: r.get(2)?,
        failed_logins: r.get(3)?,
        locked_until: r.get(4)?,
        created_at: r.get(5)?,
    })
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM admins", [], |r| r.get(0))
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Admin>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM admins ORDER BY email"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

pub fn find_by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<Admin>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM admins WHERE email = ?1"),
        [email],
        from_row,
    )
    .optional()
}

pub fn create(
    conn: &Connection,
    email: &str,
    password_hash: &str,
    now: Timestamp,
) -> Result<AdminId, SaveError> {
    if find_by_email(conn, email)?.is_some() {
        return Err(SaveError::Conflict {
            code: "email_taken",
            field: "email",
            message: "is already an admin".into(),
        });
    }
    conn.execute(
        "INSERT INTO admins (email, password_hash, created_at) VALUES (?1, ?2, ?3)",
        params![email, password_hash, now],
    )?;
    Ok(AdminId(conn.last_insert_rowid()))
}

/// Deletes an admin unless it is the last one (someone must be able to sign in).
pub fn delete(conn: &mut Connection, id: AdminId) -> Result<bool, SaveError> {
    super::immediate(conn, |tx| {
        if count(tx)? <= 1 {
            return Err(SaveError::Conflict {
                code: "last_admin",
                field: "admin",
                message: "is the last admin and cannot be removed".into(),
            });
        }
        Ok(tx.execute("DELETE FROM admins WHERE id = ?1", [id])? > 0)
    })
}

pub fn set_password(conn: &Connection, id: AdminId, password_hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE admins SET password_hash = ?2 WHERE id = ?1",
        params![id, password_hash],
    )
    .map(|_| ())
}

pub fn record_failure(
    conn: &Connection,
    id: AdminId,
    failed_logins: i64,
    locked_until: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE admins SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, failed_logins, locked_until],
    )
    .map(|_| ())
}

pub fn record_success(conn: &Connection, id: AdminId) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE admins SET failed_logins = 0, locked_until = 0 WHERE id = ?1",
        [id],
    )
    .map(|_| ())
}
