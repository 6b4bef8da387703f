//! What the worker knows about Kartra right now, for the health endpoint and the dashboard.

use super::PROBE_SECS;
use crate::clock::Timestamp;
use crate::domain::fulfillment::AttemptOutcome;
pub use crate::domain::fulfillment::KartraState;
use crate::kartra::Failure;
use serde::{Deserialize, Serialize};

/// The verdict of the last connection test, kept in settings so that a restart still knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectionTest {
    pub at: Timestamp,
    /// `Ok`, `Failing` or `CredentialsInvalid`.
    pub state: KartraState,
    pub error: Option<String>,
}

impl ConnectionTest {
    pub fn passed(at: Timestamp) -> ConnectionTest {
        ConnectionTest {
            at,
            state: KartraState::Ok,
            error: None,
        }
    }

    /// `None` when Kartra only asked us to slow down: that says nothing about the connection.
    pub fn failed(failure: &Failure, at: Timestamp) -> Option<ConnectionTest> {
        let state = match failure {
            Failure::RateLimited(_) => return None,
            Failure::CredentialsRejected { .. } => KartraState::CredentialsInvalid,
            // The test did not pass, whatever the reason: "ok" would be the lie.
            _ => KartraState::Failing,
        };
        Some(ConnectionTest {
            at,
            state,
            error: Some(failure.describe()),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Health {
    pub state: KartraState,
    pub last_error: Option<String>,
    /// While the credentials are rejected, no job runs before this time.
    pub paused_until: Option<Timestamp>,
    /// The state is the last connection test's verdict, not yet overtaken by a job's try.
    pub from_test: bool,
}

impl Health {
    pub fn paused(&self, now: Timestamp) -> bool {
        self.paused_until.is_some_and(|until| now < until)
    }

    pub fn not_configured(&mut self) {
        self.state = KartraState::NotConfigured;
    }

    pub fn credentials_changed(&mut self) {
        self.paused_until = None;
        if self.state == KartraState::CredentialsInvalid || self.state == KartraState::NotConfigured
        {
            self.state = KartraState::Ok;
            self.last_error = None;
        }
    }

    /// A connection test is as recent as the last job's try: whichever came later decides the state.
    pub fn record_test(&mut self, test: &ConnectionTest) {
        self.from_test = true;
        self.state = test.state;
        self.last_error = test.error.clone();
        match test.state {
            KartraState::CredentialsInvalid => self.paused_until = Some(test.at + PROBE_SECS),
            KartraState::Ok => self.paused_until = None,
            KartraState::Failing | KartraState::NotConfigured => {}
        }
    }

    /// A job's try moves the connection's state; `detail` is what the try said.
    pub fn record(&mut self, outcome: AttemptOutcome, detail: &str, now: Timestamp) {
        match outcome {
            AttemptOutcome::Done | AttemptOutcome::Parked => {
                self.state = KartraState::Ok;
                self.paused_until = None;
                // An error from before Kartra answered again is stale; a park sets its own below.
                self.last_error = None;
            }
            // Kartra is up and only asked us to slow down: nothing for the admin to fix.
            AttemptOutcome::RateLimited => return,
            AttemptOutcome::Retry => {
                self.state = KartraState::Failing;
                self.last_error = Some(detail.to_string());
            }
            AttemptOutcome::Paused => {
                self.state = KartraState::CredentialsInvalid;
                self.last_error = Some(detail.to_string());
                self.paused_until = Some(now + PROBE_SECS);
            }
        }
        if outcome == AttemptOutcome::Parked {
            self.last_error = Some(detail.to_string());
        }
        self.from_test = false;
    }
}

/// What the dashboard, the API and `/metrics` report about Kartra: the connection's state and
/// the queue.
#[derive(Serialize)]
pub struct KartraHealth {
    pub state: KartraState,
    pub queue_depth: i64,
    pub parked: i64,
    pub oldest_pending_age_s: Option<i64>,
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_credentials_pause_until_the_probe_or_new_credentials() {
        let mut h = Health::default();
        h.record(AttemptOutcome::Paused, "API key not valid", 100);
        assert_eq!(h.state, KartraState::CredentialsInvalid);
        assert!(h.paused(100 + PROBE_SECS - 1));
        assert!(!h.paused(100 + PROBE_SECS));
        h.credentials_changed();
        assert!(!h.paused(101));
        assert_eq!(h.state, KartraState::Ok);
    }

    #[test]
    fn transient_failures_mark_kartra_failing_until_a_job_succeeds() {
        let mut h = Health::default();
        h.record(AttemptOutcome::Retry, "HTTP 503", 1);
        assert_eq!(
            (h.state, h.last_error.as_deref()),
            (KartraState::Failing, Some("HTTP 503"))
        );
        assert!(
            !h.paused(1),
            "transient failures back off per job, not for the whole queue"
        );
        h.record(AttemptOutcome::Done, "confirmed", 2);
        assert_eq!(h.state, KartraState::Ok);
        assert_eq!(h.last_error, None, "no stale error beside ok");
    }

    #[test]
    fn a_refused_connection_test_pauses_the_queue_like_a_refused_job() {
        let mut h = Health::default();
        let refused = Failure::CredentialsRejected {
            kartra_type: "203".into(),
            message: "API key not valid".into(),
        };
        h.record_test(&ConnectionTest::failed(&refused, 100).unwrap());
        assert_eq!(h.state, KartraState::CredentialsInvalid);
        assert!(h
            .last_error
            .as_deref()
            .unwrap()
            .contains("API key not valid"));
        assert!(h.paused(100 + PROBE_SECS - 1));
        assert!(!h.paused(100 + PROBE_SECS));
    }

    #[test]
    fn the_newer_of_a_test_and_a_job_decides_and_a_pass_leaves_no_stale_error() {
        let mut h = Health::default();
        h.record(AttemptOutcome::Paused, "API key not valid", 1);
        h.record_test(&ConnectionTest::passed(2));
        assert_eq!((h.state, h.last_error.as_deref()), (KartraState::Ok, None));
        assert!(!h.paused(2));
        assert!(h.from_test);
        h.record(AttemptOutcome::Retry, "HTTP 503", 3);
        assert_eq!(h.state, KartraState::Failing);
        assert!(!h.from_test, "the job's try is newer than the test");
        let down = ConnectionTest::failed(&Failure::Transient("HTTP 503".into()), 4).unwrap();
        h.record_test(&down);
        assert_eq!(h.state, KartraState::Failing);
    }

    #[test]
    fn a_rate_limited_test_says_nothing_about_the_connection() {
        assert_eq!(
            ConnectionTest::failed(&Failure::RateLimited("HTTP 429".into()), 1),
            None
        );
    }

    #[test]
    fn new_credentials_end_a_refusal_and_its_error() {
        let mut h = Health::default();
        h.record(AttemptOutcome::Paused, "API key not valid", 1);
        h.credentials_changed();
        assert_eq!((h.state, h.last_error.as_deref()), (KartraState::Ok, None));
    }
}
