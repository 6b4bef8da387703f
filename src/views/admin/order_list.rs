//! Orders: the list with its search, filters and pages.

use crate::clock;
use crate::db::jobs::Job;
use crate::db::order_lines::Line;
use crate::db::orders::Order;
use crate::domain::ids::{PageId, PriceId, ProductId};
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceTerms;
use crate::domain::validation::FieldErrors;
use crate::gateways::Gateway;
use crate::views::admin::access::buyer_href;
use crate::views::admin::orders::{job_summary, price_words, status_pill};
use crate::views::layout::{self, Nav};
use crate::web::order_filter::Params;
use maud::{html, Markup};
use std::collections::HashMap;

/// What the filters can choose from.
pub struct Choices {
    pub products: Vec<(ProductId, String)>,
    pub pages: Vec<(PageId, String)>,
}

/// Links to the pages around this one, and to the CSV of everything filtered.
pub struct Paging {
    pub newer: Option<String>,
    pub older: Option<String>,
    pub csv: String,
}

pub struct OrderList<'a> {
    pub orders: &'a [(Order, Vec<Job>, Vec<Line>)],
    pub terms: &'a HashMap<PriceId, PriceTerms>,
    pub choices: &'a Choices,
    /// The filters as asked, to fill the form in again.
    pub params: &'a Params,
    pub errors: &'a FieldErrors,
    pub paging: &'a Paging,
}

pub fn list(nav: &Nav, v: &OrderList) -> Markup {
    let p = v.params;
    let asked = |value: &Option<String>| value.as_deref().unwrap_or("").trim().to_string();
    let product_names: HashMap<ProductId, &str> = (v.choices.products.iter())
        .map(|(id, name)| (*id, name.as_str()))
        .collect();
    layout::admin(
        "Orders",
        nav,
        html! {
            h1 { "Orders" }
            @if !v.errors.is_empty() {
                div.alert.error role="alert" {
                    @for (field, message) in v.errors.iter() { p { (filter_label(field)) " " (message) "." } }
                }
            }
            form.order-filters method="get" action="/admin/orders" role="search" {
                div.search {
                    label for="f-q" { "Search" }
                    input id="f-q" type="search" name="q" value=(asked(&p.q)) placeholder="Name or email";
                }
                div {
                    label for="f-status" { "Status" }
                    select id="f-status" name="status" {
                        option value="" { "Any" }
                        @for s in OrderStatus::ALL { option value=(s.as_str()) selected[s.as_str() == asked(&p.status)] { (s.as_str()) } }
                    }
                }
                div {
                    label for="f-product" { "Product" }
                    select id="f-product" name="product_id" {
                        option value="" { "Any" }
                        @for (id, name) in &v.choices.products { option value=(id) selected[id.to_string() == asked(&p.product_id)] { (name) } }
                    }
                }
                div {
                    label for="f-page" { "Page" }
                    select id="f-page" name="page_id" {
                        option value="" { "Any" }
                        @for (id, title) in &v.choices.pages { option value=(id) selected[id.to_string() == asked(&p.page_id)] { (title) } }
                    }
                }
                div {
                    label for="f-gateway" { "Gateway" }
                    select id="f-gateway" name="gateway" {
                        option value="" { "Any" }
                        @for g in Gateway::ALL { option value=(g.as_str()) selected[g.as_str() == asked(&p.gateway)] { (g.as_str()) } }
                    }
                }
                div {
                    label for="f-from" { "From" }
                    input id="f-from" type="date" name="from" value=(asked(&p.from));
                }
                div {
                    label for="f-to" { "To" }
                    input id="f-to" type="date" name="to" value=(asked(&p.to));
                }
                @if let Some(email) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
                    input type="hidden" name="email" value=(email.trim());
                }
                button.secondary type="submit" { "Filter" }
            }
            @if v.orders.is_empty() && v.errors.is_empty() {
                p.empty { "No orders found. Make a test purchase on a published page, or loosen the filters." }
            } @else if !v.orders.is_empty() {
                p.actions { a.button.secondary href=(v.paging.csv) download { "Download CSV" } }
                table.list {
                    thead { tr { th { "Order" } th { "Buyer" } th { "Product" } th { "Amount" } th { "Status" } th { "Kartra" } th { "Placed" } } }
                    tbody {
                        @for (o, jobs, lines) in v.orders {
                            tr {
                                td data-label="Order" { a href=(format!("/admin/orders/{}", o.id)) { "#" (o.id) } }
                                td data-label="Buyer" { a href=(buyer_href(&o.buyer.email)) { (o.buyer.email) } }
                                td data-label="Product" { (product_names.get(&o.product_id).copied().unwrap_or("(deleted)")) }
                                td data-label="Amount" { (price_words(o, lines, v.terms.get(&o.price_id))) }
                                td data-label="Status" { (status_pill(o.status)) }
                                td data-label="Kartra" { @for j in jobs { span.pill { (job_summary(j)) } " " } }
                                td data-label="Placed" { (clock::display(o.created_at)) }
                            }
                        }
                    }
                }
            }
            @if v.paging.newer.is_some() || v.paging.older.is_some() {
                nav.pager aria-label="Pages of orders" {
                    @if let Some(href) = &v.paging.newer { a.button.secondary href=(href) rel="prev" { "← Newer" } }
                    @if let Some(href) = &v.paging.older { a.button.secondary href=(href) rel="next" { "Older →" } }
                }
            }
        },
    )
}

/// The filter's label as the form shows it, for its error message.
fn filter_label(field: &str) -> &str {
    match field {
        "q" => "Search",
        "product_id" => "Product",
        "page_id" => "Page",
        "from" => "From",
        "to" => "To",
        "status" => "Status",
        "gateway" => "Gateway",
        other => other,
    }
}
