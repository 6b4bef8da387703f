//! Products and their price options.

use super::{immediate, SaveError};
use crate::clock::Timestamp;
use crate::domain::ids::{PriceId, ProductId};
use crate::domain::product::{
    Interval, OnCancel, Price, PriceKind, PriceTerms, Product, ProductDraft,
};
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql, Transaction};

const PRODUCT_COLUMNS: &str =
    "id, name, kartra_tag, thank_you_url, revoke_on_refund, created_at, updated_at, on_cancel, grace_days, payment_failed_tag,
     show_receipt, image_url";
const PRICE_COLUMNS: &str =
    "id, product_id, kind, currency, amount, interval, interval_count, installments, trial_days";

fn product_from_row(r: &Row) -> rusqlite::Result<Product> {
    let on_cancel: String = r.get(7)?;
    Ok(Product {
        on_cancel: OnCancel::parse(&on_cancel).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(7, "on_cancel".into(), rusqlite::types::Type::Text)
        })?,
        grace_days: r.get(8)?,
        payment_failed_tag: r.get(9)?,
        show_receipt: r.get(10)?,
        image_url: r.get(11)?,
        id: r.get(0)?,
        name: r.get(1)?,
        kartra_tag: r.get(2)?,
        thank_you_url: r.get(3)?,
        revoke_on_refund: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
        prices: vec![],
    })
}

fn price_from_row(r: &Row) -> rusqlite::Result<(ProductId, Price)> {
    let bad = |i: usize, what: &str| {
        rusqlite::Error::InvalidColumnType(i, what.into(), rusqlite::types::Type::Text)
    };
    let kind: String = r.get(2)?;
    let interval: Option<String> = r.get(5)?;
    let terms = PriceTerms {
        kind: PriceKind::parse(&kind).ok_or_else(|| bad(2, "kind"))?,
        currency: r.get(3)?,
        amount: r.get(4)?,
        interval: interval
            .map(|i| Interval::parse(&i).ok_or_else(|| bad(5, "interval")))
            .transpose()?,
        interval_count: r.get(6)?,
        installments: r.get(7)?,
        trial_days: r.get(8)?,
    };
    Ok((
        r.get(1)?,
        Price {
            id: r.get(0)?,
            terms,
        },
    ))
}

fn attach_prices(
    conn: &Connection,
    mut products: Vec<Product>,
    filter: &str,
    id: Option<ProductId>,
) -> rusqlite::Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRICE_COLUMNS} FROM prices {filter} ORDER BY product_id, position"
    ))?;
    let rows = match id {
        Some(id) => stmt
            .query_map([id], price_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        None => stmt
            .query_map([], price_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    for (product_id, price) in rows {
        if let Some(p) = products.iter_mut().find(|p| p.id == product_id) {
            p.prices.push(price);
        }
    }
    Ok(products)
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Product>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products ORDER BY name"
    ))?;
    let products = stmt
        .query_map([], product_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    attach_prices(conn, products, "", None)
}

pub fn get(conn: &Connection, id: ProductId) -> rusqlite::Result<Option<Product>> {
    let product = conn
        .prepare_cached(&format!(
            "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"
        ))?
        .query_row([id], product_from_row)
        .optional()?;
    Ok(match product {
        Some(p) => attach_prices(conn, vec![p], "WHERE product_id = ?1", Some(id))?.pop(),
        None => None,
    })
}

/// Every price option's terms by id, for putting orders' prices into words.
pub fn price_terms(
    conn: &Connection,
) -> rusqlite::Result<std::collections::HashMap<PriceId, PriceTerms>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {PRICE_COLUMNS} FROM prices"))?;
    let rows = stmt.query_map([], price_from_row)?;
    rows.map(|row| row.map(|(_, price)| (price.id, price.terms)))
        .collect()
}

fn name_taken(tx: &Transaction, name: &str, except: ProductId) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT count(*) FROM products WHERE name = ?1 AND id != ?2",
        params![name, except],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn taken() -> SaveError {
    SaveError::Conflict {
        code: "name_taken",
        field: "name",
        message: "is already used by another product".into(),
    }
}

pub fn create(
    conn: &mut Connection,
    draft: &ProductDraft,
    now: Timestamp,
) -> Result<Product, SaveError> {
    let id = immediate::<_, SaveError>(conn, |tx| {
        if name_taken(tx, &draft.name, ProductId(0))? {
            return Err(taken());
        }
        if let Some(i) = draft.prices.iter().position(|(id, _)| id.is_some()) {
            return Err(SaveError::invalid(
                &format!("prices[{i}].id"),
                "is not a price of this product",
            ));
        }
        tx.execute(
            "INSERT INTO products (name, kartra_tag, thank_you_url, revoke_on_refund, on_cancel, grace_days, payment_failed_tag,
                 created_at, updated_at, show_receipt, image_url)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
            params![draft.name, draft.kartra_tag, draft.thank_you_url, draft.revoke_on_refund, draft.on_cancel.as_str(),
                draft.grace_days, draft.payment_failed_tag, now, draft.show_receipt, draft.image_url],
        )?;
        let id = ProductId(tx.last_insert_rowid());
        save_prices(tx, id, draft)?;
        Ok(id)
    })?;
    Ok(get(conn, id)?.expect("product just created"))
}

