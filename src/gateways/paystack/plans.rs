//! Recurring prices: a plan per price, found again by its name, so checkouts reuse it.

use super::client::{bad_answer, Paystack, PaystackError};
use super::price::plan_interval;
use super::wire::text;
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
