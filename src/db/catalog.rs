//! Notices writes to what checkout pages show (pages, products, prices, settings), wherever
//! they come from, so rendered pages are dropped exactly when the catalog changes rather than
//! after any request that merely looks like a write.
//!
//! Every connection gets temporary triggers on those tables that call a function of ours on
//! the thread running the statement (SQLite's update hook would miss `settings`, a WITHOUT
//! ROWID table); it marks that thread, and whoever ran the write there asks `take_written`
//! once the write has committed (`AppState::db` and `AppState::write`).

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use std::cell::Cell;

/// The tables a checkout page is rendered from.
const CATALOG_TABLES: [&str; 5] = ["pages", "page_live", "products", "prices", "settings"];

thread_local! {
    static WRITTEN: Cell<bool> = const { Cell::new(false) };
}

/// Installed on every connection the pool opens.
pub fn watch(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "tagcart_catalog_written",
        0,
        FunctionFlags::SQLITE_UTF8,
        |_| {
            WRITTEN.with(|w| w.set(true));
            Ok(0)
        },
    )?;
    for table in CATALOG_TABLES {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            conn.execute_batch(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS catalog_{table}_{event} AFTER {event} ON main.{table}
                 BEGIN SELECT tagcart_catalog_written(); END;"
            ))?;
        }
    }
    Ok(())
}

/// Whether this thread wrote to the catalog since it last asked; clears the mark.
pub fn take_written() -> bool {
    WRITTEN.with(|w| w.replace(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_writes_to_catalog_tables_mark_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let pool = super::super::open(&dir.path().join("t.db")).unwrap();
        let conn = pool.get().unwrap();
        take_written();
        conn.execute(
            "INSERT INTO setup_tokens (token_hash, expires_at) VALUES ('x', 1)",
            [],
        )
        .unwrap();
        conn.query_row("SELECT count(*) FROM pages", [], |r| r.get::<_, i64>(0))
            .unwrap();
        assert!(!take_written(), "neither a token nor a read is the catalog");
        conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])
            .unwrap();
        assert!(take_written());
        assert!(!take_written(), "asking clears the mark");
    }
}
