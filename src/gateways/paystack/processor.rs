//! Paystack as a `Processor`: its keys, and its client for them.

use super::client::{Paystack, PaystackError};
use super::payments::Initialize;
use super::subscriptions::{Charged, FirstCharge, RenewalCharge, Subscription};
use super::webhook::{self, SubscriptionOf};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::gateways::keys::{KeyField, Keys};
use crate::gateways::registry::{Api, Built, Kind};
use crate::gateways::{
    Answer, Delivery, Event, Gateway, LookedUp, NewPayment, Processor, Started, ToCancel, ToRefund,
    WebhookError,
};
use crate::i18n::Locale;

pub const KIND: Kind = Kind {
    gateway: Gateway::Paystack,
    name: "paystack",
    title: "Paystack",
    buyer_label,
    buyer_name: "Paystack",
    simulated: false,
    keys: &[
        KeyField::pasted("secret_key", "Secret key", true).prefixed(&["sk_test_", "sk_live_"]),
        KeyField::pasted("public_key", "Public key", false).prefixed(&["pk_test_", "pk_live_"]),
    ],
    // Paystack sends every event to the one URL: there are none to select.
    webhook_events: &[],
    webhook_note: "Paste this as the Webhook URL in Paystack's Settings → API Keys & Webhooks \
                   (Paystack sends every event there; there are none to select):",
    api: Some(Api {
        flag: "paystack-api-url",
        env: "TAGCART_PAYSTACK_API_URL",
        default: "https://api.paystack.co",
        help: "Paystack's API endpoint (test and live differ by key, not by address)",
    }),
    upsell_note: Some("upsell-one-click-approve"),
    manage_at: None,
    build,
};

/// The payment method on checkout forms; the ftl files stay shared, so the words are here.
fn buyer_label(locale: Locale) -> String {
    match locale {
        Locale::En => "Card, bank or mobile money (Paystack)",
        Locale::De => "Karte, Bank oder Mobile Money (Paystack)",
        Locale::Fr => "Carte, virement ou mobile money (Paystack)",
        Locale::Es => "Tarjeta, banco o dinero móvil (Paystack)",
        Locale::Pt => "Cartão, banco ou dinheiro móvel (Paystack)",
        Locale::It => "Carta, bonifico o mobile money (Paystack)",
        Locale::Nl => "Kaart, bank of mobiel geld (Paystack)",
    }
    .to_string()
}

fn build(keys: &Keys, config: &Config) -> Built {
    let api_url = config.api_url(Gateway::Paystack).clone();
    Built::of(PaystackProcessor::new(api_url, keys.get("secret_key")))
}

/// One Paystack integration with its saved keys.
pub struct PaystackProcessor {
    client: Paystack,
    /// Also the key of the webhooks' signatures.
    secret_key: String,
}

impl std::fmt::Debug for PaystackProcessor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaystackProcessor")
            .field("client", &self.client)
            .field("secret_key", &"***")
            .finish()
    }
}

impl PaystackProcessor {
    pub fn new(api_url: url::Url, secret_key: String) -> PaystackProcessor {
        PaystackProcessor {
            client: Paystack::new(api_url, secret_key.clone()),
            secret_key,
        }
    }

    /// The first charge of the subscription an event is about, which names its order; `None`
    /// for an event acknowledged without acting (logged here, each for its reason).
    fn find_order(&self, how: &SubscriptionOf) -> Result<Option<FirstCharge>, WebhookError> {
        let subscription = match how {
            SubscriptionOf::Code(code) => self.client.subscription(code).map_err(unverifiable)?,
            SubscriptionOf::Charge(charge) => match self.renewed(charge)? {
                Some(subscription) => subscription,
                None => return Ok(None),
            },
        };
        let first = (self.client.first_charge(&subscription)).map_err(unverifiable)?;
        if first.is_none() {
            tracing::warn!(subscription = %subscription.code, "paystack: no order of ours made this subscription; acknowledged");
        }
        Ok(first)
    }

