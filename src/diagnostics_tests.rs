//! The checklist's checks, each from the facts it is given.

use super::*;

#[test]
fn credentials_missing_rejected_or_unreachable_each_say_what_to_do() {
    assert!(any_broken(&credentials_checks(&None)));
    let rejected = Some(Err(Failure::CredentialsRejected {
        kartra_type: "203".into(),
        message: "API key not valid".into(),
    }));
    let checks = credentials_checks(&rejected);
    assert!(
        any_broken(&checks)
            && checks[1]
                .fix
                .as_deref()
                .unwrap()
                .contains("Settings → Kartra")
    );
    let down = credentials_checks(&Some(Err(Failure::Transient("HTTP 503".into()))));
    assert!(!any_broken(&down) && down[1].status == Status::Warning);
    assert!(!any_broken(&credentials_checks(&Some(Ok(
        vec!["a".into()]
    )))));
}

#[test]
fn a_missing_tag_is_named_with_its_fix() {
    let probe = Some(Ok(vec!["vip".to_string()]));
    let checks = tag_checks(
        &[
            ("Course".into(), "vip".into()),
            ("Club".into(), "club-member".into()),
        ],
        &probe,
    );
    assert_eq!(checks[0].status, Status::Ok);
    assert_eq!(checks[1].status, Status::Broken);
    assert!(
        checks[1].detail.contains("club-member")
            && checks[1].fix.as_deref().unwrap().contains("club-member")
    );
    assert!(
        tag_checks(&[("Course".into(), "vip".into())], &None).is_empty(),
        "unknown without the account's tags"
    );
}

fn entitlement(state: EntitlementState, in_kartra: Option<bool>) -> Entitlement {
    Entitlement {
        id: crate::domain::ids::EntitlementId(1),
        email: "ann@example.com".into(),
        kartra_tag: "course".into(),
        state,
        revoke_at: None,
        in_kartra,
        verified_at: in_kartra.map(|_| 1_800_000_000),
        verify_after: None,
        orders: vec![crate::domain::ids::OrderId(1)],
        updated_at: 0,
    }
}

#[test]
fn a_tag_kartra_lost_breaks_and_kartra_down_only_warns() {
    use EntitlementState::*;
    let there = access_checks(&[entitlement(Granted, Some(true))], Ok(()));
    assert_eq!(there[0].status, Status::Ok);
    assert!(
        there[0]
            .detail
            .starts_with("yes (checked at 2027-01-15 08:00 UTC)"),
        "{:?}",
        there[0]
    );
    assert!(there[0].name.contains("\"course\""));

    let lost = access_checks(&[entitlement(Granted, Some(false))], Ok(()));
    assert_eq!(lost[0].status, Status::Broken);
    assert!(lost[0].detail.starts_with("no (checked at "));
    let fix = lost[0].fix.as_deref().unwrap();
    assert!(
        fix.contains("Needs attention") && fix.contains("automations"),
        "{fix}"
    );

    let stuck_on = access_checks(&[entitlement(Revoked, Some(true))], Ok(()));
    assert_eq!(stuck_on[0].status, Status::Broken);
    let gone = access_checks(&[entitlement(Revoked, Some(false))], Ok(()));
    assert_eq!(
        gone[0].status,
        Status::Ok,
        "revoked and gone, as it should be"
    );

    let down = Failure::Transient("HTTP 503".into());
    let unasked = access_checks(&[entitlement(Granted, Some(true))], Err(&down));
    assert_eq!(unasked[0].status, Status::Warning);
    assert!(
        unasked[0].detail.contains(&down.describe())
            && unasked[0].detail.contains("Last read back: yes"),
        "{:?}",
        unasked[0]
    );
}

#[test]
fn parked_jobs_break_and_late_ones_warn() {
    let ok = queue_checks(&QueueStats {
        queue_depth: 2,
        parked: 0,
        oldest_pending_age_s: Some(30),
    });
    assert!(ok.iter().all(|c| c.status == Status::Ok));
    let bad = queue_checks(&QueueStats {
        queue_depth: 5,
        parked: 3,
        oldest_pending_age_s: Some(3600),
    });
    assert_eq!(
        (bad[0].status, bad[1].status),
        (Status::Broken, Status::Warning)
    );
}
