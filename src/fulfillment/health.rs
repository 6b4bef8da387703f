//! What the worker knows about Kartra right now, for the health endpoint and the dashboard.

use super::run::JobOutcome;
use super::PROBE_SECS;
use crate::clock::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KartraState {
    #[default]
    Ok,
    Failing,
    CredentialsInvalid,
    NotConfigured,
}

#[derive(Debug, Clone, Default)]
pub struct Health {
    pub state: KartraState,
    pub last_error: Option<String>,
    /// While the credentials are rejected, no job runs before this time.
    pub paused_until: Option<Timestamp>,
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
        }
    }

    pub fn record(&mut self, outcome: &JobOutcome, now: Timestamp) {
        match outcome {
            JobOutcome::Done | JobOutcome::Parked(_) => {
                self.state = KartraState::Ok;
                self.paused_until = None;
            }
            // Kartra is up and only asked us to slow down: nothing for the admin to fix.
            JobOutcome::RateLimited(_) => {}
            JobOutcome::Retry(error) => {
                self.state = KartraState::Failing;
                self.last_error = Some(error.clone());
            }
            JobOutcome::Paused(error) => {
                self.state = KartraState::CredentialsInvalid;
                self.last_error = Some(error.clone());
                self.paused_until = Some(now + PROBE_SECS);
            }
        }
        if let JobOutcome::Parked(error) = outcome {
            self.last_error = Some(error.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_credentials_pause_until_the_probe_or_new_credentials() {
        let mut h = Health::default();
        h.record(&JobOutcome::Paused("API key not valid".into()), 100);
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
        h.record(&JobOutcome::Retry("HTTP 503".into()), 1);
        assert_eq!(
            (h.state, h.last_error.as_deref()),
            (KartraState::Failing, Some("HTTP 503"))
        );
        assert!(
            !h.paused(1),
            "transient failures back off per job, not for the whole queue"
        );
        h.record(&JobOutcome::Done, 2);
        assert_eq!(h.state, KartraState::Ok);
    }
}
