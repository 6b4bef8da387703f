use crate::clock;
use crate::db::orders::Order;
use crate::domain::fulfillment::KartraState;
use crate::domain::page::Page;
use crate::fulfillment::KartraHealth;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// Stuck orders listed on the Overview: a launch's abandoned checkouts must not bury the rest.
const STUCK_SHOWN: usize = 10;

pub struct Overview {
    pub products: usize,
    pub pages: Vec<Page>,
    pub public_url: String,
    pub kartra: KartraHealth,
    /// Orders pending for longer than diagnostics::STUCK_PENDING_SECS.
    pub stuck: Vec<Order>,
    pub test_gateway_on: bool,
    /// Any order at all: the first test purchase was made.
    pub has_orders: bool,
    /// The sales dashboard (`views::admin::sales`) over the range asked for.
    pub sales: Markup,
    /// SMTP is set up, and how many emails wait for it.
    pub email_configured: bool,
    pub emails_waiting: i64,
    pub now: i64,
}

pub fn page(nav: &Nav, o: &Overview) -> Markup {
    let published: Vec<&Page> = o.pages.iter().filter(|p| p.published).collect();
    layout::admin(
        "Overview",
        nav,
        html! {
            h1 { "Overview" }
        @let k = &o.kartra;
        @let (class, text) = match k.state {
            KartraState::Ok => ("pill ok", "ok"),
            KartraState::Failing => ("pill bad", "failing: retrying by itself"),
            KartraState::CredentialsInvalid => ("pill bad", "credentials rejected: queue paused"),
            KartraState::NotConfigured => ("pill bad", "not connected"),
        };
        section.panel {
            h2 { "Kartra " span class=(class) { (text) } }
            p {
                (crate::domain::counted(k.queue_depth, "job", "jobs")) " waiting"
                @if let Some(age) = k.oldest_pending_age_s { " (oldest " (age / 60) " min)" }
                ", " a href="/admin/attention" { (k.parked) " parked" } ". "
                a href="/admin/diagnostics" { "Run diagnostics" }
            }
            @if let Some(error) = &k.last_error { p.muted { "Last error: " (error) } }
            @if k.state == KartraState::NotConfigured { p { a href="/admin/settings/kartra" { "Connect Kartra" } " so paid buyers get their tags." } }
        }
        @if !o.email_configured {
            div.alert role="status" { "Email is not set up: buyers get no receipt, invoice or other email from tagcart. "
                a href="/admin/settings/email" { "Set up email" } "." }
        } @else if o.emails_waiting > 0 {
            p.muted { (crate::domain::counted(o.emails_waiting, "email", "emails")) " waiting for the SMTP server. " }
        }
        @if o.test_gateway_on && o.pages.iter().any(|p| p.published) {
            div.alert.error role="alert" { "The test gateway is on: pages that offer it give the product away. "
                a href="/admin/settings/gateways" { "Turn it off" } " once your test purchase worked." }
        }
        @if !o.stuck.is_empty() {
            section.panel {
                h2 { "Orders stuck pending" }
                p { "These were placed over 30 minutes ago and the processor has not confirmed them. If the buyer paid, the webhook did not arrive: check the processor's webhook log for these references." }
                ul.plain {
                    @for s in o.stuck.iter().take(STUCK_SHOWN) {
                        li {
                            a href=(format!("/admin/orders/{}", s.id)) { "#" (s.id) } " " (s.buyer.email) " · " (s.gateway.as_str()) " · "
                            code { (s.processor_ref.as_deref().unwrap_or(&s.payment_ref)) } " · " ((o.now - s.created_at) / 60) " min · "
                            (clock::display(s.created_at))
                        }
                    }
                }
                @if o.stuck.len() > STUCK_SHOWN {
                    p { a href="/admin/orders?status=pending" { "All pending orders" } " (the oldest "
                        (STUCK_SHOWN) " of " (o.stuck.len()) @if o.stuck.len() >= crate::db::orders::STUCK_LISTED { " or more" } " are shown here)." }
                }
            }
        }
            // Saved credentials that Kartra refuses or cannot be reached with are not a done step.
            @let connected = k.state == KartraState::Ok;
            @if !connected || o.products == 0 || published.is_empty() || !o.has_orders {
                section.panel {
                    h2 { "Getting started" }
                    ol.steps {
                        li.done[connected] { a href="/admin/settings/kartra" { "Connect Kartra" } " with your App's ID, API key and password." }
                        li.done[o.products > 0] { a href="/admin/products/new" { "Create a product" } " with its exact Kartra tag and its prices." }
                        li.done[!published.is_empty()] { a href="/admin/pages/new" { "Create and publish a checkout page" } " that sells it." }
                        li.done[o.has_orders] { a href="/admin/settings/gateways" { "Enable the test gateway" } ", buy on your page, and watch the order's timeline reach Kartra. Then turn it off and enable Stripe or PayPal." }
                    }
                }
            }
            (o.sales)
            div.cards {
                a.card href="/admin/products" { strong { (o.products) } span { "products" } }
                a.card href="/admin/pages" { strong { (o.pages.len()) } span { "pages" } }
                a.card href="/admin/pages" { strong { (published.len()) } span { "published" } }
            }
            @if !published.is_empty() {
                section.panel {
                    h2 { "Live pages" }
                    ul.plain {
                        @for p in &published {
                            li { a href=(format!("/p/{}", p.slug)) { (p.live.as_ref().map_or(&p.draft.title, |live| &live.title)) } " " small.muted { (o.public_url) "/p/" (p.slug) } }
                        }
                    }
                }
            }
        },
    )
}
