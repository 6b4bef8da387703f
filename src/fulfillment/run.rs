//! One job, one try: read what it needs, call Kartra (holding no database connection), and
//! record the outcome the failure type calls for.

use crate::clock::Timestamp;
use crate::db::jobs::{Job, ParkReason};
use crate::db::{self, Pool};
use crate::domain::fulfillment::AttemptOutcome;
use crate::domain::ids::JobId;
use crate::domain::order::FulfillmentAction;
use crate::kartra::{self, Credentials, Failure, Lead};

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("job {0} lost its order")]
    Orphan(JobId),
}

/// What one try cost in Kartra calls, how it ended, and what it said (the attempt's detail).
pub struct Tried {
    pub outcome: AttemptOutcome,
    pub detail: String,
    pub calls: u32,
}

pub fn run_job(
    pool: &Pool,
    client: &kartra::Client,
    creds: &Credentials,
    job: &Job,
    now: Timestamp,
) -> Result<Tried, WorkError> {
    let order = db::orders::get(&*pool.get()?, job.order_id)?.ok_or(WorkError::Orphan(job.id))?;
    let tag = &job.kartra_tag;
    let b = &order.buyer;
    let (result, answers, calls) = match job.action {
        FulfillmentAction::Grant => {
            let lead = Lead {
                email: &b.email,
                first_name: &b.first_name,
                last_name: &b.last_name,
                phone: &b.phone,
                address: &b.address,
                city: &b.city,
                zip: &b.zip,
                state: &b.state,
                country: crate::domain::country::for_kartra(&b.country),
            };
            let o = client.grant(creds, &lead, tag);
            (o.result.map(|g| g.lead_id), o.answers, o.calls)
        }
        FulfillmentAction::Revoke => {
            let o = client.revoke(creds, &b.email, tag);
            (o.result, o.answers, o.calls)
        }
    };
    let said = answers.join("; ");
    let mut conn = pool.get()?;
    let (outcome, detail) = match result {
        Ok(lead_id) => {
            let detail = format!(
                "{} \"{tag}\" confirmed by Kartra: {said}",
                job.action.as_str()
            );
            db::immediate::<_, WorkError>(&mut conn, |tx| {
                db::jobs::mark_done(tx, job.id, lead_id.as_deref(), &detail, now)?;
                crate::orders::access::job_done(tx, job, now)?;
                crate::webhooks_out::notify_access(tx, job, lead_id.as_deref(), now)?;
                Ok(())
            })?;
            (AttemptOutcome::Done, detail)
        }
        Err(failure) => settle(&mut conn, job, &failure, &said, now)?,
    };
    tracing::info!(job = job.id.0, order = job.order_id.0, action = job.action.as_str(), outcome = outcome.as_str(), detail = %detail, "fulfillment job");
    Ok(Tried {
        outcome,
        detail,
        calls,
    })
}

/// Records a failed try the way its kind of failure calls for; returns how it ended and the
/// message recorded.
fn settle(
    conn: &mut rusqlite::Connection,
    job: &Job,
    failure: &Failure,
    said: &str,
    now: Timestamp,
) -> Result<(AttemptOutcome, String), WorkError> {
    let message = if said.is_empty() {
        failure.describe()
    } else {
        format!("{} (Kartra said: {said})", failure.describe())
    };
    let park = |conn: &mut rusqlite::Connection, reason| -> Result<_, WorkError> {
        db::jobs::mark_parked(conn, job.id, reason, &message, now)?;
        Ok((AttemptOutcome::Parked, message.clone()))
    };
    match failure {
        Failure::Transient(_) => {
            let delay = super::backoff::retry_delay(job.attempts + 1, rand::random::<f64>());
            let outcome = AttemptOutcome::Retry;
            db::jobs::mark_retry(conn, job.id, &message, now + delay, outcome, now)?;
            Ok((outcome, message))
        }
        // Not the job's fault: no attempt counted, and it may run as soon as the limiter allows.
        Failure::RateLimited(_) => {
            let outcome = AttemptOutcome::RateLimited;
            db::jobs::mark_retry(conn, job.id, &message, now + 1, outcome, now)?;
            Ok((outcome, message))
        }
        Failure::CredentialsRejected { .. } => {
            // Due a second from now, not at once: the other workers must not claim it before
            // this worker has recorded the pause (they check the pause before claiming).
            let outcome = AttemptOutcome::Paused;
            db::jobs::mark_retry(conn, job.id, &message, now + 1, outcome, now)?;
            Ok((outcome, message))
        }
        Failure::TagMissing { tag, .. } => {
            db::jobs::park_tag(conn, tag, job.id, &message, now)?;
            Ok((AttemptOutcome::Parked, message))
        }
        Failure::Misconfigured { .. } => park(conn, ParkReason::Misconfigured),
        Failure::Malformed { .. } => park(conn, ParkReason::Malformed),
        Failure::LeadDeleted { .. } => park(conn, ParkReason::LeadDeleted),
    }
}
