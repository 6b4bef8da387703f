//! What the merchant and the buyer ask of Stripe after a payment: refunds, cancellations, and
//! a subscription's card changed through a SetupIntent confirmed on tagcart's page.

use super::payments::{pair, unexpected};
use super::{text_or_id, Started, Stripe, StripeError};
use crate::clock::Timestamp;
use crate::gateways::{Answer, ToCancel, ToRefund};
use serde_json::Value;

impl StripeError {
    /// In the words of `Answer`: a refusal, or no answer worth waiting out.
    pub fn answer(self) -> Answer {
        match self {
            StripeError::Api { status, .. } if status == 429 || status >= 500 => {
                Answer::Unreachable(self.to_string())
            }
            StripeError::Transport(_) => Answer::Unreachable(self.to_string()),
            other => Answer::Refused(other.to_string()),
        }
    }
}

impl Stripe {
    /// `POST /v1/refunds` of the order's PaymentIntent (a subscription's: its newest payment's).
    /// The reason goes in the refund's metadata: Stripe's own `reason` takes only its three words.
    pub fn refund(&self, r: &ToRefund) -> Answer {
        let intent = match (r.payment_id, r.processor_ref) {
            (Some(payment), _) => payment,
            (None, processor_ref) if processor_ref.starts_with("pi_") => processor_ref,
            _ => {
                return Answer::Refused("Stripe has no payment of this order to refund yet".into())
            }
        };
        let mut form = vec![
            pair("payment_intent", intent),
            pair("metadata[payment_ref]", r.payment_ref),
        ];
        if let Some(amount) = r.amount {
            form.push(pair("amount", amount));
        }
        if !r.reason.is_empty() {
            form.push(pair("metadata[reason]", r.reason));
        }
        match self.post(&["refunds"], r.idempotency_key, &form) {
            Ok(refund) => Answer::Accepted {
                processor_ref: text_or_id(&refund["id"]),
                effective_at: None,
                event: None,
            },
            Err(e) => e.answer(),
        }
    }

    /// At period end: `cancel_at_period_end=true`, and Stripe ends it then
    /// (`customer.subscription.deleted`); now: deleted at once.
    pub fn cancel(&self, c: &ToCancel) -> Answer {
        if !c.processor_ref.starts_with("sub_") {
            return Answer::Refused("this order has no Stripe subscription to cancel".into());
        }
        if !c.at_period_end {
            return match self.cancel_subscription(c.processor_ref) {
                Ok(()) => Answer::accepted(),
                Err(e) => e.answer(),
            };
        }
        let form = [pair("cancel_at_period_end", "true")];
        match self.post(
            &["subscriptions", c.processor_ref],
            c.idempotency_key,
            &form,
        ) {
            Ok(subscription) => Answer::Accepted {
                processor_ref: None,
                effective_at: period_end(&subscription),
                event: None,
            },
            Err(e) => e.answer(),
        }
    }

    /// A SetupIntent for a new card of the subscription's customer, for `confirmCardSetup` on
    /// the portal's card page.
    pub fn start_card_change(&self, subscription_id: &str) -> Result<Started, StripeError> {
        let subscription = self.get(&["subscriptions", subscription_id], &[])?;
        let customer = text_or_id(&subscription["customer"])
            .ok_or_else(|| unexpected("a Subscription without a customer"))?;
        let form = [
            pair("customer", &customer),
            pair("usage", "off_session"),
            pair("payment_method_types[]", "card"),
            pair("metadata[subscription]", subscription_id),
        ];
        let key = format!("tagcart-card-{}", crate::crypto::random_token());
        let intent = self.post(&["setup_intents"], &key, &form)?;
        Ok(Started {
            processor_ref: text_or_id(&intent["id"])
                .ok_or_else(|| unexpected("a SetupIntent without an id"))?,
            client_secret: intent["client_secret"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        })
    }

    /// After the buyer confirmed the SetupIntent: its card becomes the one the subscription and
    /// its customer are charged with (attached first: Stripe attaches it itself, localstripe
    /// does not), and a renewal left unpaid is paid with it now. Checks the SetupIntent belongs to
    /// this subscription, so a buyer cannot hand in someone else's.
    pub fn finish_card_change(
        &self,
        subscription_id: &str,
        setup_intent: &str,
    ) -> Result<CardChange, StripeError> {
        let intent = self.get(&["setup_intents", setup_intent], &[])?;
        if intent["metadata"]["subscription"].as_str() != Some(subscription_id) {
            return Ok(CardChange::NotThisSubscriptions);
        }
        if intent["status"].as_str() != Some("succeeded") {
            return Ok(CardChange::NotConfirmed);
        }
        let card = text_or_id(&intent["payment_method"])
            .ok_or_else(|| unexpected("a confirmed SetupIntent without a card"))?;
        let customer = text_or_id(&intent["customer"])
            .ok_or_else(|| unexpected("a SetupIntent without a customer"))?;
        let key = |step: &str| format!("tagcart-{setup_intent}-{step}");
        let attach = [pair("customer", &customer)];
        match self.post(
            &["payment_methods", &card, "attach"],
            &key("attach"),
            &attach,
        ) {
            Ok(_) => {}
            // Already attached to this customer, as Stripe does on confirmation.
            Err(StripeError::Api { status: 400, .. }) => {}
            Err(e) => return Err(e),
        }
        let default = [pair("invoice_settings[default_payment_method]", &card)];
        self.post(&["customers", &customer], &key("default"), &default)?;
        let subscription = self.get(&["subscriptions", subscription_id], &[])?;
        // A subscription's own card (tagcart gives each one) is charged before the customer's:
        // it changes too. localstripe's subscriptions have none and refuse one.
        if !subscription["default_payment_method"].is_null() {
            let own = [pair("default_payment_method", &card)];
            self.post(
                &["subscriptions", subscription_id],
                &key("subscription"),
                &own,
            )?;
        }
        let unpaid = matches!(subscription["status"].as_str(), Some("past_due" | "unpaid"));
        let invoice = text_or_id(&subscription["latest_invoice"]);
        if let (true, Some(invoice)) = (unpaid, invoice) {
            // Paid with the subscription's card: the one just set.
            self.post(&["invoices", &invoice, "pay"], &key("pay"), &[])?;
            return Ok(CardChange::ChangedAndRetried);
        }
        Ok(CardChange::Changed)
    }
}

/// How a card change ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardChange {
    Changed,
    /// The subscription's unpaid renewal was charged to the new card too; its
    /// `invoice.payment_succeeded` ends the failing streak and the revoke it scheduled.
    ChangedAndRetried,
    /// The buyer did not finish confirming the card.
    NotConfirmed,
    /// The SetupIntent was made for another subscription: nothing changed.
    NotThisSubscriptions,
}

/// A subscription's current period end: `current_period_end`, or on 2025-03-31.basil on,
/// its item's.
fn period_end(subscription: &Value) -> Option<Timestamp> {
    let end = &subscription["current_period_end"];
    let end = match end.is_null() {
        true => &subscription["items"]["data"][0]["current_period_end"],
        false => end,
    };
    end.as_i64().filter(|t| *t > 0)
}

/// The payment or subscription in Stripe's dashboard; test-mode keys see the test data.
pub fn dashboard_url(test_mode: bool, processor_ref: &str) -> Option<String> {
    let kind = match processor_ref.split('_').next() {
        Some("pi") => "payments",
        Some("sub") => "subscriptions",
        _ => return None,
    };
    let mode = match test_mode {
        true => "test/",
        false => "",
    };
    Some(format!(
        "https://dashboard.stripe.com/{mode}{kind}/{processor_ref}"
    ))
}
