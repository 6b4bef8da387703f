//! One-time prices: an Orders v2 order with intent CAPTURE, approved by the buyer at PayPal,
//! then captured by us. Also reconciliation (`lookup`) for orders and subscriptions.

use super::client::{Method, PayPal, PayPalError, Started};
use super::currency::{self, amount_value};
use super::wire::{bad_answer, checked_id, clip, link};
use crate::domain::order::PaymentEvent;
use crate::domain::product::PriceTerms;
use crate::gateways::{Item, LookedUp, Paid};
use serde_json::{json, Value};

/// PayPal's limit for `purchase_units[].description`.
const DESCRIPTION_MAX: usize = 127;
/// PayPal's limit for `purchase_units[].items[].name`.
const ITEM_NAME_MAX: usize = 127;

impl PayPal {
    /// Creates the order: intent CAPTURE, one purchase unit carrying our `payment_ref` as
    /// `custom_id`, and the buyer's way back in `payment_source.paypal.experience_context`.
    /// `PayPal-Request-Id` is the `payment_ref`, so a retry gets the same order back.
    pub fn start_order(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        description: &str,
        return_url: &str,
        cancel_url: &str,
    ) -> Result<Started, PayPalError> {
        self.start_order_of(
            payment_ref,
            terms,
            &[],
            0,
            description,
            return_url,
            cancel_url,
        )
    }

    /// `start_order` listing `items` (an order with a bump, or with tax added): each at its
    /// full price as one DIGITAL_GOODS item, with the amount's `breakdown` (`item_total`, the
    /// `tax_total` added on top, and the coupon as `discount`) adding up to `terms.amount`, as
    /// PayPal checks.
    #[allow(clippy::too_many_arguments)]
    pub fn start_order_of(
        &self,
        payment_ref: &str,
        terms: &PriceTerms,
        items: &[Item],
        tax_added: i64,
        description: &str,
        return_url: &str,
        cancel_url: &str,
    ) -> Result<Started, PayPalError> {
        let code = terms.currency.as_str();
        let value = |minor| amount_value(code, minor).map_err(PayPalError::Invalid);
        let mut unit = json!({
            "custom_id": payment_ref,
            "amount": {"currency_code": code, "value": value(terms.amount)?},
        });
        if !items.is_empty() {
            let total: i64 = items.iter().map(|i| i.amount).sum();
            let mut breakdown =
                json!({"item_total": {"currency_code": code, "value": value(total)?}});
            if tax_added > 0 {
                breakdown["tax_total"] = json!({"currency_code": code, "value": value(tax_added)?});
            }
            if total + tax_added > terms.amount {
                let off = total + tax_added - terms.amount;
                breakdown["discount"] = json!({"currency_code": code, "value": value(off)?});
            }
            unit["amount"]["breakdown"] = breakdown;
            let listed: Result<Vec<Value>, PayPalError> = (items.iter())
                .map(|i| {
                    Ok(json!({
                        "name": clip(i.name.trim(), ITEM_NAME_MAX),
                        "quantity": "1",
                        "unit_amount": {"currency_code": code, "value": value(i.amount)?},
                        "category": "DIGITAL_GOODS",
                    }))
                })
                .collect();
            unit["items"] = Value::Array(listed?);
        }
        if !description.trim().is_empty() {
            unit["description"] = clip(description.trim(), DESCRIPTION_MAX).into();
        }
        let body = json!({
            "intent": "CAPTURE",
            "purchase_units": [unit],
            "payment_source": {"paypal": {"experience_context": {
                "return_url": return_url,
                "cancel_url": cancel_url,
                "user_action": "PAY_NOW",
                "shipping_preference": "NO_SHIPPING",
                "payment_method_preference": "IMMEDIATE_PAYMENT_REQUIRED",
            }}},
        });
        let order = self.call(
            Method::Post,
            "/v2/checkout/orders",
            Some(payment_ref),
            Some(&body),
        )?;
        let id = order["id"]
            .as_str()
            .ok_or_else(|| bad_answer("no order id"))?;
        // `payer-action` with a payment_source, `approve` in the older application_context style.
        let approve = link(&order, "payer-action").or_else(|| link(&order, "approve"));
        let approve = approve.ok_or_else(|| bad_answer("no approve link on the order"))?;
        Ok(Started {
            processor_ref: id.to_string(),
            approve_url: approve.to_string(),
        })
    }

    /// Captures an approved order (POST /v2/checkout/orders/{id}/capture; PayPal-Request-Id
    /// `capture-{id}` makes a retry safe). True when the capture is COMPLETED; false while
    /// PayPal holds it PENDING (its PAYMENT.CAPTURE.COMPLETED comes later). An order captured
    /// before (ORDER_ALREADY_CAPTURED) is read back and reported the same way.
    pub fn capture(&self, order_id: &str) -> Result<bool, PayPalError> {
        let id = checked_id(order_id)?;
        let path = format!("/v2/checkout/orders/{id}/capture");
        let request_id = format!("capture-{id}");
        let body = Some("{}".to_string());
        match self.send(Method::Post, &path, Some(&request_id), body)? {
            Ok(order) => Ok(capture_status(&order) == Some("COMPLETED")),
            Err(r) if r.has_issue("ORDER_ALREADY_CAPTURED") => {
                let order = self.call(
                    Method::Get,
                    &format!("/v2/checkout/orders/{id}"),
                    None,
                    None,
                )?;
                Ok(capture_status(&order) == Some("COMPLETED"))
            }
            Err(r) => Err(r.into()),
        }
    }

