//! Checkout pages.

use super::{immediate, SaveError};
use crate::clock::Timestamp;
use crate::domain::gateway::Gateway;
use crate::domain::page::{Page, PageDraft};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

const COLUMNS: &str = "id, title, slug, product_id, template, gateways, custom_domain, sections, published, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<Page> {
    let json = |i: usize, text: String| {
        serde_json::from_str::<serde_json::Value>(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    let gateways = json(5, r.get(5)?)?;
    let gateways = gateways
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g.as_str().and_then(Gateway::parse))
        .collect();
    Ok(Page {
        id: r.get(0)?,
        title: r.get(1)?,
        slug: r.get(2)?,
        product_id: r.get(3)?,
        template: r.get(4)?,
        gateways,
        custom_domain: r.get(6)?,
        sections: json(7, r.get(7)?)?,
        published: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Page>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM pages ORDER BY title, id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Page>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM pages WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
}

/// The published page at `/p/{slug}`.
pub fn published_by_slug(conn: &Connection, slug: &str) -> rusqlite::Result<Option<Page>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM pages WHERE slug = ?1 AND published = 1"
    ))?
    .query_row([slug], from_row)
    .optional()
}

/// The published page served at `/` of its own domain.
pub fn published_by_domain(conn: &Connection, domain: &str) -> rusqlite::Result<Option<Page>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM pages WHERE custom_domain = ?1 AND published = 1"
    ))?
    .query_row([domain], from_row)
    .optional()
}

fn check(tx: &Transaction, draft: &PageDraft, id: i64) -> Result<(), SaveError> {
    let product: Option<i64> = tx
        .query_row(
            "SELECT id FROM products WHERE id = ?1",
            [draft.product_id],
            |r| r.get(0),
        )
        .optional()?;
    if product.is_none() {
        return Err(SaveError::invalid(
            "product_id",
            "is not an existing product",
        ));
    }
    let count =
        |sql: &str, value: &str| tx.query_row(sql, params![value, id], |r| r.get::<_, i64>(0));
    if count(
        "SELECT count(*) FROM pages WHERE slug = ?1 AND id != ?2",
        &draft.slug,
    )? > 0
    {
        return Err(SaveError::Conflict {
            code: "slug_taken",
            field: "slug",
            message: "is already used by another page".into(),
        });
    }
    if let Some(domain) = &draft.custom_domain {
        if count(
            "SELECT count(*) FROM pages WHERE custom_domain = ?1 AND id != ?2",
            domain,
        )? > 0
        {
            return Err(SaveError::Conflict {
                code: "custom_domain_taken",
                field: "custom_domain",
                message: "is already used by another page".into(),
            });
        }
    }
    Ok(())
}

fn gateways_json(draft: &PageDraft) -> String {
    serde_json::to_string(&draft.gateways).expect("gateways serialize")
}

pub fn create(conn: &mut Connection, draft: &PageDraft, now: Timestamp) -> Result<Page, SaveError> {
    let id = immediate::<_, SaveError>(conn, |tx| {
        check(tx, draft, 0)?;
        tx.execute(
            "INSERT INTO pages (title, slug, product_id, template, gateways, custom_domain, sections, published, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                draft.title, draft.slug, draft.product_id, draft.template, gateways_json(draft),
                draft.custom_domain, draft.sections.to_string(), draft.published, now
            ],
        )?;
        Ok(tx.last_insert_rowid())
    })?;
    Ok(get(conn, id)?.expect("page just created"))
}

/// Replaces every field of the page; `None` when there is no such page.
pub fn update(
    conn: &mut Connection,
    id: i64,
    draft: &PageDraft,
    now: Timestamp,
) -> Result<Option<Page>, SaveError> {
    let found = immediate::<_, SaveError>(conn, |tx| {
        if tx.query_row("SELECT count(*) FROM pages WHERE id = ?1", [id], |r| {
            r.get::<_, i64>(0)
        })? == 0
        {
            return Ok(false);
        }
        check(tx, draft, id)?;
        tx.execute(
            "UPDATE pages SET title = ?2, slug = ?3, product_id = ?4, template = ?5, gateways = ?6, custom_domain = ?7,
             sections = ?8, published = ?9, updated_at = ?10 WHERE id = ?1",
            params![
                id, draft.title, draft.slug, draft.product_id, draft.template, gateways_json(draft),
                draft.custom_domain, draft.sections.to_string(), draft.published, now
            ],
        )?;
        Ok(true)
    })?;
    Ok(if found { get(conn, id)? } else { None })
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM pages WHERE id = ?1", [id])? > 0)
}
