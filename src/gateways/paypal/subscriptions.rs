//! Recurring prices: a catalog product per tagcart product name, a billing plan per price
//! (found again by its name, so checkouts reuse it), and a subscription per order.

use super::client::{Method, PayPal, PayPalError, Started};
use super::currency::amount_value;
use super::wire::{bad_answer, checked_id, clip, link};
use crate::domain::discount::Discount;
use crate::domain::product::{Interval, PriceKind, PriceTerms};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// PayPal's limits: plan name and description, product name, cancel reason.
const NAME_MAX: usize = 127;
const REASON_MAX: usize = 128;
/// A DAY cycle runs at most 365 days; longer trials take PayPal's second trial cycle.
const DAYS_MAX: u32 = 365;
/// Plans looked through (20 a page) before creating one.
const PLAN_PAGES: u32 = 10;

fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Our own product id (PayPal takes 6 to 50 characters): the same name, the same product.
fn product_id(product_name: &str) -> String {
    format!("TAGCART-{}", &digest(product_name)[..24])
}

fn unit(interval: Interval) -> &'static str {
    match interval {
        Interval::Day => "DAY",
        Interval::Week => "WEEK",
        Interval::Month => "MONTH",
        Interval::Year => "YEAR",
    }
}

/// The plan for these terms: free TRIAL cycle(s) first when there is a trial, then one REGULAR
/// cycle that runs `installments` times for a payment plan and until cancelled (0) otherwise.
/// Its name ends with a digest of the rest, so a changed price never reuses an old plan.
#[cfg(test)]
pub(super) fn plan_body(
    product_id: &str,
    product_name: &str,
    terms: &PriceTerms,
) -> Result<Value, String> {
    discounted_plan_body(product_id, product_name, terms, None)
}

/// `plan_body` with a coupon: after any free trial, a TRIAL cycle at the discounted price for
/// the charges the coupon covers, then the REGULAR price (itself discounted when it covers all).
pub(super) fn discounted_plan_body(
    product_id: &str,
    product_name: &str,
    terms: &PriceTerms,
    discount: Option<&Discount>,
) -> Result<Value, String> {
    let covered = discount.map(|d| (d.charge(terms, 0), d.charges_covered(terms)));
    // Every charge discounted (forever, or a plan covered to its last installment).
    let all_covered = match covered {
        Some((_, None)) => true,
        Some((_, Some(n))) => terms.installments.is_some_and(|total| n >= total),
        None => false,
    };
    let regular = match (covered, all_covered) {
        (Some((discounted, _)), true) => discounted,
        _ => terms.amount,
    };
    let value = amount_value(&terms.currency, regular)?;
    let interval = terms
        .interval
        .ok_or("a recurring price needs an interval")?;
    let mut cycles = Vec::new();
    let trial = terms.trial_days.unwrap_or(0);
    if trial > 2 * DAYS_MAX {
        return Err(format!("PayPal trials last at most {} days", 2 * DAYS_MAX));
    }
    let trial_parts = [trial.min(DAYS_MAX), trial.saturating_sub(DAYS_MAX)];
    for days in trial_parts.into_iter().filter(|d| *d > 0) {
        cycles.push(json!({
            "frequency": {"interval_unit": "DAY", "interval_count": days},
            "tenure_type": "TRIAL",
            "sequence": cycles.len() + 1,
            "total_cycles": 1,
        }));
    }
    let mut total_cycles = match terms.kind {
        PriceKind::PaymentPlan => terms
            .installments
            .ok_or("a payment plan needs installments")?,
        _ => 0,
    };
    if let (Some((discounted, Some(n))), false) = (covered, all_covered) {
        if cycles.len() >= 2 {
            return Err("PayPal plans take at most two trial cycles: a trial this long leaves none for the coupon".into());
        }
        let mut cycle = json!({
            "frequency": {"interval_unit": unit(interval), "interval_count": terms.interval_count.unwrap_or(1)},
            "tenure_type": "TRIAL",
            "sequence": cycles.len() + 1,
            "total_cycles": n,
        });
        // A cycle without a price is free (a 100% coupon).
        if discounted > 0 {
            let value = amount_value(&terms.currency, discounted)?;
            cycle["pricing_scheme"] =
                json!({"fixed_price": {"currency_code": terms.currency, "value": value}});
        }
        cycles.push(cycle);
        // A payment plan's installments are the discounted ones and the regular ones together.
        if total_cycles > 0 {
            total_cycles = total_cycles.saturating_sub(n);
        }
    }
    cycles.push(json!({
        "frequency": {"interval_unit": unit(interval), "interval_count": terms.interval_count.unwrap_or(1)},
        "tenure_type": "REGULAR",
        "sequence": cycles.len() + 1,
        "total_cycles": total_cycles,
        "pricing_scheme": {"fixed_price": {"currency_code": terms.currency, "value": value}},
    }));
    let payment_preferences =
        json!({"auto_bill_outstanding": true, "payment_failure_threshold": 3});
    let shape = json!([product_id, &cycles, &payment_preferences]).to_string();
    let suffix = format!(" · {}", &digest(&shape)[..10]);
    let name = clip(product_name, NAME_MAX - suffix.chars().count()) + &suffix;
    Ok(json!({
        "product_id": product_id,
        "name": name,
        "description": clip(&terms.describe(), NAME_MAX),
        "status": "ACTIVE",
        "billing_cycles": cycles,
        "payment_preferences": payment_preferences,
    }))
}

