//! Checkout pages: the draft in `pages`, the published version in `page_live`.

use super::{immediate, SaveError};
use crate::clock::Timestamp;
use crate::domain::ids::{PageId, PriceId};
use crate::domain::page::{AddOn, Extra, Page, PageContent, PageDraft};
use crate::domain::product::PriceKind;
use crate::domain::section;
use crate::domain::template;
use crate::gateways::Gateway;
use crate::i18n::Locale;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

const SELECT: &str = "SELECT p.id, p.slug, p.custom_domain, p.revision, p.created_at, p.updated_at,
    p.title, p.template, p.product_id, p.price_ids, p.gateways, p.sections,
    l.title, l.template, l.product_id, l.price_ids, l.gateways, l.sections, l.published_at,
    p.language, l.language, p.bump, p.upsell, l.bump, l.upsell, p.terms_url, p.waiver, l.terms_url, l.waiver
    FROM pages p LEFT JOIN page_live l ON l.page_id = p.id";

fn json<T: serde::de::DeserializeOwned>(r: &Row, i: usize) -> rusqlite::Result<T> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// An add-on column: JSON, or NULL for none.
fn add_on(r: &Row, i: usize) -> rusqlite::Result<Option<AddOn>> {
    match r.get::<_, Option<String>>(i)? {
        None => Ok(None),
        Some(_) => json(r, i).map(Some),
    }
}

/// The six content columns starting at `at`, the language at `language`, the bump and
/// upsell from `add_ons`, and the consent checkboxes from `consent`. Stored sections were checked when saved; an empty list stands for
/// the template's.
fn content(
    r: &Row,
    at: usize,
    language: usize,
    add_ons: usize,
    consent: usize,
) -> rusqlite::Result<PageContent> {
    let title: String = r.get(at)?;
    let template: String = r.get(at + 1)?;
    let gateways: Vec<String> = json(r, at + 4)?;
    let stored: serde_json::Value = json(r, at + 5)?;
    let sections = match stored.as_array().is_some_and(|l| l.is_empty()) {
        true => template::find(&template).map_or_else(Vec::new, |t| t.sections(&title)),
        false => section::parse_list(&stored).map_err(|e| {
            let error = std::io::Error::other(e.summary());
            rusqlite::Error::FromSqlConversionFailure(
                at + 5,
                rusqlite::types::Type::Text,
                error.into(),
            )
        })?,
    };
    Ok(PageContent {
        product_id: r.get(at + 2)?,
        price_ids: json(r, at + 3)?,
        gateways: gateways.iter().filter_map(|g| Gateway::parse(g)).collect(),
        sections,
        title,
        template,
        language: stored_language(r.get(language)?),
        bump: add_on(r, add_ons)?,
        upsell: add_on(r, add_ons + 1)?,
        terms_url: r.get(consent)?,
        waiver: r.get(consent + 1)?,
    })
}

/// A language this tagcart does not know (written by a newer one) reads as the default.
fn stored_language(code: String) -> Locale {
    Locale::parse(&code).unwrap_or_default()
}

