//! Orders and how processor events move them. States only move forward:
//! pending → completed → refunded | cancelled, and pending → failed.
//! Events can arrive out of order, so a transition also looks at the events already stored.

use crate::clock::Timestamp;
use crate::domain::product::OnCancel;
use serde::Serialize;

/// What a line of an order is: the page's product, the order bump ticked beside it, or the
/// one-click upsell bought after it (on its own order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Main,
    Bump,
    Upsell,
}

impl LineKind {
    pub const ALL: [LineKind; 3] = [LineKind::Main, LineKind::Bump, LineKind::Upsell];

    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Main => "main",
            LineKind::Bump => "bump",
            LineKind::Upsell => "upsell",
        }
    }

    pub fn parse(text: &str) -> Option<LineKind> {
        LineKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Completed,
    Failed,
    Refunded,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 5] = [
        OrderStatus::Pending,
        OrderStatus::Completed,
        OrderStatus::Failed,
        OrderStatus::Refunded,
        OrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Completed => "completed",
            OrderStatus::Failed => "failed",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(text: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A processor event, in the same words for every gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentEvent {
    /// The first payment went through (or a trial started).
    Completed,
    /// The processor has the first payment but has not cleared it yet (a SEPA debit takes
    /// days): the order stays pending, and says so to the buyer and the merchant.
    Processing,
    /// The first payment failed.
    Failed,
    /// The payment refunded in full.
    Refunded,
    /// Part of a payment refunded: the order keeps its status and its access, on every
    /// processor; the order shows what was refunded.
    PartlyRefunded,
    /// A later payment of a subscription or plan went through (it also ends a failing streak).
    Renewed,
    Cancelled,
    /// A later payment failed: access lasts the product's grace days unless it recovers.
    RenewalFailed,
    /// A failing subscription is in good standing again without a new payment event of its own.
    Recovered,
}

impl PaymentEvent {
    pub const ALL: [PaymentEvent; 9] = [
        PaymentEvent::Completed,
        PaymentEvent::Processing,
        PaymentEvent::Failed,
        PaymentEvent::Refunded,
        PaymentEvent::PartlyRefunded,
        PaymentEvent::Renewed,
        PaymentEvent::Cancelled,
        PaymentEvent::RenewalFailed,
        PaymentEvent::Recovered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentEvent::Completed => "completed",
            PaymentEvent::Processing => "processing",
            PaymentEvent::Failed => "failed",
            PaymentEvent::Refunded => "refunded",
            PaymentEvent::PartlyRefunded => "partly_refunded",
            PaymentEvent::Renewed => "renewed",
            PaymentEvent::Cancelled => "cancelled",
            PaymentEvent::RenewalFailed => "renewal_failed",
            PaymentEvent::Recovered => "recovered",
        }
    }
    pub fn parse(text: &str) -> Option<PaymentEvent> {
        PaymentEvent::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfillmentAction {
    Grant,
    Revoke,
}

impl FulfillmentAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FulfillmentAction::Grant => "grant",
            FulfillmentAction::Revoke => "revoke",
        }
    }
    pub fn parse(text: &str) -> Option<FulfillmentAction> {
        [FulfillmentAction::Grant, FulfillmentAction::Revoke]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// What one event does to an order: its new status, its access facts, and a line for the
/// order's timeline. Which Kartra jobs follow is not decided here but per buyer and tag, over
/// all their orders (`domain::access`).
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub status: OrderStatus,
    /// A cancellation: the paid access ends then (now, or the end of the paid period).
    pub access_until: Option<Timestamp>,
    pub renewal: Renewal,
    pub note: &'static str,
}

/// What an event says about the subscription's renewals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renewal {
    Unchanged,
    /// A renewal failed now (a streak already failing keeps its start).
    Failing,
    /// Paid up again: a failing streak is over.
    PaidUp,
}

fn stay(status: OrderStatus, note: &'static str) -> Transition {
    Transition {
        status,
        access_until: None,
        renewal: Renewal::Unchanged,
        note,
    }
}

