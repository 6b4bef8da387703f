//! What an order buys, line by line: each line's product grants its own Kartra tag.

use crate::domain::ids::{OrderId, PriceId, ProductId};
use crate::domain::order::LineKind;
use crate::domain::product::PriceKind;
use rusqlite::{params, Connection, Row};
use serde::Serialize;
use std::collections::HashMap;

/// A line as the API and the dashboard show it: the tag is the product's own, now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    #[serde(skip)]
    pub order_id: OrderId,
    pub kind: LineKind,
    pub product_id: ProductId,
    pub product_name: String,
    pub price_id: PriceId,
    pub price_kind: PriceKind,
    /// The price's amount, before any discount.
    pub amount: i64,
    pub currency: String,
    pub kartra_tag: String,
}

/// A line to add to an order placed now.
pub struct NewLine<'a> {
    pub kind: LineKind,
    pub product_id: ProductId,
    pub price_id: PriceId,
    pub price_kind: PriceKind,
    pub amount: i64,
    pub currency: &'a str,
}

pub fn add(conn: &Connection, order_id: OrderId, line: &NewLine) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        order_id,
        line.kind,
        line.product_id,
        line.price_id,
        line.price_kind,
        line.amount,
        line.currency
    ])?;
    Ok(())
}

const SELECT: &str =
    "SELECT l.order_id, l.kind, l.product_id, p.name, l.price_id, l.price_kind, l.amount,
    l.currency, p.kartra_tag FROM order_lines l JOIN products p ON p.id = l.product_id";

/// Main first, then the bump; an upsell's order has its one line.
const ORDER: &str =
    "ORDER BY l.order_id, CASE l.kind WHEN 'main' THEN 0 WHEN 'bump' THEN 1 ELSE 2 END";

fn from_row(r: &Row) -> rusqlite::Result<Line> {
    Ok(Line {
        order_id: r.get(0)?,
        kind: r.get(1)?,
        product_id: r.get(2)?,
        product_name: r.get(3)?,
        price_id: r.get(4)?,
        price_kind: r.get(5)?,
        amount: r.get(6)?,
        currency: r.get(7)?,
        kartra_tag: r.get(8)?,
    })
}

pub fn of_order(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<Line>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE l.order_id = ?1 {ORDER}"))?;
    let rows = stmt.query_map([order_id], from_row)?;
    rows.collect()
}

/// The lines of each of `order_ids` (a page of the orders list).
pub fn of_orders(
    conn: &Connection,
    order_ids: &[OrderId],
) -> rusqlite::Result<HashMap<OrderId, Vec<Line>>> {
    let ids = serde_json::to_string(order_ids).expect("integers serialize");
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE l.order_id IN (SELECT value FROM json_each(?1)) {ORDER}"
    ))?;
    let mut lines: HashMap<OrderId, Vec<Line>> = HashMap::new();
    for line in stmt.query_map([ids], from_row)? {
        let line = line?;
        lines.entry(line.order_id).or_default().push(line);
    }
    Ok(lines)
}

/// For tests that insert an order row by hand: the newest order's main line, as `orders::create`
/// adds it.
#[cfg(test)]
pub const MAIN_LINE_OF_NEWEST_ORDER: &str =
    "INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
     SELECT id, 'main', product_id, price_id, price_kind, subtotal, currency FROM orders
     WHERE id = (SELECT max(id) FROM orders)";
