//! Needs attention: payments that did not match their order, every parked or long-failing
//! job, grouped by cause, with the fix, and webhook endpoints disabled for failing.

use crate::clock;
use crate::db::entitlements::Entitlement;
use crate::db::jobs::Job;
use crate::db::orders::MismatchedEvent;
use crate::db::webhooks::Endpoint;
use crate::diagnostics::{Check, Status};
use crate::domain::ids::OrderId;
use crate::views::admin::access::{buyer_href, reapply_button, state_pill};
use crate::views::components::{csrf, post_button};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// Jobs that share a cause, and what fixes it.
pub struct Group {
    pub key: String,
    pub title: String,
    pub fix: String,
    pub jobs: Vec<Job>,
}

/// Groups by why the jobs are stuck, so one fix is shown once.
pub fn group(jobs: Vec<Job>) -> Vec<Group> {
    let mut groups: Vec<Group> = vec![];
    for job in jobs {
        let (key, title, fix) = match (job.park_reason.as_deref(), job.missing_tag()) {
            (Some("tag_missing"), Some(tag)) => (
                format!("tag:{tag}"),
                format!("Kartra has no tag named \"{tag}\""),
                format!("Create the tag \"{tag}\" in Kartra with exactly this name, or change the product's tag. Changing the tag, or a connection test that finds it, retries these by itself; so does a recheck every 10 minutes."),
            ),
            (Some("misconfigured"), _) => ("misconfigured".into(), "Kartra refused the call as misconfigured".into(),
                "Check that the Kartra API URL is https and that the product's tag is not empty, then retry.".into()),
            (Some("lead_deleted"), _) => ("lead_deleted".into(), "The buyer's lead was deleted in Kartra".into(),
                "Restore the lead in Kartra (or accept that this buyer has no access), then retry.".into()),
            (Some(_), _) => ("malformed".into(), "Kartra did not understand the request".into(),
                "This is a bug in tagcart; the message below says what Kartra answered. Retry after upgrading, or report it.".into()),
            (None, _) => ("failing".into(), "Kartra keeps failing for these".into(),
                "They retry by themselves with growing pauses. If Kartra is up again, retry now.".into()),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => g.jobs.push(job),
            None => groups.push(Group {
                key,
                title,
                fix,
                jobs: vec![job],
            }),
        }
    }
    groups
}

/// How long a payment that did not match its order stays listed.
pub const MISMATCH_DAYS: i64 = 30;

fn mismatches_panel(mismatches: &[MismatchedEvent]) -> Markup {
    html! {
        section.panel {
            h2 { "Payments that do not match their order " span.pill { (mismatches.len()) } }
            p { "A processor reported a payment that is not the order's own: another amount, another currency, or another payment than the one its checkout started. tagcart completed nothing and granted no access for it." }
            p { strong { "Fix: " } "Look the payment up in the processor's dashboard. If the buyer paid a different amount or currency, refund it there and ask them to buy again. If you changed the price at the processor, sell the new price in tagcart instead. Each is listed for " (MISMATCH_DAYS) " days." }
            table.list {
                thead { tr { th { "Order" } th { "Buyer" } th { "Processor event" } th { "What did not match" } th { "Received" } } }
                tbody {
                    @for m in mismatches {
                        tr {
                            td data-label="Order" { a href=(format!("/admin/orders/{}", m.order_id)) { "#" (m.order_id) } " " small { (m.order_status) } }
                            td data-label="Buyer" { (m.email) }
                            td data-label="Processor event" { (m.gateway.as_str()) " " (m.type_name) " " small { (m.event_id) } }
                            td data-label="What did not match" { (m.why) }
                            td data-label="Received" { (clock::display(m.received_at)) }
                        }
                    }
                }
            }
        }
    }
}