/// The language of a page's buyer pages: the published version's, else the draft's; English
/// for a page that is gone.
pub fn language(conn: &Connection, id: PageId) -> rusqlite::Result<Locale> {
    let code: Option<String> = conn
        .prepare_cached(
            "SELECT coalesce(l.language, p.language) FROM pages p
             LEFT JOIN page_live l ON l.page_id = p.id WHERE p.id = ?1",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(code.map(stored_language).unwrap_or_default())
}

fn from_row(r: &Row) -> rusqlite::Result<Page> {
    let draft = content(r, 6, 19, 21, 25)?;
    let published_at: Option<Timestamp> = r.get(18)?;
    let live = match published_at {
        Some(_) => Some(content(r, 12, 20, 23, 27)?),
        None => None,
    };
    Ok(Page {
        id: r.get(0)?,
        slug: r.get(1)?,
        custom_domain: r.get(2)?,
        revision: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        published: live.is_some(),
        unpublished_changes: live.as_ref().is_some_and(|l| *l != draft),
        published_at,
        draft,
        live,
    })
}

fn one(
    conn: &Connection,
    filter: &str,
    value: &dyn rusqlite::ToSql,
) -> rusqlite::Result<Option<Page>> {
    conn.prepare_cached(&format!("{SELECT} WHERE {filter}"))?
        .query_row([value], from_row)
        .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Page>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY p.title, p.id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

pub fn get(conn: &Connection, id: PageId) -> rusqlite::Result<Option<Page>> {
    one(conn, "p.id = ?1", &id)
}

/// The published page at `/p/{slug}`.
pub fn published_by_slug(conn: &Connection, slug: &str) -> rusqlite::Result<Option<Page>> {
    one(conn, "p.slug = ?1 AND l.page_id IS NOT NULL", &slug)
}

/// The published page served at `/` of its own domain.
pub fn published_by_domain(conn: &Connection, domain: &str) -> rusqlite::Result<Option<Page>> {
    one(
        conn,
        "p.custom_domain = ?1 AND l.page_id IS NOT NULL",
        &domain,
    )
}

/// Whether some page, published or not, has this custom domain.
pub fn domain_in_use(conn: &Connection, domain: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM pages WHERE custom_domain = ?1",
        [domain],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

fn check(tx: &Transaction, draft: &PageDraft, id: PageId) -> Result<(), SaveError> {
    let content = &draft.content;
    let prices: Option<Vec<PriceId>> = {
        let exists = tx
            .query_row(
                "SELECT 1 FROM products WHERE id = ?1",
                [content.product_id],
                |_| Ok(()),
            )
            .optional()?;
        match exists {
            None => None,
            Some(()) => {
                let mut stmt = tx.prepare("SELECT id FROM prices WHERE product_id = ?1")?;
                let rows = stmt.query_map([content.product_id], |r| r.get(0))?;
                Some(rows.collect::<rusqlite::Result<_>>()?)
            }
        }
    };
    let Some(prices) = prices else {
        return Err(SaveError::invalid(
            "product_id",
            "is not an existing product",
        ));
    };
    if let Some(other) = content.price_ids.iter().find(|p| !prices.contains(p)) {
        return Err(SaveError::invalid(
            "price_ids",
            &format!("{other} is not a price option of this product"),
        ));
    }
    check_add_ons(tx, content)?;
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

/// A bump and an upsell sell a price of another product than the page's. An upsell's is
/// one-time. A bump's is paid with the main price: in the currency of every option the page
/// shows, and billed by at least one of them (see `Extra::fits`).
fn check_add_ons(tx: &Transaction, content: &PageContent) -> Result<(), SaveError> {
    for (field, add_on) in [("bump", &content.bump), ("upsell", &content.upsell)] {
        let Some(add_on) = add_on else { continue };
        let invalid =
            |part: &str, message: &str| SaveError::invalid(&format!("{field}.{part}"), message);
        if add_on.product_id == content.product_id {
            return Err(invalid(
                "product_id",
                "must be another product than the page's own",
            ));
        }
        let Some(product) = super::products::get(tx, add_on.product_id)? else {
            return Err(invalid("product_id", "is not an existing product"));
        };
        let Some(price) = product.prices.iter().find(|p| p.id == add_on.price_id) else {
            return Err(invalid("price_id", "is not a price option of that product"));
        };
        let terms = &price.terms;
        if field == "upsell" {
            if terms.kind != PriceKind::OneTime {
                return Err(invalid("price_id", "must be a one-time price"));
            }
            continue;
        }
        let Some(bump) = Extra::bump(add_on, Some(product.clone())) else {
            return Err(invalid(
                "price_id",
                "must be a one-time price or a subscription",
            ));
        };
        let Some(main) = super::products::get(tx, content.product_id)? else {
            continue; // the page's own product is checked with the page
        };
        let shown: Vec<_> = (main.prices.iter())
            .filter(|p| content.price_ids.is_empty() || content.price_ids.contains(&p.id))
            .collect();
        if let Some(other) = shown.iter().find(|p| p.terms.currency != terms.currency) {
            return Err(invalid(
                "price_id",
                &format!("is in {} but the page also sells in {}: a bump is paid with the main price, in its currency", terms.currency, other.terms.currency),
            ));
        }
        if !shown.iter().any(|p| bump.fits(p)) {
            return Err(invalid(
                "price_id",
                &format!("is {}, but no price option the page shows is billed with it: a one-time bump joins a one-time price, a subscription bump a subscription with the same interval and trial", terms.describe()),
            ));
        }
    }
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("page fields serialize")
}

fn add_on_json(add_on: &Option<AddOn>) -> Option<String> {
    add_on.as_ref().map(to_json)
}

fn write_live(
    tx: &Transaction,
    id: PageId,
    c: &PageContent,
    now: Timestamp,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO page_live (page_id, title, template, product_id, price_ids, gateways, sections, published_at, language, bump, upsell,
            terms_url, waiver)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![id, c.title, c.template, c.product_id, to_json(&c.price_ids), to_json(&c.gateways), to_json(&c.sections), now, c.language.as_str(),
            add_on_json(&c.bump), add_on_json(&c.upsell), c.terms_url, c.waiver],
    )?;
    Ok(())
}

fn apply_publish(
    tx: &Transaction,
    id: PageId,
    draft: &PageDraft,
    now: Timestamp,
) -> rusqlite::Result<()> {
    match draft.publish {
        Some(true) => write_live(tx, id, &draft.content, now),
        Some(false) => tx
            .execute("DELETE FROM page_live WHERE page_id = ?1", [id])
            .map(drop),
        None => Ok(()),
    }
}

pub fn create(conn: &mut Connection, draft: &PageDraft, now: Timestamp) -> Result<Page, SaveError> {
    let id = immediate::<_, SaveError>(conn, |tx| {
        check(tx, draft, PageId(0))?;
        let c = &draft.content;
        tx.execute(
            "INSERT INTO pages (title, slug, product_id, template, price_ids, gateways, custom_domain, sections, created_at, updated_at, language, bump, upsell,
                terms_url, waiver)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                c.title, draft.slug, c.product_id, c.template, to_json(&c.price_ids), to_json(&c.gateways),
                draft.custom_domain, to_json(&c.sections), now, c.language.as_str(), add_on_json(&c.bump), add_on_json(&c.upsell),
                c.terms_url, c.waiver
            ],
        )?;
        let id = PageId(tx.last_insert_rowid());
        apply_publish(tx, id, draft, now)?;
        Ok(id)
    })?;
    Ok(get(conn, id)?.expect("page just created"))
}

/// The page has changed since the form was made from it.
fn stale() -> SaveError {
    SaveError::Conflict {
        code: "page_changed",
        field: "page",
        message:
            "was changed elsewhere since you opened it: reload it, then make your change again"
                .into(),
    }
}

/// Replaces the page's draft and address, then publishes, unpublishes or leaves the live
/// version as `draft.publish` says. `revision`: the one the change was made from, if any.
/// `None` when there is no such page.
pub fn update(
    conn: &mut Connection,
    id: PageId,
    draft: &PageDraft,
    revision: Option<i64>,
    now: Timestamp,
) -> Result<Option<Page>, SaveError> {
    let found = immediate::<_, SaveError>(conn, |tx| {
        let current: Option<i64> = tx
            .query_row("SELECT revision FROM pages WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        match (current, revision) {
            (None, _) => return Ok(false),
            (Some(current), Some(expected)) if current != expected => return Err(stale()),
            _ => {}
        }
        check(tx, draft, id)?;
        let c = &draft.content;
        tx.execute(
            "UPDATE pages SET title = ?2, slug = ?3, product_id = ?4, template = ?5, price_ids = ?6, gateways = ?7,
             custom_domain = ?8, sections = ?9, revision = revision + 1, updated_at = ?10, language = ?11, bump = ?12, upsell = ?13,
             terms_url = ?14, waiver = ?15
             WHERE id = ?1",
            params![
                id, c.title, draft.slug, c.product_id, c.template, to_json(&c.price_ids), to_json(&c.gateways),
                draft.custom_domain, to_json(&c.sections), now, c.language.as_str(), add_on_json(&c.bump), add_on_json(&c.upsell),
                c.terms_url, c.waiver
            ],
        )?;
        apply_publish(tx, id, draft, now)?;
        Ok(true)
    })?;
    Ok(if found { get(conn, id)? } else { None })
}

/// What the editor's Publish, Unpublish and Discard buttons do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Release {
    /// The draft becomes what buyers see.
    Publish,
    /// Buyers get a 404; the draft stays.
    Unpublish,
    /// The draft goes back to what buyers see.
    Discard,
}

