//! Entitlements (access per buyer and tag), the orders that give them, and what Kartra said
//! when their lead was read back. What they should be is decided in `domain::access`;
//! `orders::access` keeps them.

use crate::clock::Timestamp;
use crate::domain::access::{self, EntitlementState, OrderTerms};
use crate::domain::ids::{EntitlementId, OrderId};
use crate::domain::order::OrderStatus;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone)]
pub struct Entitlement {
    pub id: EntitlementId,
    pub email: String,
    pub kartra_tag: String,
    pub state: EntitlementState,
    pub revoke_at: Option<Timestamp>,
    /// The last read-back: was the tag on the lead in Kartra? `None`: never read back.
    pub in_kartra: Option<bool>,
    pub verified_at: Option<Timestamp>,
    pub verify_after: Option<Timestamp>,
    /// Every order that gives or gave it, oldest first.
    pub orders: Vec<OrderId>,
    pub updated_at: Timestamp,
}

impl Entitlement {
    pub fn drifted(&self) -> bool {
        access::drifted(self.state, self.in_kartra)
    }
}

const COLUMNS: &str =
    "e.id, e.email, e.kartra_tag, e.state, e.revoke_at, e.in_kartra, e.verified_at, e.verify_after,
     e.updated_at, (SELECT json_group_array(order_id) FROM (SELECT order_id FROM entitlement_orders
         WHERE entitlement_id = e.id ORDER BY order_id))";

fn from_row(r: &Row) -> rusqlite::Result<Entitlement> {
    let orders: String = r.get(9)?;
    Ok(Entitlement {
        id: r.get(0)?,
        email: r.get(1)?,
        kartra_tag: r.get(2)?,
        state: r.get(3)?,
        revoke_at: r.get(4)?,
        in_kartra: r.get(5)?,
        verified_at: r.get(6)?,
        verify_after: r.get(7)?,
        updated_at: r.get(8)?,
        orders: serde_json::from_str(&orders).unwrap_or_default(),
    })
}

fn select(
    conn: &Connection,
    filter: &str,
    param: &dyn rusqlite::ToSql,
) -> rusqlite::Result<Vec<Entitlement>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM entitlements e WHERE {filter} ORDER BY e.kartra_tag, e.id"
    ))?;
    let rows = stmt.query_map([param], from_row)?;
    rows.collect()
}

pub fn get(
    conn: &Connection,
    email: &str,
    kartra_tag: &str,
) -> rusqlite::Result<Option<Entitlement>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM entitlements e WHERE e.email = ?1 AND e.kartra_tag = ?2"
    ))?
    .query_row([email, kartra_tag], from_row)
    .optional()
}

/// Every entitlement of one buyer, by tag.
pub fn for_email(conn: &Connection, email: &str) -> rusqlite::Result<Vec<Entitlement>> {
    select(conn, "e.email = ?1", &email)
}

/// The entitlements an order gives or gave.
pub fn for_order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<Entitlement>> {
    select(
        conn,
        "e.id IN (SELECT entitlement_id FROM entitlement_orders WHERE order_id = ?1)",
        &order_id,
    )
}

/// Records the entitlement's state (creating it), keeping what the last read-back said.
pub fn save(
    conn: &Connection,
    email: &str,
    kartra_tag: &str,
    state: EntitlementState,
    revoke_at: Option<Timestamp>,
    now: Timestamp,
) -> rusqlite::Result<EntitlementId> {
    conn.prepare_cached(
        "INSERT INTO entitlements (email, kartra_tag, state, revoke_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (email, kartra_tag) DO UPDATE SET state = excluded.state, revoke_at = excluded.revoke_at,
             updated_at = CASE WHEN state IS excluded.state AND revoke_at IS excluded.revoke_at THEN updated_at ELSE excluded.updated_at END
         RETURNING id",
    )?
    .query_row(params![email, kartra_tag, state, revoke_at, now], |r| r.get(0))
}

pub fn link(conn: &Connection, id: EntitlementId, order_id: OrderId) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO entitlement_orders (entitlement_id, order_id) VALUES (?1, ?2)",
    )?
    .execute(params![id, order_id])
    .map(|_| ())
}

/// The tags of the entitlements an order is listed under (it may no longer give them: a
/// product's tag renamed).
pub fn tags_of_order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.kartra_tag FROM entitlements e JOIN entitlement_orders eo ON eo.entitlement_id = e.id WHERE eo.order_id = ?1",
    )?;
    let rows = stmt.query_map([order_id], |r| r.get(0))?;
    rows.collect()
}

/// One line of a buyer's order (the order's status and dates, the line's product's tag and
/// rules), as access is decided from it: each line grants its own product's tag.
#[derive(Debug, Clone)]
pub struct OrderAccess {
    pub order_id: OrderId,
    pub email: String,
    pub status: OrderStatus,
    pub access_until: Option<Timestamp>,
    pub renewal_failed_at: Option<Timestamp>,
    pub kartra_tag: String,
    pub payment_failed_tag: Option<String>,
    pub revoke_on_refund: bool,
    pub grace_days: u32,
}

impl OrderAccess {
    pub fn terms(&self) -> OrderTerms<'_> {
        OrderTerms {
            order_id: self.order_id,
            status: self.status,
            access_until: self.access_until,
            renewal_failed_at: self.renewal_failed_at,
            kartra_tag: &self.kartra_tag,
            payment_failed_tag: self.payment_failed_tag.as_deref(),
            revoke_on_refund: self.revoke_on_refund,
            grace_days: self.grace_days,
        }
    }
}

