//! Checkout pages: the list, the new-page form, and the editor's Settings tab.

use super::editor;
use crate::domain::gateway::Gateway;
use crate::domain::page::Page;
use crate::domain::product::Product;
use crate::domain::template::TEMPLATES;
use crate::domain::validation::FieldErrors;
use crate::i18n::Locale;
use crate::views::components::{checkbox, csrf, error_summary, post_button, select, Input};
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

/// The Settings tab: what the page sells (checkout settings) and where it lives (page settings).
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
            section.danger {
                h2 { "Delete" }
                p { "Orders placed on this page keep their records." }
                (post_button(&format!("{base}/delete"), nav.csrf, "Delete this page", "danger"))
            }
        },
    )
}
