//! Grants: one call for a new buyer, two for a returning one, done only on assign_tag's word.

use std::sync::atomic::Ordering;

use super::{client, creds, fake_kartra, BUYER};
use crate::kartra::{Failure, Granted};

const CREATED_AND_TAGGED: &str = r#"{"status":"Success","actions":[
    {"create_lead":{"status":"Success","message":"Lead created","type":"100","lead_details":{"id":42}}},
    {"assign_tag":{"status":"Success","message":"Tag added to lead","type":"103"}}]}"#;

#[test]
fn grant_for_a_new_buyer_is_one_call_that_creates_and_tags() {
    let (url, requests) = fake_kartra(vec![(200, CREATED_AND_TAGGED)]);
    let (client, before) = client(url);
    let outcome = client.grant(&creds(), &BUYER, "vip");
    assert_eq!(
        outcome.result,
        Ok(Granted {
            lead_id: Some("42".into()),
            created: true
        })
    );
    assert_eq!(outcome.calls, 1);
    assert_eq!(before.load(Ordering::SeqCst), 1);
    assert_eq!(
        outcome.answers,
        ["create_lead: Success 100 Lead created; assign_tag: Success 103 Tag added to lead"]
    );
    let request = requests.recv().unwrap();
    assert!(request.head.starts_with("POST /api HTTP/1.1"));
    assert!(request
        .head
        .to_ascii_lowercase()
        .contains("content-type: application/x-www-form-urlencoded"));
    assert_eq!(request.get("actions[0][cmd]"), Some("create_lead"));
    assert_eq!(request.get("actions[1][tag_name]"), Some("vip"));
}

#[test]
fn grant_for_a_returning_buyer_edits_after_the_aborted_create() {
    let aborted = r#"{"status":"Error","actions":[{"create_lead":{"status":"Error","message":"Lead already exists","type":"244"}}]}"#;
    let edited = r#"{"status":"Success","actions":[{"edit_lead":{"status":"Success","lead_details":{"id":"77"}}},
        {"assign_tag":{"status":"Success","message":"Tag added to lead","type":"103"}}]}"#;
    let (url, requests) = fake_kartra(vec![(200, aborted), (200, edited)]);
    let (client, before) = client(url);
    let outcome = client.grant(&creds(), &BUYER, "vip");
    assert_eq!(
        outcome.result,
        Ok(Granted {
            lead_id: Some("77".into()),
            created: false
        })
    );
    assert_eq!((outcome.calls, before.load(Ordering::SeqCst)), (2, 2));
    assert_eq!(
        outcome.answers[0],
        "create_lead: Error 244 Lead already exists; assign_tag: not run"
    );
    let (first, second) = (requests.recv().unwrap(), requests.recv().unwrap());
    assert_eq!(first.get("actions[0][cmd]"), Some("create_lead"));
    assert_eq!(second.get("lead[email]"), Some("ann@example.com"));
    assert_eq!(second.get("actions[0][cmd]"), Some("edit_lead"));
    assert_eq!(second.get("actions[1][cmd]"), Some("assign_tag"));
    assert_eq!(second.get("actions[1][tag_name]"), Some("vip"));
}

#[test]
fn a_top_level_244_also_leads_to_the_edit_call() {
    let exists = r#"{"status":"Error","message":"Lead already exists","type":244}"#;
    let tagged = r#"{"status":"Success","actions":[{"edit_lead":{"status":"Success"}},{"assign_tag":{"status":"Success","type":"103"}}]}"#;
    let (url, _requests) = fake_kartra(vec![(200, exists), (200, tagged)]);
    let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
    assert_eq!(
        outcome.result,
        Ok(Granted {
            lead_id: None,
            created: false
        })
    );
    assert_eq!(outcome.calls, 2);
}

#[test]
fn an_assign_tag_error_under_a_top_level_success_is_a_failure() {
    let missing = r#"{"status":"Success","actions":[{"create_lead":{"status":"Success","lead_details":{"id":"7"}}},
        {"assign_tag":{"status":"Error","message":"Tag does not exist","type":"214"}}]}"#;
    let (url, _requests) = fake_kartra(vec![(200, missing)]);
    let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
    let failure = outcome.result.unwrap_err();
    assert_eq!(
        failure,
        Failure::TagMissing {
            tag: "vip".into(),
            message: "Tag does not exist".into()
        }
    );
    assert_eq!(
        failure.to_string(),
        "Kartra has no tag named \"vip\" (Tag does not exist)"
    );
    assert_eq!(outcome.calls, 1);
}

#[test]
fn a_bare_success_without_the_assign_tag_report_is_not_done() {
    let (url, _requests) = fake_kartra(vec![(200, r#"{"status":"Success"}"#)]);
    let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
    assert!(
        matches!(outcome.result, Err(Failure::Malformed { .. })),
        "{:?}",
        outcome.result
    );
    assert_eq!(
        outcome.answers,
        ["create_lead: not run; assign_tag: not run"]
    );
}

#[test]
fn a_credentials_error_at_top_level_is_reported_with_its_type() {
    let (url, _requests) = fake_kartra(vec![(
        200,
        r#"{"status":"Error","message":"API key not valid","type":"203"}"#,
    )]);
    let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
    assert_eq!(
        outcome.result,
        Err(Failure::CredentialsRejected {
            kartra_type: "203".into(),
            message: "API key not valid".into()
        })
    );
    assert_eq!(
        outcome.answers,
        ["kartra: Error 203 API key not valid; create_lead: not run; assign_tag: not run"]
    );
}

#[test]
fn a_244_whose_chain_still_assigned_the_tag_is_done_in_one_call() {
    let both = r#"{"status":"Error","actions":[{"create_lead":{"status":"Error","type":"244","lead_details":{"id":"5"}}},
        {"assign_tag":{"status":"Success","message":"Tag added to lead","type":"103"}}]}"#;
    let (url, _requests) = fake_kartra(vec![(200, both)]);
    let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
    assert_eq!(
        outcome.result,
        Ok(Granted {
            lead_id: Some("5".into()),
            created: false
        })
    );
    assert_eq!(outcome.calls, 1);
}
