//! Mollie as a `Processor`: its key, its names, and its client for the saved key.

use super::{check_price, Mollie};
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
    gateway: Gateway::Mollie,
    name: "mollie",
    title: "Mollie",
    buyer_label,
    buyer_name: "Mollie",
    simulated: false,
    keys: &[KeyField {
        min_chars: 30,
        ..KeyField::pasted("api_key", "API key", true).prefixed(&["live_", "test_"])
    }],
    webhook_events: &[],
    webhook_note: "Nothing to set up in Mollie: tagcart gives Mollie this webhook URL with \
                   each payment it creates.",
    api: Some(Api {
        flag: "mollie-api-url",
        env: "TAGCART_MOLLIE_API_URL",
        default: "https://api.mollie.com",
        help: "Mollie's API endpoint (test and live payments both go here; the API key decides)",
    }),
    upsell_note: Some("upsell-one-click-approve"),
    // Buyers cancel in tagcart's /account: Mollie has no page of its own for them.
    manage_at: None,
    build,
};

/// What Mollie offers, as the payment method's name on checkout forms.
fn buyer_label(locale: Locale) -> String {
    match locale {
        Locale::En => "iDEAL, Bancontact, card and more",
        Locale::De => "iDEAL, Bancontact, Karte und mehr",
        Locale::Fr => "iDEAL, Bancontact, carte et plus",
        Locale::Es => "iDEAL, Bancontact, tarjeta y más",
        Locale::Pt => "iDEAL, Bancontact, cartão e mais",
        Locale::It => "iDEAL, Bancontact, carta e altro",
        Locale::Nl => "iDEAL, Bancontact, kaart en meer",
    }
    .to_string()
}

fn build(keys: &Keys, config: &Config) -> Built {
    let api_url = config.api_url(Gateway::Mollie).clone();
    Built::of(MollieProcessor {
        client: Mollie::new(api_url, keys.get("api_key")),
    })
}

/// Mollie with the saved API key.
#[derive(Debug)]
pub struct MollieProcessor {
    client: Mollie,
}

impl Processor for MollieProcessor {
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        let created = self.client.start(payment).map_err(|e| e.to_string())?;
        Ok(Started {
            processor_ref: Some(created.id),
            client_secret: None,
            next: created.checkout_url,
        })
    }

    fn look_up(&self, processor_ref: &str) -> Result<Option<LookedUp>, String> {
        self.client
            .look_up(processor_ref)
            .map_err(|e| e.to_string())
    }

    /// Mollie redirects the buyer back whatever happened: ask how the payment stands.
    fn returned(&self, processor_ref: &str, _: PriceKind) -> Result<Option<LookedUp>, String> {
        self.look_up(processor_ref)
    }

    fn verify_keys(&self) -> Result<(), String> {
        self.client.verify_keys().map_err(|e| e.to_string())
    }

    fn read_webhook(
        &self,
        delivery: &Delivery,
        _: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        self.client.read_webhook(delivery)
    }

    /// A payment plan's subscription is made with `times`: Mollie stops after the last.
    fn ends_plans_itself(&self) -> bool {
        true
    }

    fn end_plan(&self, processor_ref: &str) -> Result<(), String> {
        let first = self
            .client
            .payment(processor_ref)
            .map_err(|e| e.to_string())?;
        let text = |k: &str| first[k].as_str().unwrap_or_default().to_string();
        let payment_ref = first["metadata"]["payment_ref"]
            .as_str()
            .unwrap_or_default();
        self.client
            .cancel_subscriptions(&text("customerId"), payment_ref)
            .map(|_| ())
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
        super::actions::dashboard_url(processor_ref, payment_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_names_what_mollie_offers_in_every_language() {
        for locale in Locale::ALL {
            let label = buyer_label(locale);
            assert!(label.starts_with("iDEAL, Bancontact, "), "{label}");
        }
        assert_ne!(buyer_label(Locale::De), buyer_label(Locale::En));
    }
}
