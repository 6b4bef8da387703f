//! The buyer's steps at the processor after checkout: starting the payment, our pages for the
//! test gateway and Stripe, and the return from any processor's own page (`returned`). Orders
//! complete only from a verified processor event (`web::webhooks`) or the processor's answer
//! checked like one, never from what the browser says.

pub mod returned;
pub mod stripe;
pub mod test;

use super::{see_other, AppState, HtmlResult};
use crate::db::{self, orders::Order};
use crate::domain::discount::Discount;
use crate::domain::order::OrderStatus;
use crate::domain::product::{PriceKind, PriceTerms, Product};
use crate::error::AppError;
use crate::gateways::Gateway;
use crate::gateways::{registry, Item, NewPayment};
use crate::i18n::Locale;
use actix_web::http::StatusCode;
use actix_web::web;

/// Every processor's pages under `/pay`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    // First: `/pay/stripe/return` is not a payment of `/pay/stripe/{payment_ref}`.
    returned::routes(cfg);
    test::routes(cfg);
    stripe::routes(cfg);
}

pub(crate) fn unavailable(gateway: Gateway) -> AppError {
    let what = registry::kind(gateway).buyer_name;
    AppError::new(
        StatusCode::BAD_GATEWAY,
        "processor_unavailable",
        format!(
            "{what} could not be reached, and nothing was charged. Please try again in a moment."
        ),
    )
}

/// A just-placed order, as checkout hands it over.
pub struct Placed {
    pub order_id: crate::domain::ids::OrderId,
    pub payment_ref: String,
    pub email: String,
    pub gateway: Gateway,
    pub terms: PriceTerms,
    /// The order's total due today: its lines' sum after the discount.
    pub amount: i64,
    /// The coupon applied to the order, as it was copied onto it.
    pub discount: Option<Discount>,
    /// The order's lines at their full prices.
    pub items: Vec<Item>,
    /// How the order is taxed, and the tax added on top of its lines today.
    pub sale_tax: crate::domain::tax::SaleTax,
    pub tax_added: i64,
    /// Where a buyer who cancels at the processor goes back to: the checkout page.
    pub cancel_path: String,
    /// The page offers an upsell after this payment: keep the card for it.
    pub save_card: bool,
}

/// Creates the payment at the processor for a just-placed order and says where the buyer goes next.
pub async fn start(state: &AppState, placed: Placed) -> HtmlResult {
    let (order_id, gateway) = (placed.order_id, placed.gateway);
    let public = state.config.public_url().to_string();
    let pool = state.pool.clone();
    let processor = state.processors.get(gateway);
    let started = web::block(move || -> Result<String, AppError> {
        let processor = processor.ok_or_else(|| unavailable(gateway))?;
        let mut terms = placed.terms.clone();
        let mut discount = placed.discount.clone();
        let mut tax_added = 0;
        match terms.kind {
            // A one-time payment is one charge: the order's total, its lines with the discount
            // off and any tax added.
            PriceKind::OneTime => {
                terms.amount = placed.amount;
                tax_added = placed.tax_added;
            }
            // Recurring: one price for the lines together (with a subscription bump) and with
            // the tax, the coupon taking off only what it takes off the main line.
            _ => {
                let amounts: Vec<i64> = placed.items.iter().map(|i| i.amount).collect();
                let (billed, off) = placed.sale_tax.billed(&amounts, discount.as_ref());
                terms.amount = billed.iter().sum();
                discount = off;
            }
        }
        let names: Vec<&str> = placed.items.iter().map(|i| i.name.as_str()).collect();
        let payment = NewPayment {
            payment_ref: &placed.payment_ref,
            email: &placed.email,
            terms: &terms,
            discount: discount.as_ref(),
            product_name: &names.join(" + "),
            items: &placed.items,
            tax_added,
            save_card: placed.save_card,
            public_url: &public,
            cancel_path: &placed.cancel_path,
        };
        let started = processor.start(&payment).map_err(|e| {
            tracing::error!(error = %e, order = order_id.0, gateway = gateway.as_str(), "starting the payment failed");
            unavailable(gateway)
        })?;
        if let Some(processor_ref) = &started.processor_ref {
            let secret = started.client_secret.as_deref();
            db::orders::set_processor_ref(&*pool.get()?, order_id, processor_ref, secret)?;
        }
        Ok(started.next)
    })
    .await
    .map_err(AppError::from)?;
    match started {
        Ok(next) => Ok(see_other(&next)),
        Err(e) => {
            // Nothing was charged: the order will never be paid, say so instead of leaving it pending.
            let now = state.clock.now();
            state
                .db(move |conn| {
                    Ok(db::orders::set_status(
                        conn,
                        order_id,
                        OrderStatus::Failed,
                        now,
                    )?)
                })
                .await?;
            Err(e.into())
        }
    }
}

/// The order a processor page is about, only if it pays with that processor.
fn order_of(
    conn: &rusqlite::Connection,
    payment_ref: &str,
    gateway: Gateway,
) -> Result<Order, AppError> {
    db::orders::by_payment_ref(conn, payment_ref)?
        .filter(|o| o.gateway == gateway)
        .ok_or_else(|| AppError::not_found("payment"))
}

/// The language of the page the order was placed on: its pay pages speak it too.
pub(crate) fn order_language(
    conn: &rusqlite::Connection,
    order: &Order,
) -> Result<Locale, AppError> {
    Ok(match order.page_id {
        Some(page) => db::pages::language(conn, page)?,
        None => Locale::default(),
    })
}

/// Where the buyer goes once the processor has the payment: the page's upsell offer, if it
/// has one for this order; else the product's thank-you page or our receipt. An upsell's own
/// order goes on where its parent's would.
pub fn next_after(conn: &rusqlite::Connection, order: &Order) -> Result<String, AppError> {
    if let Some(parent) = order.parent_order_id {
        if let Some(parent) = db::orders::get(conn, parent)? {
            let product = db::products::get(conn, parent.product_id)?;
            return Ok(after_payment(product.as_ref(), &parent.payment_ref));
        }
    }
    if crate::web::upsell::offered(conn, order)?.is_some() {
        return Ok(format!("/upsell/{}", order.payment_ref));
    }
    let product = db::products::get(conn, order.product_id)?;
    Ok(after_payment(product.as_ref(), &order.payment_ref))
}

/// The product's own thank-you URL, unless it has none or shows our receipt first (which
/// links on to it): every processor returns the buyer through here.
pub fn after_payment(product: Option<&Product>, payment_ref: &str) -> String {
    product
        .filter(|p| !p.show_receipt)
        .and_then(|p| p.thank_you_url.clone())
        .unwrap_or_else(|| format!("/thank-you/{payment_ref}"))
}
