//! Refunds as processors reported them, and what each order has had refunded in total.

use crate::clock::Timestamp;
use crate::domain::ids::OrderId;
use rusqlite::{params, Connection};

/// Records one refund figure; a figure already recorded under its key keeps the larger amount
/// (a payment's refunded total only grows, and a repeated refund is the same refund).
pub fn record(
    tx: &Connection,
    order: OrderId,
    key: &str,
    payment_id: &str,
    amount: i64,
    now: Timestamp,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO refunds (order_id, refund_key, payment_id, amount, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (order_id, refund_key) DO UPDATE SET amount = max(amount, excluded.amount)",
    )?
    .execute(params![order, key, payment_id, amount, now])?;
    Ok(())
}

/// What one payment of the order has had refunded (`""`: the refunds that name none).
pub fn of_payment(conn: &Connection, order: OrderId, payment_id: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1 AND payment_id = ?2",
    )?
    .query_row(params![order, payment_id], |r| r.get(0))
}

/// Sets the order's `refunded` to the sum of its refunds; that sum.
pub fn settle_total(tx: &Connection, order: OrderId) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "UPDATE orders SET refunded = (SELECT coalesce(sum(amount), 0) FROM refunds WHERE order_id = ?1)
         WHERE id = ?1 RETURNING refunded",
    )?
    .query_row([order], |r| r.get(0))
}