impl PayPal {
    /// Product, plan, then the subscription with `custom_id` = `payment_ref` (PayPal-Request-Id
    /// `subscription-{payment_ref}`). Returns the subscription id and the buyer's approve link.
    pub fn start_subscription(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        product_name: &str,
        return_url: &str,
        cancel_url: &str,
    ) -> Result<Started, PayPalError> {
        self.start_discounted_subscription(
            payment_ref,
            terms,
            product_name,
            return_url,
            cancel_url,
            None,
        )
    }

    /// `start_subscription` on a plan whose billing cycles carry a coupon's discount.
    pub fn start_discounted_subscription(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        product_name: &str,
        return_url: &str,
        cancel_url: &str,
        discount: Option<&Discount>,
    ) -> Result<Started, PayPalError> {
        if terms.kind == PriceKind::OneTime {
            let why = "a one-time price is paid with an order, not a subscription";
            return Err(PayPalError::Invalid(why.into()));
        }
        let product_id = product_id(product_name);
        let plan = discounted_plan_body(&product_id, product_name, terms, discount)
            .map_err(PayPalError::Invalid)?;
        self.ensure_product(&product_id, product_name)?;
        let plan_id = self.ensure_plan(&plan)?;
        let body = json!({
            "plan_id": plan_id,
            "custom_id": payment_ref,
            "application_context": {
                "shipping_preference": "NO_SHIPPING",
                "user_action": "SUBSCRIBE_NOW",
                "return_url": return_url,
                "cancel_url": cancel_url,
            },
        });
        let request_id = format!("subscription-{payment_ref}");
        let path = "/v1/billing/subscriptions";
        let created = self.call(Method::Post, path, Some(&request_id), Some(&body))?;
        let id = created["id"]
            .as_str()
            .ok_or_else(|| bad_answer("no subscription id"))?;
        let approve = link(&created, "approve").ok_or_else(|| bad_answer("no approve link"))?;
        Ok(Started {
            processor_ref: id.to_string(),
            approve_url: approve.to_string(),
        })
    }

    /// Cancels at PayPal (POST /v1/billing/subscriptions/{id}/cancel). One already cancelled
    /// or expired counts as done, so a retry after a lost answer succeeds.
    pub fn cancel_subscription(
        &self,
        subscription_id: &str,
        reason: &str,
    ) -> Result<(), PayPalError> {
        let id = checked_id(subscription_id)?;
        let reason = match clip(reason.trim(), REASON_MAX) {
            r if r.is_empty() => "Cancelled by the merchant".to_string(),
            r => r,
        };
        let body = Some(json!({ "reason": reason }).to_string());
        let path = format!("/v1/billing/subscriptions/{id}/cancel");
        match self.send(Method::Post, &path, None, body)? {
            Ok(_) => Ok(()),
            Err(r) if r.has_issue("SUBSCRIPTION_STATUS_INVALID") => {
                let path = format!("/v1/billing/subscriptions/{id}");
                let now = self.call(Method::Get, &path, None, None)?;
                match now["status"].as_str() {
                    Some("CANCELLED" | "EXPIRED") => Ok(()),
                    _ => Err(r.into()),
                }
            }
            Err(r) => Err(r.into()),
        }
    }

    /// Creates the catalog product under our own id; one that exists already is fine.
    fn ensure_product(&self, id: &str, product_name: &str) -> Result<(), PayPalError> {
        let body = json!({"id": id, "name": clip(product_name, NAME_MAX), "type": "DIGITAL"});
        match self.send(
            Method::Post,
            "/v1/catalogs/products",
            None,
            Some(body.to_string()),
        )? {
            Ok(_) => Ok(()),
            Err(r) if r.has_issue("DUPLICATE_RESOURCE_IDENTIFIER") => Ok(()),
            Err(r) => Err(r.into()),
        }
    }

