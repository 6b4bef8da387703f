//! The order summary and the pay button's words, one per price option: the server marks the
//! chosen option's and hides the rest, and page.js shows the one whose radio is picked, so
//! no money is ever computed in the browser.

use super::Ctx;
use crate::domain::product::Price;
use crate::domain::quote::{Quote, TaxLine};
use crate::domain::tax::SaleTax;
use crate::i18n::{self, words, Locale};
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
        Quote::new(
            &price.terms,
            self.coupon.and_then(|c| c.on(price.id)),
            self.now,
        )
    }

    /// An option's quotes with the bump left out and ticked (the `data-bump` each is marked
    /// with), or its one quote when the bump does not fit it; with the tax of the country the
    /// form shows.
    pub(super) fn variants(&self, price: &Price) -> Vec<(Option<&'static str>, Quote)> {
        let quote = self.quote(price);
        let sale = self.sale_tax();
        match self.offer.bump_for(price) {
            None => vec![(None, quote.with_tax(&sale))],
            Some(b) => {
                let ticked = quote.clone().with_bump(
                    &b.product.name,
                    b.price.terms.amount,
                    b.price.terms.kind,
                );
                vec![
                    (Some("0"), quote.with_tax(&sale)),
                    (Some("1"), ticked.with_tax(&sale)),
                ]
            }
        }
    }

    /// The sale as the summary can know it: the country the form shows, taxed at its rate (a
    /// business buyer's VAT ID is checked only when the order is placed). Untaxed until a
    /// country is chosen.
    fn sale_tax(&self) -> SaleTax {
        let country = self.input.country.trim().to_ascii_uppercase();
        match (&self.offer.tax, country.is_empty()) {
            (Some(settings), false) => SaleTax {
                applied: settings
                    .rules()
                    .map(|r| (r.treatment(&country, false), settings.prices())),
                ..SaleTax::default()
            },
            _ => SaleTax::default(),
        }
    }

    /// Whether a variant is the one the form shows: its option is chosen, and it is the bump's
    /// state the buyer sent.
    pub(super) fn shown(&self, price: &Price, bump: Option<&str>) -> bool {
        self.chosen(price) && bump.is_none_or(|b| (b == "1") == self.input.bump)
    }
}

/// The product, the chosen option, the discount, what is due today and what follows.
pub(super) fn render(title: &str, ctx: &Ctx) -> Markup {
    let l = ctx.locale;
    let title = match title.is_empty() {
        true => i18n::t(l, "page-your-order"),
        false => title.to_string(),
    };
    html! {
        section.s.s-summary.box aria-labelledby="summary-title" aria-live="polite" {
            (super::product_image::product_image(&ctx.offer.product))
            h2 #summary-title { (title) }
            @for price in &ctx.offer.prices {
                @for (bump, quote) in ctx.variants(price) {
                    div.quote data-price=(price.id) data-bump=[bump] hidden[!ctx.shown(price, bump)] {
                        (lines(l, &ctx.offer.product.name, &words::price(l, &price.terms), &quote, &i18n::t(l, "summary-due-today")))
                    }
                }
            }
        }
    }
}

/// One option's summary; the receipt shows the same lines with `total` "Paid".
pub fn lines(l: Locale, product: &str, option: &str, q: &Quote, total: &str) -> Markup {
    let money = |amount| i18n::money(l, amount, q.currency);
    let first = match q.trial_ends {
        Some(_) => i18n::t(l, "summary-free-trial"),
        None => money(q.subtotal),
    };
    html! {
        dl.summary-lines {
            div.line {
                dt { (product) small { (option) } }
                dd { (first) }
            }
            @if let Some(b) = &q.bump {
                div.line.bump-line {
                    dt {
                        (b.product)
                        @if b.recurring { small { (words::every(l, q.interval, q.interval_count)) } }
                    }
                    dd {
                        @match (b.recurring, q.trial_ends) {
                            (true, Some(_)) => (i18n::t(l, "summary-free-trial")),
                            _ => (money(b.amount)),
                        }
                    }
                }
            }
            @if let Some(d) = &q.discount {
                div.line.discount {
                    dt { (i18n::t(l, "summary-discount")) " " code { (d.code) } small { (q.discount_words(l).unwrap_or_default()) } }
                    dd { "−" (money(d.off_today)) }
                }
            }
            @if let Some(t) = q.tax.filter(|t| !t.included) {
                (tax_line(l, q, &t))
            }
            div.line.total {
                dt { (total) }
                dd { strong { (money(q.due_today)) } }
            }
            @if let Some(t) = q.tax.filter(|t| t.included) {
                (tax_line(l, q, &t))
            }
        }
        @if q.tax.is_some_and(|t| t.reverse_charge) {
            p.then { (i18n::t(l, "summary-reverse-charge")) }
        }
        (follows(l, q))
    }
}

/// "VAT 19% €9.31" added before the total, or "Includes VAT 19% €7.82" after it.
fn tax_line(l: Locale, q: &Quote, t: &TaxLine) -> Markup {
    let rate = i18n::percent(l, t.rate);
    let id = match t.included {
        true => "summary-vat-included",
        false => "summary-vat",
    };
    html! {
        div.line.tax.included[t.included] {
            dt { (i18n::t_with(l, id, &[("rate", (&rate).into())])) }
            dd { (i18n::money(l, t.tax, q.currency)) }
        }
    }
}

/// The trial's end and first charge, then the renewals or installments left.
pub fn follows(l: Locale, q: &Quote) -> Markup {
    let then = words::then(l, q);
    html! {
        @if let (Some(ends), Some(first)) = (q.trial_ends, q.next_charge) {
            p.then {
                (i18n::t_markup(l, "summary-trial-ends",
                    &[("date", (&i18n::date(l, ends)).into())],
                    &[("amount", html! { strong { (i18n::money(l, first.amount, q.currency)) } })]))
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
pub(super) fn button_words(l: Locale, merchant: &str, q: &Quote) -> String {
    let due = i18n::money(l, q.due_today, q.currency);
    let id = match (merchant.is_empty(), q.trial_ends.is_some()) {
        (true, true) => "pay-button-trial",
        (true, false) => "pay-button",
        (false, true) => "pay-button-with-words-trial",
        (false, false) => "pay-button-with-words",
    };
    i18n::t_with(
        l,
        id,
        &[("amount", (&due).into()), ("words", merchant.into())],
    )
}

/// The button's label, one span per option, only the chosen one shown.
pub(super) fn button_label(merchant: &str, ctx: &Ctx) -> Markup {
    html! {
        @for price in &ctx.offer.prices {
            @for (bump, quote) in ctx.variants(price) {
                span data-price=(price.id) data-bump=[bump] hidden[!ctx.shown(price, bump)] {
                    (button_words(ctx.locale, merchant, &quote))
                }
            }
        }
    }
}
