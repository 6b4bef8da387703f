//! What buyers see after checkout: the receipt, which also tells the buyer where their
//! payment stands and what happens next.

use crate::clock::Timestamp;
use crate::db::orders::Order;
use crate::domain::discount::Discount;
use crate::domain::money::Currency;
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceTerms;
use crate::domain::quote::{date_words, Quote};
use crate::domain::shop::ShopProfile;
use crate::i18n::Locale;
use crate::views::layout;
use crate::views::page::summary;
use maud::{html, Markup};

/// Everything the receipt shows, read by the handler from the order's `payment_ref`.
pub struct Receipt<'a> {
    pub order: &'a Order,
    pub product_name: &'a str,
    /// The order's price option, while the product still has it.
    pub terms: Option<&'a PriceTerms>,
    /// The coupon the order was placed with.
    pub discount: Option<&'a Discount>,
    pub shop: &'a ShopProfile,
    /// The language of the order's page.
    pub locale: Locale,
    /// The checkout page, for trying again after a decline.
    pub page_slug: Option<&'a str>,
    /// The product's own thank-you page, when the merchant shows the receipt first.
    pub continue_url: Option<&'a str>,
}

/// Seconds between reloads while the processor has not confirmed the payment.
pub const PENDING_REFRESH: u32 = 5;

pub fn thank_you(r: &Receipt) -> Markup {
    let o = r.order;
    // The charges are dated from the first payment (or the trial's start).
    let start: Timestamp = o.completed_at.unwrap_or(o.created_at);
    let terms = r.terms.and_then(|t| ordered_terms(o, t));
    let quote = terms.as_ref().map(|t| Quote::new(t, r.discount, start));
    let trial = quote.as_ref().is_some_and(|q| q.trial_ends.is_some());
    let email = html! { strong { (o.buyer.email) } };
    let (title, message) = match (o.status, trial) {
        (OrderStatus::Completed, false) => (
            "Thank you!",
            html! { "Your payment went through and your order is complete." },
        ),
        (OrderStatus::Completed, true) => (
            "Your free trial has started",
            html! { "Your order is complete." },
        ),
        (OrderStatus::Pending, _) => (
            "Confirming your payment",
            html! {
                "We are confirming your payment with the payment processor. This page updates by itself; you can also close it: your access is sent to " (email) " once the payment is confirmed."
            },
        ),
        (OrderStatus::Failed, _) => (
            "Payment declined",
            html! {
                "The payment did not go through and nothing was charged. Try again, or use another payment method. Order for " (email) "."
            },
        ),
        (OrderStatus::Refunded | OrderStatus::Cancelled, _) => (
            "Order closed",
            html! { "This order was refunded or cancelled. Order for " (email) "." },
        ),
    };
    let total = match o.status {
        OrderStatus::Completed | OrderStatus::Refunded | OrderStatus::Cancelled => "Paid",
        OrderStatus::Pending | OrderStatus::Failed => "Due today",
    };
    let shop = &r.shop;
    let lang = r.locale;
    layout::public(
        lang,
        title,
        shop,
        html! {
            main.checkout.receipt {
                h1 { (title) }
                p { (message) }
                dl.receipt-facts {
                    div.line { dt { "Order number" } dd { "#" (o.id) } }
                    div.line { dt { "Date" } dd { (date_words(start)) } }
                    div.line { dt { "Email" } dd { (o.buyer.email) } }
                }
                section.s-summary.box aria-label="Your order" {
                    @match (&quote, &terms) {
                        (Some(q), Some(t)) => (summary::lines(r.product_name, &t.describe(), q, total)),
                        _ => (fallback_lines(r.product_name, o, total)),
                    }
                }
                @if let (OrderStatus::Completed, Some(q)) = (o.status, &quote) {
                    @if let (false, Some(next)) = (trial, q.next_charge) {
                        p.next-charge { "Next charge: " strong { (q.money(next.amount)) } " on " (date_words(next.at)) "." }
                    }
                }
                @if o.status == OrderStatus::Completed {
                    h2 { "What happens next" }
                    p { "Kartra will email your login to " (email) ". If it has not arrived in a few minutes, check your spam folder." }
                }
                (contact(shop))
                @if let (OrderStatus::Completed, Some(url)) = (o.status, r.continue_url) {
                    p { a.button.continue href=(url) { "Continue" } }
                }
                @if let (OrderStatus::Failed, Some(slug)) = (o.status, r.page_slug) {
                    p { a.button href=(format!("/p/{slug}")) { "Back to checkout" } }
                }
            }
        },
    )
}

/// The option's terms as this order bought them: the order's own price before its discount
/// (`subtotal`) and installments with the option's rhythm, while the option is still that kind in that currency (the
/// merchant may have edited it since); `None` once it is not.
pub fn ordered_terms(o: &Order, terms: &PriceTerms) -> Option<PriceTerms> {
    (terms.kind == o.price_kind && terms.currency == o.currency).then(|| PriceTerms {
        amount: o.subtotal,
        installments: o.installments.map(|n| n as u32).or(terms.installments),
        ..terms.clone()
    })
}

/// The amount alone, for an order whose price option was since removed or changed kind.
fn fallback_lines(product: &str, o: &Order, total: &str) -> Markup {
    let money = Currency::from_code(&o.currency)
        .map(|c| c.format(o.amount))
        .unwrap_or_else(|| format!("{} {}", o.amount, o.currency));
    html! {
        dl.summary-lines {
            div.line { dt { (product) } dd { (money) } }
            div.line.total { dt { (total) } dd { strong { (money) } } }
        }
    }
}

/// Who to ask, as far as the merchant has said.
fn contact(shop: &ShopProfile) -> Markup {
    let who = match shop.name.is_empty() {
        true => "the seller",
        false => shop.name.as_str(),
    };
    html! {
        @if let Some(email) = &shop.support_email {
            p.contact { "Questions about your order? Write to " (who) " at " a href=(format!("mailto:{email}")) { (email) } "." }
        } @else if !shop.name.is_empty() {
            p.contact { "Sold by " (shop.name) "." }
        }
    }
}