    /// The ACTIVE plan of this product with this plan's name, or a new one.
    fn ensure_plan(&self, plan: &Value) -> Result<String, PayPalError> {
        let (product_id, name) = (plan["product_id"].as_str(), plan["name"].as_str());
        let (Some(product_id), Some(name)) = (product_id, name) else {
            return Err(PayPalError::Invalid(
                "the plan has no product or name".into(),
            ));
        };
        for page in 1..=PLAN_PAGES {
            let path = format!(
                "/v1/billing/plans?product_id={product_id}&page_size=20&page={page}&total_required=true"
            );
            let list = self.call(Method::Get, &path, None, None)?;
            let plans = list["plans"].as_array().cloned().unwrap_or_default();
            let ours = plans.iter().find(|p| {
                p["name"].as_str() == Some(name) && p["status"].as_str() == Some("ACTIVE")
            });
            if let Some(id) = ours.and_then(|p| p["id"].as_str()) {
                return Ok(id.to_string());
            }
            let pages = list["total_pages"].as_u64().unwrap_or(1);
            if plans.is_empty() || u64::from(page) >= pages {
                break;
            }
        }
        let created = self.call(Method::Post, "/v1/billing/plans", None, Some(plan))?;
        let id = created["id"]
            .as_str()
            .ok_or_else(|| bad_answer("no plan id"))?;
        Ok(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(kind: PriceKind, trial: u32, installments: Option<u32>) -> PriceTerms {
        PriceTerms {
            kind,
            currency: "USD".into(),
            amount: 1900,
            interval: Some(Interval::Month),
            interval_count: Some(1),
            installments,
            trial_days: Some(trial),
        }
    }

    fn shape(plan: &Value) -> Vec<(String, u64, String, u64)> {
        let cycles = plan["billing_cycles"].as_array().unwrap();
        let one = |c: &Value| {
            let f = &c["frequency"];
            let unit = format!(
                "{} {}",
                f["interval_count"],
                f["interval_unit"].as_str().unwrap()
            );
            let kind = c["tenure_type"].as_str().unwrap().to_string();
            (
                kind,
                c["sequence"].as_u64().unwrap(),
                unit,
                c["total_cycles"].as_u64().unwrap(),
            )
        };
        cycles.iter().map(one).collect()
    }

    #[test]
    fn a_subscription_runs_until_cancelled_after_its_free_trial() {
        let plan = plan_body(
            "TAGCART-1",
            "Gold",
            &terms(PriceKind::Subscription, 7, None),
        )
        .unwrap();
        let expected = [("TRIAL", 1, "7 DAY", 1), ("REGULAR", 2, "1 MONTH", 0)];
        let expected: Vec<_> = expected
            .map(|(k, s, u, t)| (k.into(), s, u.into(), t))
            .into();
        assert_eq!(shape(&plan), expected);
        assert!(plan["billing_cycles"][0].get("pricing_scheme").is_none()); // a free trial
        let price = &plan["billing_cycles"][1]["pricing_scheme"]["fixed_price"];
        assert_eq!(price, &json!({"currency_code": "USD", "value": "19.00"}));
        assert_eq!(plan["status"], "ACTIVE");
    }

    #[test]
    fn a_payment_plan_stops_after_its_installments() {
        let plan = plan_body(
            "TAGCART-1",
            "Gold",
            &terms(PriceKind::PaymentPlan, 0, Some(3)),
        )
        .unwrap();
        assert_eq!(
            shape(&plan),
            vec![("REGULAR".into(), 1, "1 MONTH".into(), 3)]
        );
    }

    #[test]
    fn a_trial_past_a_year_takes_the_second_trial_cycle() {
        let plan = plan_body(
            "TAGCART-1",
            "Gold",
            &terms(PriceKind::Subscription, 400, None),
        )
        .unwrap();
        let cycles = shape(&plan);
        assert_eq!(
            (cycles[0].2.as_str(), cycles[1].2.as_str()),
            ("365 DAY", "35 DAY")
        );
        assert_eq!((cycles[2].0.as_str(), cycles[2].1), ("REGULAR", 3));
    }

    #[test]
    fn plan_names_change_with_the_terms_and_fit_paypal() {
        let long = "G".repeat(300);
        let a = plan_body("TAGCART-1", &long, &terms(PriceKind::Subscription, 0, None)).unwrap();
        let b = plan_body("TAGCART-1", &long, &terms(PriceKind::Subscription, 7, None)).unwrap();
        let name = |p: &Value| p["name"].as_str().unwrap().to_string();
        assert_ne!(name(&a), name(&b));
        assert_eq!(name(&a).chars().count(), NAME_MAX);
        let again =
            plan_body("TAGCART-1", &long, &terms(PriceKind::Subscription, 0, None)).unwrap();
        assert_eq!(name(&a), name(&again));
    }

    #[test]
    fn product_ids_are_stable_and_fit_paypal() {
        assert_eq!(product_id("Gold"), product_id("Gold"));
        assert_ne!(product_id("Gold"), product_id("Silver"));
        assert!((6..=50).contains(&product_id("Gold").len()));
    }
}
