//! Checkout pages: list and the basic settings form (the section editor comes with the builder).

use crate::domain::gateway::Gateway;
use crate::domain::page::{Page, TEMPLATES};
use crate::domain::product::Product;
use crate::domain::validation::FieldErrors;
use crate::views::components::{checkbox, csrf, error_summary, post_button, select, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

#[derive(Debug, Default, Clone)]
pub struct PageForm {
    pub title: String,
    pub slug: String,
    pub product_id: String,
    pub template: String,
    pub gateways: Vec<String>,
    pub custom_domain: String,
    pub published: bool,
}

pub fn list(nav: &Nav, pages: &[Page], products: &[Product]) -> Markup {
    let product_name = |id: i64| {
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
                                td data-label="Title" { a href=(format!("/admin/pages/{}", p.id)) { (p.title) } }
                                td data-label="Address" {
                                    @if p.published { a href=(format!("/p/{}", p.slug)) { "/p/" (p.slug) } } @else { "/p/" (p.slug) }
                                    @if let Some(domain) = &p.custom_domain { br; small.muted { (domain) } }
                                }
                                td data-label="Product" { (product_name(p.product_id)) }
                                td data-label="Status" {
                                    @if p.published { span.pill.ok { "Published" } } @else { span.pill { "Draft" } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn form(
    nav: &Nav,
    id: Option<i64>,
    f: &PageForm,
    products: &[Product],
    errors: &FieldErrors,
) -> Markup {
    let (title, action) = match id {
        Some(id) => ("Edit page".to_string(), format!("/admin/pages/{id}")),
        None => ("New page".to_string(), "/admin/pages".to_string()),
    };
    let product_options: Vec<(String, String)> = products
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let templates: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(id, label)| (id.to_string(), label.to_string()))
        .collect();
    let gateway_error = errors.get("gateways");
    layout::admin(
        &title,
        nav,
        html! {
            h1 { (title) }
            (error_summary(errors, &[]))
            form.stack method="post" action=(action) novalidate {
                (csrf(nav.csrf))
                (Input::text("Title", "title", &f.title).required().render(errors))
                (Input::text("Slug", "slug", &f.slug).required()
                    .hint("The page's address: /p/your-slug. Lowercase letters, digits and dashes.").render(errors))
                (select("Product", "product_id", &f.product_id, &product_options, errors))
                (select("Template", "template", &f.template, &templates, errors))
                fieldset.field.invalid[gateway_error.is_some()] {
                    legend { "Payment gateways offered" }
                    @for g in Gateway::ALL {
                        (checkbox(g.label(), &format!("gateways.{}", g.as_str()), f.gateways.iter().any(|s| s == g.as_str()), None))
                    }
                    @if let Some(message) = gateway_error { small.error { (message) } }
                }
                (Input::text("Custom domain", "custom_domain", &f.custom_domain)
                    .hint("Optional, e.g. pay.example.com: the page is also served at that domain's root. Point its DNS here first.")
                    .render(errors))
                (checkbox("Published", "published", f.published, Some("Only published pages are visible to buyers.")))
                div.actions {
                    button.primary type="submit" { "Save page" }
                    a.button href="/admin/pages" { "Cancel" }
                }
            }
            @if let Some(id) = id {
                section.danger {
                    h2 { "Delete" }
                    (post_button(&format!("/admin/pages/{id}/delete"), nav.csrf, "Delete this page", "danger"))
                }
            }
        },
    )
}
