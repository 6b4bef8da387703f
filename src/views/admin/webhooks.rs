//! Settings → Webhooks: the endpoints, a new one's secret shown once, and each endpoint's
//! delivery log with Resend.

use super::settings::subnav;
use crate::clock;
use crate::db::webhooks::{Delivery, Endpoint};
use crate::domain::validation::FieldErrors;
use crate::views::components::{checkbox, csrf, error_summary, post_button, Input};
use crate::views::layout::{self, Nav};
use crate::webhooks_out::EVENTS;
use maud::{html, Markup};

pub struct WebhooksView<'a> {
    /// Each endpoint with its latest deliveries, newest first.
    pub endpoints: &'a [(Endpoint, Vec<Delivery>)],
    /// The secret of the endpoint just added: shown this once.
    pub created_secret: Option<&'a str>,
    pub typed_url: &'a str,
    pub typed_events: &'a [String],
    pub errors: &'a FieldErrors,
}

pub fn page(nav: &Nav, v: &WebhooksView) -> Markup {
    layout::admin(
        "Webhooks",
        nav,
        html! {
            (subnav("webhooks"))
            h1 { "Webhooks" }
            p { "tagcart posts signed JSON (Standard Webhooks) to these URLs when the events they chose happen, and tries again for 3 days when they do not answer with a 2xx." }
            @if let Some(secret) = v.created_secret {
                div.alert.ok role="status" {
                    p { strong { "Copy this signing secret now. " } "It is shown only once; your receiver checks each webhook's signature with it." }
                    input.token readonly value=(secret) aria-label="Signing secret";
                }
            }
            (error_summary(v.errors, &[]))
            form.stack method="post" action="/admin/settings/webhooks" novalidate {
                (csrf(nav.csrf))
                (Input::text("Endpoint URL", "url", v.typed_url).kind("url").hint("https, at a public address.").render(v.errors))
                fieldset {
                    legend { "Events" }
                    @if let Some(message) = v.errors.get("events") { small.error { (message) } }
                    @for event in EVENTS {
                        (checkbox(event, "events", v.typed_events.iter().any(|e| e == event), None))
                    }
                }
                div.actions { button.primary type="submit" { "Add endpoint" } }
            }
            @for (endpoint, log) in v.endpoints { (endpoint_section(nav, endpoint, log)) }
        },
    )
}

fn endpoint_section(nav: &Nav, e: &Endpoint, log: &[Delivery]) -> Markup {
    html! {
        section.panel {
            // An address has no spaces to wrap at: it breaks anywhere rather than widen a phone.
            h2.url { (e.url) }
            p { (e.events.join(", ")) }
            @if let Some(at) = e.disabled_at {
                div.alert.error role="alert" {
                    "Disabled on " (clock::display(at)) ": nothing sent to it was accepted for 3 days. Fix the receiver, then press Resend on a delivery to enable it again."
                }
            }
            (post_button(&format!("/admin/settings/webhooks/{}/delete", e.id), nav.csrf, "Delete endpoint", "danger small"))
            @if log.is_empty() {
                p { "Nothing sent yet." }
            } @else {
                table.list {
                    thead { tr { th { "Event" } th { "Queued" } th { "State" } th { "Tries" } th { "HTTP" } th { "Answer" } th { "Took" } th { } } }
                    tbody {
                        @for d in log {
                            tr {
                                td data-label="Event" { (d.event_type) " " small { code { (d.message_id()) } } }
                                td data-label="Queued" { (clock::display(d.created_at)) }
                                td data-label="State" { (d.state) }
                                td data-label="Tries" { (d.attempts) }
                                td data-label="HTTP" { (d.last_status.map(|s| s.to_string()).unwrap_or_default()) }
                                td data-label="Answer" { (d.last_error.as_deref().filter(|_| d.last_status.is_none()).or(d.last_answer.as_deref()).unwrap_or_default()) }
                                td data-label="Took" { (d.last_duration_ms.map(|ms| format!("{ms} ms")).unwrap_or_default()) }
                                td { (post_button(&format!("/admin/settings/webhooks/deliveries/{}/resend", d.id), nav.csrf, "Resend", "secondary small")) }
                            }
                        }
                    }
                }
            }
        }
    }
}
