//! Checkout pages: the list, the new-page form, and the editor's Settings tab.

use super::editor;
use crate::domain::ids::{PriceId, ProductId};
use crate::domain::page::Page;
use crate::domain::product::{PriceKind, Product};
use crate::domain::template::TEMPLATES;
use crate::domain::validation::FieldErrors;
use crate::gateways::Gateway;
use crate::i18n::Locale;
use crate::views::components::{
    checkbox, csrf, error_summary, post_button, select, textarea, Input,
};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// The fields of the new-page form and of the Settings tab, as typed.
#[derive(Debug, Default, Clone)]
pub struct PageForm {
    pub title: String,
    pub slug: String,
    pub custom_domain: String,
    pub template: String,
    pub product_id: String,
    pub price_ids: Vec<String>,
    pub gateways: Vec<String>,
    pub language: String,
    pub bump: AddOnForm,
    pub upsell: AddOnForm,
    pub terms_url: String,
    pub waiver: bool,
}

/// The order bump's or the upsell's fields, as typed.
#[derive(Debug, Default, Clone)]
pub struct AddOnForm {
    /// Off saves the page without it.
    pub offered: bool,
    /// The product and its price option in one select: `choice(product, price)`.
    pub choice: String,
    pub headline: String,
    pub text: String,
}

/// The value of an add-on's product and price option in its select.
pub fn choice(product: ProductId, price: PriceId) -> String {
    format!("{product}:{price}")
}