const ORDER_ACCESS: &str = "SELECT o.id, o.status, o.access_until, o.renewal_failed_at, p.kartra_tag, p.payment_failed_tag,
     p.revoke_on_refund, p.grace_days, o.email
     FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id";

fn order_access(r: &Row) -> rusqlite::Result<OrderAccess> {
    let status: String = r.get(1)?;
    Ok(OrderAccess {
        order_id: r.get(0)?,
        status: OrderStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(1, "status".into(), rusqlite::types::Type::Text)
        })?,
        access_until: r.get(2)?,
        renewal_failed_at: r.get(3)?,
        kartra_tag: r.get(4)?,
        payment_failed_tag: r.get(5)?,
        revoke_on_refund: r.get(6)?,
        grace_days: r.get(7)?,
        email: r.get(8)?,
    })
}

/// The lines of the buyer's paid orders (completed, refunded or cancelled) that give
/// `kartra_tag` now or whose orders are listed under it, oldest first.
pub fn orders_for(
    conn: &Connection,
    email: &str,
    kartra_tag: &str,
) -> rusqlite::Result<Vec<OrderAccess>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ORDER_ACCESS} WHERE o.email = ?1 AND o.status IN ('completed', 'refunded', 'cancelled')
           AND (p.kartra_tag = ?2 OR p.payment_failed_tag = ?2 OR o.id IN (
             SELECT eo.order_id FROM entitlement_orders eo JOIN entitlements e ON e.id = eo.entitlement_id
             WHERE e.email = ?1 AND e.kartra_tag = ?2))
         ORDER BY o.id, l.id"
    ))?;
    let rows = stmt.query_map([email, kartra_tag], order_access)?;
    rows.collect()
}

/// One order, a line at a time, as access is decided from it (empty: no such order).
pub fn order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<OrderAccess>> {
    let mut stmt = conn.prepare_cached(&format!("{ORDER_ACCESS} WHERE o.id = ?1 ORDER BY l.id"))?;
    let rows = stmt.query_map([order_id], order_access)?;
    rows.collect()
}

/// Every buyer and tag that paid orders give or jobs name: what a migrated database settles.
pub fn every_buyer_tag(conn: &Connection) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT o.email, p.kartra_tag
           FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
           WHERE o.status IN ('completed', 'refunded', 'cancelled')
         UNION SELECT email, kartra_tag FROM fulfillment_jobs
         ORDER BY 1, 2",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Read the lead back at `at` (shortly after a job, to let Kartra's change land).
pub fn verify_at(
    conn: &Connection,
    email: &str,
    kartra_tag: &str,
    at: Timestamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE entitlements SET verify_after = ?3 WHERE email = ?1 AND kartra_tag = ?2",
    )?
    .execute(params![email, kartra_tag, at])
    .map(|_| ())
}

/// What a read-back of the buyer's lead found: `tags` on the lead (`None`: Kartra has no such
/// lead). Each entitlement is read again a day later while it expects the tag or disagrees.
pub fn record_read_back(
    conn: &Connection,
    email: &str,
    tags: Option<&[String]>,
    now: Timestamp,
) -> rusqlite::Result<Vec<Entitlement>> {
    let mut found = for_email(conn, email)?;
    for e in &mut found {
        let present = tags.is_some_and(|tags| tags.contains(&e.kartra_tag));
        e.in_kartra = Some(present);
        e.verified_at = Some(now);
        let again = e.state.expects_tag() || e.drifted();
        e.verify_after = again.then_some(now + access::DAY_SECS);
        conn.prepare_cached(
            "UPDATE entitlements SET in_kartra = ?2, verified_at = ?3, verify_after = ?4 WHERE id = ?1",
        )?
        .execute(params![e.id, present, now, e.verify_after])?;
    }
    Ok(found)
}

/// Takes the buyer whose lead is due a read-back soonest, if one is due at `now`, holding
/// their entitlements until `hold_until` so no other worker reads the same lead.
pub fn claim_read_back(
    conn: &mut Connection,
    now: Timestamp,
    hold_until: Timestamp,
) -> rusqlite::Result<Option<String>> {
    super::immediate(conn, |tx| {
        let email: Option<String> = tx
            .prepare_cached(
                "SELECT email FROM entitlements WHERE verify_after IS NOT NULL AND verify_after <= ?1
                 ORDER BY verify_after LIMIT 1",
            )?
            .query_row([now], |r| r.get(0))
            .optional()?;
        if let Some(email) = &email {
            delay_read_back(tx, email, hold_until)?;
        }
        Ok(email)
    })
}

/// The buyer's next read-back waits until `at`.
pub fn delay_read_back(conn: &Connection, email: &str, at: Timestamp) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE entitlements SET verify_after = ?2 WHERE email = ?1 AND verify_after IS NOT NULL",
    )?
    .execute(params![email, at])
    .map(|_| ())
}

/// When the next read-back is due.
pub fn next_verify_due(conn: &Connection) -> rusqlite::Result<Option<Timestamp>> {
    conn.query_row(
        "SELECT min(verify_after) FROM entitlements WHERE verify_after IS NOT NULL",
        [],
        |r| r.get(0),
    )
}

/// Entitlements Kartra disagrees with, for Needs attention.
pub fn drifted(conn: &Connection) -> rusqlite::Result<Vec<Entitlement>> {
    select(
        conn,
        "((e.state IN ('granted', 'scheduled_revoke') AND e.in_kartra = 0) OR (e.state = 'revoked' AND e.in_kartra = 1))
         AND ?1",
        &true,
    )
}

pub fn by_id(conn: &Connection, id: EntitlementId) -> rusqlite::Result<Option<Entitlement>> {
    Ok(select(conn, "e.id = ?1", &id)?.pop())
}
