//! Page views per page and UTC day, as `page_views::Tally` adds them up in memory.

use crate::clock::Timestamp;
use crate::domain::ids::PageId;
use rusqlite::{params, Connection, TransactionBehavior};

/// Adds each `(page, day, views)` to the stored count, all in one transaction. A page deleted
/// since its views were counted is skipped: its row would only go with it.
pub fn add(conn: &mut Connection, counts: &[(PageId, Timestamp, u64)]) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO page_views (page_id, day, views)
                 SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM pages WHERE id = ?1)
             ON CONFLICT (page_id, day) DO UPDATE SET views = views + excluded.views",
        )?;
        for (page, day, views) in counts {
            stmt.execute(params![
                page,
                day,
                i64::try_from(*views).unwrap_or(i64::MAX)
            ])?;
        }
    }
    tx.commit()
}
