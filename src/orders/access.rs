//! Keeps each buyer's entitlements in step with their orders, inside the transaction of the
//! event (or finished job) that changed something: the jobs it queues, moves or takes back are
//! committed with their cause, as every job is.

use crate::clock::Timestamp;
use crate::db::{self, jobs::NewJob};
use crate::domain::access::{self, Access, Change, Desired, QueuedJob};
use crate::domain::ids::OrderId;
use crate::domain::order::FulfillmentAction;
use rusqlite::Connection;

/// A lead is read back this long after a job, so a tag change Kartra applies "in a few moments"
/// has landed.
pub const READ_BACK_DELAY_SECS: i64 = 15;

/// Whether jobs already done count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The queue and what it did stand: only what changed is sent.
    Follow,
    /// Kartra was found to disagree (or the admin asked): the desired state is sent again.
    Reapply,
}

/// What settling changed in the queue, for the timeline of the event that caused it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Settled {
    /// Jobs queued.
    pub queued: usize,
    /// One phrase per change: `grant of "course" queued`.
    pub said: Vec<String>,
}

impl Settled {
    fn add(&mut self, other: Settled) {
        self.queued += other.queued;
        self.said.extend(other.said);
    }

    /// "access: grant of "course" queued; …", or "" when nothing changed.
    pub fn describe(&self) -> String {
        match self.said.is_empty() {
            true => String::new(),
            false => format!("access: {}", self.said.join("; ")),
        }
    }
}

fn phrase(change: &Change, tag: &str) -> String {
    let when = |due: &Option<Timestamp>| match due {
        Some(t) => format!("scheduled for {}", crate::clock::display(*t)),
        None => "queued".to_string(),
    };
    match change {
        Change::Queue { action, due_at } => {
            format!("{} of {tag:?} {}", action.as_str(), when(due_at))
        }
        Change::Reschedule { due_at, .. } => format!("revoke of {tag:?} moved: {}", when(due_at)),
        Change::Cancel(_) => format!("scheduled revoke of {tag:?} taken back"),
    }
}

/// Settles every tag `order_id` gives or gave.
pub fn settle_order(
    tx: &Connection,
    order_id: OrderId,
    now: Timestamp,
) -> rusqlite::Result<Settled> {
    let mut settled = Settled::default();
    let lines = db::entitlements::order(tx, order_id)?;
    let Some(email) = lines.first().map(|line| line.email.clone()) else {
        return Ok(settled);
    };
    let mut tags: Vec<String> = (lines.iter())
        .flat_map(|line| access::of_order(&line.terms(), now))
        .map(|given| given.kartra_tag)
        .collect();
    tags.extend(db::entitlements::tags_of_order(tx, order_id)?);
    tags.sort();
    tags.dedup();
    for tag in &tags {
        settled.add(settle(tx, &email, tag, Some(order_id), Mode::Follow, now)?);
    }
    Ok(settled)
}

/// Decides what the buyer should have for `kartra_tag` over all their orders, changes the queue
/// to carry it out, and records the entitlement. `cause`: the order whose event this is.
pub fn settle(
    tx: &Connection,
    email: &str,
    kartra_tag: &str,
    cause: Option<OrderId>,
    mode: Mode,
    now: Timestamp,
) -> rusqlite::Result<Settled> {
    let orders = db::entitlements::orders_for(tx, email, kartra_tag)?;
    let givers: Vec<(OrderId, Access)> = orders
        .iter()
        .map(|o| {
            let given = access::of_order(&o.terms(), now);
            let access = given.into_iter().find(|g| g.kartra_tag == kartra_tag);
            (o.order_id, access.map_or(Access::Ended, |g| g.access))
        })
        .collect();
    let desired = access::combine(givers.iter().map(|(_, a)| *a));
    let jobs = db::jobs::for_buyer_tag(tx, email, kartra_tag)?;
    let known = db::entitlements::get(tx, email, kartra_tag)?.is_some();
    if desired == Desired::Absent && jobs.is_empty() && !known {
        return Ok(Settled::default()); // never given: nothing to keep
    }
    let queued = |jobs: &[db::jobs::Job]| -> Vec<QueuedJob> {
        jobs.iter()
            .map(|j| QueuedJob {
                id: j.id,
                action: j.action,
                done: j.state == crate::domain::fulfillment::JobState::Done,
                leased: j.lease_until.is_some_and(|until| until > now),
                due_at: j.due_at,
            })
            .collect()
    };
    // A grant sends the details of the latest order giving access; a revoke is the cause's.
    let giver = givers
        .iter()
        .rev()
        .find(|(_, a)| *a != Access::Ended)
        .map(|(id, _)| *id);
    let fallback = orders
        .last()
        .map(|o| o.order_id)
        .or(jobs.last().map(|j| j.order_id));
    let mut settled = Settled::default();
    for change in access::plan(desired, &queued(&jobs), mode == Mode::Reapply, now) {
        settled.said.push(phrase(&change, kartra_tag));
        match change {
            Change::Queue { action, due_at } => {
                let order_id = match action {
                    FulfillmentAction::Grant => giver.or(cause),
                    FulfillmentAction::Revoke => cause.or(giver),
                };
                let Some(order_id) = order_id.or(fallback) else {
                    continue; // no order at all: nothing to act for
                };
                let job = NewJob {
                    order_id,
                    action,
                    email,
                    kartra_tag,
                    due_at,
                };
                db::jobs::enqueue(tx, &job, now)?;
                settled.queued += 1;
            }
            Change::Reschedule { job, due_at } => db::jobs::reschedule(tx, job, due_at, now)?,
            Change::Cancel(job) => db::jobs::cancel(tx, job, now)?,
        }
    }
    let jobs = db::jobs::for_buyer_tag(tx, email, kartra_tag)?;
    let (state, revoke_at) = access::state_after(desired, &queued(&jobs));
    let id = db::entitlements::save(tx, email, kartra_tag, state, revoke_at, now)?;
    for (order, (order_id, access)) in orders.iter().zip(&givers) {
        if order.kartra_tag == kartra_tag || *access != Access::Ended {
            db::entitlements::link(tx, id, *order_id)?;
        }
    }
    Ok(settled)
}

/// A job Kartra confirmed: its entitlement takes the new state, and its lead is read back soon.
pub fn job_done(tx: &Connection, job: &db::jobs::Job, now: Timestamp) -> rusqlite::Result<()> {
    let settled = settle(tx, &job.email, &job.kartra_tag, None, Mode::Follow, now)?;
    if !settled.said.is_empty() {
        tracing::info!(job = job.id.0, "{}", settled.describe());
    }
    db::entitlements::verify_at(tx, &job.email, &job.kartra_tag, now + READ_BACK_DELAY_SECS)
}

/// Builds every entitlement from the orders and jobs there are (a database made before
/// entitlements existed). A buyer whose tag an earlier version revoked although another
/// order still gave it gets the grant back.
pub fn settle_everyone(tx: &Connection, now: Timestamp) -> rusqlite::Result<usize> {
    let mut queued = 0;
    for (email, tag) in db::entitlements::every_buyer_tag(tx)? {
        queued += settle(tx, &email, &tag, None, Mode::Follow, now)?.queued;
    }
    Ok(queued)
}
