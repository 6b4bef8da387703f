//! The rows behind the sales figures (`domain::sales`), each over a span of UTC days
//! `[start, end)`, for the whole shop or one page. Read-only: nothing here is counted on the
//! buyers' paths (page views are counted in memory and written by `page_views`).

use crate::domain::ids::PageId;
use crate::domain::sales::{Charge, Days, PageFunnel, Report, Rows, Span, Subscription, TakeRates};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// Every status: lets `created_at` bounds use `orders_by_status(status, created_at)`, as
/// `orders` has no index on `created_at` alone.
const ALL_STATUSES: &str = "('pending', 'completed', 'failed', 'refunded', 'cancelled')";

/// The figures of `days`, for the shop or only the orders placed on `page`.
pub fn report(conn: &Connection, days: Days, page: Option<PageId>) -> rusqlite::Result<Report> {
    let span = days.span();
    let mut pages = page_funnels(conn, span)?;
    pages.retain(|p| page.is_none_or(|id| p.page_id == id));
    let rows = Rows {
        charges: charges(conn, span, page)?,
        refunded: refunded(conn, span, page)?,
        placed: placed_by_status(conn, span, page)?,
        subscriptions: active_subscriptions(conn, page)?,
        pages,
        take_rates: take_rates(conn, span, page)?,
    };
    Ok(Report::add_up(days, rows))
}

