//! The troubleshooting checklist for "my buyer paid but nothing happened", run for real:
//! each check says what it found and, when something is wrong, how to fix it.
//! Pure functions over facts gathered by the caller (`tagcart doctor`, the dashboard).

use crate::clock::{self, Timestamp};
use crate::db::entitlements::Entitlement;
use crate::db::jobs::{Attempt, Job, QueueStats};
use crate::db::orders::Order;
use crate::domain::access::EntitlementState;
use crate::domain::counted;
use crate::domain::fulfillment::JobState;
use crate::domain::order::OrderStatus;
use crate::domain::page::Offer;
use crate::gateways::Gateway;
use crate::kartra::Failure;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Warning,
    Broken,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
    pub fix: Option<String>,
}

fn check(name: &str, status: Status, detail: impl Into<String>, fix: Option<String>) -> Check {
    Check {
        name: name.into(),
        status,
        detail: detail.into(),
        fix,
    }
}

/// Orders pending longer than this probably lost their webhook.
pub const STUCK_PENDING_SECS: i64 = 30 * 60;
/// A waiting job older than this means grants are late.
const LATE_JOB_SECS: i64 = 15 * 60;

/// What a live `retrieve_account_tags` said: the tags, or why not. `None`: no credentials saved.
pub type TagsProbe = Option<Result<Vec<String>, Failure>>;

pub fn credentials_checks(probe: &TagsProbe) -> Vec<Check> {
    let saved = "Kartra credentials saved";
    let accepted = "Kartra accepts the credentials";
    match probe {
        None => vec![check(
            saved,
            Status::Broken,
            "No Kartra App ID, API key and API password are saved, so nothing reaches Kartra.",
            Some("Enter them in Settings → Kartra (from your Kartra App's API settings).".into()),
        )],
        Some(Ok(tags)) => vec![
            check(saved, Status::Ok, "Saved.", None),
            check(accepted, Status::Ok, format!("Kartra answered with the account's {}.", counted(tags.len() as i64, "tag", "tags")), None),
        ],
        Some(Err(failure @ Failure::CredentialsRejected { .. })) => vec![
            check(saved, Status::Ok, "Saved.", None),
            check(accepted, Status::Broken, failure.describe(), Some(
                "Copy the App ID, API key and API password again from Kartra and save them in Settings → Kartra. \
                 If your Kartra App allow-lists IP addresses, add this server's address. The queue resumes by itself."
                    .into(),
            )),
        ],
        Some(Err(failure)) => vec![
            check(saved, Status::Ok, "Saved.", None),
            check(accepted, Status::Warning, failure.describe(), Some(
                "Kartra could not be asked right now. Jobs wait and retry by themselves; check again in a few minutes.".into(),
            )),
        ],
    }
}

/// Each product's tag against the account's tags (when they could be read).
pub fn tag_checks(products: &[(String, String)], probe: &TagsProbe) -> Vec<Check> {
    let Some(Ok(tags)) = probe else { return vec![] };
    products
        .iter()
        .map(|(product, tag)| {
            let name = format!("Tag of \"{product}\" exists in Kartra");
            if tags.contains(tag) {
                check(&name, Status::Ok, format!("\"{tag}\" exists."), None)
            } else {
                check(&name, Status::Broken, format!("Your Kartra account has no tag named \"{tag}\" (names must match exactly)."), Some(format!(
                    "Create the tag \"{tag}\" in Kartra, or change the product's tag to an existing one. Parked grants resume by themselves."
                )))
            }
        })
        .collect()
}

pub fn queue_checks(stats: &QueueStats) -> Vec<Check> {
    let mut checks = vec![];
    if stats.parked > 0 {
        checks.push(check("No parked jobs", Status::Broken, format!("{} parked until their cause is fixed.", counted(stats.parked, "Kartra job is", "Kartra jobs are")), Some(
            "Open Needs attention in the dashboard: it groups them by cause, says how to fix each, and retries them.".into(),
        )));
    } else {
        checks.push(check("No parked jobs", Status::Ok, "None.", None));
    }
    match stats.oldest_pending_age_s {
        Some(age) if age > LATE_JOB_SECS => checks.push(check("Grants are on time", Status::Warning, format!(
            "{} waiting; the oldest for {}.", counted(stats.queue_depth, "job is", "jobs are"), counted(age / 60, "minute", "minutes")
        ), Some("Kartra is failing or slow; the queue retries by itself. The last error is on the Kartra settings page.".into()))),
        _ => checks.push(check("Grants are on time", Status::Ok, format!("{} waiting.", counted(stats.queue_depth, "job", "jobs")), None)),
    }
    checks
}

