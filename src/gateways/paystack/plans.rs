//! Recurring prices: a plan per price (found again by its name, so checkouts reuse it), the
//! subscription Paystack makes once a plan's first charge succeeds, and disabling it.

use super::client::{bad_answer, Paystack, PaystackError};
use super::price::plan_interval;
use super::wire::{text, timestamp};
use crate::clock::Timestamp;
use crate::domain::discount::Discount;
use crate::domain::product::{PriceKind, PriceTerms};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Plans looked through (100 a page) before creating one.
const PLAN_PAGES: u32 = 10;
const NAME_MAX: usize = 100;

/// The plan for these terms: a payment plan stops after its installments (`invoice_limit`).
/// Its name ends with a digest of the rest, so a changed price never reuses an old plan.
pub fn plan_body(product_name: &str, terms: &PriceTerms) -> Result<Value, PaystackError> {
    let invalid = |why: &str| PaystackError::Invalid(why.to_string());
    let interval = terms
        .interval
        .ok_or_else(|| invalid("a recurring price needs an interval"))?;
    let interval = plan_interval(interval, terms.interval_count.unwrap_or(1))
        .ok_or_else(|| invalid("Paystack has no plan interval for this price"))?;
    let mut body = json!({
        "amount": terms.amount,
        "interval": interval,
        "currency": terms.currency,
        "description": terms.describe(),
    });
    if terms.kind == PriceKind::PaymentPlan {
        let installments = terms
            .installments
            .ok_or_else(|| invalid("a payment plan needs installments"))?;
        body["invoice_limit"] = json!(installments);
    }
    let digest = hex::encode(Sha256::digest(body.to_string().as_bytes()));
    let suffix = format!(" · {}", &digest[..10]);
    let name: String = product_name
        .chars()
        .take(NAME_MAX - suffix.chars().count())
        .collect();
    body["name"] = json!(name + &suffix);
    Ok(body)
}

/// The terms the plan charges: a plan has one amount, so a coupon must cover every charge
/// (it is then in the plan's amount); one for some charges only is refused in words.
pub fn plan_terms(terms: &PriceTerms, discount: Option<&Discount>) -> Result<PriceTerms, String> {
    let Some(discount) = discount else {
        return Ok(terms.clone());
    };
    let every_charge = match discount.charges_covered(terms) {
        None => true,
        Some(n) => terms.installments.is_some_and(|total| n >= total),
    };
    match every_charge {
        true => Ok(PriceTerms {
            amount: discount.charge(terms, 0),
            ..terms.clone()
        }),
        false => Err(format!(
            "Paystack charges the same amount every time: the coupon {} cannot be used with \
             Paystack. Please pay without it, or choose another payment method.",
            discount.code
        )),
    }
}

/// A buyer's subscription to a plan, as cancelling it needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub code: String,
    /// Paystack's token for this subscription's customer, needed to disable it.
    pub email_token: String,
    /// active, non-renewing, attention, completed or cancelled.
    pub status: String,
    pub next_payment: Option<Timestamp>,
}

impl Paystack {
    /// The plan with this plan's name (not deleted or archived), or a new one.
    pub fn ensure_plan(&self, plan: &Value) -> Result<String, PaystackError> {
        let name = plan["name"].as_str().unwrap_or_default();
        for page in 1..=PLAN_PAGES {
            let plans = self.get(&format!("/plan?perPage=100&page={page}"))?;
            let plans = plans.as_array().cloned().unwrap_or_default();
            let ours = plans.iter().find(|p| {
                p["name"].as_str() == Some(name)
                    && p["is_deleted"] != true
                    && p["is_archived"] != true
            });
            if let Some(code) = ours.and_then(|p| text(&p["plan_code"])) {
                return Ok(code);
            }
            if plans.len() < 100 {
                break;
            }
        }
        let created = self.post("/plan", plan)?;
        text(&created["plan_code"]).ok_or_else(|| bad_answer("no plan_code"))
    }

    /// The customer's subscription to this plan made by the charge paid at `paid_at`: of
    /// several (the same buyer subscribed twice), the one created nearest to it.
    pub fn subscription_for(
        &self,
        customer_id: &str,
        plan_code: &str,
        paid_at: Option<Timestamp>,
    ) -> Result<Option<Subscription>, PaystackError> {
        let path = format!(
            "/subscription?customer={}&perPage=100",
            urlencode(customer_id)
        );
        let all = self.get(&path)?;
        let ours = all.as_array().into_iter().flatten().filter(|s| {
            text(&s["plan"]["plan_code"])
                .or_else(|| text(&s["plan"]))
                .as_deref()
                == Some(plan_code)
        });
        let distance = |s: &&Value| match (timestamp(&s["createdAt"]), paid_at) {
            (Some(created), Some(paid)) => (created - paid).abs(),
            _ => i64::MAX,
        };
        let Some(found) = ours.min_by_key(distance) else {
            return Ok(None);
        };
        Ok(Some(Subscription {
            code: text(&found["subscription_code"])
                .ok_or_else(|| bad_answer("no subscription_code"))?,
            email_token: text(&found["email_token"]).ok_or_else(|| bad_answer("no email_token"))?,
            status: text(&found["status"]).unwrap_or_default(),
            next_payment: timestamp(&found["next_payment_date"]),
        }))
    }

