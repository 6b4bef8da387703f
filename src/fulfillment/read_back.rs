//! Reading a buyer's lead back from Kartra (`get_lead`) to learn whether each of their tags is
//! really there: shortly after every job, daily while access lasts (the audit), and on demand.
//! Read-backs share the jobs' rate limiter and run only when no job is due.

use super::{Fulfillment, WorkError};
use crate::clock::Timestamp;
use crate::db::{self, entitlements::Entitlement};
use crate::domain::fulfillment::AttemptOutcome;
use crate::kartra::{Credentials, Failure};
use crate::orders::access::{self, Mode};
use std::time::Duration;

/// A buyer being read back is held this long, so two workers do not read the same lead.
const HOLD_SECS: i64 = 60;
/// After a read-back Kartra could not answer, the buyer waits this long before the next try.
const AFTER_FAILURE_SECS: i64 = 15 * 60;

/// What one read-back found.
#[derive(Debug)]
pub struct ReadBack {
    /// The buyer's entitlements, with what Kartra said.
    pub entitlements: Vec<Entitlement>,
    /// Drifted entitlements whose desired state was queued again (the auto re-apply setting).
    pub reapplied: usize,
}

impl Fulfillment {
    /// Reads back the buyer whose read-back is due soonest, if any is due. `Ok(true)`: it called
    /// Kartra.
    pub(super) fn read_back_due(
        &self,
        creds: &Credentials,
        now: Timestamp,
    ) -> Result<bool, WorkError> {
        let claimed = {
            let mut conn = self.pool.get()?;
            db::entitlements::claim_read_back(&mut conn, now, now + HOLD_SECS)?
        };
        let Some(email) = claimed else {
            return Ok(false);
        };
        if let Err(failure) = self.read_back_with(creds, &email, now)? {
            let later = now + AFTER_FAILURE_SECS;
            db::entitlements::delay_read_back(&*self.pool.get()?, &email, later)?;
            tracing::info!(%failure, "read-back of a lead postponed");
        }
        Ok(true)
    }

    /// Reads the buyer's lead back now and records what Kartra said (the API's `verify=1`,
    /// an order's diagnostics). `Ok(Err)`: Kartra did not answer; nothing was recorded.
    pub fn read_back(
        &self,
        email: &str,
        now: Timestamp,
    ) -> Result<Result<ReadBack, Failure>, WorkError> {
        let creds = crate::settings::kartra_credentials(&*self.pool.get()?, &self.key)?;
        let Some(creds) = creds else {
            return Ok(Err(Failure::Misconfigured {
                kartra_type: String::new(),
                message: "Kartra is not connected".into(),
            }));
        };
        self.read_back_with(&creds, email, now)
    }

    fn read_back_with(
        &self,
        creds: &Credentials,
        email: &str,
        now: Timestamp,
    ) -> Result<Result<ReadBack, Failure>, WorkError> {
        let asked = self.kartra.lead_tags(creds, email);
        let outcome = match &asked.result {
            Ok(_) => AttemptOutcome::Done,
            Err(failure) => outcome_of(failure),
        };
        self.count_calls(outcome, asked.calls);
        let lead = match asked.result {
            Ok(lead) => lead,
            Err(failure) => {
                match outcome {
                    AttemptOutcome::RateLimited => self.limiter.hold_off(Duration::from_secs(1)),
                    // Kartra misread our request: nothing about the connection to report.
                    AttemptOutcome::Parked => {}
                    _ => self
                        .health
                        .lock()
                        .unwrap()
                        .record(outcome, &failure.describe(), now),
                }
                return Ok(Err(failure));
            }
        };
        let tags = lead.map(|lead| lead.tags);
        let (entitlements, reapplied) =
            db::immediate::<_, WorkError>(&mut *self.pool.get()?, |tx| {
                let found = db::entitlements::record_read_back(tx, email, tags.as_deref(), now)?;
                let mut reapplied = 0;
                if crate::settings::auto_reapply(tx)? {
                    for drifted in found.iter().filter(|e| e.drifted()) {
                        let tag = &drifted.kartra_tag;
                        let settled = access::settle(tx, email, tag, None, Mode::Reapply, now)?;
                        tracing::info!(tag = %tag, "re-applied: {}", settled.describe());
                        reapplied += 1;
                    }
                }
                let found = if reapplied > 0 {
                    db::entitlements::for_email(tx, email)?
                } else {
                    found
                };
                Ok((found, reapplied))
            })?;
        for drifted in entitlements.iter().filter(|e| e.drifted()) {
            tracing::warn!(
                entitlement = drifted.id.0,
                tag = %drifted.kartra_tag,
                state = drifted.state.as_str(),
                "Kartra disagrees with tagcart about a buyer's tag"
            );
        }
        if reapplied > 0 {
            tracing::info!(reapplied, "drifted tags re-applied automatically");
            self.wake();
        }
        self.health
            .lock()
            .unwrap()
            .record(AttemptOutcome::Done, "", now);
        Ok(Ok(ReadBack {
            entitlements,
            reapplied,
        }))
    }
}

/// How a failed read-back counts: like a job's try, except that a request Kartra could not use
/// (`Parked` here) says nothing about the connection.
fn outcome_of(failure: &Failure) -> AttemptOutcome {
    match failure {
        Failure::Transient(_) => AttemptOutcome::Retry,
        Failure::RateLimited(_) => AttemptOutcome::RateLimited,
        Failure::CredentialsRejected { .. } => AttemptOutcome::Paused,
        _ => AttemptOutcome::Parked,
    }
}
