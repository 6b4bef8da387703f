//! What buyers see after checkout: the receipt, which also tells the buyer where their
//! payment stands and what happens next.

use crate::clock::Timestamp;
use crate::db::order_lines::Line;
use crate::db::orders::Order;
use crate::domain::order::LineKind;
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceTerms;
use crate::domain::quote::Quote;
use crate::domain::shop::ShopProfile;
use crate::i18n::{self, words, Locale};
use crate::views::layout;
use crate::views::page::summary;
use maud::{html, Markup};

/// Everything the receipt shows, read by the handler from the order's `payment_ref`.
pub struct Receipt<'a> {
    pub order: &'a Order,
    pub product_name: &'a str,
    /// The order's price option, while the product still has it.
    pub terms: Option<&'a PriceTerms>,
    /// The order's lines: the main product and any bump.
    pub lines: &'a [Line],
    /// The upsell's order the buyer accepted after this one, and its product's name.
    pub upsell: Option<(&'a Order, &'a str)>,
    pub shop: &'a ShopProfile,
    /// The language of the order's page.
    pub locale: Locale,
    /// The checkout page, for trying again after a decline.
    pub page_slug: Option<&'a str>,
    /// The product's own thank-you page, when the merchant shows the receipt first.
    pub continue_url: Option<&'a str>,
    /// When the receipt is read: a next charge already past is not announced.
    pub now: Timestamp,
    /// The order's invoices and credit notes, by number, each a link to its PDF.
    pub documents: &'a [String],
}

/// Seconds between reloads while the processor has not confirmed the payment.
pub const PENDING_REFRESH: u32 = 5;

pub fn thank_you(r: &Receipt) -> Markup {
    let (o, l) = (r.order, r.locale);
    // The charges are dated from the first payment (or the trial's start).
    let start: Timestamp = o.completed_at.unwrap_or(o.created_at);
    let ordered = r.terms.and_then(|t| ordered_quote(o, r.lines, t, start));
    let (terms, quote) = match ordered {
        Some((t, q)) => (Some(t), Some(q)),
        None => (None, None),
    };
    let trial = quote.as_ref().is_some_and(|q| q.trial_ends.is_some());
    let email = || html! { strong { (o.buyer.email) } };
    let say = |id: &str| i18n::t_markup(l, id, &[], &[("email", email())]);
    let (title, message) = match (o.status, trial) {
        (OrderStatus::Completed, false) => ("receipt-paid-title", say("receipt-paid")),
        (OrderStatus::Completed, true) => ("receipt-trial-title", say("receipt-trial")),
        (OrderStatus::Pending, _) if o.processing => {
            ("receipt-processing-title", say("receipt-processing"))
        }
        (OrderStatus::Pending, _) => ("receipt-pending-title", say("receipt-pending")),
        (OrderStatus::Failed, _) => ("receipt-declined-title", say("receipt-declined")),
        (OrderStatus::Refunded | OrderStatus::Cancelled, _) => {
            ("receipt-closed-title", say("receipt-closed"))
        }
    };
    let title = i18n::t(l, title);
    let total = i18n::t(
        l,
        match o.status {
            OrderStatus::Completed | OrderStatus::Refunded | OrderStatus::Cancelled => {
                "summary-paid"
            }
            OrderStatus::Pending | OrderStatus::Failed => "summary-due-today",
        },
    );
    let shop = &r.shop;
    layout::public(
        l,
        &title,
        shop,
        html! {
            main.checkout.receipt {
                h1 { (title) }
                p { (message) }
                dl.receipt-facts {
                    div.line { dt { (i18n::t(l, "receipt-order-number")) } dd { "#" (o.id) } }
                    div.line { dt { (i18n::t(l, "receipt-date")) } dd { (i18n::date(l, start)) } }
                    div.line { dt { (i18n::t(l, "receipt-email")) } dd { (o.buyer.email) } }
                }
                section.s-summary.box aria-label=(i18n::t(l, "page-your-order")) {
                    @match (&quote, &terms) {
                        (Some(q), Some(t)) => (summary::lines(l, r.product_name, &words::price(l, t), q, &total)),
                        _ => (fallback_lines(l, r.product_name, o, &total)),
                    }
                }
                @if !r.documents.is_empty() {
                    ul.documents {
                        @for number in r.documents {
                            li { a href=(format!("/thank-you/{}/invoice/{number}", o.payment_ref)) download {
                                (i18n::t_with(l, "invoice-download", &[("number", number.into())]))
                            } }
                        }
                    }
                }
                @if let Some((u, name)) = r.upsell { (upsell_lines(l, u, name)) }
                @if let (OrderStatus::Completed, Some(q)) = (o.status, &quote) {
                    @if let (false, Some(next)) = (trial, q.next_charge.filter(|n| n.at > r.now)) {
                        p.next-charge {
                            (i18n::t_markup(l, "receipt-next-charge",
                                &[("date", (&i18n::date(l, next.at)).into())],
                                &[("amount", html! { strong { (i18n::money(l, next.amount, q.currency)) } })]))
                        }
                    }
                }
                @if o.status == OrderStatus::Completed {
                    h2 { (i18n::t(l, "receipt-what-next")) }
                    p { (say("receipt-login")) }
                }
                (contact(shop, l))
                @if let (OrderStatus::Completed, Some(url)) = (o.status, r.continue_url) {
                    p { a.button.continue href=(url) { (i18n::t(l, "receipt-continue")) } }
                }
                @if let (OrderStatus::Failed, Some(slug)) = (o.status, r.page_slug) {
                    p { a.button href=(format!("/p/{slug}")) { (i18n::t(l, "receipt-back-to-checkout")) } }
                }
            }
        },
    )
}

