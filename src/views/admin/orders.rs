//! One order's whole story, and the pieces the list shares (`order_list`).

use crate::clock;
use crate::db::emails::Email;
use crate::db::entitlements::Entitlement;
use crate::db::jobs::{Attempt, Job};
use crate::db::order_actions::OrderAction;
use crate::db::order_lines::Line;
use crate::db::orders::{Order, StoredEvent};
use crate::diagnostics::Check;
use crate::domain::fulfillment::JobState;
use crate::domain::invoice::{Document, Kind};
use crate::domain::money::Currency;
use crate::domain::order::OrderStatus;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::domain::tax::VatCheck;
use crate::i18n::{self, Locale};
use crate::views::admin::access::{buyer_href, facts, order_links};
use crate::views::admin::attention::checklist;
use crate::views::admin::order_actions;
use crate::views::components::csrf;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

/// What the order charged (after its discount).
pub fn money(o: &Order) -> String {
    format_money(o.amount, &o.currency)
}

/// The order's price in words ("3 × $20.00 every month"): its option's rhythm with the
/// order's own price, or the kind's label once the option is gone; then the coupon that
/// took something off ("· coupon LAUNCH −$4.90").
pub fn price_words(o: &Order, lines: &[Line], terms: Option<&PriceTerms>) -> String {
    let main = terms.and_then(|t| crate::views::checkout::ordered_terms(o, lines, t));
    let bump = crate::views::checkout::bump_of(lines).map_or(String::new(), |b| {
        // A subscription bump renews with the main price, at its rhythm.
        let every = match (b.price_kind, &main) {
            (PriceKind::Subscription, Some(t)) => format!(
                " {}",
                crate::i18n::words::every(Locale::En, t.interval, t.interval_count.unwrap_or(1))
            ),
            _ => String::new(),
        };
        format!(
            " + {} {}{every}",
            b.product_name,
            format_money(b.amount, &b.currency)
        )
    });
    let price = match main {
        Some(t) => t.describe(),
        None => match o.price_kind {
            PriceKind::OneTime => format_money(o.subtotal, &o.currency),
            kind => format!(
                "{} ({})",
                format_money(o.subtotal, &o.currency),
                kind.label().to_lowercase()
            ),
        },
    };
    let price = format!("{price}{bump}");
    match &o.coupon_code {
        Some(code) if o.discount > 0 => format!(
            "{price} · coupon {code} −{}",
            format_money(o.discount, &o.currency)
        ),
        Some(code) => format!("{price} · coupon {code}"),
        None => price,
    }
}

fn format_money(amount: i64, currency: &str) -> String {
    Currency::from_code(currency)
        .map(|c| c.format(amount))
        .unwrap_or_else(|| format!("{amount} {currency}"))
}

pub fn status_pill(status: OrderStatus) -> Markup {
    let class = match status {
        OrderStatus::Completed => "pill ok",
        OrderStatus::Failed => "pill bad",
        _ => "pill",
    };
    html! { span class=(class) { (status.as_str()) } }
}

/// `grant done`, `grant pending (3 tries)`, `grant parked`, `revoke scheduled`.
pub fn job_summary(job: &Job) -> String {
    match (job.state.as_str(), job.attempts) {
        ("pending", 0) if job.due_at.is_some() => format!("{} scheduled", job.action.as_str()),
        ("pending", n) if n > 0 => format!(
            "{} pending ({})",
            job.action.as_str(),
            crate::domain::counted(n, "try", "tries")
        ),
        (state, _) => format!("{} {state}", job.action.as_str()),
    }
}

pub struct OrderView<'a> {
    pub order: &'a Order,
    /// The order's price option, while the product still has it.
    pub terms: Option<&'a PriceTerms>,
    pub product_name: &'a str,
    pub kartra_tag: &'a str,
    /// What the order buys; an order with more than its main line lists them all.
    pub lines: &'a [Line],
    /// The upsell's order the buyer accepted after this one.
    pub upsell: Option<&'a Order>,
    pub events: &'a [StoredEvent],
    pub jobs: &'a [Job],
    pub attempts: &'a [Attempt],
    /// The entitlements this order gives or gave.
    pub access: &'a [Entitlement],
    /// The troubleshooting checklist, when it was asked for.
    pub checks: Option<&'a [Check]>,
    /// The order's invoices and credit notes.
    pub documents: &'a [Document],
    /// The emails to the buyer about this order.
    pub emails: &'a [Email],
    /// Refunds and cancellations asked through tagcart.
    pub actions: &'a [OrderAction],
    /// The payment or subscription in the processor's dashboard.
    pub dashboard_url: Option<&'a str>,
}

