//! A payment: a transaction initialized for the buyer to pay on Paystack's hosted page (on a
//! plan for a recurring price), and verified by its reference on return and in reconciliation.

use super::client::{bad_answer, checked_ref, Paystack, PaystackError};
use super::wire::{paid, text};
use crate::domain::order::PaymentEvent;
use crate::gateways::{LookedUp, Paid};
use serde_json::{json, Value};

/// A transaction to initialize.
pub struct Initialize<'a> {
    pub payment_ref: &'a str,
    pub email: &'a str,
    pub amount: i64,
    pub currency: &'a str,
    /// A recurring price's plan: Paystack subscribes the buyer once the first charge succeeds.
    pub plan: Option<&'a str>,
    pub product_name: &'a str,
    pub callback_url: &'a str,
    /// Where the hosted page's "Cancel payment" sends the buyer.
    pub cancel_url: &'a str,
}

/// Paystack takes only letters, digits, `-`, `.` and `=` in a reference; our payment_ref has
/// `_` (its prefix and base64url), never `.`, so this is one to one.
pub fn reference_of(payment_ref: &str) -> String {
    payment_ref.replace('_', ".")
}

impl Paystack {
    /// POST /transaction/initialize with our payment_ref as its reference and in `metadata`
    /// (a stringified object, as Paystack documents it). The buyer's authorization_url and the
    /// reference to store on the order.
    pub fn initialize(&self, t: &Initialize) -> Result<(String, String), PaystackError> {
        let reference = reference_of(t.payment_ref);
        let metadata = json!({
            "payment_ref": t.payment_ref,
            "cancel_action": t.cancel_url,
            "custom_fields": [{"display_name": "Product", "variable_name": "product", "value": t.product_name}],
        });
        let mut body = json!({
            "email": t.email,
            "amount": t.amount,
            "currency": t.currency,
            "reference": reference,
            "callback_url": t.callback_url,
            "metadata": metadata.to_string(),
        });
        if let Some(plan) = t.plan {
            body["plan"] = json!(plan);
        }
        let data = self.post("/transaction/initialize", &body)?;
        let url =
            text(&data["authorization_url"]).ok_or_else(|| bad_answer("no authorization_url"))?;
        let reference = text(&data["reference"]).unwrap_or(reference);
        Ok((url, reference))
    }

    /// GET /transaction/verify/{reference}: the transaction as Paystack has it now.
    pub fn verify(&self, reference: &str) -> Result<Value, PaystackError> {
        self.get(&format!("/transaction/verify/{}", checked_ref(reference)?))
    }

    /// How a transaction stands: success → Completed with what was paid; failed, reversed, or
    /// unknown to Paystack → Failed; abandoned → Failed when `abandoned_fails` (reconciliation,
    /// minutes after checkout), else still open (the buyer is just back, maybe to try again);
    /// ongoing, pending, processing, queued → still open.
    pub fn look_up(
        &self,
        reference: &str,
        abandoned_fails: bool,
    ) -> Result<Option<LookedUp>, PaystackError> {
        let found = |kind, paid| LookedUp {
            kind,
            paid,
            processor_ref: Some(reference.to_string()),
        };
        let data = match self.verify(reference) {
            Ok(data) => data,
            Err(PaystackError::Api { status, message })
                if status == 404 || message.to_lowercase().contains("not found") =>
            {
                return Ok(Some(found(PaymentEvent::Failed, Paid::NotStated)))
            }
            Err(e) => return Err(e),
        };
        Ok(match data["status"].as_str().unwrap_or("") {
            "success" => Some(found(PaymentEvent::Completed, paid(&data))),
            "failed" | "reversed" => Some(found(PaymentEvent::Failed, Paid::NotStated)),
            "abandoned" if abandoned_fails => Some(found(PaymentEvent::Failed, Paid::NotStated)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_keep_to_paystacks_characters_and_stay_distinct() {
        let r = reference_of("pay_aB-3_x");
        assert_eq!(r, "pay.aB-3.x");
        assert!(r
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.=".contains(c)));
        assert_ne!(reference_of("pay_a_b"), reference_of("pay_a-b"));
    }
}
