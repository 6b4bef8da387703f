//! Invoices and credit notes, and the per-year sequence their numbers come from.

use crate::clock::Timestamp;
use crate::domain::ids::{OrderId, ProcessorEventId};
use crate::domain::invoice::{self, Document};
use rusqlite::{params, Connection, OptionalExtension};

/// The next number of `year`. Call it only inside the write transaction that stores the
/// document: the number and the document commit together or not at all, so numbers never
/// skip or repeat (SQLite runs one write transaction at a time).
pub fn next_number(tx: &Connection, year: i32) -> rusqlite::Result<String> {
    let sequence: i64 = tx
        .prepare_cached(
            "INSERT INTO invoice_sequences (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([year], |r| r.get(0))?;
    Ok(invoice::number(year, sequence))
}

/// A stored document with its row's facts.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub order_id: OrderId,
    pub document: Document,
}

pub fn insert(
    tx: &Connection,
    order_id: OrderId,
    event: ProcessorEventId,
    corrects: Option<i64>,
    d: &Document,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO invoices (number, kind, order_id, event_id, corrects, issued_at, currency, net, tax, total, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        d.number,
        d.kind.as_str(),
        order_id,
        event,
        corrects,
        d.issued_at,
        d.currency,
        d.net,
        d.tax,
        d.total,
        serde_json::to_string(d).expect("a document serializes"),
    ])?;
    Ok(tx.last_insert_rowid())
}

fn stored(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
    let json: String = r.get(2)?;
    let document = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Stored {
        id: r.get(0)?,
        order_id: r.get(1)?,
        document,
    })
}

/// An order's documents, oldest first.
pub fn of_order(conn: &Connection, order: OrderId) -> rusqlite::Result<Vec<Stored>> {
    conn.prepare_cached(
        "SELECT id, order_id, document FROM invoices WHERE order_id = ?1 ORDER BY id",
    )?
    .query_map([order], stored)?
    .collect()
}

pub fn by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached("SELECT id, order_id, document FROM invoices WHERE number = ?1")?
        .query_row([number], stored)
        .optional()
}

pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Stored>> {
    conn.prepare_cached("SELECT id, order_id, document FROM invoices WHERE id = ?1")?
        .query_row([id], stored)
        .optional()
}

/// The order's newest invoice that its credit notes do not cancel in full yet, and what of
/// its total they leave.
pub fn open_invoice(conn: &Connection, order: OrderId) -> rusqlite::Result<Option<(Stored, i64)>> {
    conn.prepare_cached(
        "SELECT id, order_id, document, total + coalesce((SELECT sum(c.total) FROM invoices c WHERE c.corrects = i.id), 0) AS open
         FROM invoices i WHERE order_id = ?1 AND kind = 'invoice' AND open > 0
         ORDER BY id DESC LIMIT 1",
    )?
    .query_row([order], |r| Ok((stored(r)?, r.get(3)?)))
    .optional()
}

/// The year a document issued at `at` is numbered in (UTC).
pub fn year_of(at: Timestamp) -> i32 {
    time::OffsetDateTime::from_unix_timestamp(at).map_or(1970, |t| t.year())
}

/// Each of `order_ids`' first invoice number (the one the order shows), in one query.
pub fn first_numbers(
    conn: &Connection,
    order_ids: &[OrderId],
) -> rusqlite::Result<std::collections::HashMap<OrderId, String>> {
    let ids = serde_json::to_string(order_ids).expect("integers serialize");
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, number FROM invoices WHERE id IN (
           SELECT min(id) FROM invoices WHERE kind = 'invoice'
             AND order_id IN (SELECT value FROM json_each(?1)) GROUP BY order_id)",
    )?;
    let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_year_counts_from_one_and_a_rolled_back_number_is_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open(&dir.path().join("t.db")).unwrap();
        let mut conn = pool.get().unwrap();
        assert_eq!(next_number(&conn, 2026).unwrap(), "2026-000001");
        assert_eq!(next_number(&conn, 2026).unwrap(), "2026-000002");
        assert_eq!(next_number(&conn, 2027).unwrap(), "2027-000001");
        let tx = conn.transaction().unwrap();
        assert_eq!(next_number(&tx, 2026).unwrap(), "2026-000003");
        drop(tx); // rolled back: no document was stored with it
        assert_eq!(next_number(&conn, 2026).unwrap(), "2026-000003");
        assert_eq!(year_of(1_798_761_599), 2026);
        assert_eq!(year_of(1_798_761_600), 2027);
    }
}
