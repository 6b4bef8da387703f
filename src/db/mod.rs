//! SQLite storage: one file in the data dir, WAL, `synchronous=FULL` (a processor will not
//! resend an event we acknowledged), foreign keys on. SQL lives in one module per entity.

pub mod account;
pub mod admins;
pub mod api_tokens;
pub mod catalog;
pub mod coupons;
pub mod emails;
pub mod entitlements;
pub mod invoices;
pub mod jobs;
pub mod order_actions;
pub mod order_lines;
pub mod order_search;
pub mod orders;
pub mod page_views;
pub mod pages;
pub mod products;
pub mod refunds;
pub mod sessions;
pub mod settings;
pub mod setup_tokens;
mod sql_types;
pub mod stats;
pub mod webhooks;
pub mod writer;

pub use writer::Writer;

use crate::domain::validation::FieldErrors;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

pub const DB_FILE: &str = "tagcart.db";

/// How long a write waits for another's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

/// The full current schema, for fresh databases.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// Numbered steps from an older schema; step N brings `user_version` N-1 to N.
/// The last step must leave the database exactly as `SCHEMA` makes it (a test checks).
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_orders.sql"),
    include_str!("migrations/0003_page_drafts.sql"),
    include_str!("migrations/0004_list_indexes.sql"),
    include_str!("migrations/0005_vocabulary.sql"),
    include_str!("migrations/0006_entitlements.sql"),
    include_str!("migrations/0007_coupons.sql"),
    include_str!("migrations/0008_show_receipt.sql"),
    include_str!("migrations/0009_product_image.sql"),
    include_str!("migrations/0010_page_language.sql"),
    include_str!("migrations/0011_order_lines.sql"),
    include_str!("migrations/0012_page_add_ons.sql"),
    include_str!("migrations/0013_tax_invoices_consent.sql"),
    include_str!("migrations/0014_emails.sql"),
    include_str!("migrations/0015_refunds_actions_portal.sql"),
    include_str!("migrations/0016_processing.sql"),
    include_str!("migrations/0017_webhook_endpoints.sql"),
    include_str!("migrations/0018_page_views.sql"),
    include_str!("migrations/0019_sales_indexes.sql"),
];

/// The version whose data step builds the entitlements (see `migrate`).
const ENTITLEMENTS_VERSION: i64 = 6;

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error(
        "the database schema is version {found}, newer than this tagcart understands ({supported}); \
         run the newer tagcart, or restore a backup made by this version"
    )]
    NewerSchema { found: i64, supported: i64 },
}

fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The hot paths (checkout page, webhook ingest, the queue) prepare their statements once per
    // connection: compiling SQL was a quarter of a checkout page's CPU.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
    )
}

/// Opens (creating if needed) and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Pool, OpenError> {
    // Migrated first: the pool's connections watch tables that must exist (see `catalog`).
    let mut conn = Connection::open(path)?;
    configure(&mut conn)?;
    migrate(&mut conn)?;
    drop(conn);
    let manager = SqliteConnectionManager::file(path).with_init(|conn| {
        configure(conn)?;
        catalog::watch(conn)
    });
    let pool = r2d2::Pool::builder()
        .max_size(8)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)?;
    Ok(pool)
}

/// Commits a real write (the schema version, rewritten with its own value, touching no table),
/// so `/healthz` fails when the disk is full or read-only or the lock is held too long, as
/// every checkout then would. Waits one second for the lock, not the usual five.
pub fn probe_write(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(1))?;
    let written = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()
    })();
    conn.busy_timeout(BUSY_TIMEOUT)?;
    written
}

/// Brings the schema to the current version; refuses a database from a newer tagcart.
/// Foreign keys are off while the steps run (a step may copy a table others refer to, as
/// SQLite's own procedure for changing a table does) and checked before the commit.
pub fn migrate(conn: &mut Connection) -> Result<(), OpenError> {
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = migrate_steps(conn);
    conn.pragma_update(None, "foreign_keys", true)?;
    migrated
}

fn migrate_steps(conn: &mut Connection) -> Result<(), OpenError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let supported = schema_version();
    if found > supported {
        return Err(OpenError::NewerSchema { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    if found == 0 {
        tx.execute_batch(SCHEMA)?;
    } else {
        for step in &MIGRATIONS[found as usize..] {
            tx.execute_batch(step)?;
        }
        if found < ENTITLEMENTS_VERSION {
            // Built by the code that keeps them, so they are what a live database would hold;
            // read back from Kartra over the next day.
            let now = crate::clock::now();
            crate::orders::access::settle_everyone(&tx, now)?;
            tx.execute(
                "UPDATE entitlements SET verify_after = ?1 + (id % 1440) * 60 WHERE state != 'revoked'",
                [now],
            )?;
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(OpenError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("{broken} rows break a foreign key after migrating")),
            )));
        }
    }
    tx.pragma_update(None, "user_version", supported)?;
    tx.commit()?;
    Ok(())
}