pub fn page(nav: &Nav, v: &OrderView) -> Markup {
    let o = v.order;
    let b = &o.buyer;
    // One timeline: what the processor said, and what Kartra said, in time order.
    let mut timeline: Vec<(i64, String, String)> = vec![(
        o.created_at,
        "checkout".into(),
        format!("order placed with the {} gateway", o.gateway.as_str()),
    )];
    timeline.extend(v.events.iter().map(|e| {
        (
            e.received_at,
            format!("event {}", e.type_name),
            e.outcome.clone(),
        )
    }));
    timeline.extend(v.attempts.iter().map(|a| {
        let action = v
            .jobs
            .iter()
            .find(|j| j.id == a.job_id)
            .map(|j| j.action.as_str())
            .unwrap_or("job");
        (
            a.at,
            format!("{action}: {}", a.outcome.as_str()),
            a.detail.clone(),
        )
    }));
    timeline.extend(v.emails.iter().map(|e| {
        let what = format!("{} email", e.kind.as_str().replace('_', " "));
        let detail = match (e.state.as_str(), &e.last_error) {
            ("sent", _) => format!("sent to {}", e.to),
            ("rejected", Some(error)) => format!("refused for good: {error}"),
            (_, Some(error)) => format!("not sent yet ({} tries): {error}", e.attempts),
            _ => format!("queued for {}", e.to),
        };
        (e.sent_at.unwrap_or(e.created_at), what, detail)
    }));
    timeline.sort_by_key(|(at, _, _)| *at);
    layout::admin(
        &format!("Order #{}", o.id),
        nav,
        html! {
            h1 {
                "Order #" (o.id) " " (status_pill(o.status))
                @if o.processing { " " span.pill title="The processor has the payment and has not cleared it yet (a bank debit takes days)" { "processing" } }
                (order_actions::pending_badges(v.actions))
            }
        div.actions {
            a.button href=(format!("/admin/orders/{}?diagnose=1", o.id)) { "Run diagnostics" }
            @if o.status == OrderStatus::Completed {
                form.inline method="post" action=(format!("/admin/orders/{}/replay", o.id)) {
                    (csrf(nav.csrf))
                    button.secondary type="submit" name="action" value="replay" { "Replay grant" }
                    button.secondary type="submit" name="action" value="retrigger"
                        title="Removes the tag and assigns it again, so a Kartra automation that missed it runs" { "Re-trigger tag" }
                }
            }
        }
        @if let Some(checks) = v.checks {
            section.panel { h2 { "Diagnostics" } (checklist(checks)) }
        }
            div.columns {
                section.panel {
                    h2 { "Buyer" }
                    dl {
                        dt { "Name" } dd { (b.first_name) " " (b.last_name) }
                        dt { "Email" } dd { a href=(buyer_href(&b.email)) title="The buyer's orders and access" { (b.email) } }
                        @if !b.phone.is_empty() { dt { "Phone" } dd { (b.phone) } }
                        @let address = [&b.address, &b.city, &b.zip, &b.state, &b.country].iter().filter(|s| !s.is_empty()).map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                        @if !address.is_empty() { dt { "Address" } dd { (address) } }
                    }
                }
                section.panel {
                    h2 { "Payment" }
                    dl {
                        @if v.lines.len() > 1 {
                            dt { "Products" }
                            dd {
                                ul.lines {
                                    @for line in v.lines {
                                        li {
                                            a href=(format!("/admin/products/{}", line.product_id)) { (line.product_name) }
                                            " (" (line.kind.as_str()) ", " (format_money(line.amount, &line.currency)) ") "
                                            code { (line.kartra_tag) }
                                        }
                                    }
                                }
                            }
                        } @else {
                            dt { "Product" } dd { a href=(format!("/admin/products/{}", o.product_id)) { (v.product_name) } }
                            dt { "Kartra tag" } dd { code { (v.kartra_tag) } }
                        }
                        @if let Some(parent) = o.parent_order_id {
                            dt { "Upsell of" } dd { a href=(format!("/admin/orders/{parent}")) { "Order #" (parent) } }
                        }
                        @if let Some(u) = v.upsell {
                            dt { "Upsell" } dd { a href=(format!("/admin/orders/{}", u.id)) { "Order #" (u.id) } " " (status_pill(u.status)) " " (money(u)) }
                        }
                        dt { "Amount" } dd { (price_words(o, v.lines, v.terms)) }
                        @if let Some(rate) = o.sale_tax.rate() {
                            dt { "Tax" } dd {
                                (format_money(o.tax, &o.currency)) " at " (i18n::percent(Locale::En, rate))
                                @if o.sale_tax.reverse_charged() { " (reverse charge)" }
                            }
                            dt { "Charged" } dd { (format_money(o.amount, &o.currency)) " first payment, tax included" }
                        }
                        @if !o.sale_tax.company.is_empty() { dt { "Company" } dd { (o.sale_tax.company) } }
                        @if !o.sale_tax.vat_id.is_empty() {
                            dt { "VAT ID" } dd {
                                (o.sale_tax.vat_id)
                                @match o.sale_tax.vat_id_check {
                                    Some(VatCheck::Valid) => " · confirmed by VIES",
                                    Some(VatCheck::Unavailable) => " · VIES did not answer: tax was charged",
                                    _ => "",
                                }
                            }
                        }
                        @if !v.documents.is_empty() {
                            dt { "Invoices" } dd {
                                ul.lines {
                                    @for d in v.documents {
                                        li {
                                            a href=(format!("/admin/orders/{}/invoice/{}", o.id, d.number)) { (d.number) }
                                            " " (match d.kind { Kind::Invoice => "invoice", Kind::CreditNote => "credit note" })
                                            " · " (format_money(d.total, &d.currency))
                                        }
                                    }
                                }
                            }
                        }
                        dt { "Gateway" } dd { (o.gateway.as_str()) }
                        dt { "Payment ref" } dd { code { (o.payment_ref) } }
                        @if let Some(r) = &o.processor_ref {
                            dt { "Processor ref" } dd {
                                code { (r) }
                                @if let Some(url) = v.dashboard_url { " " a href=(url) target="_blank" rel="noopener" { "open ↗" } }
                            }
                        }
                        @if o.refunded > 0 { dt { "Refunded" } dd { (format_money(o.refunded, &o.currency)) } }
                        dt { "Placed" } dd { (clock::display(o.created_at)) }
                        @if let Some(at) = o.completed_at { dt { "Completed" } dd { (clock::display(at)) } }
                    }
                }
            }
            (access_panel(v))
            (order_actions::panel(o, v.actions, v.dashboard_url, nav.csrf))
            section.panel {
                h2 { "Kartra jobs" }
                @if v.jobs.is_empty() {
                    p.muted { "None: an order reaches Kartra only once the processor says it is paid." }
                } @else {
                    table.list {
                        thead { tr { th { "Job" } th { "Tag" } th { "State" } th { "Tries" } th { "Last error" } th { "Kartra lead" } th { "Done" } } }
                        tbody {
                            @for j in v.jobs {
                                tr {
                                    td data-label="Job" { (j.action.as_str()) }
                                    td data-label="Tag" { code { (j.kartra_tag) } }
                                    td data-label="State" { (job_state(j)) }
                                    td data-label="Tries" { (j.attempts) }
                                    td data-label="Last error" { (j.last_error.as_deref().unwrap_or("")) }
                                    td data-label="Kartra lead" { (j.kartra_lead_id.as_deref().unwrap_or("")) }
                                    td data-label="Done" { (j.done_at.map(clock::display).unwrap_or_default()) }
                                }
                            }
                        }
                    }
                }
            }
            @if !v.emails.is_empty() {
                section.panel {
                    h2 { "Emails" }
                    table.list {
                        thead { tr { th { "Email" } th { "To" } th { "State" } th { "Tries" } th { "" } } }
                        tbody {
                            @for e in v.emails {
                                tr {
                                    td data-label="Email" { (e.kind.as_str().replace('_', " ")) }
                                    td data-label="To" { (e.to) }
                                    td data-label="State" { (e.state) @if let Some(at) = e.sent_at { br; small.muted { (clock::display(at)) } } }
                                    td data-label="Tries" { (e.attempts) }
                                    td {
                                        form.inline method="post" action=(format!("/admin/orders/{}/emails/{}/resend", o.id, e.id)) {
                                            (csrf(nav.csrf))
                                            button.secondary type="submit" { "Resend" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.panel {
                h2 { "Timeline" }
                ol.timeline {
                    @for (at, what, detail) in &timeline {
                        li { time { (clock::display(*at)) } " " strong { (what) } " " span { (detail) } }
                    }
                }
            }
        },
    )
}

/// A job's state, with a scheduled job's time and when a cancelled one was taken back.
pub fn job_state(j: &Job) -> Markup {
    html! {
        (j.state.as_str())
        @match (j.state, j.due_at, j.cancelled_at) {
            (JobState::Pending | JobState::Parked, Some(due), _) => { br; small.muted { "scheduled for " (clock::display(due)) } },
            (JobState::Cancelled, _, Some(at)) => { br; small.muted { "taken back " (clock::display(at)) ", before it ran" } },
            _ => {},
        }
    }
}

fn access_panel(v: &OrderView) -> Markup {
    let email = &v.order.buyer.email;
    html! {
        section.panel #access {
            h2 { "Access" }
            p { "What this order gives, kept over all of the buyer's orders: " a href=(buyer_href(email)) { (email) "'s orders and access" } "." }
            @if v.access.is_empty() {
                p.muted { "None: access is recorded once the processor says the order is paid." }
            } @else {
                table.list {
                    thead { tr { th { "Tag" } th { "State" } th { "Also given by" } } }
                    tbody {
                        @for e in v.access {
                            @let others: Vec<_> = e.orders.iter().copied().filter(|id| *id != v.order.id).collect();
                            tr {
                                td data-label="Tag" { code { (e.kartra_tag) } }
                                td data-label="State" { (facts(e)) }
                                td data-label="Also given" {
                                    @if others.is_empty() { span.muted { "no other order" } } @else { (order_links(&others)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
