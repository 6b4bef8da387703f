//! One job, one try: read what it needs, call Kartra (holding no database connection), and
//! record the outcome the failure type calls for.

use crate::clock::Timestamp;
use crate::db::{self, jobs::Job, Pool};
use crate::domain::order::FulfillmentAction;
use crate::kartra::{self, Credentials, Failure, Lead};

#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    Done,
    /// Kartra could not be reached or was overloaded: this job backs off.
    Retry(String),
    /// Kartra refused the credentials: the whole queue waits, no attempt is counted.
    Paused(String),
    /// Retrying cannot help until someone changes something (a missing tag).
    Parked(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("job {0} lost its order or product")]
    Orphan(i64),
}

pub fn run_job(
    pool: &Pool,
    client: &kartra::Client,
    creds: &Credentials,
    job: &Job,
    now: Timestamp,
) -> Result<JobOutcome, WorkError> {
    let (order, tag) = {
        let conn = pool.get()?;
        let order = db::orders::get(&conn, job.order_id)?.ok_or(WorkError::Orphan(job.id))?;
        let product =
            db::products::get(&conn, order.product_id)?.ok_or(WorkError::Orphan(job.id))?;
        (order, product.kartra_tag)
    };
    let b = &order.buyer;
    let (result, answers) = match job.action {
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
                country: &b.country,
            };
            let outcome = client.grant(creds, &lead, &tag);
            (outcome.result.map(|g| g.lead_id), outcome.answers)
        }
        FulfillmentAction::Revoke => {
            let outcome = client.revoke(creds, &b.email, &tag);
            (outcome.result, outcome.answers)
        }
    };
    let said = answers.join("; ");
    let mut conn = pool.get()?;
    let outcome = match result {
        Ok(lead_id) => {
            let detail = format!(
                "{} \"{tag}\" confirmed by Kartra: {said}",
                job.action.as_str()
            );
            db::jobs::mark_done(&mut conn, job.id, lead_id.as_deref(), &detail, now)?;
            JobOutcome::Done
        }
        Err(failure) => {
            let message = with_answers(failure.describe(), &said);
            match failure {
                Failure::Transient(_) => {
                    let delay =
                        super::backoff::retry_delay(job.attempts + 1, rand::random::<f64>());
                    db::jobs::mark_retry(&mut conn, job.id, &message, now + delay, true, now)?;
                    JobOutcome::Retry(message)
                }
                Failure::CredentialsRejected { .. } => {
                    db::jobs::mark_retry(
                        &mut conn,
                        job.id,
                        &message,
                        now + super::PROBE_SECS,
                        false,
                        now,
                    )?;
                    JobOutcome::Paused(message)
                }
                Failure::TagMissing { .. }
                | Failure::Misconfigured { .. }
                | Failure::Malformed { .. }
                | Failure::LeadDeleted { .. } => {
                    db::jobs::mark_parked(&mut conn, job.id, &message, now)?;
                    JobOutcome::Parked(message)
                }
            }
        }
    };
    tracing::info!(job = job.id, order = job.order_id, action = job.action.as_str(), outcome = ?outcome, "fulfillment job");
    Ok(outcome)
}

fn with_answers(description: String, said: &str) -> String {
    if said.is_empty() {
        description
    } else {
        format!("{description} (Kartra said: {said})")
    }
}
