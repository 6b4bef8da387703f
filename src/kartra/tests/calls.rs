//! Transport failures, revoke, the connection test, and keeping credentials out of texts.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use url::Url;

use super::{client, creds, fake_kartra, BUYER};
use crate::kartra::{Client, Failure};

#[test]
fn too_many_requests_is_rate_limited_whatever_its_type() {
    for (status, body) in [
        (429, ""),
        (
            200,
            r#"{"status":"Error","message":"Too many requests","type":"999"}"#,
        ),
    ] {
        let (url, _requests) = fake_kartra(vec![(status, body)]);
        let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
        assert!(
            matches!(outcome.result, Err(Failure::RateLimited(_))),
            "{status} {body}: {:?}",
            outcome.result
        );
    }
}

#[test]
fn unreadable_busy_or_failing_answers_are_transient() {
    let cases = [
        (200, "<html>Access denied</html>"),
        (200, r#"["not", "an", "answer"]"#),
        (500, r#"{"status":"Error","type":"203"}"#),
        (503, "Service Unavailable"),
        (302, ""),
    ];
    for (status, body) in cases {
        let (url, requests) = fake_kartra(vec![(status, body)]);
        let outcome = client(url).0.grant(&creds(), &BUYER, "vip");
        assert!(
            matches!(outcome.result, Err(Failure::Transient(_))),
            "{status} {body}: {:?}",
            outcome.result
        );
        assert_eq!(outcome.calls, 1, "{status} {body}");
        assert_eq!(
            requests.try_iter().count(),
            1,
            "{status} {body}: a redirect is not followed"
        );
        assert!(
            outcome.answers[0].starts_with("create_lead, assign_tag: ") || status == 200,
            "{:?}",
            outcome.answers
        );
    }
}

#[test]
fn a_server_that_never_answers_times_out_as_transient() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap(); // never accepts: the kernel completes the handshake
    let url = Url::parse(&format!("http://{}/api", listener.local_addr().unwrap())).unwrap();
    let client = Client::with_timeouts(
        url,
        Arc::new(|| {}),
        Duration::from_millis(300),
        Duration::from_millis(300),
    );
    let started = Instant::now();
    let outcome = client.account_tags(&creds());
    assert!(
        matches!(outcome.result, Err(Failure::Transient(_))),
        "{:?}",
        outcome.result
    );
    assert!(
        outcome.answers[0].contains("timed out"),
        "{:?}",
        outcome.answers
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(listener);
}

#[test]
fn revoke_is_done_when_the_tag_is_removed_or_the_lead_does_not_exist() {
    let removed = r#"{"status":"Success","actions":[{"unassign_tag":{"status":"Success","message":"Tag removed","type":"104","lead_details":{"id":"9"}}}]}"#;
    let no_lead = r#"{"status":"Error","message":"No lead found","type":"243"}"#;
    let (url, requests) = fake_kartra(vec![(200, removed), (200, no_lead)]);
    let client = client(url).0;
    assert_eq!(
        client.revoke(&creds(), "ann@example.com", "vip").result,
        Ok(Some("9".into()))
    );
    assert_eq!(
        client.revoke(&creds(), "gone@example.com", "vip").result,
        Ok(None)
    );
    let request = requests.recv().unwrap();
    assert_eq!(request.get("actions[0][cmd]"), Some("unassign_tag"));
    assert_eq!(request.get("lead[email]"), Some("ann@example.com"));
}

#[test]
fn account_tags_lists_names_and_a_success_without_them_is_malformed() {
    let tags = r#"{"status":"Success","account_tags":["vip","Course A"]}"#;
    let (url, requests) = fake_kartra(vec![(200, tags), (200, r#"{"status":"Success"}"#)]);
    let client = client(url).0;
    let outcome = client.account_tags(&creds());
    assert_eq!(
        outcome.result,
        Ok(vec!["vip".to_string(), "Course A".to_string()])
    );
    assert_eq!(outcome.answers, ["retrieve_account_tags: Success"]);
    assert!(matches!(
        client.account_tags(&creds()).result,
        Err(Failure::Malformed { .. })
    ));
    let request = requests.recv().unwrap();
    assert_eq!(request.get("api_password"), Some("pw-secret-2"));
    assert_eq!(
        request.get("actions[0][cmd]"),
        Some("retrieve_account_tags")
    );
}

#[test]
fn credentials_echoed_by_kartra_never_reach_summaries_or_failures() {
    let echo = r#"{"status":"Error","message":"API key key-secret-1 not valid","type":"203"}"#;
    let (url, _requests) = fake_kartra(vec![(200, echo)]);
    let outcome = client(url).0.account_tags(&creds());
    let failure = outcome.result.unwrap_err().describe();
    for text in outcome.answers.iter().chain([&failure]) {
        assert!(
            !text.contains("key-secret-1") && text.contains("***"),
            "{text}"
        );
    }
}

#[test]
fn debug_of_credentials_hides_the_secrets() {
    let shown = format!("{:?}", creds());
    assert!(shown.contains("app-123"));
    assert!(!shown.contains("key-secret-1") && !shown.contains("pw-secret-2"));
    assert!(shown.contains("***"));
}
