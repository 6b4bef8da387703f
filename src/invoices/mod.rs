//! Invoices and credit notes: issued in the transaction that records the payment or the
//! refund (`orders::ledger`), numbered gap-free per year, and rendered to PDF on demand
//! (`pdf`) from the snapshot stored at issue.
//!
//! A charge of 0 (a free trial's start, an order a coupon made free) sells nothing for money
//! and gets no invoice; a refund gets a credit note cancelling the order's newest invoice.

pub mod pdf;

use crate::clock::Timestamp;
use crate::db::{self, orders::Order};
use crate::domain::country;
use crate::domain::ids::ProcessorEventId;
use crate::domain::invoice::{Document, Kind, Party};
use crate::domain::tax::{Prices, Taxed};
use crate::settings;
use rusqlite::Connection;

/// Which charge of the order an invoice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// The first payment: the amounts stored on the order.
    First,
    /// A later payment of `total` (tax included), as the processor stated it.
    Later { total: i64 },
}

/// A document just issued.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id: i64,
    pub number: String,
}

/// Issues the invoice of one paid charge; `None` for a charge of 0.
pub fn issue(
    tx: &Connection,
    order: &Order,
    event: ProcessorEventId,
    charge: Charge,
    now: Timestamp,
) -> rusqlite::Result<Option<Issued>> {
    let taxed = match charge {
        Charge::First => Taxed {
            net: order.amount - order.tax,
            rate: order.sale_tax.rate().unwrap_or(0),
            tax: order.tax,
            total: order.amount,
        },
        Charge::Later { total } => order.taxed_charge(total),
    };
    if taxed.total <= 0 {
        return Ok(None);
    }
    let include = !matches!(order.sale_tax.applied, Some((_, Prices::ExcludeTax)));
    // The lines are at the prices as typed: with the tax when prices include it.
    let charged = if include { taxed.total } else { taxed.net };
    let products: Vec<(String, i64)> = (db::order_lines::of_order(tx, order.id)?.into_iter())
        .map(|l| (l.product_name, l.amount))
        .collect();
    let number = db::invoices::next_number(tx, db::invoices::year_of(now))?;
    let document = Document {
        number: number.clone(),
        kind: Kind::Invoice,
        issued_at: now,
        corrects: None,
        order_id: order.id.0,
        language: match order.page_id {
            Some(page) => db::pages::language(tx, page)?.as_str().to_string(),
            None => "en".into(),
        },
        seller: seller(tx)?,
        buyer: buyer(order),
        lines: Document::lines_for(&products, order.coupon_code.as_deref(), charged),
        currency: order.currency.clone(),
        net: taxed.net,
        rate: order.sale_tax.rate(),
        tax: taxed.tax,
        total: taxed.total,
        prices_include_tax: include,
        reverse_charge: order.sale_tax.reverse_charged(),
    };
    let id = db::invoices::insert(tx, order.id, event, None, &document)?;
    Ok(Some(Issued { id, number }))
}

/// Issues the credit note for a refund: of `part` of the order's newest invoice still open,
/// or (`None`) of all that is left of it; `None` when nothing is invoiced and open.
pub fn credit(
    tx: &Connection,
    order: &Order,
    event: ProcessorEventId,
    part: Option<i64>,
    now: Timestamp,
) -> rusqlite::Result<Option<Issued>> {
    let Some((invoice, open)) = db::invoices::open_invoice(tx, order.id)? else {
        return Ok(None);
    };
    let number = db::invoices::next_number(tx, db::invoices::year_of(now))?;
    let amount = part.map_or(open, |p| p.min(open));
    let note = match amount == invoice.document.total {
        true => invoice.document.credit_note(number.clone(), now),
        false => invoice
            .document
            .partial_credit_note(number.clone(), now, amount),
    };
    let id = db::invoices::insert(tx, order.id, event, Some(invoice.id), &note)?;
    Ok(Some(Issued { id, number }))
}

/// The seller as the tax settings name it, else as the shop profile does.
fn seller(conn: &Connection) -> rusqlite::Result<Party> {
    let tax = settings::tax_settings(conn)?;
    if !tax.seller.name.is_empty() {
        let s = tax.seller;
        return Ok(Party {
            name: s.name,
            company: String::new(),
            address: s.address.lines().map(str::to_string).collect(),
            vat_id: s.vat_id,
            email: s.support_email,
        });
    }
    let shop = settings::shop_profile(conn)?;
    Ok(Party {
        name: shop.name,
        email: shop.support_email.unwrap_or_default(),
        ..Party::default()
    })
}

fn buyer(order: &Order) -> Party {
    let b = &order.buyer;
    let town = [b.zip.as_str(), b.city.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let address = [
        b.address.clone(),
        town,
        b.state.clone(),
        country::for_kartra(&b.country).to_string(),
    ]
    .into_iter()
    .filter(|line| !line.is_empty())
    .collect();
    Party {
        name: format!("{} {}", b.first_name, b.last_name)
            .trim()
            .to_string(),
        company: order.sale_tax.company.clone(),
        address,
        vat_id: order.sale_tax.vat_id.clone(),
        email: b.email.clone(),
    }
}