/// The option's terms as this order bought them: the order's own price before its discount
/// (`subtotal`, less a bump's line) and installments with the option's rhythm, while the
/// option is still that kind in that currency (the merchant may have edited it since); `None`
/// once it is not.
pub fn ordered_terms(o: &Order, lines: &[Line], terms: &PriceTerms) -> Option<PriceTerms> {
    let bump = bump_of(lines).map_or(0, |b| b.amount);
    (terms.kind == o.price_kind && terms.currency == o.currency).then(|| PriceTerms {
        amount: o.subtotal - bump,
        installments: o.installments.map(|n| n as u32).or(terms.installments),
        ..terms.clone()
    })
}

/// The order's bump line, if the buyer ticked one.
pub fn bump_of(lines: &[Line]) -> Option<&Line> {
    lines.iter().find(|l| l.kind == LineKind::Bump)
}

/// What the order's summary shows: the option's quote, with its bump line and its tax.
pub fn ordered_quote(
    o: &Order,
    lines: &[Line],
    terms: &PriceTerms,
    start: Timestamp,
) -> Option<(PriceTerms, Quote)> {
    let terms = ordered_terms(o, lines, terms)?;
    let mut quote = Quote::new(&terms, o.coupon.as_ref(), start);
    if let Some(b) = bump_of(lines) {
        quote = quote.with_bump(&b.product_name, b.amount, b.price_kind);
    }
    Some((terms, quote.with_tax(&o.sale_tax)))
}

/// The upsell accepted after the order: its own order, with its own state.
fn upsell_lines(l: Locale, u: &Order, name: &str) -> Markup {
    let money = i18n::money_in(l, u.amount, &u.currency);
    let state = match u.status {
        OrderStatus::Completed => None,
        OrderStatus::Pending => Some("receipt-pending-title"),
        OrderStatus::Failed => Some("receipt-declined-title"),
        OrderStatus::Refunded | OrderStatus::Cancelled => Some("receipt-closed-title"),
    };
    html! {
        section.s-summary.box.upsell-line aria-label=(i18n::t(l, "receipt-added")) {
            dl.summary-lines {
                div.line {
                    dt { (name) small { (i18n::t(l, "receipt-added")) " · #" (u.id) } }
                    dd { (money) }
                }
                @if let Some(state) = state { p.then { (i18n::t(l, state)) } }
            }
        }
    }
}

/// The amount alone, for an order whose price option was since removed or changed kind.
fn fallback_lines(l: Locale, product: &str, o: &Order, total: &str) -> Markup {
    let money = i18n::money_in(l, o.amount, &o.currency);
    html! {
        dl.summary-lines {
            div.line { dt { (product) } dd { (money) } }
            div.line.total { dt { (total) } dd { strong { (money) } } }
        }
    }
}

/// Who to ask, as far as the merchant has said.
fn contact(shop: &ShopProfile, l: Locale) -> Markup {
    let seller = match shop.name.is_empty() {
        true => i18n::t(l, "receipt-the-seller"),
        false => shop.name.clone(),
    };
    html! {
        @if let Some(email) = &shop.support_email {
            p.contact {
                (i18n::t_markup(l, "receipt-contact", &[("seller", (&seller).into())],
                    &[("email", html! { a href=(format!("mailto:{email}")) { (email) } })]))
            }
        } @else if !shop.name.is_empty() {
            p.contact { (i18n::t_with(l, "receipt-sold-by", &[("seller", (&seller).into())])) }
        }
    }
}