pub fn release(
    conn: &mut Connection,
    id: PageId,
    action: Release,
    revision: i64,
    now: Timestamp,
) -> Result<Option<Page>, SaveError> {
    let found = immediate::<_, SaveError>(conn, |tx| {
        let Some(page) = get(tx, id)? else {
            return Ok(false);
        };
        if page.revision != revision {
            return Err(stale());
        }
        match (action, &page.live) {
            (Release::Publish, _) => {
                if let Err(message) = section::check_placeholders(&page.draft.sections) {
                    return Err(SaveError::invalid("sections", &message));
                }
                write_live(tx, id, &page.draft, now)?
            }
            (Release::Unpublish, _) => {
                tx.execute("DELETE FROM page_live WHERE page_id = ?1", [id])?;
            }
            (Release::Discard, Some(live)) => {
                tx.execute(
                    "UPDATE pages SET title = ?2, template = ?3, product_id = ?4, price_ids = ?5, gateways = ?6, sections = ?7, language = ?8,
                     bump = ?9, upsell = ?10, terms_url = ?11, waiver = ?12 WHERE id = ?1",
                    params![id, live.title, live.template, live.product_id, to_json(&live.price_ids), to_json(&live.gateways), to_json(&live.sections),
                        live.language.as_str(), add_on_json(&live.bump), add_on_json(&live.upsell), live.terms_url, live.waiver],
                )?;
            }
            (Release::Discard, None) => {}
        }
        tx.execute(
            "UPDATE pages SET revision = revision + 1, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(true)
    })?;
    Ok(if found { get(conn, id)? } else { None })
}

pub fn delete(conn: &Connection, id: PageId) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM pages WHERE id = ?1", [id])? > 0)
}
