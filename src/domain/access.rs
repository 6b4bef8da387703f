//! Access per buyer and Kartra tag (an entitlement), decided over ALL of the buyer's orders:
//! a refund of one order never removes a tag that another paid, active order still gives.
//!
//! Three steps, all pure:
//! 1. `of_order`: what one order gives, per tag, now (for as long as it stands, until a time,
//!    or no longer), with a sentence saying why;
//! 2. `combine`: what the buyer should have for one tag, over the orders that give it;
//! 3. `plan`: the job changes that bring the queue (what tagcart last told Kartra, and what it
//!    will tell it) in line with that; `state_after` names the entitlement's state.

use crate::clock::{self, Timestamp};
use crate::domain::ids::{JobId, OrderId};
use crate::domain::order::{FulfillmentAction, OrderStatus};
use serde::Serialize;

pub const DAY_SECS: i64 = 86_400;

/// What one order gives for one tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// For as long as the order stands.
    Ongoing,
    /// Until then (a cancellation at period end, a failing renewal's grace).
    Until(Timestamp),
    /// Nothing any more (or never: a pending or failed order).
    Ended,
}

/// The facts of one order that access depends on, and its product's rules.
#[derive(Debug, Clone)]
pub struct OrderTerms<'a> {
    pub order_id: OrderId,
    pub status: OrderStatus,
    pub access_until: Option<Timestamp>,
    pub renewal_failed_at: Option<Timestamp>,
    pub kartra_tag: &'a str,
    pub payment_failed_tag: Option<&'a str>,
    pub revoke_on_refund: bool,
    pub grace_days: u32,
}

/// What an order gives for one tag, and why, in the dashboard's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub kartra_tag: String,
    pub access: Access,
    pub why: String,
}

/// The tags `order` gives (or gave) and what it gives for each, at `now`.
pub fn of_order(order: &OrderTerms, now: Timestamp) -> Vec<Given> {
    use OrderStatus::*;
    let until = |t: Timestamp| {
        if t > now {
            Access::Until(t)
        } else {
            Access::Ended
        }
    };
    let day = |t: Timestamp| clock::display(t);
    let (access, why) = match order.status {
        Pending => (Access::Ended, "not paid yet".to_string()),
        Failed => (Access::Ended, "its payment failed".to_string()),
        Completed => match order.renewal_failed_at {
            None => (Access::Ongoing, "paid".to_string()),
            Some(since) => {
                let end = since + i64::from(order.grace_days) * DAY_SECS;
                let access = until(end);
                let why = match access {
                    Access::Ended => format!(
                        "renewal failing since {}: the {} grace days are over",
                        day(since),
                        order.grace_days
                    ),
                    _ => format!(
                        "renewal failing since {}: access kept for the grace days, until {}, unless it recovers",
                        day(since),
                        day(end)
                    ),
                };
                (access, why)
            }
        },
        Refunded if order.revoke_on_refund => (Access::Ended, "refunded".to_string()),
        Refunded => match order.access_until {
            None => (
                Access::Ongoing,
                "refunded; the product keeps access after a refund".to_string(),
            ),
            Some(end) => ended_or_until(until(end), "refunded, then cancelled", end),
        },
        Cancelled => match order.access_until {
            None => (Access::Ended, "cancelled".to_string()),
            // Cancelled while a renewal was failing: the period named was never paid for, so
            // the grace days still bound it.
            Some(end) => {
                let end = match order.renewal_failed_at {
                    Some(since) => end.min(since + i64::from(order.grace_days) * DAY_SECS),
                    None => end,
                };
                ended_or_until(until(end), "cancelled", end)
            }
        },
    };
    let mut given = vec![Given {
        kartra_tag: order.kartra_tag.to_string(),
        access,
        why,
    }];
    if let Some(tag) = order.payment_failed_tag {
        let failing = order.status == Completed && order.renewal_failed_at.is_some();
        given.push(Given {
            kartra_tag: tag.to_string(),
            access: if failing {
                Access::Ongoing
            } else {
                Access::Ended
            },
            why: if failing {
                "renewal failing: the buyer is asked to pay".into()
            } else {
                "no renewal failing".into()
            },
        });
    }
    given
}

fn ended_or_until(access: Access, what: &str, end: Timestamp) -> (Access, String) {
    let why = match access {
        Access::Ended => format!("{what}; access ended {}", clock::display(end)),
        _ => format!("{what}; access lasts until {}", clock::display(end)),
    };
    (access, why)
}

/// What the buyer should have for one tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desired {
    Present,
    /// Present until then, and absent after.
    PresentUntil(Timestamp),
    Absent,
}

/// Any order giving the tag for as long as it stands wins; otherwise the latest end.
pub fn combine(accesses: impl IntoIterator<Item = Access>) -> Desired {
    let mut latest = None;
    for access in accesses {
        match access {
            Access::Ongoing => return Desired::Present,
            Access::Until(t) => latest = latest.max(Some(t)),
            Access::Ended => {}
        }
    }
    latest.map_or(Desired::Absent, Desired::PresentUntil)
}

/// Where one job of a buyer's tag is, as `plan` needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuedJob {
    pub id: JobId,
    pub action: FulfillmentAction,
    /// Kartra confirmed it.
    pub done: bool,
    /// A worker is carrying it out right now: it can no longer be taken back.
    pub leased: bool,
    /// Not before then (a scheduled revoke).
    pub due_at: Option<Timestamp>,
}

