//! The order summary and the pay button's words, one per price option: the server marks the
//! chosen option's and hides the rest, and page.js shows the one whose radio is picked, so
//! no money is ever computed in the browser.

use super::Ctx;
use crate::domain::product::Price;
use crate::domain::quote::{date_words, Quote};
use maud::{html, Markup};

impl Ctx<'_> {
    /// The option the form shows picked: the buyer's, else the first.
    pub(super) fn chosen(&self, price: &Price) -> bool {
        let picked = &self.input.price_id;
        match self
            .offer
            .prices
            .iter()
            .any(|p| p.id.to_string() == *picked)
        {
            true => *picked == price.id.to_string(),
            false => self.offer.prices.first().is_some_and(|p| p.id == price.id),
        }
    }

    pub(super) fn quote(&self, price: &Price) -> Quote {
        Quote::new(&price.terms, self.discount, self.now)
    }
}

/// The product, the chosen option, the discount, what is due today and what follows.
pub(super) fn render(title: &str, ctx: &Ctx) -> Markup {
    let title = if title.is_empty() {
        "Your order"
    } else {
        title
    };
    html! {
        section.s.s-summary.box aria-labelledby="summary-title" aria-live="polite" {
            (super::product_image::product_image(&ctx.offer.product))
            h2 #summary-title { (title) }
            @for price in &ctx.offer.prices {
                div.quote data-price=(price.id) hidden[!ctx.chosen(price)] {
                    (lines(&ctx.offer.product.name, &price.terms.describe(), &ctx.quote(price), "Due today"))
                }
            }
        }
    }
}

/// One option's summary; the receipt shows the same lines with `total` "Paid".
pub fn lines(product: &str, option: &str, q: &Quote, total: &str) -> Markup {
    let first = match q.trial_ends {
        Some(_) => "Free trial".to_string(),
        None => q.money(q.subtotal),
    };
    html! {
        dl.summary-lines {
            div.line {
                dt { (product) small { (option) } }
                dd { (first) }
            }
            @if let Some(d) = &q.discount {
                div.line.discount {
                    dt { "Discount " code { (d.code) } small { (d.words) } }
                    dd { "−" (q.money(d.off_today)) }
                }
            }
            div.line.total {
                dt { (total) }
                dd { strong { (q.money(q.due_today)) } }
            }
        }
        (follows(q))
    }
}

/// The trial's end and first charge, then the renewals or installments left.
pub fn follows(q: &Quote) -> Markup {
    let then = q.then_words();
    html! {
        @if let (Some(ends), Some(first)) = (q.trial_ends, q.next_charge) {
            p.then {
                "Nothing is charged today. Your free trial ends on " (date_words(ends))
                ", with the first charge of " strong { (q.money(first.amount)) } "."
            }
        }
        @if !then.is_empty() {
            p.then { (capitalized(&then)) "." }
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The pay button's words for one option: "Pay $49.00", "Start free trial · $0.00 today",
/// or the merchant's own words with the amount.
pub(super) fn button_words(merchant: &str, q: &Quote) -> String {
    let due = q.money(q.due_today);
    match (merchant.is_empty(), q.trial_ends.is_some()) {
        (true, true) => format!("Start free trial · {due} today"),
        (true, false) => format!("Pay {due}"),
        (false, true) => format!("{merchant} · {due} today"),
        (false, false) => format!("{merchant} · {due}"),
    }
}

/// The button's label, one span per option, only the chosen one shown.
pub(super) fn button_label(merchant: &str, ctx: &Ctx) -> Markup {
    html! {
        @for price in &ctx.offer.prices {
            span data-price=(price.id) hidden[!ctx.chosen(price)] {
                (button_words(merchant, &ctx.quote(price)))
            }
        }
    }
}