    /// The subscription a plan's first charge (our reference) made.
    pub fn subscription_of(&self, reference: &str) -> Result<Option<Subscription>, PaystackError> {
        let charge = self.verify(reference)?;
        let (Some(customer), Some(plan)) = (
            text(&charge["customer"]["id"]),
            super::wire::plan_code(&charge),
        ) else {
            return Ok(None);
        };
        self.subscription_for(&customer, &plan, timestamp(&charge["paid_at"]))
    }

    /// Our payment_ref for a subscription's event: from the metadata of the customer's first
    /// charge on this plan, the latest paid by `by` (a minute's leeway: Paystack subscribes
    /// right after that charge). GET /transaction?customer=&status=success.
    pub fn payment_ref_on_plan(
        &self,
        customer_id: &str,
        plan_code: &str,
        by: Option<Timestamp>,
    ) -> Result<Option<String>, PaystackError> {
        let path = format!(
            "/transaction?customer={}&status=success&perPage=100",
            urlencode(customer_id)
        );
        let charges = self.get(&path)?;
        let firsts = charges.as_array().into_iter().flatten().filter_map(|t| {
            let payment_ref = text(&super::wire::metadata(t)["payment_ref"])?;
            let paid_at = timestamp(&t["paid_at"]).unwrap_or(0);
            let on_plan = super::wire::plan_code(t).as_deref() == Some(plan_code);
            let in_time = by.is_none_or(|by| paid_at <= by + 60);
            (on_plan && in_time).then_some((paid_at, payment_ref))
        });
        Ok(firsts.max_by_key(|(paid_at, _)| *paid_at).map(|(_, r)| r))
    }

    /// `payment_ref_on_plan` for the subscription with this code (GET /subscription/{code}).
    pub fn payment_ref_of_subscription(&self, code: &str) -> Result<Option<String>, PaystackError> {
        let path = format!("/subscription/{}", super::client::checked_ref(code)?);
        let subscription = self.get(&path)?;
        let customer = &subscription["customer"];
        let customer = text(&customer["id"]).or_else(|| text(customer));
        let plan = text(&subscription["plan"]["plan_code"]);
        let (Some(customer), Some(plan)) = (customer, plan) else {
            return Err(bad_answer("a subscription without its customer or plan"));
        };
        self.payment_ref_on_plan(&customer, &plan, timestamp(&subscription["createdAt"]))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::product::Interval;

    fn terms(kind: PriceKind, count: u32) -> PriceTerms {
        PriceTerms {
            kind,
            currency: "NGN".into(),
            amount: 500_000,
            interval: Some(Interval::Month),
            interval_count: Some(count),
            installments: (kind == PriceKind::PaymentPlan).then_some(3),
            trial_days: None,
        }
    }

    #[test]
    fn a_payment_plan_stops_after_its_installments() {
        let plan = plan_body("Course", &terms(PriceKind::PaymentPlan, 1)).unwrap();
        assert_eq!(
            (
                &plan["interval"],
                &plan["invoice_limit"],
                &plan["amount"],
                &plan["currency"]
            ),
            (&json!("monthly"), &json!(3), &json!(500_000), &json!("NGN"))
        );
        let subscription = plan_body("Course", &terms(PriceKind::Subscription, 3)).unwrap();
        assert_eq!(subscription["interval"], "quarterly");
        assert!(subscription.get("invoice_limit").is_none());
    }

    #[test]
    fn a_coupon_on_every_charge_is_in_the_plans_amount_and_one_on_some_is_refused() {
        use crate::domain::discount::{Duration, Off};
        let monthly = terms(PriceKind::Subscription, 1);
        let coupon = |duration| Discount {
            code: "LAGOS10".into(),
            off: Off::Percent(10),
            duration,
        };
        assert_eq!(plan_terms(&monthly, None).unwrap(), monthly);
        assert_eq!(
            plan_terms(&monthly, Some(&coupon(Duration::Forever)))
                .unwrap()
                .amount,
            450_000
        );
        let once = plan_terms(&monthly, Some(&coupon(Duration::Once))).unwrap_err();
        assert!(
            once.contains("the coupon LAGOS10 cannot be used with Paystack"),
            "{once}"
        );
        let plan = terms(PriceKind::PaymentPlan, 1);
        let months = Duration::Repeating { months: 6 };
        assert_eq!(
            plan_terms(&plan, Some(&coupon(months))).unwrap().amount,
            450_000,
            "all 3 installments"
        );
    }

    #[test]
    fn plan_names_change_with_the_terms_and_fit() {
        let long = "C".repeat(300);
        let name = |t: &PriceTerms| {
            plan_body(&long, t).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (monthly, quarterly) = (
            terms(PriceKind::Subscription, 1),
            terms(PriceKind::Subscription, 3),
        );
        assert_ne!(name(&monthly), name(&quarterly));
        assert_eq!(name(&monthly), name(&monthly.clone()));
        assert_eq!(name(&monthly).chars().count(), NAME_MAX);
        assert!(plan_body("C", &terms(PriceKind::Subscription, 2)).is_err());
    }
}