    /// Reconciliation: what PayPal says about a payment whose webhook never came.
    /// A subscription id (`I-...`) is looked up as a subscription, anything else as an order.
    ///
    /// Orders: COMPLETED with its capture COMPLETED or PARTIALLY_REFUNDED → Completed (REFUNDED
    /// → Refunded, DECLINED or FAILED → Failed); APPROVED → captured now, then the same;
    /// VOIDED, or unknown to PayPal (it drops orders never approved) → Failed: nothing was
    /// charged, and a later capture event still completes the order; otherwise None.
    ///
    /// Subscriptions: ACTIVE → Completed (as BILLING.SUBSCRIPTION.ACTIVATED); CANCELLED →
    /// Cancelled; EXPIRED with a payment made → Completed (a payment plan that ran its course
    /// was paid in full: no revoke); APPROVAL_PENDING, APPROVED, SUSPENDED → None.
    pub fn lookup(&self, processor_ref: &str) -> Result<Option<PaymentEvent>, PayPalError> {
        Ok(self.lookup_payment(processor_ref)?.map(|found| found.kind))
    }

    /// `lookup`, with what was paid: the capture's amount (else the order's), a subscription's
    /// last payment (none yet during a trial: `NotStated`).
    pub fn lookup_payment(&self, processor_ref: &str) -> Result<Option<LookedUp>, PayPalError> {
        let id = checked_id(processor_ref)?;
        let found = |kind, paid| LookedUp {
            kind,
            paid,
            processor_ref: Some(id.to_string()),
        };
        if id.starts_with("I-") {
            return self.lookup_subscription(id);
        }
        let order = match self.send(
            Method::Get,
            &format!("/v2/checkout/orders/{id}"),
            None,
            None,
        )? {
            Ok(order) => order,
            Err(r) if r.status == 404 => {
                return Ok(Some(found(PaymentEvent::Failed, Paid::NotStated)))
            }
            Err(r) => return Err(r.into()),
        };
        let kind = match order["status"].as_str().unwrap_or("") {
            "COMPLETED" => event_of_capture(capture_status(&order)),
            "APPROVED" => self.capture(id)?.then_some(PaymentEvent::Completed),
            "VOIDED" => Some(PaymentEvent::Failed),
            _ => None,
        };
        Ok(kind.map(|kind| match kind {
            PaymentEvent::Completed => found(kind, order_paid(&order)),
            _ => found(kind, Paid::NotStated),
        }))
    }

    fn lookup_subscription(&self, id: &str) -> Result<Option<LookedUp>, PayPalError> {
        let found = |kind, paid| LookedUp {
            kind,
            paid,
            processor_ref: Some(id.to_string()),
        };
        let path = format!("/v1/billing/subscriptions/{id}");
        let subscription = match self.send(Method::Get, &path, None, None)? {
            Ok(subscription) => subscription,
            Err(r) if r.status == 404 => {
                return Ok(Some(found(PaymentEvent::Failed, Paid::NotStated)))
            }
            Err(r) => return Err(r.into()),
        };
        let last = &subscription["billing_info"]["last_payment"];
        let paid = match last.is_object() {
            true => currency::paid(&last["amount"]),
            false => Paid::NotStated,
        };
        Ok(match subscription["status"].as_str().unwrap_or("") {
            "ACTIVE" => Some(found(PaymentEvent::Completed, paid)),
            "CANCELLED" => Some(found(PaymentEvent::Cancelled, Paid::NotStated)),
            "EXPIRED" if last.is_object() => Some(found(PaymentEvent::Completed, paid)),
            _ => None,
        })
    }
}

/// What an order's (first) capture took, else the amount the order asked for.
fn order_paid(order: &Value) -> Paid {
    let unit = &order["purchase_units"][0];
    let capture = &unit["payments"]["captures"][0]["amount"];
    currency::paid(match capture.is_object() {
        true => capture,
        false => &unit["amount"],
    })
}

/// The status of the order's (first) capture, as a capture answer or an order carries it.
fn capture_status(order: &Value) -> Option<&str> {
    let units = order["purchase_units"].as_array()?;
    let captures = units
        .iter()
        .filter_map(|u| u["payments"]["captures"].as_array());
    captures.flatten().find_map(|c| c["status"].as_str())
}

fn event_of_capture(status: Option<&str>) -> Option<PaymentEvent> {
    match status? {
        // Paid; a partial refund keeps the order (its own event counts it).
        "COMPLETED" | "PARTIALLY_REFUNDED" => Some(PaymentEvent::Completed),
        "REFUNDED" => Some(PaymentEvent::Refunded),
        "DECLINED" | "FAILED" => Some(PaymentEvent::Failed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capture_status_is_read_from_the_purchase_units() {
        let order = json!({"status": "COMPLETED", "purchase_units": [
            {"reference_id": "default", "payments": {"captures": [{"id": "C1", "status": "PENDING"}]}}
        ]});
        assert_eq!(capture_status(&order), Some("PENDING"));
        assert_eq!(capture_status(&json!({"status": "APPROVED"})), None);
        assert_eq!(
            event_of_capture(Some("COMPLETED")),
            Some(PaymentEvent::Completed)
        );
        assert_eq!(
            event_of_capture(Some("PARTIALLY_REFUNDED")),
            Some(PaymentEvent::Completed)
        );
        assert_eq!(
            event_of_capture(Some("DECLINED")),
            Some(PaymentEvent::Failed)
        );
        assert_eq!(event_of_capture(Some("PENDING")), None);
    }
}
