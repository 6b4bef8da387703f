use super::*;
use FulfillmentAction::{Grant, Revoke};

const NOW: Timestamp = 1_000_000;

fn order(status: OrderStatus) -> OrderTerms<'static> {
    OrderTerms {
        order_id: OrderId(1),
        status,
        access_until: None,
        renewal_failed_at: None,
        kartra_tag: "course",
        payment_failed_tag: None,
        revoke_on_refund: true,
        grace_days: 7,
    }
}

fn access(order: &OrderTerms) -> Access {
    of_order(order, NOW)[0].access
}

fn job(id: i64, action: FulfillmentAction, done: bool) -> QueuedJob {
    QueuedJob {
        id: JobId(id),
        action,
        done,
        leased: false,
        due_at: None,
    }
}

fn queue(action: FulfillmentAction, due_at: Option<Timestamp>) -> Change {
    Change::Queue { action, due_at }
}

#[test]
fn what_an_order_gives_follows_its_status_and_its_products_rules() {
    use OrderStatus::*;
    assert_eq!(access(&order(Completed)), Access::Ongoing);
    assert_eq!(access(&order(Pending)), Access::Ended);
    assert_eq!(access(&order(Failed)), Access::Ended);
    assert_eq!(access(&order(Refunded)), Access::Ended);
    let kept = OrderTerms {
        revoke_on_refund: false,
        ..order(Refunded)
    };
    assert_eq!(access(&kept), Access::Ongoing);
    let to_period_end = OrderTerms {
        access_until: Some(NOW + 10),
        ..order(Cancelled)
    };
    assert_eq!(access(&to_period_end), Access::Until(NOW + 10));
    let over = OrderTerms {
        access_until: Some(NOW),
        ..order(Cancelled)
    };
    assert_eq!(access(&over), Access::Ended);
    assert_eq!(access(&order(Cancelled)), Access::Ended);
}

#[test]
fn a_failing_renewal_keeps_access_for_the_grace_days_and_assigns_the_payment_failed_tag() {
    let failing = OrderTerms {
        renewal_failed_at: Some(NOW - DAY_SECS),
        payment_failed_tag: Some("pay-up"),
        ..order(OrderStatus::Completed)
    };
    let given = of_order(&failing, NOW);
    assert_eq!(given[0].access, Access::Until(NOW + 6 * DAY_SECS));
    assert!(given[0].why.contains("grace"), "{}", given[0].why);
    assert_eq!(
        (given[1].kartra_tag.as_str(), given[1].access),
        ("pay-up", Access::Ongoing)
    );
    let no_grace = OrderTerms {
        grace_days: 0,
        ..failing.clone()
    };
    assert_eq!(access(&no_grace), Access::Ended);
    let recovered = OrderTerms {
        renewal_failed_at: None,
        ..failing
    };
    assert_eq!(of_order(&recovered, NOW)[1].access, Access::Ended);
}

#[test]
fn a_subscription_cancelled_while_its_renewal_fails_keeps_no_more_than_the_grace_days() {
    let cancelled = OrderTerms {
        access_until: Some(NOW + 30 * DAY_SECS),
        renewal_failed_at: Some(NOW - DAY_SECS),
        ..order(OrderStatus::Cancelled)
    };
    assert_eq!(access(&cancelled), Access::Until(NOW + 6 * DAY_SECS));
}

#[test]
fn one_order_giving_the_tag_for_as_long_as_it_stands_outweighs_every_end() {
    use Access::*;
    assert_eq!(combine([Ended, Ongoing, Until(5)]), Desired::Present);
    assert_eq!(
        combine([Until(5), Ended, Until(9)]),
        Desired::PresentUntil(9)
    );
    assert_eq!(combine([Ended, Ended]), Desired::Absent);
    assert_eq!(combine([]), Desired::Absent);
}

#[test]
fn a_first_grant_is_queued_once() {
    assert_eq!(
        plan(Desired::Present, &[], false, NOW),
        [queue(Grant, None)]
    );
    let queued = [job(1, Grant, false)];
    assert!(plan(Desired::Present, &queued, false, NOW).is_empty());
    let done = [job(1, Grant, true)];
    assert!(plan(Desired::Present, &done, false, NOW).is_empty());
    assert_eq!(
        state_after(Desired::Present, &done),
        (EntitlementState::Granted, None)
    );
    assert_eq!(
        state_after(Desired::Present, &queued),
        (EntitlementState::Pending, None)
    );
}

#[test]
fn access_that_ends_queues_one_revoke_and_only_after_a_grant() {
    let granted = [job(1, Grant, true)];
    assert_eq!(
        plan(Desired::Absent, &granted, false, NOW),
        [queue(Revoke, None)]
    );
    assert!(
        plan(Desired::Absent, &[], false, NOW).is_empty(),
        "never granted"
    );
    let revoking = [job(1, Grant, true), job(2, Revoke, false)];
    assert!(plan(Desired::Absent, &revoking, false, NOW).is_empty());
    let revoked = [job(1, Grant, true), job(2, Revoke, true)];
    assert!(plan(Desired::Absent, &revoked, false, NOW).is_empty());
    assert_eq!(
        state_after(Desired::Absent, &revoked),
        (EntitlementState::Revoked, None)
    );
}