/// What else a transition depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The product's choice: does a refund take access away?
    pub revoke_on_refund: bool,
    /// A payment plan with every installment paid: its subscription ending is no revoke.
    pub plan_finished: bool,
    /// The product's choice: does a cancelled subscription keep access to the period's end?
    pub on_cancel: OnCancel,
    /// The end of the period already paid for, as the cancelling event states it.
    pub period_end: Option<Timestamp>,
    pub now: Timestamp,
}

impl Facts {
    /// When a cancellation arriving now ends access.
    fn cancelled_until(&self) -> Timestamp {
        match (self.on_cancel, self.period_end) {
            (OnCancel::PeriodEnd, Some(end)) if end > self.now => end,
            _ => self.now,
        }
    }
}

/// Applies `event` to an order in `current` state. `earlier` holds the events already applied
/// to it, so a refund or cancellation that overtook the completion is honoured when it lands.
pub fn apply(
    current: OrderStatus,
    event: PaymentEvent,
    earlier: &[PaymentEvent],
    facts: Facts,
) -> Transition {
    use OrderStatus::*;
    use PaymentEvent as E;
    match (current, event) {
        // A renewal proves the first payment went through, even if its own event is late.
        (Pending | Failed, E::Completed | E::Renewed) => {
            if earlier.contains(&E::Cancelled) {
                stay(
                    Cancelled,
                    "payment completed, but the subscription was already cancelled: no access",
                )
            } else if earlier.contains(&E::Refunded) {
                stay(Refunded, "payment completed after its refund had arrived")
            } else {
                stay(Completed, "payment completed")
            }
        }
        (Completed, E::Renewed) => Transition {
            renewal: Renewal::PaidUp,
            ..stay(Completed, "renewal payment received")
        },
        (Completed, E::Recovered) => Transition {
            renewal: Renewal::PaidUp,
            ..stay(Completed, "the subscription is paid up again")
        },
        (Completed, E::RenewalFailed) => Transition {
            renewal: Renewal::Failing,
            ..stay(
                Completed,
                "a renewal payment failed: access lasts the product's grace days",
            )
        },
        (_, E::RenewalFailed | E::Recovered) => stay(
            current,
            "renewal news for an order that is not active: ignored",
        ),
        (_, E::Completed) => stay(current, "payment completed again: nothing to do"),
        (Pending | Failed, E::Processing) => stay(
            Pending,
            "processing: the processor has the payment and has not cleared it yet",
        ),
        (_, E::Processing) => stay(current, "processing after the fact: nothing to do"),
        (_, E::PartlyRefunded) => stay(current, "partly refunded: access stays"),
        (Pending, E::Failed) => stay(Failed, "payment failed"),
        (_, E::Failed) => stay(
            current,
            "payment failure after the order was settled: ignored",
        ),
        (Pending | Failed, E::Refunded) => stay(
            current,
            "refund arrived before the completion: applied when it completes",
        ),
        (Pending | Failed, E::Cancelled) => stay(
            current,
            "cancellation arrived before the completion: applied when it completes",
        ),
        (Completed, E::Refunded) if facts.revoke_on_refund => stay(Refunded, "refunded"),
        (Completed, E::Refunded) => stay(
            Refunded,
            "refunded: the product keeps access after a refund",
        ),
        (Completed, E::Cancelled) if facts.plan_finished => stay(
            Completed,
            "payment plan paid in full and ended: access kept",
        ),
        (Completed, E::Cancelled) => Transition {
            access_until: Some(facts.cancelled_until()),
            ..stay(Cancelled, "subscription cancelled")
        },
        // Refunded without revoking, then cancelled: now access ends too.
        (Refunded, E::Cancelled) if !facts.revoke_on_refund => Transition {
            access_until: Some(facts.cancelled_until()),
            ..stay(Refunded, "subscription cancelled")
        },
        (Refunded | Cancelled, _) => stay(current, "the order is settled: nothing to do"),
    }
}

#[cfg(test)]
mod tests {
    use super::OrderStatus::*;
    use super::PaymentEvent as E;
    use super::*;

    fn f(revoke_on_refund: bool) -> Facts {
        Facts {
            revoke_on_refund,
            plan_finished: false,
            on_cancel: OnCancel::PeriodEnd,
            period_end: None,
            now: 1000,
        }
    }

