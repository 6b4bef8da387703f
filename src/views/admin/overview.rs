use crate::domain::page::Page;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

pub struct Overview {
    pub products: usize,
    pub pages: Vec<Page>,
    pub public_url: String,
}

pub fn page(nav: &Nav, o: &Overview) -> Markup {
    let published: Vec<&Page> = o.pages.iter().filter(|p| p.published).collect();
    layout::admin(
        "Overview",
        nav,
        html! {
            h1 { "Overview" }
            div.cards {
                a.card href="/admin/products" { strong { (o.products) } span { "products" } }
                a.card href="/admin/pages" { strong { (o.pages.len()) } span { "pages" } }
                a.card href="/admin/pages" { strong { (published.len()) } span { "published" } }
            }
            @if o.products == 0 || published.is_empty() {
                section.panel {
                    h2 { "Getting started" }
                    ol.steps {
                        li.done[o.products > 0] { a href="/admin/products/new" { "Create a product" } " with its Kartra tag and prices." }
                        li.done[!o.pages.is_empty()] { a href="/admin/pages/new" { "Create a checkout page" } " that sells it." }
                        li.done[!published.is_empty()] { "Publish the page and share its link." }
                    }
                }
            }
            @if !published.is_empty() {
                section.panel {
                    h2 { "Live pages" }
                    ul.plain {
                        @for p in &published {
                            li { a href=(format!("/p/{}", p.slug)) { (p.title) } " " small.muted { (o.public_url) "/p/" (p.slug) } }
                        }
                    }
                }
            }
        },
    )
}
