//! Reading a lead's tags back with `get_lead`: one call, no actions, `None` only for "no lead".

use std::sync::atomic::Ordering;

use super::{client, creds, fake_kartra};
use crate::kartra::{Failure, LeadTags};

const GOLD_AND_SILVER: &str = r#"{"status":"Success","lead_details":{"id":"1001","first_name":"Ann",
    "email":"ann@example.com","tags":[{"tag_name":"Gold"},{"tag_name":"Silver"}]}}"#;

#[test]
fn a_found_lead_gives_its_id_and_tags_in_one_call_sending_only_the_email() {
    let (url, requests) = fake_kartra(vec![(200, GOLD_AND_SILVER)]);
    let (client, before) = client(url);
    let outcome = client.lead_tags(&creds(), "ann@example.com");
    assert_eq!(
        outcome.result,
        Ok(Some(LeadTags {
            lead_id: Some("1001".into()),
            tags: vec!["Gold".into(), "Silver".into()],
        }))
    );
    assert_eq!((outcome.calls, before.load(Ordering::SeqCst)), (1, 1));
    assert_eq!(outcome.answers, ["get_lead: Success"]);
    let request = requests.recv().unwrap();
    let keys: Vec<&str> = request.pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["app_id", "api_key", "api_password", "get_lead[email]"]
    );
    assert_eq!(request.get("get_lead[email]"), Some("ann@example.com"));
}

#[test]
fn a_found_lead_without_tags_has_an_empty_list() {
    let bare = r#"{"status":"Success","lead_details":{"id":7,"tags":[]}}"#;
    let (url, _requests) = fake_kartra(vec![(200, bare)]);
    let outcome = client(url).0.lead_tags(&creds(), "ann@example.com");
    assert_eq!(
        outcome.result,
        Ok(Some(LeadTags {
            lead_id: Some("7".into()),
            tags: Vec::new(),
        }))
    );
}

#[test]
fn no_lead_found_is_none_whichever_type_kartra_uses() {
    let get_lead = r#"{"status":"Error","message":"No lead found","type":"234"}"#;
    let other = r#"{"status":"Error","message":"No lead found","type":243}"#;
    let (url, _requests) = fake_kartra(vec![(200, get_lead), (200, other)]);
    let client = client(url).0;
    let outcome = client.lead_tags(&creds(), "nobody@example.com");
    assert_eq!(outcome.result, Ok(None));
    assert_eq!(outcome.answers, ["get_lead: Error 234 No lead found"]);
    assert_eq!(
        client.lead_tags(&creds(), "nobody@example.com").result,
        Ok(None)
    );
}

#[test]
fn rejected_credentials_are_reported_with_their_type_and_redacted() {
    let echo = r#"{"status":"Error","message":"API password pw-secret-2 not valid","type":"233"}"#;
    let (url, _requests) = fake_kartra(vec![(200, echo)]);
    let outcome = client(url).0.lead_tags(&creds(), "ann@example.com");
    assert_eq!(
        outcome.result,
        Err(Failure::CredentialsRejected {
            kartra_type: "233".into(),
            message: "API password *** not valid".into()
        })
    );
    assert_eq!(
        outcome.answers,
        ["get_lead: Error 233 API password *** not valid"]
    );
}

#[test]
fn too_many_requests_is_rate_limited_whether_said_by_status_or_body() {
    for (status, body) in [
        (429, ""),
        (
            200,
            r#"{"status":"Error","message":"Too many requests","type":"999"}"#,
        ),
    ] {
        let (url, _requests) = fake_kartra(vec![(status, body)]);
        let outcome = client(url).0.lead_tags(&creds(), "ann@example.com");
        assert!(
            matches!(outcome.result, Err(Failure::RateLimited(_))),
            "{status} {body}: {:?}",
            outcome.result
        );
        assert_eq!(outcome.calls, 1);
    }
}

#[test]
fn failing_or_unreadable_answers_are_transient() {
    for (status, body) in [(503, "Service Unavailable"), (200, "<html>blocked</html>")] {
        let (url, _requests) = fake_kartra(vec![(status, body)]);
        let outcome = client(url).0.lead_tags(&creds(), "ann@example.com");
        assert!(
            matches!(outcome.result, Err(Failure::Transient(_))),
            "{status} {body}: {:?}",
            outcome.result
        );
    }
}

#[test]
fn a_success_without_readable_lead_details_is_malformed_never_no_tags() {
    let answers = [
        r#"{"status":"Success"}"#,
        r#"{"status":"Success","lead_details":{"id":"7"}}"#,
        r#"{"status":"Success","lead_details":{"id":"7","tags":[{"id":3}]}}"#,
        r#"{"status":"Error","message":"No email","type":"206"}"#,
    ];
    for body in answers {
        let (url, _requests) = fake_kartra(vec![(200, body)]);
        let outcome = client(url).0.lead_tags(&creds(), "ann@example.com");
        assert!(
            matches!(outcome.result, Err(Failure::Malformed { .. })),
            "{body}: {:?}",
            outcome.result
        );
    }
}
