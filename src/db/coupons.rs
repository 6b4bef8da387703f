//! Coupons and their uses (redemptions: the orders that name them).

use super::orders::{self, Order};
use super::{immediate, SaveError};
use crate::clock::Timestamp;
use crate::domain::coupon::{self, Coupon, CouponDraft, PENDING_HOLD_SECS};
use crate::domain::discount::Off;
use crate::domain::ids::{CouponId, ProductId};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

/// Uses of coupon `c`: orders that were paid (completed, refunded, or cancelled after a
/// payment) and checkouts still pending within their hour. A failed order, or one cancelled
/// before any payment, gives its use back at once; an abandoned one after the hour.
const USES: &str = "(SELECT count(*) FROM orders o WHERE o.coupon_id = c.id AND (
        o.status IN ('completed', 'refunded')
        OR (o.status = 'cancelled' AND EXISTS (SELECT 1 FROM processor_events e WHERE e.order_id = o.id
            AND e.kind = 'completed' AND e.outcome NOT LIKE 'not applied: %'))
        OR (o.status = 'pending' AND o.created_at > ?1)))";

fn select(filter: &str) -> String {
    format!(
        "SELECT c.id, c.code, c.percent_off, c.amount_off, c.currency, c.product_ids, c.expires_at, c.max_redemptions,
            c.duration, c.duration_in_months, c.paused, c.created_at, c.updated_at, {USES}
         FROM coupons c {filter}"
    )
}

fn from_row(r: &Row) -> rusqlite::Result<Coupon> {
    let bad = |i: usize, what: &str| {
        rusqlite::Error::InvalidColumnType(i, what.into(), rusqlite::types::Type::Text)
    };
    let off = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?) {
        (Some(p), _) => Off::Percent(p.clamp(1, 100) as u8),
        (None, Some(a)) => Off::Amount(a),
        (None, None) => return Err(bad(2, "percent_off")),
    };
    let product_ids: String = r.get(5)?;
    let word: String = r.get(8)?;
    Ok(Coupon {
        id: r.get(0)?,
        code: r.get(1)?,
        off,
        currency: r.get(4)?,
        product_ids: serde_json::from_str(&product_ids).map_err(|_| bad(5, "product_ids"))?,
        expires_at: r.get(6)?,
        max_redemptions: r.get(7)?,
        duration: coupon::duration_of(&word, r.get(9)?).ok_or_else(|| bad(8, "duration"))?,
        paused: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        times_redeemed: r.get(13)?,
    })
}

/// Pending checkouts placed after this still hold their use at `now`.
fn hold_since(now: Timestamp) -> Timestamp {
    now - PENDING_HOLD_SECS
}

pub fn list(conn: &Connection, now: Timestamp) -> rusqlite::Result<Vec<Coupon>> {
    let mut stmt = conn.prepare(&select("ORDER BY c.code"))?;
    let rows = stmt.query_map([hold_since(now)], from_row)?;
    rows.collect()
}

pub fn get(conn: &Connection, id: CouponId, now: Timestamp) -> rusqlite::Result<Option<Coupon>> {
    conn.prepare_cached(&select("WHERE c.id = ?2"))?
        .query_row(params![hold_since(now), id], from_row)
        .optional()
}

/// The coupon with this code, whatever its case; its uses counted at `now`.
pub fn by_code(conn: &Connection, code: &str, now: Timestamp) -> rusqlite::Result<Option<Coupon>> {
    conn.prepare_cached(&select("WHERE c.code = ?2"))?
        .query_row(params![hold_since(now), code.trim()], from_row)
        .optional()
}

fn check(tx: &Transaction, draft: &CouponDraft, except: CouponId) -> Result<(), SaveError> {
    let taken: i64 = tx.query_row(
        "SELECT count(*) FROM coupons WHERE code = ?1 AND id != ?2",
        params![draft.code, except],
        |r| r.get(0),
    )?;
    if taken > 0 {
        return Err(SaveError::Conflict {
            code: "code_taken",
            field: "code",
            message: "is already used by another coupon (codes match whatever their case)".into(),
        });
    }
    for (i, product) in draft.product_ids.iter().enumerate() {
        let found: i64 = tx.query_row(
            "SELECT count(*) FROM products WHERE id = ?1",
            [product],
            |r| r.get(0),
        )?;
        if found == 0 {
            return Err(SaveError::invalid(
                &format!("product_ids[{i}]"),
                &format!("{product} is not a product"),
            ));
        }
    }
    Ok(())
}