#[test]
fn access_until_a_time_is_a_revoke_due_then_moved_or_taken_back_as_orders_change() {
    let granted = [job(1, Grant, true)];
    let end = NOW + 30 * DAY_SECS;
    assert_eq!(
        plan(Desired::PresentUntil(end), &granted, false, NOW),
        [queue(Revoke, Some(end))]
    );
    let scheduled = QueuedJob {
        due_at: Some(end),
        ..job(2, Revoke, false)
    };
    let jobs = [job(1, Grant, true), scheduled];
    assert!(plan(Desired::PresentUntil(end), &jobs, false, NOW).is_empty());
    assert_eq!(
        state_after(Desired::PresentUntil(end), &jobs),
        (EntitlementState::ScheduledRevoke, Some(end))
    );
    assert_eq!(
        plan(Desired::PresentUntil(end + 5), &jobs, false, NOW),
        [Change::Reschedule {
            job: JobId(2),
            due_at: Some(end + 5)
        }]
    );
    // The buyer paid again, or bought again: the revoke is taken back; nothing else is sent.
    assert_eq!(
        plan(Desired::Present, &jobs, false, NOW),
        [Change::Cancel(JobId(2))]
    );
    // Refunded meanwhile: access ends now, not at the period's end.
    assert_eq!(
        plan(Desired::Absent, &jobs, false, NOW),
        [Change::Reschedule {
            job: JobId(2),
            due_at: None
        }]
    );
}

#[test]
fn a_revoke_in_a_workers_hands_is_followed_by_a_new_grant_rather_than_taken_back() {
    let running = QueuedJob {
        leased: true,
        ..job(2, Revoke, false)
    };
    let jobs = [job(1, Grant, true), running];
    assert_eq!(
        plan(Desired::Present, &jobs, false, NOW),
        [queue(Grant, None)]
    );
    let end = NOW + 100;
    assert_eq!(
        plan(Desired::PresentUntil(end), &jobs, false, NOW),
        [queue(Grant, None), queue(Revoke, Some(end))]
    );
}

#[test]
fn a_grant_still_queued_when_access_ends_is_followed_by_its_revoke() {
    let queued = [job(1, Grant, false)];
    assert_eq!(
        plan(Desired::Absent, &queued, false, NOW),
        [queue(Revoke, None)]
    );
}

#[test]
fn reapplying_sends_the_desired_state_again_whatever_was_done() {
    let granted = [job(1, Grant, true)];
    assert_eq!(
        plan(Desired::Present, &granted, true, NOW),
        [queue(Grant, None)]
    );
    let revoked = [job(1, Grant, true), job(2, Revoke, true)];
    assert_eq!(
        plan(Desired::Absent, &revoked, true, NOW),
        [queue(Revoke, None)]
    );
    let end = NOW + 100;
    let scheduled = [
        job(1, Grant, true),
        QueuedJob {
            due_at: Some(end),
            ..job(2, Revoke, false)
        },
    ];
    assert_eq!(
        plan(Desired::PresentUntil(end), &scheduled, true, NOW),
        [
            Change::Cancel(JobId(2)),
            queue(Grant, None),
            queue(Revoke, Some(end))
        ]
    );
    // A grant already queued is not doubled.
    let queued = [job(1, Grant, true), job(2, Grant, false)];
    assert!(plan(Desired::Present, &queued, true, NOW).is_empty());
}

#[test]
fn drift_is_kartra_disagreeing_with_a_settled_state() {
    use EntitlementState::*;
    assert!(drifted(Granted, Some(false)));
    assert!(drifted(ScheduledRevoke, Some(false)));
    assert!(drifted(Revoked, Some(true)));
    assert!(!drifted(Granted, Some(true)));
    assert!(!drifted(Pending, Some(false)), "the grant is on its way");
    assert!(!drifted(Granted, None), "never read back");
}

#[test]
fn every_entitlement_state_round_trips_and_matches_the_schema() {
    crate::domain::tests::round_trips(
        &EntitlementState::ALL,
        EntitlementState::as_str,
        EntitlementState::parse,
    );
    let schema = crate::db::SCHEMA;
    let table = &schema[schema.find("CREATE TABLE entitlements").unwrap()..];
    let check = &table[table.find("CHECK (state IN (").unwrap() + 17..];
    let listed: Vec<&str> = check[..check.find(')').unwrap()]
        .split(',')
        .map(|s| s.trim().trim_matches('\''))
        .collect();
    let ours: Vec<&str> = EntitlementState::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(listed, ours);
}