fn drift_panel(drifted: &[Entitlement], csrf_token: &str) -> Markup {
    html! {
        section.panel #drift {
            div.heading {
                h2 { "Kartra disagrees about these tags " span.pill { (drifted.len()) } }
                form.inline method="post" action="/admin/access/reapply-all" {
                    (csrf(csrf_token))
                    button.secondary type="submit" { "Re-apply all" }
                }
            }
            p { "When these buyers' leads were read back, Kartra did not carry a tag they have access to, or still carried one whose access ended. Someone may have changed the lead by hand, or a Kartra automation removes or assigns tags." }
            p { strong { "Fix: " } "Re-apply sends tagcart's answer to Kartra again: the tag is assigned, or removed, once more. If the same tag drifts again, look for the Kartra automation that changes it. To re-apply by itself, turn it on in "
                a href="/admin/settings/kartra#audit" { "Settings → Kartra" } "." }
            table.list {
                thead { tr { th { "Buyer" } th { "Tag" } th { "tagcart says" } th { "Kartra said" } th { "Action" } } }
                tbody {
                    @for e in drifted {
                        tr {
                            td data-label="Buyer" { a href=(buyer_href(&e.email)) { (e.email) } }
                            td data-label="Tag" { code { (e.kartra_tag) } }
                            td data-label="tagcart" { (state_pill(e.state)) }
                            td data-label="Kartra" {
                                (if e.in_kartra == Some(true) { "the lead carries the tag" } else { "the lead does not carry the tag" })
                                @if let Some(at) = e.verified_at { br; small.muted { "checked at " (clock::display(at)) } }
                            }
                            td { (reapply_button(e.id, csrf_token, "attention")) }
                        }
                    }
                }
            }
        }
    }
}

pub fn page(
    nav: &Nav,
    mismatches: &[MismatchedEvent],
    drifted: &[Entitlement],
    groups: &[Group],
    emails: &dyn Fn(OrderId) -> String,
    disabled_webhooks: &[Endpoint],
) -> Markup {
    layout::admin(
        "Needs attention",
        nav,
        html! {
            div.heading {
                h1 { "Needs attention" }
                @if !groups.is_empty() {
                    form.inline method="post" action="/admin/attention/retry" {
                        (csrf(nav.csrf))
                        button.primary type="submit" { "Retry all now" }
                    }
                }
            }
            @if !mismatches.is_empty() {
                (mismatches_panel(mismatches))
            }
            @if !drifted.is_empty() {
                (drift_panel(drifted, nav.csrf))
            }
            @if !disabled_webhooks.is_empty() {
                section.panel {
                    h2 { "Webhook endpoints disabled" " " span.pill { (disabled_webhooks.len()) } }
                    p { strong { "Fix: " } "Nothing sent to these was accepted for 3 days. Fix the receiver, then press Resend on a delivery in "
                        a href="/admin/settings/webhooks" { "Settings → Webhooks" } " to enable it again." }
                    ul { @for e in disabled_webhooks { li { (e.url) " (since " (e.disabled_at.map(clock::display).unwrap_or_default()) ")" } } }
                }
            }
            @if groups.is_empty() && mismatches.is_empty() && drifted.is_empty() && disabled_webhooks.is_empty() {
                p.empty { "Nothing: every paid buyer's Kartra job is done or on its way, and Kartra agrees with every tag read back." }
            }
            @for g in groups {
                section.panel {
                    h2 { (g.title) " " span.pill { (g.jobs.len()) } }
                    p { strong { "Fix: " } (g.fix) }
                    table.list {
                        thead { tr { th { "Order" } th { "Buyer" } th { "Job" } th { "Tries" } th { "Last error" } th { "Action" } } }
                        tbody {
                            @for j in &g.jobs {
                                tr {
                                    td data-label="Order" { a href=(format!("/admin/orders/{}", j.order_id)) { "#" (j.order_id) } }
                                    @let email = emails(j.order_id);
                                    td data-label="Buyer" { a href=(buyer_href(&email)) { (email) } }
                                    td data-label="Job" { (j.action.as_str()) " " (j.state.as_str()) }
                                    td data-label="Tries" { (j.attempts) }
                                    td data-label="Last error" { (j.last_error.as_deref().unwrap_or("")) }
                                    td { (post_button(&format!("/admin/attention/retry?job={}", j.id), nav.csrf, "Retry now", "secondary small")) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn checklist(checks: &[Check]) -> Markup {
    html! {
        ul.checklist {
            @for c in checks {
                @let (class, mark, label) = match c.status { Status::Ok => ("ok", "✓", "ok"), Status::Warning => ("warn", "!", "warning"), Status::Broken => ("bad", "✗", "broken") };
                li class=(class) {
                    span.mark role="img" aria-label=(label) { (mark) }
                    strong { (c.name) } " " span { (c.detail) }
                    @if let Some(fix) = &c.fix { small { "Fix: " (fix) } }
                }
            }
        }
    }
}

pub fn diagnostics(nav: &Nav, checks: &[Check]) -> Markup {
    layout::admin(
        "Diagnostics",
        nav,
        html! {
            h1 { "Diagnostics" }
            p { "The troubleshooting checklist, run just now against your database and your Kartra account (the same as " code { "tagcart doctor" } ")." }
            (checklist(checks))
        },
    )
}