    #[test]
    fn a_finished_payment_plan_ends_keeping_access() {
        let facts = Facts {
            plan_finished: true,
            ..f(true)
        };
        let t = apply(Completed, E::Cancelled, &[E::Completed], facts);
        assert_eq!((t.status, t.access_until), (Completed, None));
    }

    #[test]
    fn pending_and_failed_orders_stay_without_access() {
        assert_eq!(
            apply(Pending, E::Failed, &[], f(true)),
            stay(Failed, "payment failed")
        );
        assert_eq!(apply(Pending, E::Refunded, &[], f(true)).status, Pending);
        assert_eq!(apply(Pending, E::Cancelled, &[], f(true)).status, Pending);
        let part = apply(Pending, E::Completed, &[E::PartlyRefunded], f(true));
        assert_eq!(part.status, Completed, "a partial refund is no refund");
        assert_eq!(
            apply(Pending, E::RenewalFailed, &[], f(true)).renewal,
            Renewal::Unchanged
        );
    }

    #[test]
    fn a_payment_that_succeeds_after_a_failed_attempt_completes() {
        assert_eq!(
            apply(Failed, E::Completed, &[E::Failed], f(true)).status,
            Completed
        );
        assert_eq!(apply(Pending, E::Renewed, &[], f(true)).status, Completed);
    }

    #[test]
    fn a_cancellation_keeps_access_to_the_period_end_unless_the_product_says_immediately() {
        let at_end = Facts {
            period_end: Some(5000),
            ..f(true)
        };
        let t = apply(Completed, E::Cancelled, &[E::Completed], at_end);
        assert_eq!((t.status, t.access_until), (Cancelled, Some(5000)));
        let now = Facts {
            on_cancel: OnCancel::Immediately,
            ..at_end
        };
        assert_eq!(
            apply(Completed, E::Cancelled, &[E::Completed], now).access_until,
            Some(1000)
        );
        let past = Facts {
            period_end: Some(10),
            ..f(true)
        };
        assert_eq!(
            apply(Completed, E::Cancelled, &[E::Completed], past).access_until,
            Some(1000),
            "a period already over ends access now"
        );
        let kept = Facts {
            revoke_on_refund: false,
            ..at_end
        };
        let kept_after_refund = apply(Refunded, E::Cancelled, &[E::Refunded], kept);
        assert_eq!(kept_after_refund.access_until, Some(5000));
        assert_eq!(
            apply(Refunded, E::Cancelled, &[E::Refunded], f(true)).access_until,
            None,
            "a refund that revoked leaves nothing to end"
        );
    }

    #[test]
    fn renewals_fail_and_recover_only_on_active_orders() {
        let failing = apply(Completed, E::RenewalFailed, &[E::Completed], f(true));
        assert_eq!(
            (failing.status, failing.renewal),
            (Completed, Renewal::Failing)
        );
        for recovery in [E::Recovered, E::Renewed] {
            let t = apply(Completed, recovery, &[E::RenewalFailed], f(true));
            assert_eq!(t.renewal, Renewal::PaidUp, "{recovery:?}");
        }
        let t = apply(Cancelled, E::Recovered, &[E::Cancelled], f(true));
        assert_eq!((t.status, t.renewal), (Cancelled, Renewal::Unchanged));
    }

    #[test]
    fn a_cancellation_or_refund_that_overtook_the_completion_is_honoured() {
        assert_eq!(
            apply(Pending, E::Completed, &[E::Cancelled], f(true)).status,
            Cancelled
        );
        assert_eq!(
            apply(Pending, E::Completed, &[E::Refunded], f(false)).status,
            Refunded
        );
    }

    #[test]
    fn settled_orders_ignore_late_events() {
        for event in PaymentEvent::ALL {
            let t = apply(Cancelled, event, &[E::Completed, E::Cancelled], f(true));
            assert_eq!((t.status, t.access_until), (Cancelled, None), "{event:?}");
        }
        assert_eq!(
            apply(Completed, E::Failed, &[E::Completed], f(true)).status,
            Completed
        );
    }
}