/// Replaces the product's fields and price list. Prices named by `id` keep their id;
/// prices left out are removed. `None` when there is no such product.
pub fn update(
    conn: &mut Connection,
    id: ProductId,
    draft: &ProductDraft,
    now: Timestamp,
) -> Result<Option<Product>, SaveError> {
    let found = immediate::<_, SaveError>(conn, |tx| {
        let old_tags: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT kartra_tag, payment_failed_tag FROM products WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((old, old_failed)) = &old_tags {
            // Unfinished jobs move to the new tag, and those parked may work with it: try them again.
            let new_failed = draft.payment_failed_tag.as_deref();
            let mut renamed = false;
            for (old, new) in [
                (Some(old.as_str()), Some(draft.kartra_tag.as_str())),
                (old_failed.as_deref(), new_failed),
            ] {
                if let (Some(old), Some(new)) = (old, new) {
                    if old != new {
                        crate::db::jobs::retag(tx, id, old, new)?;
                        renamed = true;
                    }
                }
            }
            if renamed {
                crate::db::jobs::release(tx, crate::db::jobs::Release::Product(id), now)?;
            }
        }
        let changed = tx.execute(
            "UPDATE products SET name = ?2, kartra_tag = ?3, thank_you_url = ?4, revoke_on_refund = ?5, updated_at = ?6,
                 on_cancel = ?7, grace_days = ?8, payment_failed_tag = ?9, show_receipt = ?10, image_url = ?11
             WHERE id = ?1",
            params![id, draft.name, draft.kartra_tag, draft.thank_you_url, draft.revoke_on_refund, now,
                draft.on_cancel.as_str(), draft.grace_days, draft.payment_failed_tag, draft.show_receipt, draft.image_url],
        );
        match changed {
            Ok(0) => return Ok(false),
            Err(e) if is_unique_violation(&e) => return Err(taken()),
            other => other?,
        };
        save_prices(tx, id, draft)?;
        Ok(true)
    })?;
    Ok(if found { get(conn, id)? } else { None })
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

fn save_prices(
    tx: &Transaction,
    product_id: ProductId,
    draft: &ProductDraft,
) -> Result<(), SaveError> {
    let mut kept = Vec::new();
    for (position, (price_id, terms)) in draft.prices.iter().enumerate() {
        let position = position as i64;
        let (kind, interval) = (terms.kind.as_str(), terms.interval.map(Interval::as_str));
        let mut values: Vec<&dyn ToSql> = vec![
            &product_id,
            &position,
            &kind,
            &terms.currency,
            &terms.amount,
            &interval,
            &terms.interval_count,
            &terms.installments,
            &terms.trial_days,
        ];
        match price_id {
            Some(price_id) => {
                values.push(price_id);
                let changed = tx.execute(
                    "UPDATE prices SET position = ?2, kind = ?3, currency = ?4, amount = ?5, interval = ?6,
                     interval_count = ?7, installments = ?8, trial_days = ?9 WHERE product_id = ?1 AND id = ?10",
                    values.as_slice(),
                )?;
                if changed == 0 || kept.contains(price_id) {
                    let field = format!("prices[{position}].id");
                    return Err(SaveError::invalid(
                        &field,
                        "is not a price of this product, or is listed twice",
                    ));
                }
                kept.push(*price_id);
            }
            None => {
                tx.execute(
                    "INSERT INTO prices (product_id, position, kind, currency, amount, interval, interval_count, installments, trial_days)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    values.as_slice(),
                )?;
                kept.push(PriceId(tx.last_insert_rowid()));
            }
        }
    }
    let kept: Vec<String> = kept.iter().map(PriceId::to_string).collect();
    tx.execute(
        &format!(
            "DELETE FROM prices WHERE product_id = ?1 AND id NOT IN ({})",
            kept.join(",")
        ),
        [product_id],
    )?;
    Ok(())
}

/// Deletes a product unless a page still sells it.
pub fn delete(conn: &mut Connection, id: ProductId) -> Result<bool, SaveError> {
    immediate(conn, |tx| {
        let pages: Vec<String> = {
            let mut stmt =
                tx.prepare(
                    "SELECT slug FROM pages WHERE id IN (SELECT id FROM pages WHERE product_id = ?1 OR json_extract(bump, '$.product_id') = ?1
                        OR json_extract(upsell, '$.product_id') = ?1
                     UNION SELECT page_id FROM page_live WHERE product_id = ?1 OR json_extract(bump, '$.product_id') = ?1
                        OR json_extract(upsell, '$.product_id') = ?1) ORDER BY slug",
                )?;
            let rows = stmt.query_map([id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let orders: i64 = tx.query_row(
            "SELECT count(*) FROM order_lines WHERE product_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if orders > 0 {
            return Err(SaveError::Conflict {
                code: "product_has_orders",
                field: "product",
                message: format!(
                    "has {}; it stays for their records (unpublish its pages instead)",
                    crate::domain::counted(orders, "order", "orders")
                ),
            });
        }
        if !pages.is_empty() {
            return Err(SaveError::Conflict {
                code: "product_in_use",
                field: "product",
                message: format!(
                    "is sold on the page(s) {} (as their product, bump or upsell); delete or change those pages first",
                    pages.join(", ")
                ),
            });
        }
        Ok(tx.execute("DELETE FROM products WHERE id = ?1", [id])? > 0)
    })
}