pub fn list(nav: &Nav, pages: &[Page], products: &[Product]) -> Markup {
    let product_name = |id: crate::domain::ids::ProductId| {
        products
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
            .unwrap_or("?")
    };
    layout::admin(
        "Pages",
        nav,
        html! {
            div.heading {
                h1 { "Checkout pages" }
                @if !products.is_empty() { a.button.primary href="/admin/pages/new" { "New page" } }
            }
            @if products.is_empty() {
                p.empty { "A page sells a product: " a href="/admin/products/new" { "create a product" } " first." }
            } @else if pages.is_empty() {
                p.empty { "No pages yet." }
            } @else {
                table.list {
                    thead { tr { th { "Title" } th { "Address" } th { "Product" } th { "Status" } } }
                    tbody {
                        @for p in pages {
                            tr {
                                td data-label="Title" { a href=(format!("/admin/pages/{}", p.id)) { (p.draft.title) } }
                                td data-label="Address" {
                                    @if p.published { a href=(format!("/p/{}", p.slug)) { "/p/" (p.slug) } } @else { "/p/" (p.slug) }
                                    @if let Some(domain) = &p.custom_domain { br; small.muted { (domain) } }
                                }
                                td data-label="Product" { (product_name(p.draft.product_id)) }
                                td data-label="Status" { (editor::status(p)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn product_options(products: &[Product]) -> Vec<(String, String)> {
    products
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect()
}

fn language_options() -> Vec<(String, String)> {
    Locale::ALL
        .iter()
        .map(|l| {
            (
                l.as_str().to_string(),
                format!("{} ({})", l.name(), l.as_str()),
            )
        })
        .collect()
}

fn template_choice(f: &PageForm, errors: &FieldErrors) -> Markup {
    let error = errors.get("template");
    html! {
        fieldset.field.templates.invalid[error.is_some()] {
            legend { "Template" }
            @for t in TEMPLATES {
                @let id = format!("template-{}", t.id);
                div.choice {
                    input id=(id) type="radio" name="template" value=(t.id) checked[f.template == t.id];
                    label for=(id) { strong { (t.name) } small.hint { (t.description) } }
                }
            }
            @if let Some(message) = error { small.error { (message) } }
        }
    }
}

fn slug_input<'a>(f: &'a PageForm) -> Input<'a> {
    Input::text("Slug", "slug", &f.slug)
        .required()
        .hint("The page's address: /p/your-slug. Lowercase letters, digits and dashes.")
}

pub fn new(nav: &Nav, f: &PageForm, products: &[Product], errors: &FieldErrors) -> Markup {
    layout::admin(
        "New page",
        nav,
        html! {
            h1 { "New page" }
            (error_summary(errors, &["sections", "price_ids", "gateways"]))
            form.stack method="post" action="/admin/pages" novalidate {
                (csrf(nav.csrf))
                (Input::text("Title", "title", &f.title).required().render(errors))
                (slug_input(f).render(errors))
                (select("Product", "product_id", &f.product_id, &product_options(products), errors))
                (template_choice(f, errors))
                p.hint { "The page starts with the template's sections and offers the test gateway; change both in the editor. It stays a draft until you publish it." }
                div.actions {
                    button.primary type="submit" { "Create page" }
                    a.button href="/admin/pages" { "Cancel" }
                }
            }
        },
    )
}

/// What differs between the order bump's form and the upsell's.
struct AddOnWords {
    /// The form's path, and its fields' and errors' prefix.
    field: &'static str,
    heading: &'static str,
    offer: &'static str,
    /// What the buyer sees of it.
    what: &'static str,
    prices: &'static str,
    /// The kinds of price option it can be.
    kinds: &'static [PriceKind],
    save: &'static str,
}

const BUMP: AddOnWords = AddOnWords {
    field: "bump",
    heading: "Order bump",
    offer: "Offer an order bump",
    what: "Shown to buyers as a tick box above the pay button; its price is added to the same payment.",
    prices: "A one-time price or a subscription, paid with the page's own price: in the currency of every price option the page shows. A one-time bump is shown beside the one-time options; a subscription bump beside the subscriptions with the same interval and trial, and renews with them.",
    kinds: &[PriceKind::OneTime, PriceKind::Subscription],
    save: "Save order bump",
};

const UPSELL: AddOnWords = AddOnWords {
    field: "upsell",
    heading: "Upsell",
    offer: "Offer an upsell after payment",
    what: "Offered after the payment succeeds, before the receipt: one click buys it with the same card (Stripe); PayPal asks the buyer to approve again. The offer lasts 30 minutes.",
    prices: "Only one-time price options can be offered.",
    kinds: &[PriceKind::OneTime],
    save: "Save upsell",
};

/// A prompt, then each price option of another product than the page's of the `kinds` it
/// can be. A saved choice that no longer is one (its price became a payment plan, say) stays
/// listed, so that saving the headline never silently swaps it for the first choice.
fn add_on_options(
    products: &[Product],
    own: ProductId,
    kinds: &[PriceKind],
    chosen: &str,
) -> Vec<(String, String)> {
    let mut options = vec![(
        String::new(),
        "Choose a product and price option".to_string(),
    )];
    for product in products {
        for price in &product.prices {
            let value = choice(product.id, price.id);
            let offerable = product.id != own && kinds.contains(&price.terms.kind);
            if offerable || value == chosen {
                let label = format!("{} — {}", product.name, price.terms.describe());
                let label = match offerable {
                    true => label,
                    false => format!("{label} (cannot be offered)"),
                };
                options.push((value, label));
            }
        }
    }
    options
}

/// The product's and the price's errors both belong beside the one select that picks them.
fn choice_errors(errors: &FieldErrors, field: &str) -> FieldErrors {
    let mut found = FieldErrors::default();
    for part in ["product_id", "price_id"] {
        if let Some(message) = errors.get(&format!("{field}.{part}")) {
            found.add(format!("{field}.price"), message);
        }
    }
    found
}

fn add_on_form(
    nav: &Nav,
    page: &Page,
    words: &AddOnWords,
    f: &AddOnForm,
    products: &[Product],
    errors: &FieldErrors,
) -> Markup {
    let name = |part: &str| format!("{}.{part}", words.field);
    let options = add_on_options(products, page.draft.product_id, words.kinds, &f.choice);
    let heading = format!("{}-settings", words.field);
    html! {
        section.panel aria-labelledby=(heading) {
            h2 id=(heading) { (words.heading) }
            form.stack method="post" action=(format!("/admin/pages/{}/{}", page.id, words.field)) novalidate {
                (csrf(nav.csrf))
                input type="hidden" name="revision" value=(page.revision);
                (checkbox(words.offer, &name("offered"), f.offered, Some(words.what)))
                (select("Product and price option", &name("price"), &f.choice, &options, &choice_errors(errors, words.field)))
                p.hint {
                    (words.prices)
                    @if options.len() == 1 { " No other product has one yet: create one first." }
                }
                (Input::text("Headline", &name("headline"), &f.headline)
                    .hint("Required when offered; at most 120 characters.")
                    .render(errors))
                (textarea("Text", &name("text"), &f.text, Some("Optional: a paragraph saying why, at most 600 characters."), errors))
                div.actions { button.primary type="submit" { (words.save) } }
            }
        }
    }
}

/// The Settings tab: what the page sells (checkout settings), where it lives (page settings),
/// and what else it offers (order bump, upsell).
pub fn settings(
    nav: &Nav,
    page: &Page,
    f: &PageForm,
    products: &[Product],
    enabled: &[Gateway],
    errors: &FieldErrors,
) -> Markup {
    let base = format!("/admin/pages/{}", page.id);
    let product = products.iter().find(|p| p.id == page.draft.product_id);
    let gateway_error = errors.get("gateways");
    let price_error = errors.get("price_ids");
    layout::admin(
        &format!("Settings · {}", page.draft.title),
        nav,
        html! {
            (editor::header(nav, page, "settings"))
            (error_summary(errors, &["sections", "page"]))
            section.panel aria-labelledby="checkout-settings" {
                h2 #checkout-settings { "Checkout settings" }
                form.stack method="post" action=(format!("{base}/checkout")) novalidate {
                    (csrf(nav.csrf))
                    input type="hidden" name="revision" value=(page.revision);
                    (select("Product", "product_id", &f.product_id, &product_options(products), errors))
                    @if let Some(product) = product {
                        fieldset.field.invalid[price_error.is_some()] {
                            legend { "Price options shown" }
                            @for price in &product.prices {
                                @let id = format!("price-{}", price.id);
                                div.field.check {
                                    input id=(id) type="checkbox" name="price_ids" value=(price.id)
                                        checked[f.price_ids.iter().any(|p| *p == price.id.to_string())];
                                    label for=(id) { (price.terms.describe()) }
                                }
                            }
                            small.hint { "None ticked: every option of " (product.name) ". After choosing another product, save, then pick its options." }
                            @if let Some(message) = price_error { small.error { (message) } }
                        }
                    }
                    fieldset.field.invalid[gateway_error.is_some()] {
                        legend { "Payment gateways offered" }
                        @for g in Gateway::ALL {
                            @let off = (!enabled.contains(&g)).then_some("Switched off in Settings → Gateways: not shown to buyers until switched on.");
                            (checkbox(g.label(), &format!("gateways.{}", g.as_str()), f.gateways.iter().any(|s| s == g.as_str()), off))
                        }
                        @if let Some(message) = gateway_error { small.error { (message) } }
                    }
                    fieldset {
                        legend { "Consent" }
                        (Input::text("Terms URL", "terms_url", &f.terms_url).kind("url")
                            .hint("Set: buyers must tick \"I accept the terms\" (linked here) to pay. The time they did is kept on the order and repeated in the receipt email.").render(errors))
                        (checkbox("Ask for the EU digital-content waiver", "waiver", f.waiver,
                            Some("Buyers tick \"I ask for immediate access and understand I lose my right of withdrawal\" before paying; the words and the time are kept on the order and repeated in the receipt email.")))
                    }
                    div.actions { button.primary type="submit" { "Save checkout settings" } }
                }
            }
            section.panel aria-labelledby="page-settings" {
                h2 #page-settings { "Page settings" }
                form.stack method="post" action=(format!("{base}/settings")) novalidate {
                    (csrf(nav.csrf))
                    input type="hidden" name="revision" value=(page.revision);
                    (Input::text("Title", "title", &f.title).required().hint("The browser tab's title, and the headline of a new template.").render(errors))
                    (template_choice(f, errors))
                    (select("Language", "language", &f.language, &language_options(), errors))
                    p.hint { "What buyers read: the page's fixed words, its pay and thank-you pages, numbers, money and dates. Your own sections' text stays as you write it." }
                    (slug_input(f).render(errors))
                    (Input::text("Custom domain", "custom_domain", &f.custom_domain)
                        .hint("Optional, e.g. pay.example.com: the page is also served at that domain's root. Point the domain's DNS at this server first (see the README).")
                        .render(errors))
                    p.hint { "The slug and domain change as soon as you save, even on a published page; the title, template and language are part of the draft." }
                    div.actions { button.primary type="submit" { "Save page settings" } }
                }
            }
            (add_on_form(nav, page, &BUMP, &f.bump, products, errors))
            (add_on_form(nav, page, &UPSELL, &f.upsell, products, errors))
            section.danger {
                h2 { "Delete" }
                p { "Orders placed on this page keep their records." }
                (post_button(&format!("{base}/delete"), nav.csrf, "Delete this page", "danger"))
            }
        },
    )
}
