//! A buyer's subscriptions to a plan, and the order each belongs to. Paystack names the
//! subscription, never our order, in its later events, and a renewal's charge names neither:
//! the charge is matched to its subscription (customer, plan, card), and the subscription to
//! the first charge that made it, whose metadata carries our payment_ref.

use super::client::{bad_answer, checked_ref, Paystack, PaystackError};
use super::payments::reference_of;
use super::wire::{metadata, plan_code, text, timestamp};
use crate::clock::Timestamp;
use serde_json::{json, Value};

/// Pages of 100 looked through for a customer's subscriptions or charges: a bound on the
/// calls one event may make, reported (and the event retried) rather than passed silently.
const MAX_PAGES: u64 = 50;
/// Paystack subscribes the buyer right after the first charge: at most this much later.
const SUBSCRIBED_WITHIN: i64 = 60;

/// A buyer's subscription to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub code: String,
    /// Paystack's token for this subscription's customer, needed to disable it.
    pub email_token: String,
    /// active, non-renewing, attention, completed or cancelled.
    pub status: String,
    pub next_payment: Option<Timestamp>,
    pub customer_id: String,
    pub plan_code: String,
    pub created_at: Option<Timestamp>,
    /// The card it charges.
    pub authorization: Option<String>,
}

/// A renewal's charge as its charge.success tells it: no subscription code, no metadata of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalCharge {
    pub customer_id: String,
    pub plan_code: String,
    /// Paystack's id of the plan, the subscription list's filter.
    pub plan_id: Option<String>,
    pub authorization: Option<String>,
}

/// Which of the buyer's subscriptions a renewal's charge can be.
#[derive(Debug)]
pub enum Charged {
    One(Subscription),
    /// Several on this plan charge this card: the charge alone cannot say which.
    Several,
    None,
}

/// A subscription's first charge: the order's payment_ref and the transaction's reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCharge {
    pub payment_ref: String,
    pub reference: String,
}

fn read(s: &Value) -> Result<Subscription, PaystackError> {
    let customer = &s["customer"];
    Ok(Subscription {
        code: text(&s["subscription_code"]).ok_or_else(|| bad_answer("no subscription_code"))?,
        email_token: text(&s["email_token"]).ok_or_else(|| bad_answer("no email_token"))?,
        status: text(&s["status"]).unwrap_or_default(),
        next_payment: timestamp(&s["next_payment_date"]),
        customer_id: text(&customer["id"])
            .or_else(|| text(customer))
            .ok_or_else(|| bad_answer("a subscription without its customer"))?,
        plan_code: text(&s["plan"]["plan_code"])
            .or_else(|| text(&s["plan"]))
            .ok_or_else(|| bad_answer("a subscription without its plan"))?,
        created_at: timestamp(&s["createdAt"]),
        authorization: text(&s["authorization"]["authorization_code"]),
    })
}

impl Paystack {
    /// Every subscription of the customer to the plan, through all pages
    /// (GET /subscription?customer=&plan=).
    fn subscriptions(
        &self,
        customer_id: &str,
        plan_code: &str,
        plan_id: Option<&str>,
    ) -> Result<Vec<Subscription>, PaystackError> {
        let mut path = format!("/subscription?customer={}", urlencode(customer_id));
        if let Some(plan_id) = plan_id {
            path = format!("{path}&plan={}", urlencode(plan_id));
        }
        let mut found = vec![];
        self.find_in_pages(&format!("{path}&perPage=100"), MAX_PAGES, |page| {
            found.extend(page.iter().map(read));
            None::<()>
        })?;
        let found = found.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(found
            .into_iter()
            .filter(|s| s.plan_code == plan_code)
            .collect())
    }

    /// GET /subscription/{code}.
    pub fn subscription(&self, code: &str) -> Result<Subscription, PaystackError> {
        read(&self.get(&format!("/subscription/{}", checked_ref(code)?))?)
    }

    /// The subscription a renewal's charge paid: the buyer's on this plan that charges this card.
    pub fn subscription_charged(&self, charge: &RenewalCharge) -> Result<Charged, PaystackError> {
        let all = self.subscriptions(
            &charge.customer_id,
            &charge.plan_code,
            charge.plan_id.as_deref(),
        )?;
        let mut same_card = all
            .into_iter()
            .filter(|s| charge.authorization.is_none() || s.authorization == charge.authorization);
        Ok(match (same_card.next(), same_card.next()) {
            (Some(one), None) => Charged::One(one),
            (Some(_), Some(_)) => Charged::Several,
            (None, _) => Charged::None,
        })
    }

    /// The charge that made the subscription: the customer's newest first charge of ours on its
    /// plan paid by the time it was created (GET /transaction?customer=&status=success, newest
    /// first, page by page). Several subscriptions to one plan each find their own, paid just
    /// before each was created. `None`: no charge of ours made it (a subscription made in
    /// Paystack's dashboard).
    pub fn first_charge(&self, sub: &Subscription) -> Result<Option<FirstCharge>, PaystackError> {
        let path = format!(
            "/transaction?customer={}&status=success&perPage=100",
            urlencode(&sub.customer_id)
        );
        self.find_in_pages(&path, MAX_PAGES, |page| {
            let firsts = page.iter().filter_map(|t| {
                let payment_ref = text(&metadata(t)["payment_ref"])?;
                let reference = text(&t["reference"])?;
                let paid_at = timestamp(&t["paid_at"]).unwrap_or(0);
                let ours = reference == reference_of(&payment_ref);
                let on_plan = plan_code(t).as_deref() == Some(sub.plan_code.as_str());
                let in_time = sub
                    .created_at
                    .is_none_or(|created| paid_at <= created + SUBSCRIBED_WITHIN);
                (ours && on_plan && in_time).then_some((
                    paid_at,
                    FirstCharge {
                        payment_ref,
                        reference,
                    },
                ))
            });
            firsts
                .max_by_key(|(paid_at, _)| *paid_at)
                .map(|(_, first)| first)
        })
    }

    /// The subscription a plan's first charge (our reference) made: of several to its plan,
    /// the one created nearest to the charge.
    pub fn subscription_of(&self, reference: &str) -> Result<Option<Subscription>, PaystackError> {
        let charge = self.verify(reference)?;
        let (Some(customer), Some(plan)) = (text(&charge["customer"]["id"]), plan_code(&charge))
        else {
            return Ok(None);
        };
        let paid_at = timestamp(&charge["paid_at"]);
        let distance = |s: &Subscription| match (s.created_at, paid_at) {
            (Some(created), Some(paid)) => (created - paid).abs(),
            _ => i64::MAX,
        };
        let all = self.subscriptions(&customer, &plan, text(&charge["plan"]["id"]).as_deref())?;
        Ok(all.into_iter().min_by_key(distance))
    }

    /// POST /subscription/disable: no more charges; the buyer keeps the period paid for. One
    /// disabled before (a retry after a lost answer) counts as done.
    pub fn disable(&self, subscription: &Subscription) -> Result<(), PaystackError> {
        if matches!(
            subscription.status.as_str(),
            "non-renewing" | "cancelled" | "completed" | "complete"
        ) {
            return Ok(());
        }
        let body = json!({"code": subscription.code, "token": subscription.email_token});
        self.post("/subscription/disable", &body).map(|_| ())
    }
}

/// A query value: Paystack's customer ids are numbers and codes, but nothing is assumed.
fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
