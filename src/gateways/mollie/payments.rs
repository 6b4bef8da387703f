//! Payments: created for the buyer to pay at Mollie's hosted checkout, and read back (for
//! webhooks, the buyer's return and reconciliation) in tagcart's words.

use super::amount::{self, amount_value};
use super::client::{checked_id, Method, Mollie, MollieError};
use super::schedule;
use crate::domain::order::PaymentEvent;
use crate::domain::product::PriceKind;
use crate::gateways::{LookedUp, NewPayment, Paid};
use serde_json::{json, Value};

/// Mollie's limit for a payment's `description`.
const DESCRIPTION_MAX: usize = 255;

/// A created payment: its id and the hosted checkout the buyer goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub checkout_url: String,
}

pub(super) fn text(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

/// How a payment's status reads for tagcart: paid, or ended without money (failed, canceled
/// by the buyer, expired unpaid); `None` while open, pending or authorized.
pub fn settled_kind(status: &str) -> Option<PaymentEvent> {
    match status {
        "paid" => Some(PaymentEvent::Completed),
        "failed" | "canceled" | "expired" => Some(PaymentEvent::Failed),
        _ => None,
    }
}

/// Whether Mollie made this payment for a subscription (a renewal), not the buyer at checkout.
pub fn is_renewal(payment: &Value) -> bool {
    payment["sequenceType"] == "recurring" && text(&payment["subscriptionId"]).is_some()
}

impl Mollie {
    /// The buyer's payment: a one-time price's whole charge; a recurring price's first charge
    /// (`sequenceType: first`, for a customer made for this order), which leaves the mandate
    /// its subscriptions charge. Idempotency keys come from the `payment_ref`, so a retry gets
    /// the same customer and payment back.
    pub fn start(&self, p: &NewPayment) -> Result<Created, MollieError> {
        let terms = p.terms;
        let first_charge = match (terms.kind, p.discount) {
            (PriceKind::OneTime, _) | (_, None) => terms.amount,
            (_, Some(discount)) => discount.charge(terms, 0),
        };
        let value = amount_value(&terms.currency, first_charge).map_err(|why| {
            MollieError::Invalid(format!(
                "the first payment cannot be made with Mollie: {why}"
            ))
        })?;
        let (public, payment_ref) = (p.public_url, p.payment_ref);
        let description: String = match p.product_name.trim() {
            "" => payment_ref.to_string(),
            name => name.chars().take(DESCRIPTION_MAX).collect(),
        };
        let mut body = json!({
            "amount": {"currency": terms.currency, "value": value},
            "description": description,
            "redirectUrl": format!("{public}/pay/mollie/return?ref={payment_ref}"),
            "cancelUrl": format!("{public}{}", p.cancel_path),
            "webhookUrl": format!("{public}/webhooks/mollie"),
            "metadata": {"payment_ref": payment_ref},
        });
        if terms.kind != PriceKind::OneTime {
            // The later charges travel with the first payment, read back when it is paid.
            let phases = schedule::phases(terms, p.discount).map_err(MollieError::Invalid)?;
            let interval = schedule::interval(terms).map_err(MollieError::Invalid)?;
            body["metadata"]["plan"] = json!({"interval": interval, "phases": phases});
            body["customerId"] = json!(self.create_customer(payment_ref, p.email)?);
            body["sequenceType"] = json!("first");
        }
        let key = format!("{payment_ref}-payment");
        let payment = self.call(Method::Post, "/v2/payments", Some(&key), Some(&body))?;
        let id = text(&payment["id"]).ok_or_else(|| bad("no payment id"))?;
        let checkout = text(&payment["_links"]["checkout"]["href"])
            .ok_or_else(|| bad("no checkout link on the payment"))?;
        Ok(Created {
            id,
            checkout_url: checkout,
        })
    }

    /// A customer of this order alone, so that its subscriptions are only this order's.
    fn create_customer(&self, payment_ref: &str, email: &str) -> Result<String, MollieError> {
        let body = json!({"email": email, "metadata": {"payment_ref": payment_ref}});
        let key = format!("{payment_ref}-customer");
        let customer = self.call(Method::Post, "/v2/customers", Some(&key), Some(&body))?;
        text(&customer["id"]).ok_or_else(|| bad("no customer id"))
    }

    pub fn payment(&self, id: &str) -> Result<Value, MollieError> {
        let path = format!("/v2/payments/{}", checked_id(id)?);
        self.call(Method::Get, &path, None, None)
    }

    /// Reconciliation and the buyer's return: how the order's payment stands at Mollie. A
    /// paid first payment has its subscriptions made first; it counts as paid even when Mollie
    /// refuses them, and stays pending only while Mollie cannot be asked (see
    /// `subscriptions`). A payment Mollie does not know was never paid.
    pub fn look_up(&self, payment_id: &str) -> Result<Option<LookedUp>, MollieError> {
        let payment = match self.payment(payment_id) {
            Ok(payment) => payment,
            Err(e) if e.not_found() => {
                return Ok(Some(LookedUp {
                    kind: PaymentEvent::Failed,
                    paid: Paid::NotStated,
                    processor_ref: Some(payment_id.to_string()),
                }))
            }
            Err(e) => return Err(e),
        };
        let Some(kind) = settled_kind(payment["status"].as_str().unwrap_or("")) else {
            return Ok(None);
        };
        let paid = match kind {
            PaymentEvent::Completed => {
                self.subscribe(&payment)?;
                amount::paid(&payment["amount"])
            }
            _ => Paid::NotStated,
        };
        Ok(Some(LookedUp {
            kind,
            paid,
            processor_ref: text(&payment["id"]),
        }))
    }
}

pub(super) fn bad(why: &str) -> MollieError {
    MollieError::BadAnswer(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_settle_only_when_final() {
        assert_eq!(settled_kind("paid"), Some(PaymentEvent::Completed));
        for ended in ["failed", "canceled", "expired"] {
            assert_eq!(settled_kind(ended), Some(PaymentEvent::Failed), "{ended}");
        }
        for open in ["open", "pending", "authorized", ""] {
            assert_eq!(settled_kind(open), None, "{open}");
        }
    }

    #[test]
    fn only_a_subscriptions_recurring_payment_is_a_renewal() {
        let renewal = json!({"sequenceType": "recurring", "subscriptionId": "sub_1"});
        assert!(is_renewal(&renewal));
        assert!(!is_renewal(
            &json!({"sequenceType": "first", "customerId": "cst_1"})
        ));
        assert!(!is_renewal(&json!({"sequenceType": "recurring"})));
    }
}
