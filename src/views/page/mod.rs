//! What buyers see: a checkout page's sections, in their stored order, in its template's
//! style. Every merchant string goes through maud's escaping; nothing here is `PreEscaped`.
//!
//! Templates are classes on `<main>` (`page minimal`, `page long-form`, `page two-column`);
//! two-column puts the order summary and the form in an `<aside>` beside the rest.

mod coupon;
mod form;
pub(crate) mod product_image;
mod sections;
pub(crate) mod summary;
#[cfg(test)]
mod tests;

use crate::clock::Timestamp;
use crate::domain::checkout::{CheckoutInput, Problem};
use crate::domain::coupon::Applied;
use crate::domain::page::{Offer, PageContent};
use crate::domain::section::Section;
use crate::domain::shop::ShopProfile;
use crate::domain::validation::FieldErrors;
use crate::i18n::{self, Locale};
use crate::views::layout;
use maud::{html, Markup};

/// Where the page is shown: to buyers, whose form posts to `action`, or to the admin as a
/// preview of the draft, whose form is shown but cannot be sent.
pub enum Mode<'a> {
    Live { action: &'a str },
    Preview,
}

/// Everything a section needs besides itself.
pub(crate) struct Ctx<'a> {
    pub offer: &'a Offer,
    pub input: &'a CheckoutInput,
    pub errors: &'a FieldErrors,
    /// `None` in a preview: the form is shown but cannot be sent.
    pub action: Option<&'a str>,
    pub now: Timestamp,
    /// Whether the page shows an order summary (else the form names the product).
    pub has_summary: bool,
    /// The page's language: every fixed word, number and date a buyer reads.
    pub locale: Locale,
    /// The coupon applied to this checkout, if the buyer gave a valid one.
    pub coupon: Option<&'a Applied>,
}

// Each argument is one independent input of the page (what, for whom, in whose brand, when).
#[allow(clippy::too_many_arguments)]
pub fn render(
    content: &PageContent,
    offer: &Offer,
    f: &CheckoutInput,
    errors: &FieldErrors,
    coupon: Option<&Applied>,
    shop: &ShopProfile,
    mode: Mode,
    now: Timestamp,
) -> Markup {
    let action = match mode {
        Mode::Live { action } => Some(action),
        Mode::Preview => None,
    };
    let all = &content.sections;
    let locale = content.language;
    let errors = &translated(locale, errors);
    let ctx = Ctx {
        offer,
        input: f,
        errors,
        action,
        locale,
        now,
        coupon,
        has_summary: all
            .iter()
            .any(|s| matches!(s, Section::OrderSummary { .. })),
    };
    // Exactly one h1: the first headline's, or the page's title, read out but not shown.
    let first_headline = all
        .iter()
        .position(|s| matches!(s, Section::Headline { .. }));
    let one = |i: usize| sections::render(&all[i], Some(i) == first_headline, &ctx);
    let template = match content.template.as_str() {
        t @ ("long-form" | "two-column") => t,
        _ => "minimal",
    };
    let body = html! {
        @if action.is_none() {
            p.preview-banner { strong { "Preview of the draft" } " — buyers do not see this until you publish." }
        }
        main class={ "page " (template) } {
            @if first_headline.is_none() { h1.visually-hidden { (content.title) } }
            @match template {
                "two-column" => (two_columns(all, &one, locale)),
                "long-form" => (bands(all, &one)),
                _ => @for i in 0..all.len() { (one(i)) },
            }
        }
        footer.page-footer {
            (sections::padlock())
            (i18n::t(locale, "page-secure-checkout"))
        }
    };
    // Script only where it adds something; every page works without it.
    let scripted = template == "two-column"
        || offer.prices.len() > 1
        || offer.bump.is_some()
        || offer.tax.is_some()
        || all
            .iter()
            .any(|s| matches!(s, Section::Video { .. } | Section::Countdown { .. }));
    if scripted {
        layout::public_with_script(locale, &content.title, shop, "page.js", body)
    } else {
        layout::public(locale, &content.title, shop, body)
    }
}

/// The checkout form's messages in the page's language (unknown ones as they are).
fn translated(locale: Locale, errors: &FieldErrors) -> FieldErrors {
    if locale == Locale::En {
        return errors.clone();
    }
    let mut out = FieldErrors::default();
    for (field, message) in errors.iter() {
        match Problem::from_message(message) {
            Some(problem) => {
                let max = problem.max().map(|n| ("max", n.into()));
                out.add(
                    field,
                    i18n::t_with(locale, problem.id(), &Vec::from_iter(max)),
                );
            }
            None => out.add(field, message),
        }
    }
    out
}

fn is_side(s: &Section) -> bool {
    matches!(
        s,
        Section::OrderSummary { .. } | Section::CheckoutForm { .. }
    )
}

/// The sales letter: each section in a full-width band; a summary and the form beside it
/// share one band, in one box.
fn bands(all: &[Section], one: &dyn Fn(usize) -> Markup) -> Markup {
    let mut runs: Vec<(usize, usize)> = vec![];
    for i in 0..all.len() {
        match runs.last_mut() {
            Some((_, end)) if is_side(&all[i]) && is_side(&all[*end - 1]) => *end = i + 1,
            _ => runs.push((i, i + 1)),
        }
    }
    html! {
        @for (start, end) in runs {
            @if is_side(&all[start]) {
                div.band.band-checkout { div.checkout-box { @for i in start..end { (one(i)) } } }
            } @else {
                div.band.hero[start == 0 && matches!(all[0], Section::Headline { .. })] { (one(start)) }
            }
        }
    }
}

/// Everything before the first summary-or-form, the `<aside>` with the summary and the form,
/// then the rest. On a phone these stack, so the page reads in (nearly) its stored order;
/// on a wide screen the aside sits beside both, in view while the buyer scrolls.
fn two_columns(all: &[Section], one: &dyn Fn(usize) -> Markup, locale: Locale) -> Markup {
    let start = all.iter().position(is_side).unwrap_or(all.len());
    let before: Vec<usize> = (0..start).collect();
    let side: Vec<usize> = (start..all.len()).filter(|&i| is_side(&all[i])).collect();
    let after: Vec<usize> = (start..all.len()).filter(|&i| !is_side(&all[i])).collect();
    html! {
        div.cols.alone[before.is_empty() && after.is_empty()] {
            @if !before.is_empty() { div.col-main { @for i in before { (one(i)) } } }
            @if !side.is_empty() {
                aside.col-side aria-label=(i18n::t(locale, "page-your-order")) { @for i in side { (one(i)) } }
            }
            @if !after.is_empty() { div.col-main.col-after { @for i in after { (one(i)) } } }
        }
    }
}
