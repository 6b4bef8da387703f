//! One buyer's access view: every order of their email and what each gives, the access
//! tagcart keeps for them (in the API's words), and the Kartra jobs still to run.

use crate::clock;
use crate::db::entitlements::Entitlement;
use crate::db::jobs::Job;
use crate::db::orders::Order;
use crate::domain::access::Given;
use crate::views::admin::access::{access_words, buyer_href, facts, reapply_button};
use crate::views::admin::orders::{job_state, status_pill};
use crate::views::components::csrf;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// One order of the buyer, with what it gives for each tag now.
pub struct OrderLine {
    pub order: Order,
    pub product: String,
    /// The price in words: "3 × $20.00 every month".
    pub price_words: String,
    pub gives: Vec<Given>,
}

pub struct BuyerView<'a> {
    pub email: &'a str,
    /// Newest first.
    pub orders: &'a [OrderLine],
    pub entitlements: &'a [Entitlement],
    /// Jobs not done yet (pending, scheduled or parked), in queue order.
    pub jobs: &'a [Job],
    /// A read-back that just failed: why.
    pub failure: Option<&'a str>,
}

impl BuyerView<'_> {
    /// What order `id` gives for `tag`, if it is listed here.
    fn given(&self, id: crate::domain::ids::OrderId, tag: &str) -> Option<&Given> {
        let line = self.orders.iter().find(|l| l.order.id == id)?;
        line.gives.iter().find(|g| g.kartra_tag == tag)
    }
}

pub fn page(nav: &Nav, v: &BuyerView) -> Markup {
    let href = buyer_href(v.email);
    layout::admin(
        &format!("Buyer {}", v.email),
        nav,
        html! {
            div.heading {
                h1.buyer { (v.email) }
                @if !v.entitlements.is_empty() {
                    form.inline method="post" action=(format!("{href}/read-back")) {
                        (csrf(nav.csrf))
                        button.secondary type="submit" title="Asks Kartra for the lead's tags now (one call)" { "Read back from Kartra now" }
                    }
                }
            }
            @if let Some(failure) = v.failure {
                div.alert.error role="alert" { "The lead could not be read back: " (failure) "." }
            }
            @if v.orders.is_empty() {
                p.empty { "No orders for this email." }
            } @else {
                (orders_panel(v))
            }
            @if !v.entitlements.is_empty() { (access_panel(v, nav.csrf)) }
            @if !v.jobs.is_empty() { (jobs_panel(v)) }
        },
    )
}

fn orders_panel(v: &BuyerView) -> Markup {
    html! {
        section.panel {
            h2 { "Orders " span.pill { (v.orders.len()) } }
            table.list {
                thead { tr { th { "Order" } th { "Placed" } th { "Product" } th { "Amount" } th { "Status" } th { "Gives" } } }
                tbody {
                    @for line in v.orders {
                        @let o = &line.order;
                        tr {
                            td data-label="Order" { a href=(format!("/admin/orders/{}", o.id)) { "#" (o.id) } }
                            td data-label="Placed" { (clock::display(o.created_at)) }
                            td data-label="Product" { (line.product) }
                            td data-label="Amount" { (line.price_words) }
                            td data-label="Status" { (status_pill(o.status)) }
                            td data-label="Gives" {
                                ul.gives {
                                    @for g in &line.gives {
                                        li { code { (g.kartra_tag) } ": " strong { (access_words(g.access)) } br; small.muted { (g.why) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn access_panel(v: &BuyerView, csrf_token: &str) -> Markup {
    let drifted = v.entitlements.iter().any(|e| e.drifted());
    html! {
        section.panel #access {
            h2 { "Access" }
            p.muted { "One line per Kartra tag: what tagcart keeps for this buyer over all their orders, and what Kartra said when the lead was last read back." }
            table.list {
                thead { tr { th { "Tag" } th { "State" } th { "Why: the orders giving it" } @if drifted { th { "Action" } } } }
                tbody {
                    @for e in v.entitlements {
                        tr {
                            td data-label="Tag" { code { (e.kartra_tag) } }
                            td data-label="State" { (facts(e)) }
                            td data-label="Why" {
                                ul.gives {
                                    @for id in &e.orders {
                                        li {
                                            a href=(format!("/admin/orders/{id}")) { "#" (id) }
                                            @if let Some(g) = v.given(*id, &e.kartra_tag) { ": " (g.why) }
                                        }
                                    }
                                }
                            }
                            @if drifted { td { @if e.drifted() { (reapply_button(e.id, csrf_token, "buyer")) } } }
                        }
                    }
                }
            }
        }
    }
}

fn jobs_panel(v: &BuyerView) -> Markup {
    html! {
        section.panel {
            h2 { "Kartra jobs still to run " span.pill { (v.jobs.len()) } }
            table.list {
                thead { tr { th { "Order" } th { "Job" } th { "Tag" } th { "State" } th { "Tries" } th { "Last error" } } }
                tbody {
                    @for j in v.jobs {
                        tr {
                            td data-label="Order" { a href=(format!("/admin/orders/{}", j.order_id)) { "#" (j.order_id) } }
                            td data-label="Job" { (j.action.as_str()) }
                            td data-label="Tag" { code { (j.kartra_tag) } }
                            td data-label="State" { (job_state(j)) }
                            td data-label="Tries" { (j.attempts) }
                            td data-label="Last error" { (j.last_error.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}