/// A change to the queue of one buyer's tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Queue {
        action: FulfillmentAction,
        due_at: Option<Timestamp>,
    },
    Reschedule {
        job: JobId,
        due_at: Option<Timestamp>,
    },
    Cancel(JobId),
}

/// What tagcart has told, or will tell, Kartra last about the tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Told(FulfillmentAction),
    /// Re-applying after drift: whatever the queue says, Kartra may hold anything.
    Unknown,
}

/// The changes that make the jobs of one buyer's tag (in queue order, cancelled ones left out)
/// carry out `desired`. `reapply`: Kartra was found to disagree, so the jobs already done count
/// for nothing and the desired state is sent again.
pub fn plan(desired: Desired, jobs: &[QueuedJob], reapply: bool, now: Timestamp) -> Vec<Change> {
    use FulfillmentAction::{Grant, Revoke};
    let counted: Vec<&QueuedJob> = jobs.iter().filter(|j| !(reapply && j.done)).collect();
    // A revoke at the end of the queue that no worker holds yet can still be moved or taken back.
    let trailing = counted
        .last()
        .filter(|j| j.action == Revoke && !j.done && !j.leased)
        .copied();
    let before = match counted.len() - usize::from(trailing.is_some()) {
        0 if reapply => Last::Unknown,
        0 => Last::Nothing,
        n => Last::Told(counted[n - 1].action),
    };
    let granted = before == Last::Told(Grant);
    let queue = |action, due_at| Change::Queue { action, due_at };
    let mut changes = Vec::new();
    match desired {
        Desired::Present => {
            changes.extend(trailing.map(|j| Change::Cancel(j.id)));
            if !granted {
                changes.push(queue(Grant, None));
            }
        }
        Desired::PresentUntil(end) => match trailing {
            Some(job) if granted => {
                if job.due_at != Some(end) {
                    changes.push(Change::Reschedule {
                        job: job.id,
                        due_at: Some(end),
                    });
                }
            }
            _ => {
                changes.extend(trailing.map(|j| Change::Cancel(j.id)));
                if !granted {
                    changes.push(queue(Grant, None));
                }
                changes.push(queue(Revoke, Some(end)));
            }
        },
        Desired::Absent => match trailing {
            Some(job) if job.due_at.is_some_and(|due| due > now) => {
                changes.push(Change::Reschedule {
                    job: job.id,
                    due_at: None,
                });
            }
            Some(_) => {}
            None if matches!(before, Last::Told(Grant) | Last::Unknown) => {
                changes.push(queue(Revoke, None));
            }
            None => {}
        },
    }
    changes
}

/// An entitlement's state, in the API's and the dashboard's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntitlementState {
    /// Access is due; Kartra has not confirmed the grant yet.
    Pending,
    Granted,
    /// Access ends at `revoke_at`; the revoke is queued for then.
    ScheduledRevoke,
    Revoked,
}

impl EntitlementState {
    pub const ALL: [EntitlementState; 4] = [
        EntitlementState::Pending,
        EntitlementState::Granted,
        EntitlementState::ScheduledRevoke,
        EntitlementState::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntitlementState::Pending => "pending",
            EntitlementState::Granted => "granted",
            EntitlementState::ScheduledRevoke => "scheduled_revoke",
            EntitlementState::Revoked => "revoked",
        }
    }
    pub fn parse(text: &str) -> Option<EntitlementState> {
        EntitlementState::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
    }
    pub fn label(self) -> &'static str {
        match self {
            EntitlementState::Pending => "Pending",
            EntitlementState::Granted => "Granted",
            EntitlementState::ScheduledRevoke => "Scheduled revoke",
            EntitlementState::Revoked => "Revoked",
        }
    }
    /// Whether the tag should be on the lead in Kartra now.
    pub fn expects_tag(self) -> bool {
        !matches!(self, EntitlementState::Revoked)
    }
}

/// The entitlement's state once the queue (after `plan`'s changes) carries out `desired`,
/// and when access ends if that is scheduled.
pub fn state_after(desired: Desired, jobs: &[QueuedJob]) -> (EntitlementState, Option<Timestamp>) {
    let last = jobs.last();
    match desired {
        Desired::Present
            if last.is_some_and(|j| j.done && j.action == FulfillmentAction::Grant) =>
        {
            (EntitlementState::Granted, None)
        }
        Desired::Present => (EntitlementState::Pending, None),
        Desired::PresentUntil(end) => (EntitlementState::ScheduledRevoke, Some(end)),
        Desired::Absent => match last {
            Some(j) if j.action == FulfillmentAction::Revoke && !j.done => {
                (EntitlementState::ScheduledRevoke, j.due_at)
            }
            _ => (EntitlementState::Revoked, None),
        },
    }
}

/// Kartra disagrees with the entitlement (the last read-back said so).
pub fn drifted(state: EntitlementState, in_kartra: Option<bool>) -> bool {
    matches!(
        (state, in_kartra),
        (
            EntitlementState::Granted | EntitlementState::ScheduledRevoke,
            Some(false)
        ) | (EntitlementState::Revoked, Some(true))
    )
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