/// Why a write was refused. Conflicts and invalid references are the caller's fault (4xx).
#[derive(Debug)]
pub enum SaveError {
    Conflict {
        code: &'static str,
        field: &'static str,
        message: String,
    },
    Invalid(FieldErrors),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for SaveError {
    fn from(e: rusqlite::Error) -> SaveError {
        SaveError::Db(e)
    }
}

impl SaveError {
    pub fn invalid(field: &str, message: &str) -> SaveError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        SaveError::Invalid(errors)
    }
    /// The same problem as field errors, for re-rendering a form.
    pub fn into_fields(self) -> Result<FieldErrors, rusqlite::Error> {
        match self {
            SaveError::Conflict { field, message, .. } => {
                let mut errors = FieldErrors::default();
                errors.add(field, message);
                Ok(errors)
            }
            SaveError::Invalid(errors) => Ok(errors),
            SaveError::Db(e) => Err(e),
        }
    }
}

/// Runs `f` in a `BEGIN IMMEDIATE` transaction, committing only on `Ok`.
pub fn immediate<T, E: From<rusqlite::Error>>(
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction) -> Result<T, E>,
) -> Result<T, E> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} exists already; choose a new file name")]
    Exists(String),
    #[error("cannot create {path}: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error("backup failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A consistent online copy of the database, safe while `serve` runs. The copy holds password
/// hashes and sealed secrets, so it is created owner-only (VACUUM INTO accepts an empty file).
pub fn backup(conn: &Connection, target: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(target).map_err(|source| match source.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(target.display().to_string()),
        _ => BackupError::Create {
            path: target.display().to_string(),
            source,
        },
    })?;
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])
        .inspect_err(|_| {
            let _ = std::fs::remove_file(target);
        })?;
    Ok(())
}

#[cfg(test)]
#[path = "migrations_tests.rs"]
mod migrations_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema as structure (columns, keys, indexes, checks), not as the text that made it,
    /// so a migration's `ALTER TABLE` compares equal to the same table written fresh.
    pub(super) fn schema_of(conn: &Connection) -> Vec<String> {
        let strings = |sql: &str| -> Vec<String> {
            let mut stmt = conn.prepare(sql).unwrap();
            let count = stmt.column_count();
            let rows = stmt.query_map([], |r| {
                let cells: Vec<String> = (0..count)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<_, _>>()?;
                Ok(cells.join("|"))
            });
            rows.unwrap().map(|r| r.unwrap()).collect()
        };
        let mut out = vec![];
        let mut stmt = conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let tables: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for (table, sql) in tables {
            out.push(format!("table {table}"));
            out.extend(strings(&format!("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}') ORDER BY name")));
            out.extend(strings(&format!("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\"")));
            out.extend(strings(&format!("SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c' ORDER BY name")));
            // CHECK constraints and collations only show in the table's SQL.
            out.extend(checks_and_collations(&sql));
        }
        out
    }

    fn checks_and_collations(sql: &str) -> Vec<String> {
        let mut found: Vec<String> = sql
            .split([',', '\n'])
            .map(|part| {
                part.split("--")
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|part| part.contains("CHECK") || part.contains("COLLATE"))
            // A column `ALTER TABLE` added last is followed by the table's closing parenthesis.
            .map(|part| {
                let unbalanced = part.matches(')').count() > part.matches('(').count();
                match (unbalanced, part.strip_suffix(')')) {
                    (true, Some(column)) => column.to_string(),
                    _ => part,
                }
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn fresh_and_migrated_databases_have_the_same_schema() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = open(&dir.path().join("fresh.db")).unwrap().get().unwrap();
        let mut migrated = Connection::open(dir.path().join("migrated.db")).unwrap();
        for (i, step) in MIGRATIONS.iter().enumerate() {
            migrated.execute_batch(step).unwrap();
            migrated
                .pragma_update(None, "user_version", i as i64 + 1)
                .unwrap();
        }
        migrate(&mut migrated).unwrap();
        let fresh_schema = schema_of(&fresh);
        assert!(
            fresh_schema.len() > 20,
            "the comparison must see the tables: {fresh_schema:?}"
        );
        assert_eq!(fresh_schema, schema_of(&migrated));
        let version: i64 = fresh
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema_version());
        let indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";
        let read = |c: &Connection| -> Vec<(String, String)> {
            let mut stmt = c.prepare(indexes).unwrap();
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        assert_eq!(read(&fresh), read(&migrated));
    }

    #[test]
    fn refuses_a_database_from_a_newer_tagcart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        match open(&path) {
            Err(OpenError::NewerSchema { found: 99, .. }) => {}
            other => panic!("expected NewerSchema, got {other:?}"),
        }
    }

    #[test]
    fn connections_use_wal_full_sync_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("t.db")).unwrap().get().unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    }
}
