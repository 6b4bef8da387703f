//! Mollie subscriptions: made once a first payment is paid (from the schedule it carries in
//! its metadata), found again by their metadata, and cancelled.
//!
//! A paid first payment completes its order whether or not its subscriptions could be made:
//! the buyer has paid for the first period. Only no answer from Mollie (unreachable, 5xx, 429)
//! holds the order back, so that Mollie delivers the webhook again (503) or reconciliation asks
//! again. A refusal (a 4xx: an invalid mandate, a start date or amount Mollie will not take)
//! would be refused again at once, so the order completes and an error naming the order is
//! logged. Every later webhook delivery of that paid payment tries again; Mollie sends one only
//! when the payment changes, so the README tells the merchant to deliver it (`id=tr_…` to
//! `/webhooks/mollie`) once the cause is fixed. Each phase is made at most once: one already in
//! the customer's list (found by its metadata) is never made again.

use super::amount::amount_value;
use super::client::{checked_id, Method, Mollie, MollieError};
use super::payments::{bad, text};
use super::schedule::{self, Phase};
use crate::clock::Timestamp;
use serde_json::{json, Value};

/// Mollie pages lists; an order's customer has at most two subscriptions.
const LIST_LIMIT: u32 = 250;

/// A subscription as tagcart needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub customer_id: String,
    pub status: String,
    pub payment_ref: Option<String>,
    /// While active: the day of its next charge (`nextPaymentDate`).
    pub next_payment_date: Option<String>,
    pub start_date: Option<String>,
    pub interval: Option<String>,
    pub canceled_at: Option<Timestamp>,
}

impl Subscription {
    fn of(customer_id: &str, s: &Value) -> Option<Subscription> {
        Some(Subscription {
            id: text(&s["id"])?,
            customer_id: customer_id.to_string(),
            status: text(&s["status"]).unwrap_or_default(),
            payment_ref: text(&s["metadata"]["payment_ref"]),
            next_payment_date: text(&s["nextPaymentDate"]),
            start_date: text(&s["startDate"]),
            interval: text(&s["interval"]),
            canceled_at: text(&s["canceledAt"]).and_then(|t| schedule::parse_time(&t)),
        })
    }

    fn live(&self) -> bool {
        matches!(self.status.as_str(), "active" | "pending")
    }

    /// When the period paid for ends: its next charge, or once cancelled (Mollie no longer
    /// states it) the charge it would have made next.
    pub fn paid_until(&self) -> Option<Timestamp> {
        if let Some(next) = &self.next_payment_date {
            return schedule::parse_date(next);
        }
        let (start, interval) = (self.start_date.as_deref()?, self.interval.as_deref()?);
        schedule::next_charge(start, interval, self.canceled_at?)
    }
}

/// The one whose paid period ends first: its charge is the first that will not be made.
fn ending_first(subscriptions: Vec<Subscription>) -> Option<Subscription> {
    (subscriptions.into_iter()).min_by_key(|s| s.paid_until().unwrap_or(Timestamp::MAX))
}

/// Of the subscriptions cancelled last (together, by one cancellation), the one ending first.
fn cancelled_last(ended: Vec<Subscription>) -> Option<Subscription> {
    let cancelled: Vec<Subscription> = (ended.into_iter())
        .filter(|s| s.status == "canceled")
        .collect();
    let last = cancelled.iter().filter_map(|s| s.canceled_at).max();
    ending_first(
        cancelled
            .into_iter()
            .filter(|s| s.canceled_at == last)
            .collect(),
    )
}

impl Mollie {
    /// Makes the subscriptions a paid first payment's schedule asks for, each once: one found
    /// in the customer's list (by its metadata) is not made again, and the Idempotency-Key
    /// covers two callers at the same moment (the webhook and the buyer's return).
    fn ensure_subscriptions(&self, payment: &Value) -> Result<(), MollieError> {
        if payment["sequenceType"] != "first" {
            return Ok(());
        }
        let plan = &payment["metadata"]["plan"];
        let phases: Vec<Phase> = serde_json::from_value(plan["phases"].clone())
            .map_err(|e| bad(&format!("the first payment's schedule: {e}")))?;
        let interval = text(&plan["interval"]).ok_or_else(|| bad("no interval in the schedule"))?;
        let customer = text(&payment["customerId"]).ok_or_else(|| bad("no customerId"))?;
        let payment_ref =
            text(&payment["metadata"]["payment_ref"]).ok_or_else(|| bad("no payment_ref"))?;
        let currency = text(&payment["amount"]["currency"]).ok_or_else(|| bad("no currency"))?;
        let paid_at = text(&payment["paidAt"])
            .and_then(|t| schedule::parse_time(&t))
            .ok_or_else(|| bad("a paid payment without paidAt"))?;
        let made = self.raw_subscriptions(&customer)?;
        let has = |number: u32| {
            made.iter().any(|s| {
                s["metadata"]["payment_ref"] == payment_ref.as_str()
                    && s["metadata"]["phase"] == number
            })
        };
        for phase in phases.iter().filter(|p| !has(p.number)) {
            let start = schedule::start_of(paid_at, &interval, phase.after)
                .ok_or_else(|| bad(&format!("the interval '{interval}'")))?;
            let value = amount_value(&currency, phase.amount).map_err(MollieError::Invalid)?;
            let description = format!(
                "{} ({}, {})",
                text(&payment["description"]).unwrap_or_default(),
                payment_ref,
                phase.number
            );
            let mut body = json!({
                "amount": {"currency": currency, "value": value},
                "interval": interval,
                "startDate": schedule::date(start),
                "description": description,
                "metadata": {"payment_ref": payment_ref, "phase": phase.number},
            });
            if let Some(times) = phase.times {
                body["times"] = json!(times);
            }
            if let Some(url) = text(&payment["webhookUrl"]) {
                body["webhookUrl"] = json!(url);
            }
            if let Some(mandate) = text(&payment["mandateId"]) {
                body["mandateId"] = json!(mandate);
            }
            let path = format!("/v2/customers/{}/subscriptions", checked_id(&customer)?);
            let key = format!("{payment_ref}-subscription-{}", phase.number);
            self.call(Method::Post, &path, Some(&key), Some(&body))?;
        }
        Ok(())
    }