fn columns(draft: &CouponDraft) -> (Option<i64>, Option<i64>, &'static str, Option<u32>, String) {
    let (percent, amount) = match draft.off {
        Off::Percent(p) => (Some(i64::from(p)), None),
        Off::Amount(a) => (None, Some(a)),
    };
    let (word, months) = coupon::duration_parts(draft.duration);
    let products = serde_json::to_string(&draft.product_ids).expect("ids serialize");
    (percent, amount, word, months, products)
}

pub fn create(
    conn: &mut Connection,
    draft: &CouponDraft,
    now: Timestamp,
) -> Result<Coupon, SaveError> {
    let id = immediate::<_, SaveError>(conn, |tx| {
        check(tx, draft, CouponId(0))?;
        let (percent, amount, word, months, products) = columns(draft);
        tx.execute(
            "INSERT INTO coupons (code, percent_off, amount_off, currency, product_ids, expires_at, max_redemptions,
                duration, duration_in_months, paused, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![draft.code, percent, amount, draft.currency, products, draft.expires_at, draft.max_redemptions,
                word, months, draft.paused, now],
        )?;
        Ok(CouponId(tx.last_insert_rowid()))
    })?;
    Ok(get(conn, id, now)?.expect("coupon just created"))
}

/// Replaces the coupon's terms; orders placed with it keep their copy. `None`: no such coupon.
pub fn update(
    conn: &mut Connection,
    id: CouponId,
    draft: &CouponDraft,
    now: Timestamp,
) -> Result<Option<Coupon>, SaveError> {
    let found = immediate::<_, SaveError>(conn, |tx| {
        check(tx, draft, id)?;
        let (percent, amount, word, months, products) = columns(draft);
        Ok(tx.execute(
            "UPDATE coupons SET code = ?1, percent_off = ?2, amount_off = ?3, currency = ?4, product_ids = ?5,
                expires_at = ?6, max_redemptions = ?7, duration = ?8, duration_in_months = ?9, paused = ?10,
                updated_at = ?11
             WHERE id = ?12",
            params![draft.code, percent, amount, draft.currency, products, draft.expires_at, draft.max_redemptions,
                word, months, draft.paused, now, id],
        )? > 0)
    })?;
    match found {
        true => Ok(get(conn, id, now)?),
        false => Ok(None),
    }
}

/// Pauses or resumes; `false` when there is no such coupon.
pub fn set_paused(
    conn: &Connection,
    id: CouponId,
    paused: bool,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "UPDATE coupons SET paused = ?1, updated_at = ?2 WHERE id = ?3",
        params![paused, now, id],
    )? > 0)
}

/// Its orders keep their copy of its terms and its code; `false` when there is no such coupon.
pub fn delete(conn: &mut Connection, id: CouponId) -> rusqlite::Result<bool> {
    immediate(conn, |tx| {
        tx.execute(
            "UPDATE orders SET coupon_id = NULL WHERE coupon_id = ?1",
            [id],
        )?;
        Ok(tx.execute("DELETE FROM coupons WHERE id = ?1", [id])? > 0)
    })
}

/// The orders placed with the coupon, newest first.
pub fn redemptions(conn: &Connection, id: CouponId) -> rusqlite::Result<Vec<Order>> {
    orders::with_coupon(conn, id)
}

/// The names of the products that still exist among `ids`, for the dashboard.
pub fn product_names(
    conn: &Connection,
    ids: &[ProductId],
) -> rusqlite::Result<Vec<(ProductId, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM products WHERE id = ?1")?;
    let mut out = vec![];
    for id in ids {
        if let Some(found) = stmt
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
        {
            out.push(found);
        }
    }
    Ok(out)
}