    /// The subscription a renewal's charge paid; `None` when the charge cannot tell.
    fn renewed(&self, charge: &RenewalCharge) -> Result<Option<Subscription>, WebhookError> {
        match self
            .client
            .subscription_charged(charge)
            .map_err(unverifiable)?
        {
            Charged::One(subscription) => Ok(Some(subscription)),
            // Its invoice.update names the subscription and counts the renewal once.
            Charged::Several => {
                tracing::info!("paystack: a renewal's charge fits several subscriptions; its invoice.update will say which");
                Ok(None)
            }
            // A subscription exists before it renews: not listed yet, so asked again.
            Charged::None => Err(WebhookError::Unverifiable(
                "Paystack lists no subscription for this renewal's charge yet".into(),
            )),
        }
    }
}

/// Paystack did not answer what the event needs: it delivers the event again.
fn unverifiable(e: PaystackError) -> WebhookError {
    WebhookError::Unverifiable(format!("Paystack could not say which order this is: {e}"))
}

impl Processor for PaystackProcessor {
    /// A transaction the buyer pays on Paystack's page; on the price's plan when recurring.
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        let terms = payment.terms;
        super::check_price(terms)?;
        // A one-time price's discount is already off its amount; a plan carries its own.
        let charged = match terms.kind {
            PriceKind::OneTime => terms.clone(),
            _ => super::plans::plan_terms(terms, payment.discount)?,
        };
        let plan = match terms.kind {
            PriceKind::OneTime => None,
            _ => {
                let body = super::plans::plan_body(payment.product_name, &charged)
                    .map_err(|e| e.to_string())?;
                Some(self.client.ensure_plan(&body).map_err(|e| e.to_string())?)
            }
        };
        let public = payment.public_url;
        let callback = format!("{public}/pay/paystack/return?ref={}", payment.payment_ref);
        let cancel = format!("{public}{}", payment.cancel_path);
        let (next, reference) = (self.client)
            .initialize(&Initialize {
                payment_ref: payment.payment_ref,
                email: payment.email,
                amount: charged.amount,
                currency: &terms.currency,
                plan: plan.as_deref(),
                product_name: payment.product_name,
                callback_url: &callback,
                cancel_url: &cancel,
            })
            .map_err(|e| e.to_string())?;
        Ok(Started {
            processor_ref: Some(reference),
            client_secret: None,
            next,
        })
    }

    /// Verified at once, so the receipt need not wait for the webhook; an abandoned charge is
    /// left open: the buyer may be back to try again.
    fn returned(&self, processor_ref: &str, _: PriceKind) -> Result<Option<LookedUp>, String> {
        (self.client)
            .look_up(processor_ref, false)
            .map_err(|e| e.to_string())
    }

    fn look_up(&self, processor_ref: &str) -> Result<Option<LookedUp>, String> {
        (self.client)
            .look_up(processor_ref, true)
            .map_err(|e| e.to_string())
    }

    fn verify_keys(&self) -> Result<(), String> {
        self.client
            .get("/balance")
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn read_webhook(
        &self,
        delivery: &Delivery,
        _: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        let signature = delivery.header(webhook::SIGNATURE_HEADER);
        webhook::verify(&self.secret_key, signature, &delivery.body)?;
        let mut p = webhook::parse_event(&delivery.body)?;
        if p.kind.is_none() {
            return Ok(None);
        }
        if let Some(how) = &p.find_order {
            let Some(first) = self.find_order(how)? else {
                return Ok(None);
            };
            // The order's processor_ref is its first charge's reference: checked by the ledger.
            p.payment_ref = Some(first.payment_ref);
            p.processor_ref = Some(first.reference);
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

    /// A payment plan's plan has an `invoice_limit`: Paystack stops charging after it.
    fn ends_plans_itself(&self) -> bool {
        true
    }

    fn end_plan(&self, processor_ref: &str) -> Result<(), String> {
        let subscription = self
            .client
            .subscription_of(processor_ref)
            .map_err(|e| e.to_string())?;
        match subscription {
            Some(subscription) => self
                .client
                .disable(&subscription)
                .map_err(|e| e.to_string()),
            None => Err("Paystack has no subscription for this payment plan".into()),
        }
    }

    fn check_price(&self, terms: &PriceTerms) -> Result<(), String> {
        super::check_price(terms)
    }

    fn refund(&self, refund: &ToRefund) -> Answer {
        self.client.refund(refund)
    }

    fn cancel(&self, cancel: &ToCancel) -> Answer {
        self.client.cancel(cancel)
    }

    fn dashboard_url(&self, processor_ref: &str, payment_id: Option<&str>) -> Option<String> {
        super::actions::dashboard_url(processor_ref, payment_id)
    }
}