/// Orders still pending long after checkout: usually a webhook that never arrived.
pub fn stuck_checks(stuck: &[Order], public_url: &str, now: Timestamp) -> Vec<Check> {
    if stuck.is_empty() {
        return vec![check("No orders stuck pending", Status::Ok, "None.", None)];
    }
    let list: Vec<String> = stuck
        .iter()
        .take(10)
        .map(|o| {
            format!(
                "#{} {} ({}, {} min, ref {})",
                o.id,
                o.buyer.email,
                o.gateway.as_str(),
                (now - o.created_at) / 60,
                o.processor_ref.as_deref().unwrap_or(&o.payment_ref)
            )
        })
        .collect();
    vec![check("No orders stuck pending", Status::Warning, format!("{} pending for over 30 minutes: {}.", counted(stuck.len() as i64, "order", "orders"), list.join("; ")), Some(format!(
        "If the buyer paid, the processor's webhook did not reach tagcart: check its webhook log for these payments and that the endpoint is {public_url}/webhooks/<gateway>."
    )))]
}

/// The checklist for one order.
pub fn order_checks(
    order: &Order,
    tag: &str,
    jobs: &[Job],
    attempts: &[Attempt],
    probe: &TagsProbe,
    public_url: &str,
    now: Timestamp,
) -> Vec<Check> {
    let mut checks = vec![match order.status {
        OrderStatus::Completed | OrderStatus::Refunded | OrderStatus::Cancelled => {
            check("Payment confirmed by the processor", Status::Ok, format!("The order is {}.", order.status.as_str()), None)
        }
        OrderStatus::Failed => check("Payment confirmed by the processor", Status::Warning, "The payment failed, so there is nothing to grant.", None),
        OrderStatus::Pending => check("Payment confirmed by the processor", Status::Broken, format!(
            "Still pending since {} ({} min); tagcart grants access only when the processor confirms the payment.",
            clock::display(order.created_at), (now - order.created_at) / 60
        ), Some(format!(
            "Check the {} dashboard's webhook deliveries for payment {}; the endpoint must be {public_url}/webhooks/{}.",
            order.gateway.as_str(), order.processor_ref.as_deref().unwrap_or(&order.payment_ref), order.gateway.as_str()
        ))),
    }];
    checks.extend(credentials_checks(probe));
    checks.extend(tag_checks(
        &[("this order's product".into(), tag.into())],
        probe,
    ));
    let last = attempts.last();
    checks.push(match (jobs.iter().rev().find(|j| j.state != JobState::Done), last) {
        (None, Some(a)) => check("Kartra's last answer", Status::Ok, format!("{}: {}", clock::display(a.at), a.detail), None),
        (None, None) => check("Kartra's last answer", Status::Ok, "No Kartra job for this order yet.", None),
        (Some(job), _) => check("Kartra's last answer", if job.state == JobState::Parked { Status::Broken } else { Status::Warning },
            job.last_error.clone().unwrap_or_else(|| "Waiting for its first try.".into()),
            Some("Fix the cause above; parked jobs can be retried from Needs attention, waiting ones run by themselves.".into())),
    });
    checks
}

/// One check per entitlement of an order: does the buyer's lead carry its tag in Kartra?
/// `entitlements` as the read-back just left them; `asked`: why Kartra could not be asked.
pub fn access_checks(entitlements: &[Entitlement], asked: Result<(), &Failure>) -> Vec<Check> {
    entitlements
        .iter()
        .map(|e| {
            let name = format!("The lead carries the tag \"{}\" in Kartra", e.kartra_tag);
            let checked = e.verified_at.map(clock::display).unwrap_or_default();
            if let Err(failure) = asked {
                let before = match e.in_kartra {
                    Some(true) => format!(" Last read back: yes (checked at {checked})."),
                    Some(false) => format!(" Last read back: no (checked at {checked})."),
                    None => String::new(),
                };
                return check(&name, Status::Warning, format!("The lead could not be read back: {}.{before}", failure.describe()), Some(
                    "Check the Kartra connection above, then run diagnostics again; the daily audit also retries by itself.".into(),
                ));
            }
            let answer = match e.in_kartra {
                Some(true) => "yes",
                Some(false) => "no",
                None => return check(&name, Status::Warning, "Not read back yet.", None),
            };
            let detail = format!("{answer} (checked at {checked}); tagcart says {}.", e.state.as_str());
            if e.drifted() {
                let fix = match e.state.expects_tag() {
                    true => "Re-apply it from Needs attention (or the buyer's access view). If the tag keeps disappearing, check the Kartra automations that remove tags.",
                    false => "Re-apply it from Needs attention to take the tag off again. If it keeps coming back, check the Kartra automations that assign tags.",
                };
                return check(&name, Status::Broken, detail, Some(fix.into()));
            }
            if e.state == EntitlementState::Pending && answer == "no" {
                return check(&name, Status::Warning, format!("{detail} The grant has not reached Kartra yet."), None);
            }
            check(&name, Status::Ok, detail, None)
        })
        .collect()
}

