//! The figures behind `GET /api/v1/stats` (README, "Sales figures"), each over a span of UTC days
//! `[start, end)`. Read-only: nothing here is counted on the buyers' paths.

use crate::clock::Timestamp;
use rusqlite::{params, Connection};

/// Every status: lets `created_at` bounds use `orders_by_status(status, created_at)`, as
/// `orders` has no index on `created_at` alone.
const ALL_STATUSES: &str = "('pending', 'completed', 'failed', 'refunded', 'cancelled')";

#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: Timestamp,
    /// Exclusive: the midnight after the last day.
    pub end: Timestamp,
}

/// One payment received: an order's first (its completion) or a later one (a renewal or an
/// installment, from `order_payments`).
pub struct Charge {
    pub currency: String,
    pub at: Timestamp,
    pub amount: i64,
    pub first: bool,
}

/// The payments received in the span. `order_payments` stores no amount, so each payment is
/// counted at its order's `amount`; its first payment shares the completion's time (or has
/// no `paid_at`, from before schema 15) and is counted once, as the completion.
/// `order_payments` has no index on `paid_at` (and `refunds` none on `recorded_at`): without a
/// migration both are scanned; the completions use `orders_by_completion`.
pub fn charges(conn: &Connection, span: Span) -> rusqlite::Result<Vec<Charge>> {
    let mut stmt = conn.prepare(
        "SELECT currency, completed_at, amount, 1 FROM orders
             WHERE completed_at >= ?1 AND completed_at < ?2
         UNION ALL
         SELECT o.currency, p.paid_at, o.amount, 0
             FROM order_payments p JOIN orders o ON o.id = p.order_id
             WHERE p.paid_at >= ?1 AND p.paid_at < ?2 AND p.paid_at > o.completed_at",
    )?;
    let rows = stmt.query_map(params![span.start, span.end], |r| {
        Ok(Charge {
            currency: r.get(0)?,
            at: r.get(1)?,
            amount: r.get(2)?,
            first: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// The refunds recorded in the span, summed per currency.
pub fn refunded(conn: &Connection, span: Span) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT o.currency, SUM(r.amount) FROM refunds r JOIN orders o ON o.id = r.order_id
             WHERE r.recorded_at >= ?1 AND r.recorded_at < ?2
             GROUP BY o.currency ORDER BY o.currency",
    )?;
    let rows = stmt.query_map(params![span.start, span.end], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// The orders placed in the span, counted by their status now.
pub fn placed_by_status(conn: &Connection, span: Span) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT status, COUNT(*) FROM orders
             WHERE status IN {ALL_STATUSES} AND created_at >= ?1 AND created_at < ?2
             GROUP BY status"
    ))?;
    let rows = stmt.query_map(params![span.start, span.end], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// An active subscription's charge and, while its price still exists, how often it recurs.
pub struct Subscription {
    pub currency: String,
    pub amount: i64,
    pub interval: Option<(String, i64)>,
}

/// Subscriptions (not payment plans) whose order is completed now.
pub fn active_subscriptions(conn: &Connection) -> rusqlite::Result<Vec<Subscription>> {
    let mut stmt = conn.prepare(
        "SELECT o.currency, o.amount, p.interval, p.interval_count
             FROM orders o LEFT JOIN prices p ON p.id = o.price_id
             WHERE o.status = 'completed' AND o.price_kind = 'subscription'",
    )?;
    let rows = stmt.query_map([], |r| {
        let interval: Option<String> = r.get(2)?;
        let count: Option<i64> = r.get(3)?;
        Ok(Subscription {
            currency: r.get(0)?,
            amount: r.get(1)?,
            interval: interval.zip(count),
        })
    })?;
    rows.collect()
}

/// A page's funnel over the orders placed on it in the span.
pub struct PageFunnel {
    pub page_id: i64,
    pub slug: String,
    pub title: String,
    pub checkouts_started: i64,
    pub paid: i64,
    pub access_granted: i64,
}

/// Every page, with the orders placed on it in the span: paid (ever completed, a later refund
/// included) and granted (a `grant` fulfillment job done).
pub fn page_funnels(conn: &Connection, span: Span) -> rusqlite::Result<Vec<PageFunnel>> {
    let mut stmt = conn.prepare(&format!(
        // Counted in one pass over the span's orders, then matched to pages: joined the other
        // way round, the span would be searched once per page.
        "WITH funnel AS MATERIALIZED (
             SELECT page_id, COUNT(*) AS started, COUNT(completed_at) AS paid,
                 SUM(EXISTS (SELECT 1 FROM fulfillment_jobs j WHERE j.order_id = orders.id
                     AND j.action = 'grant' AND j.state = 'done')) AS granted
             FROM orders
             WHERE status IN {ALL_STATUSES} AND created_at >= ?1 AND created_at < ?2
                 AND page_id IS NOT NULL
             GROUP BY page_id
         )
         SELECT pg.id, pg.slug, pg.title, COALESCE(f.started, 0), COALESCE(f.paid, 0),
             COALESCE(f.granted, 0)
         FROM pages pg LEFT JOIN funnel f ON f.page_id = pg.id
         ORDER BY pg.id"
    ))?;
    let rows = stmt.query_map(params![span.start, span.end], |r| {
        Ok(PageFunnel {
            page_id: r.get(0)?,
            slug: r.get(1)?,
            title: r.get(2)?,
            checkouts_started: r.get(3)?,
            paid: r.get(4)?,
            access_granted: r.get(5)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    /// A subscription completed at 100 whose first payment was recorded then, an older payment
    /// row without a time, and a renewal at 200.
    #[test]
    fn a_renewal_counts_when_paid_and_the_first_payment_once() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        let conn = pool.get().unwrap();
        conn.execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at)
                 VALUES ('P', 't', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal,
                 currency, email, first_name, last_name, gateway, payment_ref, created_at,
                 completed_at, updated_at)
                 VALUES ('completed', 1, 1, 'subscription', 1900, 1900, 'USD', 'a@x.co', 'A', 'B',
                 'stripe', 'pay_1', 50, 100, 100);
             INSERT INTO order_payments (gateway, payment_id, order_id, paid_at)
                 VALUES ('stripe', 'pi_1', 1, 100), ('stripe', 'pi_0', 1, NULL),
                        ('stripe', 'pi_2', 1, 200);",
        )
        .unwrap();
        let seen = |start, end| -> Vec<(Timestamp, i64, bool)> {
            (charges(&conn, Span { start, end }).unwrap().iter())
                .map(|c| (c.at, c.amount, c.first))
                .collect()
        };
        assert_eq!(seen(0, 300), [(100, 1900, true), (200, 1900, false)]);
        assert_eq!(seen(150, 300), [(200, 1900, false)]);
        assert_eq!(seen(0, 100), []);
    }
}
