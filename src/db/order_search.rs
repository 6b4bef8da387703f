//! Orders found by the merchant's filters, a page at a time, newest first (the API's list, its
//! CSV and the dashboard's list share it).

use super::orders::{from_row, Order, COLUMNS};
use crate::clock::Timestamp;
use crate::domain::ids::{OrderId, PageId, ProductId};
use crate::domain::order::OrderStatus;
use crate::gateways::Gateway;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::HashMap;

/// What the merchant asked for; `None` is no filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    /// The whole address, compared ignoring case.
    pub email: Option<String>,
    /// The order's main product or any of its lines' (a bump).
    pub product_id: Option<ProductId>,
    pub page_id: Option<PageId>,
    pub gateway: Option<Gateway>,
    /// Placed at or after.
    pub from: Option<Timestamp>,
    /// Placed before (exclusive: an inclusive end date is already turned into the next day).
    pub until: Option<Timestamp>,
    /// Contained in the email, first or last name, ignoring ASCII case.
    pub q: Option<String>,
}

/// Where a page starts in the newest-first order of ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    Newest,
    /// The page after this order: older ones.
    StartingAfter(OrderId),
    /// The page before this order: newer ones (the dashboard's *Newer* link).
    EndingBefore(OrderId),
}

/// At most `limit` orders, newest first, from the cursor on.
pub fn page(
    conn: &Connection,
    filter: &OrderFilter,
    cursor: Cursor,
    limit: i64,
) -> rusqlite::Result<Vec<Order>> {
    let (mut conditions, mut values) = conditions(filter);
    let order = match cursor {
        Cursor::Newest => "DESC",
        Cursor::StartingAfter(id) => {
            conditions.push("id < ?");
            values.push(Value::Integer(id.0));
            "DESC"
        }
        Cursor::EndingBefore(id) => {
            conditions.push("id > ?");
            values.push(Value::Integer(id.0));
            "ASC"
        }
    };
    let filter = match conditions.is_empty() {
        true => String::new(),
        false => format!("WHERE {}", conditions.join(" AND ")),
    };
    values.push(Value::Integer(limit));
    // The SQL differs only by which filters are on: a few shapes, each cached.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM orders {filter} ORDER BY id {order} LIMIT ?"
    ))?;
    let mut orders: Vec<Order> = stmt
        .query_map(params_from_iter(values), from_row)?
        .collect::<rusqlite::Result<_>>()?;
    if order == "ASC" {
        orders.reverse();
    }
    Ok(orders)
}

/// A page, and whether another follows in the direction walked (one more row is read to know).
pub fn page_and_more(
    conn: &Connection,
    filter: &OrderFilter,
    cursor: Cursor,
    limit: i64,
) -> rusqlite::Result<(Vec<Order>, bool)> {
    let mut orders = page(conn, filter, cursor, limit + 1)?;
    let more = orders.len() as i64 > limit;
    if more {
        // The extra row is the one furthest from the cursor: the newest when walking newer.
        match cursor {
            Cursor::EndingBefore(_) => orders.remove(0),
            _ => orders.remove(orders.len() - 1),
        };
    }
    Ok((orders, more))
}

/// Only the filters given become SQL (`? IS NULL OR status = ?` would keep the planner from
/// the indexes on status and email).
fn conditions(f: &OrderFilter) -> (Vec<&'static str>, Vec<Value>) {
    let mut sql = Vec::new();
    let mut values = Vec::new();
    if let Some(status) = f.status {
        sql.push("status = ?");
        values.push(Value::Text(status.as_str().into()));
    }
    if let Some(email) = &f.email {
        sql.push("email = ?");
        values.push(Value::Text(email.clone()));
    }
    if let Some(product) = f.product_id {
        sql.push(
            "(product_id = ? OR id IN (SELECT order_id FROM order_lines WHERE product_id = ?))",
        );
        values.push(Value::Integer(product.0));
        values.push(Value::Integer(product.0));
    }
    if let Some(page) = f.page_id {
        sql.push("page_id = ?");
        values.push(Value::Integer(page.0));
    }
    if let Some(gateway) = f.gateway {
        sql.push("gateway = ?");
        values.push(Value::Text(gateway.as_str().into()));
    }
    if let Some(from) = f.from {
        sql.push("created_at >= ?");
        values.push(Value::Integer(from));
    }
    if let Some(until) = f.until {
        sql.push("created_at < ?");
        values.push(Value::Integer(until));
    }
    if let Some(q) = &f.q {
        sql.push(
            "(email LIKE ? ESCAPE '\\' OR first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\')",
        );
        let pattern = format!("%{}%", escape_like(q));
        values.extend(std::iter::repeat_n(Value::Text(pattern), 3));
    }
    (sql, values)
}

/// The text as itself inside a LIKE pattern: `%` and `_` are not wildcards here.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Every product's name by id, for a product column (a shop has tens, not thousands).
pub fn product_names(conn: &Connection) -> rusqlite::Result<HashMap<ProductId, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM products")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_the_search_are_plain_characters() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
