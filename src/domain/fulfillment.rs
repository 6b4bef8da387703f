//! The words of the Kartra queue. Two of them are easy to confuse:
//! - `AttemptOutcome`: how ONE try of one job ended (a row of `fulfillment_attempts`, the
//!   `outcome` label of `/metrics`' Kartra calls, a line of the order's timeline);
//! - `KartraState`: the state of the Kartra CONNECTION that those outcomes (and connection
//!   tests) move (the health API's `state`, part of the public interface).
//!
//! Each variant has one string, its `as_str`, used everywhere it is written down.

use serde::{Deserialize, Serialize};

/// Where a fulfillment job is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting to run, or backing off after a failed try.
    Pending,
    /// Kartra confirmed the tag action.
    Done,
    /// Retrying cannot help until someone changes something (see its park reason).
    Parked,
    /// Taken back before it ran: a scheduled revoke whose buyer paid again or bought again.
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Pending,
        JobState::Done,
        JobState::Parked,
        JobState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Done => "done",
            JobState::Parked => "parked",
            JobState::Cancelled => "cancelled",
        }
    }
    pub fn parse(text: &str) -> Option<JobState> {
        JobState::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// How one try of a fulfillment job ended. Not the connection's state: see `KartraState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    /// Kartra confirmed the tag action.
    Done,
    /// Kartra could not be reached: this job backs off and counts a try.
    Retry,
    /// Kartra asked for a pause: every call waits a second; the job runs again right after.
    RateLimited,
    /// Kartra refused the credentials: the whole queue waits, no try is counted.
    Paused,
    /// Retrying cannot help until someone changes something (a missing tag).
    Parked,
}

impl AttemptOutcome {
    pub const ALL: [AttemptOutcome; 5] = [
        AttemptOutcome::Done,
        AttemptOutcome::Retry,
        AttemptOutcome::RateLimited,
        AttemptOutcome::Paused,
        AttemptOutcome::Parked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptOutcome::Done => "done",
            AttemptOutcome::Retry => "retry",
            AttemptOutcome::RateLimited => "rate_limited",
            AttemptOutcome::Paused => "paused",
            AttemptOutcome::Parked => "parked",
        }
    }
    pub fn parse(text: &str) -> Option<AttemptOutcome> {
        AttemptOutcome::ALL.into_iter().find(|o| o.as_str() == text)
    }
    /// Whether the try counts against the job (a pause or a rate limit is not the job's fault).
    pub fn counts(self) -> bool {
        !matches!(self, AttemptOutcome::RateLimited | AttemptOutcome::Paused)
    }
}

/// The state of the Kartra connection, as the health API (`state`), `/metrics`
/// (`tagcart_kartra_state`), the dashboard and alerts see it. Attempts' outcomes move it; it
/// is not one of them (see `AttemptOutcome`). Its strings are the public interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KartraState {
    #[default]
    Ok,
    /// Kartra could not be reached on the last try: jobs back off and retry.
    Failing,
    /// Kartra refused the credentials: the queue is paused until they work.
    CredentialsInvalid,
    NotConfigured,
}

impl KartraState {
    pub const ALL: [KartraState; 4] = [
        KartraState::Ok,
        KartraState::Failing,
        KartraState::CredentialsInvalid,
        KartraState::NotConfigured,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KartraState::Ok => "ok",
            KartraState::Failing => "failing",
            KartraState::CredentialsInvalid => "credentials_invalid",
            KartraState::NotConfigured => "not_configured",
        }
    }
    pub fn parse(text: &str) -> Option<KartraState> {
        KartraState::ALL.into_iter().find(|s| s.as_str() == text)
    }
    /// Grants are stuck: what the merchant is alerted about once it lasts.
    pub fn is_trouble(self) -> bool {
        matches!(self, KartraState::Failing | KartraState::CredentialsInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tests::round_trips;

    #[test]
    fn every_queue_word_round_trips_through_its_one_string() {
        round_trips(&JobState::ALL, JobState::as_str, JobState::parse);
        round_trips(
            &AttemptOutcome::ALL,
            AttemptOutcome::as_str,
            AttemptOutcome::parse,
        );
        round_trips(&KartraState::ALL, KartraState::as_str, KartraState::parse);
    }

    #[test]
    fn the_connection_states_are_the_public_ones() {
        let all: Vec<&str> = KartraState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            all,
            ["ok", "failing", "credentials_invalid", "not_configured"]
        );
        assert_eq!(
            serde_json::from_str::<KartraState>("\"credentials_invalid\"").unwrap(),
            KartraState::CredentialsInvalid
        );
    }

    #[test]
    fn the_schema_allows_exactly_these_job_states_and_attempt_outcomes() {
        let schema = crate::db::SCHEMA;
        let allowed = |column: &str| -> Vec<String> {
            let from = schema
                .find(&format!("CHECK ({column} IN ("))
                .expect("a CHECK");
            let list = &schema[from..];
            let list = &list[list.find("IN (").unwrap() + 4..list.find(')').unwrap()];
            list.split(',')
                .map(|s| s.trim().trim_matches('\'').to_string())
                .collect()
        };
        let states: Vec<&str> = JobState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(allowed("state"), states);
        let outcomes: Vec<&str> = AttemptOutcome::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(allowed("outcome"), outcomes);
    }
}
