//! Orders and how processor events move them. States only move forward:
//! pending → completed → refunded | cancelled, and pending → failed.
//! Events can arrive out of order, so a transition also looks at the events already stored.

use serde::Serialize;

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
    Completed,
    Failed,
    Refunded,
    Renewed,
    Cancelled,
}

impl PaymentEvent {
    pub const ALL: [PaymentEvent; 5] = [
        PaymentEvent::Completed,
        PaymentEvent::Failed,
        PaymentEvent::Refunded,
        PaymentEvent::Renewed,
        PaymentEvent::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentEvent::Completed => "completed",
            PaymentEvent::Failed => "failed",
            PaymentEvent::Refunded => "refunded",
            PaymentEvent::Renewed => "renewed",
            PaymentEvent::Cancelled => "cancelled",
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

/// What one event does to an order: its new status, the Kartra jobs to queue, and a line
/// for the order's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub status: OrderStatus,
    pub jobs: Vec<FulfillmentAction>,
    pub note: &'static str,
}

fn stay(status: OrderStatus, note: &'static str) -> Transition {
    Transition {
        status,
        jobs: vec![],
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
}

/// Applies `event` to an order in `current` state. `earlier` holds the events already applied
/// to it, so a refund or cancellation that overtook the completion is honoured when it lands.
pub fn apply(
    current: OrderStatus,
    event: PaymentEvent,
    earlier: &[PaymentEvent],
    facts: Facts,
) -> Transition {
    let revoke_on_refund = facts.revoke_on_refund;
    use OrderStatus::*;
    use PaymentEvent as E;
    match (current, event) {
        // A renewal proves the first payment went through, even if its own event is late.
        (Pending | Failed, E::Completed | E::Renewed) => {
            if earlier.contains(&E::Cancelled) {
                stay(Cancelled, "payment completed, but the subscription was already cancelled: no access granted")
            } else if earlier.contains(&E::Refunded) {
                let jobs = if revoke_on_refund {
                    vec![]
                } else {
                    vec![FulfillmentAction::Grant]
                };
                Transition {
                    status: Refunded,
                    jobs,
                    note: "payment completed after its refund had arrived",
                }
            } else {
                Transition {
                    status: Completed,
                    jobs: vec![FulfillmentAction::Grant],
                    note: "payment completed: grant queued",
                }
            }
        }
        (Completed, E::Renewed) => stay(Completed, "renewal payment received"),
        (_, E::Completed) => stay(current, "payment completed again: nothing to do"),
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
        (Completed, E::Refunded) if revoke_on_refund => Transition {
            status: Refunded,
            jobs: vec![FulfillmentAction::Revoke],
            note: "refunded: revoke queued",
        },
        (Completed, E::Refunded) => stay(
            Refunded,
            "refunded: the product keeps access after a refund",
        ),
        (Completed, E::Cancelled) if facts.plan_finished => stay(
            Completed,
            "payment plan paid in full and ended: access kept",
        ),
        (Completed, E::Cancelled) => Transition {
            status: Cancelled,
            jobs: vec![FulfillmentAction::Revoke],
            note: "subscription cancelled: revoke queued",
        },
        // Refunded without revoking, then cancelled: now access ends.
        (Refunded, E::Cancelled) if !revoke_on_refund => Transition {
            status: Refunded,
            jobs: vec![FulfillmentAction::Revoke],
            note: "subscription cancelled: revoke queued",
        },
        (Refunded | Cancelled, _) => stay(current, "the order is settled: nothing to do"),
    }
}

#[cfg(test)]
mod tests {
    use super::FulfillmentAction::{Grant, Revoke};
    use super::OrderStatus::*;
    use super::PaymentEvent as E;
    use super::*;

    fn f(revoke_on_refund: bool) -> Facts {
        Facts {
            revoke_on_refund,
            plan_finished: false,
        }
    }

    #[test]
    fn a_finished_payment_plan_ends_without_a_revoke() {
        let facts = Facts {
            revoke_on_refund: true,
            plan_finished: true,
        };
        let t = apply(Completed, E::Cancelled, &[E::Completed], facts);
        assert_eq!((t.status, t.jobs.len()), (Completed, 0));
    }

    #[test]
    fn completion_grants_once() {
        assert_eq!(apply(Pending, E::Completed, &[], f(true)).jobs, vec![Grant]);
        let again = apply(Completed, E::Completed, &[E::Completed], f(true));
        assert_eq!((again.status, again.jobs.len()), (Completed, 0));
    }

    #[test]
    fn pending_and_failed_orders_queue_nothing() {
        assert_eq!(
            apply(Pending, E::Failed, &[], f(true)),
            stay(Failed, "payment failed")
        );
        assert!(apply(Failed, E::Failed, &[E::Failed], f(true))
            .jobs
            .is_empty());
        assert!(apply(Pending, E::Refunded, &[], f(true)).jobs.is_empty());
        assert!(apply(Pending, E::Cancelled, &[], f(true)).jobs.is_empty());
    }

    #[test]
    fn a_payment_that_succeeds_after_a_failed_attempt_completes() {
        assert_eq!(
            apply(Failed, E::Completed, &[E::Failed], f(true)).status,
            Completed
        );
    }

    #[test]
    fn refund_and_cancellation_revoke_after_completion() {
        assert_eq!(
            apply(Completed, E::Refunded, &[E::Completed], f(true)).jobs,
            vec![Revoke]
        );
        let kept = apply(Completed, E::Refunded, &[E::Completed], f(false));
        assert_eq!((kept.status, kept.jobs.len()), (Refunded, 0));
        assert_eq!(
            apply(Completed, E::Cancelled, &[E::Completed], f(true)).jobs,
            vec![Revoke]
        );
        assert_eq!(
            apply(
                Refunded,
                E::Cancelled,
                &[E::Completed, E::Refunded],
                f(false)
            )
            .jobs,
            vec![Revoke]
        );
        assert!(apply(
            Refunded,
            E::Cancelled,
            &[E::Completed, E::Refunded],
            f(true)
        )
        .jobs
        .is_empty());
    }

    #[test]
    fn a_cancellation_that_overtook_the_completion_leaves_no_access() {
        let t = apply(Pending, E::Completed, &[E::Cancelled], f(true));
        assert_eq!((t.status, t.jobs.len()), (Cancelled, 0));
        let refunded_first = apply(Pending, E::Completed, &[E::Refunded], f(true));
        assert_eq!(
            (refunded_first.status, refunded_first.jobs.len()),
            (Refunded, 0)
        );
        assert_eq!(
            apply(Pending, E::Completed, &[E::Refunded], f(false)).jobs,
            vec![Grant]
        );
    }

    #[test]
    fn a_renewal_before_the_first_completion_completes_the_order() {
        assert_eq!(apply(Pending, E::Renewed, &[], f(true)).jobs, vec![Grant]);
        assert!(apply(Completed, E::Renewed, &[E::Completed], f(true))
            .jobs
            .is_empty());
    }

    #[test]
    fn settled_orders_ignore_late_events() {
        for event in [E::Completed, E::Failed, E::Refunded, E::Renewed] {
            let t = apply(Cancelled, event, &[E::Completed, E::Cancelled], f(true));
            assert_eq!((t.status, t.jobs.len()), (Cancelled, 0), "{event:?}");
        }
        assert_eq!(
            apply(Completed, E::Failed, &[E::Completed], f(true)).status,
            Completed
        );
    }
}
