//! PayPal as a `Processor`: its keys, and its client for them.

use super::{check_price, parse_event, PayPal, PayPalHeaders, EVENTS};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::gateways::keys::{KeyField, Keys};
use crate::gateways::registry::{Api, Built, Kind};
use crate::gateways::Gateway;
use crate::gateways::{
    Answer, Delivery, Event, LookedUp, NewPayment, Processor, Started, ToCancel, ToRefund,
    WebhookError,
};

pub const KIND: Kind = Kind {
    gateway: Gateway::Paypal,
    name: "paypal",
    title: "PayPal",
    buyer_label: |l| crate::i18n::t(l, "gateway-paypal"),
    buyer_name: "PayPal",
    simulated: false,
    keys: &[
        KeyField::pasted("client_id", "Client ID", false),
        KeyField::pasted("client_secret", "Client secret", true),
        KeyField::pasted("webhook_id", "Webhook ID", false),
    ],
    webhook_events: EVENTS,
    webhook_note: "",
    api: Some(Api {
        flag: "paypal-api-url",
        env: "TAGCART_PAYPAL_API_URL",
        default: "https://api-m.paypal.com",
        help: "PayPal's API endpoint; https://api-m.sandbox.paypal.com for PayPal's sandbox",
    }),
    upsell_note: Some("upsell-one-click-approve"),
    // Where a buyer manages their automatic payments.
    manage_at: Some((
        "https://www.paypal.com/myaccount/autopay/",
        "account-paypal-manage",
    )),
    build,
};

fn build(keys: &Keys, config: &Config) -> Built {
    let api_url = config.api_url(Gateway::Paypal);
    Built::of(PayPalProcessor {
        client: PayPal::new(
            api_url.clone(),
            keys.get("client_id"),
            keys.get("client_secret"),
        ),
        webhook_id: keys.get("webhook_id"),
        sandbox: api_url.as_str().contains("sandbox"),
    })
}

/// One PayPal REST app with its saved keys.
pub struct PayPalProcessor {
    client: PayPal,
    webhook_id: String,
    /// The sandbox API: the dashboard links go to the sandbox's pages.
    sandbox: bool,
}

impl Processor for PayPalProcessor {
    /// One-time: an order the buyer approves at PayPal; recurring: a subscription.
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        let public = payment.public_url;
        let back = format!("{public}/pay/paypal/return?ref={}", payment.payment_ref);
        let cancel = format!("{public}{}", payment.cancel_path);
        let (r, terms, name) = (payment.payment_ref, payment.terms, payment.product_name);
        let started = match terms.kind {
            // One item is the order itself; a bump makes two, listed so the buyer sees both.
            PriceKind::OneTime => {
                let (items, tax) = (payment.items, payment.tax_added);
                let items = match items.len() {
                    0 | 1 if tax == 0 => &[][..],
                    _ => items,
                };
                (self.client).start_order_of(r, terms, items, tax, name, &back, &cancel)
            }
            _ => self.client.start_discounted_subscription(
                r,
                terms,
                name,
                &back,
                &cancel,
                payment.discount,
            ),
        };
        let started = started.map_err(|e| e.to_string())?;
        Ok(Started {
            processor_ref: Some(started.processor_ref),
            client_secret: None,
            next: started.approve_url,
        })
    }

    /// A one-time order the buyer approved is captured now; its webhook completes the order
    /// (and the approval's webhook and reconciliation capture it too, should this fail).
    fn returned(&self, processor_ref: &str, kind: PriceKind) -> Result<Option<LookedUp>, String> {
        if kind == PriceKind::OneTime {
            self.client
                .capture(processor_ref)
                .map_err(|e| e.to_string())?;
        }
        Ok(None)
    }

    fn look_up(&self, processor_ref: &str) -> Result<Option<LookedUp>, String> {
        self.client
            .lookup_payment(processor_ref)
            .map_err(|e| e.to_string())
    }

    fn verify_keys(&self) -> Result<(), String> {
        self.client.verify_keys().map_err(|e| e.to_string())
    }

    /// Verified by asking PayPal; an approved order is captured here (reconciliation retries).
    fn read_webhook(
        &self,
        delivery: &Delivery,
        _: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        let h = |name: &str| delivery.header(name).to_string();
        let headers = PayPalHeaders {
            auth_algo: h("PAYPAL-AUTH-ALGO"),
            cert_url: h("PAYPAL-CERT-URL"),
            transmission_id: h("PAYPAL-TRANSMISSION-ID"),
            transmission_sig: h("PAYPAL-TRANSMISSION-SIG"),
            transmission_time: h("PAYPAL-TRANSMISSION-TIME"),
        };
        let verified = self
            .client
            .verify_webhook(&self.webhook_id, &headers, &delivery.body);
        match verified {
            Ok(true) => {}
            Ok(false) => return Err(WebhookError::BadSignature),
            Err(e) => {
                let why = format!("PayPal could not verify the event: {e}");
                return Err(WebhookError::Unverifiable(why));
            }
        }
        let p = parse_event(&delivery.body)?;
        if let Some(order_id) = &p.needs_capture {
            if let Err(e) = self.client.capture(order_id) {
                tracing::warn!(error = %e, "paypal: capture after approval failed; reconciliation will retry");
            }
        }
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

    /// A PayPal plan is a subscription with a fixed number of billing cycles.
    fn ends_plans_itself(&self) -> bool {
        true
    }

    fn end_plan(&self, processor_ref: &str) -> Result<(), String> {
        let reason = "Payment plan paid in full";
        self.client
            .cancel_subscription(processor_ref, reason)
            .map_err(|e| e.to_string())
    }

    fn check_price(&self, terms: &PriceTerms) -> Result<(), String> {
        check_price(terms)
    }

    fn refund(&self, refund: &ToRefund) -> Answer {
        self.client.refund(refund)
    }

    fn cancel(&self, cancel: &ToCancel) -> Answer {
        self.client.cancel(cancel)
    }

    fn dashboard_url(&self, processor_ref: &str, payment_id: Option<&str>) -> Option<String> {
        super::actions::dashboard_url(self.sandbox, processor_ref, payment_id)
    }
}
