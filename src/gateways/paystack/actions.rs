//! Refunds and cancellations asked of Paystack, and the dashboard's links.

use super::client::{Paystack, PaystackError};
use super::wire::{subunits, text};
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
        let listed = self.get(&format!("/refund?transaction={id}&perPage=100"))?;
        // Only this transaction's, whatever the filter did.
        let earlier: Vec<Value> = (listed.as_array().into_iter().flatten())
            .filter(|refund| refunded_transaction(refund).as_deref() == Some(id.as_str()))
            .cloned()
            .collect();
        let note = merchant_note(r.idempotency_key, reference);
        if let Some(refund) = earlier.iter().find(|x| x["merchant_note"] == note.as_str()) {
            return Ok(refund.clone());
        }
        // "All that is left" is sent as an amount: Paystack's refund without one is of the
        // whole transaction, which it refuses after an earlier partial refund.
        let amount = match r.amount {
            Some(amount) => amount,
            None => left(&transaction, &earlier)
                .ok_or_else(|| PaystackError::Invalid("nothing is left to refund".into()))?,
        };
        let mut body = json!({"transaction": reference, "merchant_note": note,
                              "amount": amount, "currency": r.currency});
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

/// Our idempotency key with the transaction's reference: action ids repeat across installs
/// that share one Paystack account.
fn merchant_note(idempotency_key: &str, reference: &str) -> String {
    format!("{idempotency_key} {reference}")
}

/// The id of the transaction a listed refund is of: its id, or the transaction itself.
fn refunded_transaction(refund: &Value) -> Option<String> {
    text(&refund["transaction"]["id"]).or_else(|| text(&refund["transaction"]))
}

/// What is left of the transaction after its refunds that did not fail; `None`: nothing.
fn left(transaction: &Value, earlier: &[Value]) -> Option<i64> {
    let paid = subunits(&transaction["amount"])?;
    let refunded: i64 = (earlier.iter())
        .filter(|refund| !matches!(refund["status"].as_str(), Some("failed" | "reversed")))
        .filter_map(|refund| subunits(&refund["amount"]))
        .sum();
    Some(paid - refunded).filter(|left| *left > 0)
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
    fn all_that_is_left_counts_the_refunds_that_did_not_fail() {
        let transaction = json!({"id": 3000001, "amount": 4900});
        let refund = |amount: i64, status: &str| json!({"amount": amount, "status": status});
        assert_eq!(left(&transaction, &[]), Some(4900));
        let earlier = [
            refund(1000, "processed"),
            refund(500, "pending"),
            refund(900, "failed"),
        ];
        assert_eq!(left(&transaction, &earlier), Some(3400));
        assert_eq!(left(&transaction, &[refund(4900, "processed")]), None);
    }

    #[test]
    fn a_refund_is_known_by_its_transaction_and_a_note_naming_it() {
        assert_eq!(
            merchant_note("tagcart-action-1", "pay.1"),
            "tagcart-action-1 pay.1"
        );
        assert_ne!(
            merchant_note("tagcart-action-1", "pay.1"),
            merchant_note("tagcart-action-1", "pay.2"),
            "action 1 of another install"
        );
        let of = |transaction: Value| refunded_transaction(&json!({"transaction": transaction}));
        assert_eq!(of(json!(3000001)).as_deref(), Some("3000001"));
        assert_eq!(of(json!({"id": 3000002})).as_deref(), Some("3000002"));
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
