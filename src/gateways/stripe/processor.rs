//! Stripe as a `Processor`: its keys, and its client for them.

use super::{parse_webhook, OffSession, Stripe, StripeError, EVENTS, SIGNATURE_HEADER};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::gateways::keys::{KeyField, Keys};
use crate::gateways::registry::{Api, Built, Kind};
use crate::gateways::Gateway;
use crate::gateways::{
    Answer, Delivery, Event, LookedUp, NewPayment, Processor, Started, ToCancel, ToRefund,
    UpsellPayment, WebhookError,
};

pub const KIND: Kind = Kind {
    gateway: Gateway::Stripe,
    name: "stripe",
    title: "Stripe",
    buyer_label: |l| crate::i18n::t(l, "gateway-card"),
    buyer_name: "The card processor",
    simulated: false,
    keys: &[
        KeyField::pasted("publishable_key", "Publishable key", false).prefixed(&["pk_"]),
        KeyField::pasted("secret_key", "Secret key", true).prefixed(&["sk_", "rk_"]),
        KeyField::pasted("webhook_secret", "Webhook signing secret", true).prefixed(&["whsec_"]),
    ],
    webhook_events: EVENTS,
    webhook_note: "",
    api: Some(Api {
        flag: "stripe-api-url",
        env: "TAGCART_STRIPE_API_URL",
        default: "https://api.stripe.com",
        help:
            "Stripe's API endpoint; change it only to test against a stand-in such as localstripe",
    }),
    upsell_note: Some("upsell-one-click-card"),
    manage_at: None,
    build,
};

fn build(keys: &Keys, config: &Config) -> Built {
    Built::of(StripeProcessor {
        client: Stripe::new(
            config.api_url(Gateway::Stripe).clone(),
            keys.get("secret_key"),
        ),
        test_mode: keys.get("secret_key").contains("_test_"),
        publishable_key: keys.get("publishable_key"),
        webhook_secret: keys.get("webhook_secret"),
    })
}

/// One Stripe account with its saved keys.
pub struct StripeProcessor {
    client: Stripe,
    /// Test-mode keys: the dashboard links go to Stripe's test data.
    test_mode: bool,
    publishable_key: String,
    webhook_secret: String,
}

impl StripeProcessor {
    /// For the card page's steps after the start (`subscribe_with_setup`).
    pub fn client(&self) -> &Stripe {
        &self.client
    }

    /// For Stripe.js on the card page; not a secret.
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
    }
}

impl Processor for StripeProcessor {
    /// One-time: a PaymentIntent. Recurring: card first, a SetupIntent; the card page then
    /// asks for the subscription (`/pay/stripe/{ref}/subscribe`).
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        let started = match payment.terms.kind {
            PriceKind::OneTime if payment.save_card => self.client.start_one_time_saving_card(
                payment.payment_ref,
                payment.terms,
                payment.email,
                payment.product_name,
            ),
            PriceKind::OneTime => self.client.start_one_time(
                payment.payment_ref,
                payment.terms,
                payment.email,
                payment.product_name,
            ),
            _ => self
                .client
                .start_card_setup(payment.payment_ref, payment.email),
        };
        let started = started.map_err(|e| e.to_string())?;
        Ok(Started {
            processor_ref: Some(started.processor_ref),
            client_secret: Some(started.client_secret),
            next: format!("/pay/stripe/{}", payment.payment_ref),
        })
    }

    /// Off-session, to the card the parent's payment saved; 3-D Secure goes to the card page.
    fn start_upsell(&self, paid_with: &str, payment: &NewPayment) -> Result<UpsellPayment, String> {
        let charged = self.client.charge_saved_card(
            payment.payment_ref,
            paid_with,
            payment.terms,
            payment.product_name,
        );
        let charged = match charged {
            // No card kept for this order (a page's upsell added after the buyer's checkout):
            // nothing can be charged without the buyer, and nothing was.
            Err(StripeError::Api {
                status: 409,
                message,
                ..
            }) => OffSession::Declined(message),
            other => other.map_err(|e| e.to_string())?,
        };
        let started = |s: super::Started| Started {
            processor_ref: Some(s.processor_ref),
            client_secret: Some(s.client_secret),
            next: format!("/pay/stripe/{}", payment.payment_ref),
        };
        Ok(match charged {
            OffSession::Charged(s) => UpsellPayment::Charged(started(s)),
            OffSession::NeedsBuyer(s) => UpsellPayment::Started(started(s)),
            OffSession::Declined(reason) => UpsellPayment::Declined(reason),
        })
    }

    /// Back from the Payment Element (every one-time payment returns through
    /// `/pay/stripe/return`): settled at once from the PaymentIntent, webhook or not.
    fn returned(&self, processor_ref: &str, _: PriceKind) -> Result<Option<LookedUp>, String> {
        self.client
            .returned_payment(processor_ref)
            .map_err(|e| e.to_string())
    }

    fn look_up(&self, processor_ref: &str) -> Result<Option<LookedUp>, String> {
        self.client
            .lookup_payment(processor_ref)
            .map_err(|e| e.to_string())
    }

    fn verify_keys(&self) -> Result<(), String> {
        self.client.verify_keys().map_err(|e| e.to_string())
    }

    fn read_webhook(
        &self,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        let signature = delivery.header(SIGNATURE_HEADER);
        let p = parse_webhook(&self.webhook_secret, signature, &delivery.body, now)?;
        let event = Event::of(
            p.id,
            p.type_name,
            p.kind,
            p.payment_ref,
            p.processor_ref,
            p.payment_id,
            p.paid,
        );
        Ok(event.map(|e| Event {
            period_end: p.period_end,
            refund: p.refund,
            ..e
        }))
    }

    fn ends_plans_itself(&self) -> bool {
        false
    }

    /// Stripe's plans have no end date: the subscription is cancelled after the last installment.
    fn end_plan(&self, processor_ref: &str) -> Result<(), String> {
        self.client
            .cancel_subscription(processor_ref)
            .map_err(|e| e.to_string())
    }

    fn check_price(&self, _: &PriceTerms) -> Result<(), String> {
        Ok(())
    }

    fn refund(&self, refund: &ToRefund) -> Answer {
        self.client.refund(refund)
    }

    fn cancel(&self, cancel: &ToCancel) -> Answer {
        self.client.cancel(cancel)
    }

    fn dashboard_url(&self, processor_ref: &str, _: Option<&str>) -> Option<String> {
        super::actions::dashboard_url(self.test_mode, processor_ref)
    }
}
