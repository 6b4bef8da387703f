//! The test gateway's stand-in for a processor's payment page.

use crate::clock::{self, Timestamp};
use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::domain::order::OrderStatus;
use crate::domain::product::{Interval, OnCancel, PriceKind, Product};
use crate::domain::shop::ShopProfile;
use crate::i18n::{self, Locale};
use crate::views::layout;
use maud::{html, Markup};

/// The paid period a cancellation "at period end" keeps: from now, one billing interval of the
/// order's price, as the simulated processor bills it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextPeriod {
    pub ends_at: Timestamp,
    pub interval: Interval,
    pub interval_count: u32,
}

impl NextPeriod {
    /// `one month`, `3 weeks`.
    fn length(&self) -> String {
        match self.interval_count {
            1 => format!("one {}", self.interval.as_str()),
            n => format!("{n} {}s", self.interval.as_str()),
        }
    }

    /// How the end was counted, for the button's hint.
    fn rule(&self) -> &'static str {
        match self.interval {
            Interval::Month | Interval::Year => {
                "calendar months at the same time of day; a day the month lacks becomes its last, as 31 January + 1 month = 28 or 29 February"
            }
            Interval::Day | Interval::Week => "exact days of 24 hours",
        }
    }
}

/// One button and the sentence saying what it sends and what follows. The label is a
/// message id; the hint names webhook events, for the merchant testing, so stays English.
struct Button {
    action: &'static str,
    label: &'static str,
    class: &'static str,
    hint: String,
}

fn button(action: &'static str, label: &'static str, class: &'static str, hint: &str) -> Button {
    Button {
        action,
        label,
        class,
        hint: hint.to_string(),
    }
}

/// The buttons that apply to the order as it stands, `next_period` as of now.
fn buttons(order: &Order, product: &Product, next_period: Option<&NextPeriod>) -> Vec<Button> {
    let recurring = order.price_kind != PriceKind::OneTime;
    // A plan paid in full has no renewals left.
    let renews = recurring && !order.plan_finished();
    let failing = order.renewal_failed_at.is_some();
    let refund_hint = match product.revoke_on_refund {
        true => "Sends payment.refunded: the product removes access on a refund (unless another paid order of this buyer gives the same tag).",
        false => "Sends payment.refunded: the product keeps access after a refund.",
    };
    let cancel_now = button(
        "cancel",
        "test-pay-cancel-now",
        "danger",
        "Sends subscription.cancelled without a period end: access ends now.",
    );
    let cancel_at_end = next_period.map(|period| {
        let mut hint = format!(
            "Sends subscription.cancelled with period_end {}: one billing interval ({}) from now, counted in {}.",
            clock::display(period.ends_at),
            period.length(),
            period.rule()
        );
        if product.on_cancel == OnCancel::Immediately {
            hint.push_str(" This product ends access at once on any cancellation, so access ends now all the same.");
        } else {
            hint.push_str(" Access lasts until then.");
        }
        button(
            "cancel_at_period_end",
            "test-pay-cancel-at-period-end",
            "secondary",
            &hint,
        )
    });
    let mut shown = Vec::new();
    match order.status {
        OrderStatus::Pending | OrderStatus::Failed => {
            shown.push(button(
                "complete",
                "test-pay-complete",
                "pay",
                "Sends payment.completed: the order completes and the grant is queued.",
            ));
            shown.push(button(
                "pending",
                "test-pay-pending",
                "secondary",
                "Sends nothing: the order stays as it is.",
            ));
            if order.status == OrderStatus::Pending {
                shown.push(button(
                    "decline",
                    "test-pay-decline",
                    "danger",
                    "Sends payment.failed: the order fails and never reaches Kartra.",
                ));
            }
        }
        OrderStatus::Completed => {
            if renews {
                shown.push(button(
                    "renew",
                    "test-pay-renew",
                    "secondary",
                    "Sends subscription.renewed: the next payment went through (it also ends a failing streak).",
                ));
                let failed_hint = format!(
                    "Sends subscription.payment_failed: access lasts the product's {} grace days from the first failure, unless the renewal recovers.",
                    product.grace_days
                );
                shown.push(button(
                    "renewal_failed",
                    "test-pay-renewal-fails",
                    "secondary",
                    &failed_hint,
                ));
                if failing {
                    shown.push(button(
                        "recover",
                        "test-pay-recover",
                        "secondary",
                        "Sends subscription.recovered: the subscription is paid up again and access stays.",
                    ));
                }
            }
            shown.push(button(
                "refund",
                "test-pay-refund",
                "secondary",
                refund_hint,
            ));
            if recurring {
                shown.extend(cancel_at_end);
                shown.push(cancel_now);
            }
        }
        // A refund that kept access can still be followed by the subscription's end.
        OrderStatus::Refunded if recurring => {
            shown.extend(cancel_at_end);
            shown.push(cancel_now);
        }
        OrderStatus::Refunded | OrderStatus::Cancelled => {}
    }
    shown
}

/// The processor's stand-in page, in the language of the order's page.
pub fn page(
    order: &Order,
    product: &Product,
    next_period: Option<&NextPeriod>,
    l: Locale,
    shop: &ShopProfile,
) -> Markup {
    let amount = Currency::from_code(&order.currency)
        .map(|c| i18n::money(l, order.amount, c))
        .unwrap_or_default();
    let action = format!("/pay/test/{}", order.payment_ref);
    let shown = buttons(order, product, next_period);
    let plan_finished = order.status == OrderStatus::Completed && order.plan_finished();
    let when = |ts| i18n::date_time(l, ts) + " UTC";
    layout::public(
        l,
        &i18n::t(l, "test-pay-title"),
        shop,
        html! {
            main.checkout.test-gateway {
                p.badge { (i18n::t(l, "test-pay-badge")) }
                h1 { (product.name) }
                p.amount { (amount) }
                p { (i18n::t(l, "test-pay-buyer")) " " strong { (order.buyer.email) } }
                p { (i18n::t(l, "test-pay-status")) " " strong { (order.status.as_str()) } }
                @if let (OrderStatus::Completed, Some(since)) = (order.status, order.renewal_failed_at) {
                    p {
                        (i18n::t(l, "test-pay-renewal")) " "
                        strong { (i18n::t_with(l, "test-pay-failing-since", &[("date", when(since).as_str().into())])) }
                    }
                }
                @if let Some(until) = order.access_until {
                    p { (i18n::t(l, "test-pay-access-ends")) " " strong { (when(until)) } }
                }
                @if plan_finished {
                    p {
                        (i18n::t(l, "test-pay-plan")) " " strong { (i18n::t(l, "test-pay-paid-in-full")) }
                        " " (i18n::t(l, "test-pay-plan-end-keeps-access"))
                    }
                }
                @if !shown.is_empty() {
                    form method="post" action=(action) {
                        @for b in &shown {
                            button class=(b.class) type="submit" name="action" value=(b.action) title=(b.hint) { (i18n::t(l, b.label)) }
                        }
                    }
                    div.button-hints {
                        @for b in &shown {
                            p.hint { strong { (i18n::t(l, b.label)) } ": " (b.hint) }
                        }
                    }
                } @else {
                    p { (i18n::t(l, "test-pay-nothing-more")) }
                }
                p.hint { (i18n::t(l, "test-pay-each-button")) }
            }
        },
    )
}
