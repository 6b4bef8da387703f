//! Refunds and cancellations asked of Mollie, in the words of `Answer`.

use super::amount::amount_value;
use super::client::{checked_id, Method, Mollie, MollieError};
use super::payments::text;
use crate::gateways::{Answer, Delivery, ToCancel, ToRefund};
use serde_json::json;

/// Mollie's limit for a refund's `description`.
const DESCRIPTION_MAX: usize = 255;

impl MollieError {
    /// A refusal, or no answer worth waiting out (a rejected key too: the merchant fixes it
    /// and the request goes through with the same idempotency key).
    pub fn answer(self) -> Answer {
        match self {
            MollieError::Unreachable(_) | MollieError::Auth(_) => {
                Answer::Unreachable(self.to_string())
            }
            other => Answer::Refused(other.to_string()),
        }
    }
}

impl Mollie {
    /// POST /v2/payments/{id}/refunds for the order's newest payment (a subscription's
    /// renewal), else the payment the order was started with. Mollie keeps an
    /// `Idempotency-Key` for a limited time while tagcart retries for hours, so the key also
    /// travels in the refund's metadata, and a refund of the payment already carrying it is the
    /// one asked (made by an attempt whose answer was lost): it is not made again.
    pub fn refund(&self, r: &ToRefund) -> Answer {
        let payment = r.payment_id.unwrap_or(r.processor_ref);
        let try_refund = || -> Result<Option<String>, MollieError> {
            let path = format!("/v2/payments/{}/refunds", checked_id(payment)?);
            if let Some(made) = self.refund_made(&path, r.idempotency_key)? {
                return Ok(Some(made));
            }
            let mut body = json!({});
            if let Some(amount) = r.amount {
                let value = amount_value(r.currency, amount).map_err(MollieError::Invalid)?;
                body["amount"] = json!({"currency": r.currency, "value": value});
            } else {
                // Mollie asks for the amount: all that is left of the payment.
                body["amount"] = self.payment(payment)?["amountRemaining"].clone();
            }
            let description: String = r.reason.trim().chars().take(DESCRIPTION_MAX).collect();
            if !description.is_empty() {
                body["description"] = json!(description);
            }
            body["metadata"] =
                json!({"payment_ref": r.payment_ref, "idempotency_key": r.idempotency_key});
            let refund = self.call(Method::Post, &path, Some(r.idempotency_key), Some(&body))?;
            Ok(text(&refund["id"]))
        };
        match try_refund() {
            // Mollie calls the payment's webhook when the refund moves; that changes the order.
            Ok(id) => Answer::Accepted {
                processor_ref: id,
                effective_at: None,
                event: None,
            },
            Err(e) => e.answer(),
        }
    }

    /// The id of the payment's refund made with this idempotency key, if one was (GET
    /// /v2/payments/{id}/refunds: Mollie's advice for a request whose answer was lost).
    fn refund_made(&self, path: &str, key: &str) -> Result<Option<String>, MollieError> {
        // A payment has far fewer refunds than a page holds.
        let list = self.call(Method::Get, &format!("{path}?limit=250"), None, None)?;
        let refunds = list["_embedded"]["refunds"].as_array();
        Ok((refunds.into_iter().flatten())
            .find(|refund| refund["metadata"]["idempotency_key"] == key)
            .and_then(|refund| text(&refund["id"])))
    }

    /// Cancels the order's subscriptions. Mollie stops charging at once and sends no webhook
    /// for it: the answer carries a delivery naming the subscription, read like Mollie's own
    /// (by fetching it), so the order is cancelled as by any processor event.
    pub fn cancel(&self, c: &ToCancel) -> Answer {
        let try_cancel = || -> Result<Answer, MollieError> {
            let first = self.payment(c.processor_ref)?;
            let Some(customer) =
                text(&first["customerId"]).filter(|_| first["sequenceType"] == "first")
            else {
                return Ok(Answer::Refused(
                    "this order has no Mollie subscription to cancel".into(),
                ));
            };
            let Some(next) = self.cancel_subscriptions(&customer, c.payment_ref)? else {
                return Ok(Answer::Refused(
                    "Mollie holds no subscription of this order to cancel".into(),
                ));
            };
            let effective_at = next.paid_until().filter(|_| c.at_period_end);
            let form = format!("id={}&customerId={}", next.id, next.customer_id);
            Ok(Answer::Accepted {
                processor_ref: Some(next.id),
                effective_at,
                event: Some(Delivery::new(vec![], form.into_bytes())),
            })
        };
        try_cancel().unwrap_or_else(MollieError::answer)
    }
}

/// The payment in Mollie's dashboard: the order's newest payment, else its first.
pub fn dashboard_url(processor_ref: &str, payment_id: Option<&str>) -> Option<String> {
    let id = payment_id.unwrap_or(processor_ref);
    checked_id(id)
        .ok()
        .map(|id| format!("https://my.mollie.com/dashboard/payments/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_shows_the_newest_payment() {
        assert_eq!(
            dashboard_url("tr_first", Some("tr_renewal")).as_deref(),
            Some("https://my.mollie.com/dashboard/payments/tr_renewal")
        );
        assert_eq!(
            dashboard_url("tr_first", None).as_deref(),
            Some("https://my.mollie.com/dashboard/payments/tr_first")
        );
        assert_eq!(dashboard_url("", None), None);
    }

    #[test]
    fn only_no_answer_is_asked_again() {
        let unreachable = MollieError::Unreachable("timed out".into()).answer();
        assert!(matches!(unreachable, Answer::Unreachable(_)));
        let refused = MollieError::Refused {
            status: 422,
            detail: "The amount is higher than the amount remaining".into(),
            field: Some("amount".into()),
        };
        match refused.answer() {
            Answer::Refused(why) => assert!(why.contains("amount remaining"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}