    /// Makes a paid first payment's subscriptions without ever holding back its order (see the
    /// module's doc): an error only when Mollie gave no answer, to be asked again.
    pub fn subscribe(&self, payment: &Value) -> Result<(), MollieError> {
        match self.ensure_subscriptions(payment) {
            Err(e @ (MollieError::Unreachable(_) | MollieError::Auth(_))) => Err(e),
            Err(e) => {
                tracing::error!(
                    payment_ref = payment["metadata"]["payment_ref"].as_str().unwrap_or("?"),
                    payment = payment["id"].as_str().unwrap_or("?"),
                    error = %e,
                    "mollie: the order is paid but its Mollie subscription could not be made, so \
                     nothing will renew it; made on the payment's next webhook delivery"
                );
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    fn raw_subscriptions(&self, customer_id: &str) -> Result<Vec<Value>, MollieError> {
        let path = format!(
            "/v2/customers/{}/subscriptions?limit={LIST_LIMIT}",
            checked_id(customer_id)?
        );
        let list = self.call(Method::Get, &path, None, None)?;
        Ok(list["_embedded"]["subscriptions"]
            .as_array()
            .cloned()
            .unwrap_or_default())
    }

    /// The customer's subscriptions made for this order.
    pub fn subscriptions_of(
        &self,
        customer_id: &str,
        payment_ref: &str,
    ) -> Result<Vec<Subscription>, MollieError> {
        let all = self.raw_subscriptions(customer_id)?;
        Ok(all
            .iter()
            .filter_map(|s| Subscription::of(customer_id, s))
            .filter(|s| s.payment_ref.as_deref() == Some(payment_ref))
            .collect())
    }

    /// One subscription, as it is now (GET /v2/customers/{id}/subscriptions/{id}).
    pub fn subscription(&self, customer_id: &str, id: &str) -> Result<Value, MollieError> {
        let path = format!(
            "/v2/customers/{}/subscriptions/{}",
            checked_id(customer_id)?,
            checked_id(id)?
        );
        self.call(Method::Get, &path, None, None)
    }

    /// Cancels every live subscription of the order. Mollie cancels at once and only stops
    /// charging. Answers the one that would have charged next (the paid period ends then). With
    /// none live, the order's subscriptions cancelled last are answered instead: a retry after
    /// an answer lost on the way (or a cancellation made in Mollie's dashboard) is done, and
    /// its cancellation is still applied to the order.
    pub fn cancel_subscriptions(
        &self,
        customer_id: &str,
        payment_ref: &str,
    ) -> Result<Option<Subscription>, MollieError> {
        let (live, ended): (Vec<Subscription>, Vec<Subscription>) = self
            .subscriptions_of(customer_id, payment_ref)?
            .into_iter()
            .partition(Subscription::live);
        if live.is_empty() {
            return Ok(cancelled_last(ended));
        }
        for s in &live {
            let path = format!(
                "/v2/customers/{}/subscriptions/{}",
                checked_id(customer_id)?,
                checked_id(&s.id)?
            );
            match self.call(Method::Delete, &path, None, None) {
                Ok(_) => {}
                // Cancelled meanwhile (Mollie answers 422 for a subscription not active).
                Err(MollieError::Refused {
                    status: 404 | 410 | 422,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(ending_first(live))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cancelled(id: &str, start: &str, canceled_at: &str) -> Subscription {
        let s = json!({"id": id, "status": "canceled", "startDate": start,
            "interval": "1 month", "canceledAt": canceled_at});
        Subscription::of("cst_1", &s).unwrap()
    }

    #[test]
    fn a_retried_cancellation_answers_the_last_cancelled_subscription_ending_first() {
        let earlier = cancelled("sub_old", "2025-01-10", "2025-02-01T09:00:00+00:00");
        // One cancellation ended both phases: the discounted one charges first.
        let discounted = cancelled("sub_1", "2025-03-15", "2025-03-01T09:00:00+00:00");
        let full_price = cancelled("sub_2", "2025-04-15", "2025-03-01T09:00:00+00:00");
        let mut completed = cancelled("sub_done", "2025-01-15", "2025-03-02T09:00:00+00:00");
        completed.status = "completed".into();
        let chosen = cancelled_last(vec![earlier, full_price, discounted, completed]).unwrap();
        assert_eq!(chosen.id, "sub_1");
        assert_eq!(
            chosen.paid_until().map(schedule::date).as_deref(),
            Some("2025-03-15")
        );
        assert_eq!(cancelled_last(vec![]), None);
    }

    #[test]
    fn a_live_subscription_is_paid_until_its_next_payment_date() {
        let s = json!({"id": "sub_1", "status": "active", "startDate": "2025-01-15",
            "interval": "1 month", "nextPaymentDate": "2025-04-15"});
        let live = Subscription::of("cst_1", &s).unwrap();
        assert_eq!(
            live.paid_until().map(schedule::date).as_deref(),
            Some("2025-04-15")
        );
    }
}
