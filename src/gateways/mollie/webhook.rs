//! Mollie's webhook: a form with one field, `id`, and nothing signed. Each delivery is read by
//! fetching what it names from Mollie, so a forged one can only make us read the truth.
//! Mollie's advice is followed for ids it does not know: acknowledged, nothing said or done.

use super::amount::{self, minor_of};
use super::client::{Mollie, MollieError};
use super::payments::{is_renewal, settled_kind, text};
use super::schedule;
use crate::domain::order::PaymentEvent;
use crate::gateways::{Delivery, Event, Paid, Refund, WebhookError};
use serde_json::Value;

/// What a delivery names: a payment (`tr_...`, Mollie's own), or a subscription tagcart
/// cancelled (`sub_...` with its `customerId`: Mollie sends nothing when one ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Payment(String),
    Subscription { id: String, customer_id: String },
}

/// Reads the form body; a body without a usable `id` is not Mollie's.
pub fn named(body: &[u8]) -> Result<Named, WebhookError> {
    let field = |name: &str| {
        url::form_urlencoded::parse(body)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string())
    };
    let id = field("id").filter(|id| {
        !id.is_empty()
            && id.len() <= 64
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    let id = id.ok_or_else(|| WebhookError::BadBody("no Mollie id in the form".into()))?;
    match field("customerId") {
        Some(customer_id) if id.starts_with("sub_") => Ok(Named::Subscription { id, customer_id }),
        _ => Ok(Named::Payment(id)),
    }
}

/// A fetch that failed: unknown to Mollie (`Ok(None)`, acknowledged), or no answer (503:
/// Mollie delivers again).
fn unverifiable(e: MollieError) -> Result<Option<Event>, WebhookError> {
    match e {
        e if e.not_found() => Ok(None),
        MollieError::Invalid(_) => Ok(None),
        e => Err(WebhookError::Unverifiable(format!(
            "Mollie could not be asked: {e}"
        ))),
    }
}

impl Mollie {
    pub fn read_webhook(&self, delivery: &Delivery) -> Result<Option<Event>, WebhookError> {
        match named(&delivery.body)? {
            Named::Payment(id) => match self.payment(&id) {
                Ok(payment) => self.payment_event(&payment),
                Err(e) => unverifiable(e),
            },
            Named::Subscription { id, customer_id } => match self.subscription(&customer_id, &id) {
                Ok(subscription) => Ok(cancellation(&subscription)),
                Err(e) => unverifiable(e),
            },
        }
    }

    /// A payment as it is now, as one event: its refunds and charge-backs once there are
    /// any, else its final status. A paid first payment makes its subscriptions first, and is
    /// held back (503) only while Mollie cannot be asked (see `subscriptions`).
    fn payment_event(&self, payment: &Value) -> Result<Option<Event>, WebhookError> {
        let id =
            text(&payment["id"]).ok_or_else(|| WebhookError::BadBody("no payment id".into()))?;
        let status = payment["status"].as_str().unwrap_or("");
        let renewal = is_renewal(payment);
        let payment_ref = match text(&payment["metadata"]["payment_ref"]) {
            Some(r) => Some(r),
            // A subscription's payment: the order is named by the subscription's metadata.
            None if renewal => {
                let (customer, sub) = (
                    text(&payment["customerId"]),
                    text(&payment["subscriptionId"]),
                );
                let (Some(customer), Some(sub)) = (customer, sub) else {
                    return Ok(None);
                };
                match self.subscription(&customer, &sub) {
                    Ok(s) => text(&s["metadata"]["payment_ref"]),
                    Err(e) => return unverifiable(e),
                }
            }
            None => None,
        };
        let Some(payment_ref) = payment_ref else {
            return Ok(None); // not made by tagcart
        };
        let taken_back = refunded(payment).map_err(WebhookError::BadBody)?;
        let (kind, suffix) = match (taken_back, settled_kind(status)) {
            (Some(total), _) => (PaymentEvent::Refunded, format!("refunded:{total}")),
            (None, Some(PaymentEvent::Completed)) if renewal => {
                (PaymentEvent::Renewed, "paid".into())
            }
            (None, Some(PaymentEvent::Failed)) if renewal => {
                (PaymentEvent::RenewalFailed, status.into())
            }
            (None, Some(kind)) => (kind, status.into()),
            (None, None) => return Ok(None),
        };
        if kind == PaymentEvent::Completed {
            // Every delivery of a paid first payment, a duplicate too, makes what is missing.
            self.subscribe(payment).map_err(|e| {
                WebhookError::Unverifiable(format!(
                    "the subscription could not be made at Mollie: {e}"
                ))
            })?;
        }
        let paid = match kind {
            PaymentEvent::Completed | PaymentEvent::Renewed => amount::paid(&payment["amount"]),
            _ => Paid::NotStated,
        };
        let refund = taken_back.map(|total| Refund {
            // The payment's refunded total only grows: counted once however often it is read.
            key: id.clone(),
            payment_id: Some(id.clone()),
            amount: total,
            currency: text(&payment["amount"]["currency"]),
            full: None,
        });
        Ok(Some(Event {
            id: format!("{id}:{suffix}"),
            kind,
            type_name: format!("payment.{suffix}"),
            payment_ref: Some(payment_ref),
            // A renewal is another payment than the one the order was started with.
            processor_ref: (!renewal).then(|| id.clone()),
            payment_id: Some(id),
            paid,
            period_end: None,
            refund,
        }))
    }
}

/// What a payment has had refunded and charged back, in minor units; `None` for nothing.
/// Mollie's totals can drop (a queued refund cancelled, a charge-back reversed); the ledger
/// keeps the highest it saw, a known limit the README states.
fn refunded(payment: &Value) -> Result<Option<i64>, String> {
    let refunded = minor_of(&payment["amountRefunded"])?.unwrap_or(0);
    let charged_back = minor_of(&payment["amountChargedBack"])?.unwrap_or(0);
    Ok(Some(refunded + charged_back).filter(|t| *t > 0))
}

/// A subscription tagcart cancelled, as the cancellation of its order: access lasts until
/// the charge it will no longer make (when the cancellation asked for the period's end).
fn cancellation(subscription: &Value) -> Option<Event> {
    if subscription["status"] != "canceled" {
        return None;
    }
    let id = text(&subscription["id"])?;
    let payment_ref = text(&subscription["metadata"]["payment_ref"])?;
    let canceled_at = text(&subscription["canceledAt"]).and_then(|t| schedule::parse_time(&t));
    let period_end = match (
        text(&subscription["startDate"]),
        text(&subscription["interval"]),
    ) {
        (Some(start), Some(interval)) => {
            canceled_at.and_then(|at| schedule::next_charge(&start, &interval, at))
        }
        _ => None,
    };
    Some(Event {
        id: format!("{id}:canceled"),
        kind: PaymentEvent::Cancelled,
        type_name: "subscription.canceled".into(),
        payment_ref: Some(payment_ref),
        processor_ref: None,
        payment_id: None,
        paid: Paid::NotStated,
        period_end,
        refund: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_form_names_a_payment_or_a_cancelled_subscription() {
        assert_eq!(
            named(b"id=tr_d0b0E3EA3v"),
            Ok(Named::Payment("tr_d0b0E3EA3v".into()))
        );
        assert_eq!(
            named(b"id=sub_8EjeBVgtEn&customerId=cst_4qqhO89gsT"),
            Ok(Named::Subscription {
                id: "sub_8EjeBVgtEn".into(),
                customer_id: "cst_4qqhO89gsT".into()
            })
        );
        for bad in [
            &b""[..],
            b"id=",
            b"{\"id\":\"tr_1\"}",
            b"id=tr_1%2F..%2Fv2",
            b"ref=tr_1",
        ] {
            assert!(
                matches!(named(bad), Err(WebhookError::BadBody(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn refunds_and_charge_backs_add_up_and_nothing_is_none() {
        let eur = |v: &str| json!({"currency": "EUR", "value": v});
        assert_eq!(refunded(&json!({"amount": eur("10.00")})), Ok(None));
        let partly = json!({"amountRefunded": eur("2.50"), "amountChargedBack": eur("1.00")});
        assert_eq!(refunded(&partly), Ok(Some(350)));
        assert_eq!(refunded(&json!({"amountRefunded": eur("0.00")})), Ok(None));
        assert!(refunded(&json!({"amountRefunded": eur("2.5")})).is_err());
    }

    #[test]
    fn a_cancelled_subscription_keeps_access_until_its_next_charge() {
        let sub = json!({"id": "sub_1", "status": "canceled", "startDate": "2025-02-15",
            "interval": "1 month", "canceledAt": "2025-03-01T09:00:00+00:00",
            "metadata": {"payment_ref": "pay_1"}});
        let e = cancellation(&sub).unwrap();
        assert_eq!(
            (e.kind, e.payment_ref.as_deref()),
            (PaymentEvent::Cancelled, Some("pay_1"))
        );
        assert_eq!(
            e.period_end.map(schedule::date).as_deref(),
            Some("2025-03-15")
        );
        assert_eq!(e.id, "sub_1:canceled");
        let active =
            json!({"id": "sub_1", "status": "active", "metadata": {"payment_ref": "pay_1"}});
        assert_eq!(
            cancellation(&active),
            None,
            "a live subscription cancels nothing"
        );
    }
}
