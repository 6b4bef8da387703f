//! An order's refund and cancel: the panel on the order page, the confirmation step, and the
//! record of every request with who made it and how the processor answered.

use crate::clock;
use crate::db::order_actions::{ActionKind, ActionState, OrderAction};
use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceKind;
use crate::gateways::registry;
use crate::gateways::Gateway;
use crate::views::components::csrf;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

fn money(amount: i64, currency: &str) -> String {
    Currency::from_code(currency)
        .map_or_else(|| format!("{amount} {currency}"), |c| c.format(amount))
}

/// What the processor has not yet confirmed, beside the order's status: "refund requested",
/// "cancels on 5 Jan 2027".
pub fn pending_badges(actions: &[OrderAction]) -> Markup {
    html! {
        @for a in actions.iter().filter(|a| a.state.open()) {
            " "
            @match (a.action, a.effective_at) {
                (ActionKind::Refund, _) => span.pill { "refund requested" },
                (ActionKind::Cancel, Some(at)) => span.pill { "cancels " (clock::display(at)) },
                (ActionKind::Cancel, None) => span.pill { "cancellation requested" },
            }
        }
    }
}

/// The refund and cancel forms, and the requests so far.
pub fn panel(o: &Order, actions: &[OrderAction], dashboard: Option<&str>, token: &str) -> Markup {
    let processor = registry::kind(o.gateway).title;
    let paid = matches!(o.status, OrderStatus::Completed | OrderStatus::Cancelled);
    let left = o.amount - o.refunded;
    let cancelling = (actions.iter()).any(|a| a.action == ActionKind::Cancel && a.state.open());
    let recurring =
        o.price_kind != PriceKind::OneTime && o.status == OrderStatus::Completed && !cancelling;
    let currency = Currency::from_code(&o.currency);
    html! {
        section.panel #refund-cancel {
            h2 { "Refund or cancel" }
            @if o.gateway == Gateway::NoProcessor {
                p.hint { "A coupon made this order free: no processor holds a payment for it." }
            } @else {
                p.hint {
                    "Asked of " (processor) ". The order changes when " (processor)
                    " confirms, as when you act in its own dashboard."
                    @if let Some(url) = dashboard {
                        " " a href=(url) target="_blank" rel="noopener" { "Open in " (processor) " ↗" }
                    }
                }
                @if o.refunded > 0 {
                    p { "Refunded so far: " strong { (money(o.refunded, &o.currency)) } " of " (money(o.amount, &o.currency)) "." }
                }
                @if paid && left > 0 {
                    form.stack method="post" action=(format!("/admin/orders/{}/refund", o.id)) {
                        (csrf(token))
                        label {
                            "Amount to refund (" (o.currency) ")"
                            input type="text" name="amount" inputmode="decimal"
                                value=(currency.map_or(left.to_string(), |c| c.to_major_text(left)));
                        }
                        p.hint { "Less than the whole payment is a partial refund: the buyer keeps access." }
                        label { "Reason (kept with the refund)" input type="text" name="reason" maxlength="255"; }
                        button.secondary type="submit" { "Refund…" }
                    }
                }
                @if recurring {
                    form.inline method="post" action=(format!("/admin/orders/{}/cancel", o.id)) {
                        (csrf(token))
                        button.secondary type="submit" name="when" value="period_end" { "Cancel at period end…" }
                        button.secondary type="submit" name="when" value="now" { "Cancel now…" }
                    }
                }
            }
            @if !actions.is_empty() {
                table {
                    thead { tr { th { "Asked" } th { "What" } th { "By" } th { "State" } } }
                    tbody {
                        @for a in actions {
                            tr {
                                td { (clock::display(a.created_at)) }
                                td { (describe(a, &o.currency)) }
                                td { (a.requested_by) }
                                td { (state(a)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn describe(a: &OrderAction, currency: &str) -> String {
    match a.action {
        ActionKind::Refund => {
            let amount = a.amount.map_or(String::new(), |x| money(x, currency));
            match a.reason.is_empty() {
                true => format!("refund {amount}"),
                false => format!("refund {amount}: {}", a.reason),
            }
        }
        ActionKind::Cancel if a.at_period_end == Some(false) => "cancel now".into(),
        ActionKind::Cancel => "cancel at period end".into(),
    }
}

fn state(a: &OrderAction) -> Markup {
    html! {
        @match a.state {
            ActionState::Requested => {
                "waiting for the processor"
                @if let Some(e) = &a.last_error { br; small { (e) } }
            }
            ActionState::Accepted => @match a.effective_at {
                Some(at) => { "scheduled by the processor for " (clock::display(at)) },
                None => "accepted; waiting for the processor's event",
            },
            ActionState::Done => "done",
            ActionState::Refused => {
                span.pill.bad { "refused" }
                @if let Some(e) = &a.last_error { br; small { (e) } }
            }
        }
    }
}

/// What the admin is asked to confirm.
pub enum Confirm {
    Refund { amount: i64, reason: String },
    Cancel { at_period_end: bool },
}

/// The confirmation step: what will happen, in words, and the button that does it.
pub fn confirm(nav: &Nav, o: &Order, what: &Confirm) -> Markup {
    let processor = registry::kind(o.gateway).title;
    let (title, action, fields, consequence) = match what {
        Confirm::Refund { amount, reason } => (
            format!("Refund {} of order #{}?", money(*amount, &o.currency), o.id),
            "refund",
            vec![
                (
                    "amount",
                    Currency::from_code(&o.currency)
                        .map_or(amount.to_string(), |c| c.to_major_text(*amount)),
                ),
                ("reason", reason.clone()),
            ],
            match *amount < o.amount - o.refunded {
                true => "A partial refund: the buyer keeps access.".to_string(),
                false => "The whole payment: access ends by the product's refund rule.".to_string(),
            },
        ),
        Confirm::Cancel { at_period_end } => (
            format!("Cancel the subscription of order #{}?", o.id),
            "cancel",
            vec![(
                "when",
                if *at_period_end { "period_end" } else { "now" }.to_string(),
            )],
            match at_period_end {
                true => {
                    "Nothing more is charged; access lasts until the paid period ends.".to_string()
                }
                false => "Nothing more is charged, and access ends now.".to_string(),
            },
        ),
    };
    layout::admin(
        &title,
        nav,
        html! {
            h1 { (title) }
            section.panel {
                p { (o.buyer.first_name) " " (o.buyer.last_name) " · " (o.buyer.email) }
                p { (consequence) " " (processor) " is asked at once; this cannot be undone here." }
                form.inline method="post" action=(format!("/admin/orders/{}/{action}", o.id)) {
                    (csrf(nav.csrf))
                    @for (name, value) in &fields {
                        input type="hidden" name=(name) value=(value);
                    }
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { "Yes, " (action) }
                    " "
                    a.button href=(format!("/admin/orders/{}", o.id)) { "Back" }
                }
            }
        },
    )
}
