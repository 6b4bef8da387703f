//! Refunds and cancellations asked of Paystack, and the dashboard's links.

use super::client::{Paystack, PaystackError};
use super::wire::text;
use crate::gateways::{Answer, ToCancel, ToRefund};
use serde_json::{json, Value};

/// Paystack keeps at most this much of a refund's note to the customer.
const NOTE_MAX: usize = 255;

/// The transaction a refund takes money back from: the payment named (a subscription's
/// newest charge), else the order's own.
fn transaction_of<'a>(r: &'a ToRefund) -> &'a str {
    r.payment_id.unwrap_or(r.processor_ref)
}

impl Paystack {
    pub fn refund(&self, r: &ToRefund) -> Answer {
        match self.try_refund(r) {
            Ok(refund) => Answer::Accepted {
                processor_ref: text(&refund["id"]),
                effective_at: None,
                event: None,
            },
            Err(e) => e.answer(),
        }
    }

    /// Paystack takes no idempotency key: ours goes in the refund's `merchant_note`, and a
    /// refund of this transaction already carrying it (a retry after a lost answer) is the one.
    fn try_refund(&self, r: &ToRefund) -> Result<Value, PaystackError> {
        let reference = transaction_of(r);
        let transaction = self.verify(reference)?;
        let id = text(&transaction["id"])
            .ok_or_else(|| super::client::bad_answer("no transaction id"))?;
        let earlier = self.get(&format!("/refund?transaction={id}&perPage=100"))?;
        let ours = earlier
            .as_array()
            .into_iter()
            .flatten()
            .find(|refund| refund["merchant_note"].as_str() == Some(r.idempotency_key));
        if let Some(refund) = ours {
            return Ok(refund.clone());
        }
        let mut body = json!({"transaction": reference, "merchant_note": r.idempotency_key});
        if let Some(amount) = r.amount {
            body["amount"] = json!(amount);
            body["currency"] = json!(r.currency);
        }
        let note: String = r.reason.trim().chars().take(NOTE_MAX).collect();
        if !note.is_empty() {
            body["customer_note"] = json!(note);
        }
        self.post("/refund", &body)
    }

    /// Paystack only disables a subscription: it charges no more and ends when the paid
    /// period does. Asked to end now, access ends now in tagcart all the same (the ledger
    /// reads it from the request).
    pub fn cancel(&self, c: &ToCancel) -> Answer {
        let subscription = match self.subscription_of(c.processor_ref) {
            Ok(Some(subscription)) => subscription,
            Ok(None) => {
                return Answer::Refused("this order has no Paystack subscription to cancel".into())
            }
            Err(e) => return e.answer(),
        };
        match self.disable(&subscription) {
            Ok(()) => Answer::Accepted {
                processor_ref: Some(subscription.code),
                effective_at: subscription.next_payment.filter(|_| c.at_period_end),
                event: None,
            },
            Err(e) => e.answer(),
        }
    }
}

/// The newest charge's page in Paystack's dashboard, by its reference.
pub fn dashboard_url(processor_ref: &str, payment_id: Option<&str>) -> Option<String> {
    let reference = payment_id.unwrap_or(processor_ref);
    Some(format!(
        "https://dashboard.paystack.com/#/transactions/{reference}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refund<'a>(payment_id: Option<&'a str>) -> ToRefund<'a> {
        ToRefund {
            payment_ref: "pay_1",
            processor_ref: "pay.1",
            payment_id,
            amount: None,
            currency: "NGN",
            reason: "",
            idempotency_key: "tagcart-action-1",
            now: 0,
        }
    }

    #[test]
    fn a_refund_takes_from_the_newest_charge() {
        assert_eq!(transaction_of(&refund(None)), "pay.1");
        assert_eq!(transaction_of(&refund(Some("T123"))), "T123");
    }

    #[test]
    fn dashboard_links_name_the_newest_charge() {
        assert_eq!(
            dashboard_url("pay.1", None).unwrap(),
            "https://dashboard.paystack.com/#/transactions/pay.1"
        );
        assert_eq!(
            dashboard_url("pay.1", Some("T9")).unwrap(),
            "https://dashboard.paystack.com/#/transactions/T9"
        );
    }
}