/// The payments received in the span. `order_payments` stores no amount, so each payment is
/// counted at its order's `amount`; its first payment shares the completion's time (or has
/// no `paid_at`, from before schema 15) and is counted once, as the completion.
/// The completions use `orders_by_completion`, the renewals `order_payments_by_time`.
fn charges(conn: &Connection, span: Span, page: Option<PageId>) -> rusqlite::Result<Vec<Charge>> {
    let mut stmt = conn.prepare_cached(
        "SELECT currency, completed_at, amount, 1 FROM orders
             WHERE completed_at >= ?1 AND completed_at < ?2 AND (?3 IS NULL OR page_id = ?3)
         UNION ALL
         SELECT o.currency, p.paid_at, o.amount, 0
             FROM order_payments p JOIN orders o ON o.id = p.order_id
             WHERE p.paid_at >= ?1 AND p.paid_at < ?2 AND p.paid_at > o.completed_at
                 AND (?3 IS NULL OR o.page_id = ?3)",
    )?;
    let rows = stmt.query_map(params![span.start, span.end, page], |r| {
        Ok(Charge {
            currency: r.get(0)?,
            at: r.get(1)?,
            amount: r.get(2)?,
            first: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// The refunds recorded in the span (`refunds_by_time`), summed per currency.
fn refunded(
    conn: &Connection,
    span: Span,
    page: Option<PageId>,
) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.currency, SUM(r.amount) FROM refunds r JOIN orders o ON o.id = r.order_id
             WHERE r.recorded_at >= ?1 AND r.recorded_at < ?2 AND (?3 IS NULL OR o.page_id = ?3)
             GROUP BY o.currency ORDER BY o.currency",
    )?;
    let rows = stmt.query_map(params![span.start, span.end, page], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// The orders placed in the span, counted by their status now.
fn placed_by_status(
    conn: &Connection,
    span: Span,
    page: Option<PageId>,
) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT status, COUNT(*) FROM orders
             WHERE status IN {ALL_STATUSES} AND created_at >= ?1 AND created_at < ?2
                 AND (?3 IS NULL OR page_id = ?3)
             GROUP BY status"
    ))?;
    let rows = stmt.query_map(params![span.start, span.end, page], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// Subscriptions (not payment plans) whose order is completed now, read from the partial
/// index `orders_subscribed` alone: the price kind must stay a literal in the query for it.
fn active_subscriptions(
    conn: &Connection,
    page: Option<PageId>,
) -> rusqlite::Result<Vec<Subscription>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.currency, o.amount, p.interval, p.interval_count
             FROM orders o LEFT JOIN prices p ON p.id = o.price_id
             WHERE o.status = 'completed' AND o.price_kind = 'subscription'
                 AND (?1 IS NULL OR o.page_id = ?1)",
    )?;
    let rows = stmt.query_map([page], |r| {
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

/// Each page's views over the span's days (pages without any are left out).
fn views_by_page(conn: &Connection, span: Span) -> rusqlite::Result<HashMap<PageId, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT page_id, SUM(views) FROM page_views WHERE day >= ?1 AND day < ?2 GROUP BY page_id",
    )?;
    let rows = stmt.query_map(params![span.start, span.end], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    rows.collect()
}

/// Every page, with its views in the span and the orders placed on it then: paid (ever
/// completed, a later refund included) and granted (a `grant` fulfillment job done, found in
/// `jobs_by_order` alone).
fn page_funnels(conn: &Connection, span: Span) -> rusqlite::Result<Vec<PageFunnel>> {
    let views = views_by_page(conn, span)?;
    let mut stmt = conn.prepare_cached(&format!(
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
        let page_id = r.get(0)?;
        Ok(PageFunnel {
            page_id,
            slug: r.get(1)?,
            title: r.get(2)?,
            views: views.get(&page_id).copied().unwrap_or(0),
            checkouts_started: r.get(3)?,
            paid: r.get(4)?,
            access_granted: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// Of the orders paid in the span (upsells' own orders aside), how many were offered the bump
/// and shown the upsell, and how many took each.
fn take_rates(conn: &Connection, span: Span, page: Option<PageId>) -> rusqlite::Result<TakeRates> {
    conn.prepare_cached(
        "SELECT
            count(*) FILTER (WHERE o.bump_offered = 1),
            count(*) FILTER (WHERE o.bump_offered = 1
                AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.kind = 'bump')),
            count(*) FILTER (WHERE o.upsell_shown_at IS NOT NULL),
            count(*) FILTER (WHERE o.upsell_shown_at IS NOT NULL
                AND EXISTS (SELECT 1 FROM orders u WHERE u.parent_order_id = o.id AND u.completed_at IS NOT NULL))
         FROM orders o
         WHERE o.completed_at >= ?1 AND o.completed_at < ?2 AND o.parent_order_id IS NULL
             AND (?3 IS NULL OR o.page_id = ?3)",
    )?
    .query_row(params![span.start, span.end, page], |r| {
        Ok(TakeRates {
            bump_offered: r.get(0)?,
            bump_taken: r.get(1)?,
            upsell_shown: r.get(2)?,
            upsell_taken: r.get(3)?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Timestamp;
    use crate::db;

    /// A fresh database with product 1, and then `sql`.
    fn with_a_product(sql: &str) -> (tempfile::TempDir, db::Pool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        let conn = pool.get().unwrap();
        conn.execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at)
                 VALUES ('P', 't', 1, 0, 0);",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        (dir, pool)
    }

    /// A subscription completed at 100 whose first payment was recorded then, an older payment
    /// row without a time, and a renewal at 200.
    #[test]
    fn a_renewal_counts_when_paid_and_the_first_payment_once() {
        let (_dir, pool) = with_a_product(
            "INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal,
                 currency, email, first_name, last_name, gateway, payment_ref, created_at,
                 completed_at, updated_at)
                 VALUES ('completed', 1, 1, 'subscription', 1900, 1900, 'USD', 'a@x.co', 'A', 'B',
                 'stripe', 'pay_1', 50, 100, 100);
             INSERT INTO order_payments (gateway, payment_id, order_id, paid_at)
                 VALUES ('stripe', 'pi_1', 1, 100), ('stripe', 'pi_0', 1, NULL),
                        ('stripe', 'pi_2', 1, 200);",
        );
        let conn = pool.get().unwrap();
        let seen = |start, end| -> Vec<(Timestamp, i64, bool)> {
            (charges(&conn, Span { start, end }, None).unwrap().iter())
                .map(|c| (c.at, c.amount, c.first))
                .collect()
        };
        assert_eq!(seen(0, 300), [(100, 1900, true), (200, 1900, false)]);
        assert_eq!(seen(150, 300), [(200, 1900, false)]);
        assert_eq!(seen(0, 100), []);
    }

    #[test]
    fn a_pages_views_are_summed_over_the_span_and_pages_without_orders_are_listed() {
        let (_dir, pool) = with_a_product(
            "INSERT INTO pages (title, slug, product_id, template, gateways, created_at, updated_at)
                 VALUES ('A', 'a', 1, 'minimal', '[]', 0, 0), ('B', 'b', 1, 'minimal', '[]', 0, 0);
             INSERT INTO page_views (page_id, day, views)
                 VALUES (1, 0, 3), (1, 86400, 2), (1, 172800, 7), (2, 172800, 1);",
        );
        let conn = pool.get().unwrap();
        let views = |start, end| -> Vec<(i64, i64)> {
            (page_funnels(&conn, Span { start, end }).unwrap().iter())
                .map(|p| (p.page_id.0, p.views))
                .collect()
        };
        assert_eq!(views(0, 2 * 86_400), [(1, 5), (2, 0)]);
        assert_eq!(views(86_400, 3 * 86_400), [(1, 9), (2, 1)]);
    }
}