pub fn any_broken(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.status == Status::Broken)
}

/// A live test-gateway on a published page gives the product away.
pub fn test_gateway_check(exposed_on: &[String]) -> Check {
    match exposed_on {
        [] => check("Test gateway not exposed", Status::Ok, "No published page offers the enabled test gateway.", None),
        pages => check("Test gateway not exposed", Status::Warning, format!(
            "The test gateway is on and offered by published pages: {}. Anyone there can get the product without paying.", pages.join(", ")
        ), Some("Turn the test gateway off in Settings → Payment gateways once your test purchase worked.".into())),
    }
}

pub fn live_pages_check(closed: &[String]) -> Check {
    match closed {
        [] => check("Live pages take payments", Status::Ok, "Every published page shows its form.", None),
        pages => check("Live pages take payments", Status::Broken, format!(
            "Published pages that tell buyers they are not taking payments: {}.", pages.join(", ")
        ), Some("Switch a gateway on in Settings → Payment gateways, or choose the gateways and price options in the page's Settings → Checkout settings, then publish.".into())),
    }
}

/// Runs the whole checklist: reads the database and asks Kartra once.
pub fn run(
    conn: &rusqlite::Connection,
    key: &crate::crypto::SecretKey,
    kartra: &crate::kartra::Client,
    public_url: &str,
    now: Timestamp,
) -> rusqlite::Result<Vec<Check>> {
    let probe = probe(conn, key, kartra)?;
    let products: Vec<(String, String)> = crate::db::products::list(conn)?
        .into_iter()
        .map(|p| (p.name, p.kartra_tag))
        .collect();
    let mut checks = credentials_checks(&probe);
    checks.extend(tag_checks(&products, &probe));
    checks.extend(queue_checks(&crate::db::jobs::stats(conn, now)?));
    checks.extend(stuck_checks(
        &crate::db::orders::stuck_pending(conn, now - STUCK_PENDING_SECS)?,
        public_url,
        now,
    ));
    let enabled = crate::settings::enabled_gateways(conn)?;
    let (mut exposed, mut closed) = (vec![], vec![]);
    for page in crate::db::pages::list(conn)? {
        let Some(live) = &page.live else { continue };
        let address = format!("/p/{}", page.slug);
        if enabled.contains(&Gateway::Test) && live.gateways.contains(&Gateway::Test) {
            exposed.push(address.clone());
        }
        let product = crate::db::products::get(conn, live.product_id)?;
        if let Some(offer) = product.map(|p| Offer::new(live, p, &enabled)) {
            match (offer.prices.is_empty(), offer.gateways.is_empty()) {
                (true, _) => closed.push(format!(
                    "{address} (none of the price options it shows is left)"
                )),
                (_, true) => {
                    closed.push(format!("{address} (none of its gateways is switched on)"))
                }
                _ => {}
            }
        }
    }
    checks.push(live_pages_check(&closed));
    checks.push(test_gateway_check(&exposed));
    Ok(checks)
}

/// Asks Kartra for the account's tags with the saved credentials.
pub fn probe(
    conn: &rusqlite::Connection,
    key: &crate::crypto::SecretKey,
    kartra: &crate::kartra::Client,
) -> rusqlite::Result<TagsProbe> {
    Ok(crate::settings::kartra_credentials(conn, key)?
        .map(|creds| kartra.account_tags(&creds).result))
}

#[cfg(test)]
#[path = "diagnostics_tests.rs"]
mod tests;
