//! Every processor tagcart knows (`Gateway`, `KINDS`), and the clients for the saved keys:
//! built once at start-up and again whenever keys are saved, so requests and the reconciler
//! share one client per processor (and PayPal's OAuth token is fetched once per expiry, not
//! once per request).
//!
//! This file is the only one outside a processor's own folder that names it: the CLI flag of
//! its API, its settings, its webhook and return routes, its name on pages all come from its
//! `Kind`.

use super::keys::{self, KeyField, Keys};
use super::{mollie, paypal, paystack, stripe, test, Processor};
use crate::config::Config;
use crate::crypto::SecretKey;
use crate::i18n::Locale;
use rusqlite::Connection;
use serde::Serialize;
use std::any::Any;
use std::sync::{Arc, RwLock};

/// A way to pay that a page offers and an order was placed with: one per processor, named in
/// the `gateway` columns, the API and the URLs (`/webhooks/{name}`, `/pay/{name}/return`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gateway {
    Test,
    Stripe,
    Paypal,
    Mollie,
    Paystack,
    /// No processor: a coupon made the order free (never offered on a page).
    NoProcessor,
}

/// The processors, in the order the settings page lists them.
pub const KINDS: [&Kind; 5] = [
    &test::KIND,
    &stripe::KIND,
    &paypal::KIND,
    &mollie::KIND,
    &paystack::KIND,
];

impl Gateway {
    /// Every gateway a page can offer, in the order of `KINDS`.
    pub const ALL: [Gateway; KINDS.len()] = {
        let mut all = [Gateway::NoProcessor; KINDS.len()];
        let mut i = 0;
        while i < KINDS.len() {
            all[i] = KINDS[i].gateway;
            i += 1;
        }
        all
    };

    pub fn as_str(self) -> &'static str {
        match self {
            Gateway::NoProcessor => "none",
            _ => kind(self).name,
        }
    }
    pub fn parse(text: &str) -> Option<Gateway> {
        Gateway::ALL.into_iter().find(|g| g.as_str() == text)
    }
    /// As an order stores it: one of `ALL`, or `none` for an order a coupon made free.
    pub fn stored(text: &str) -> Option<Gateway> {
        match text {
            "none" => Some(Gateway::NoProcessor),
            _ => Gateway::parse(text),
        }
    }
    /// Its name for the merchant (settings, notices).
    pub fn label(self) -> &'static str {
        match self {
            Gateway::NoProcessor => "No payment needed",
            _ => kind(self).title,
        }
    }
}

impl Serialize for Gateway {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A processor before any keys: its name, its settings, its webhook, how to build its client.
pub struct Kind {
    pub gateway: Gateway,
    /// In the `gateway` columns, the API and URLs.
    pub name: &'static str,
    /// As the processor names itself, on the settings page.
    pub title: &'static str,
    /// The payment method's name on checkout forms, in the page's language.
    pub buyer_label: fn(Locale) -> String,
    /// Named to the buyer when it cannot be reached.
    pub buyer_name: &'static str,
    /// Moves no money: its events count only while it is switched on.
    pub simulated: bool,
    pub keys: &'static [KeyField],
    /// The webhook events to select in the processor's dashboard.
    pub webhook_events: &'static [&'static str],
    /// Where there are none to select: what the merchant does with the webhook URL, said
    /// before it on the settings page.
    pub webhook_note: &'static str,
    /// Its API's address, settable by a flag to test against a stand-in (`None`: no API).
    pub api: Option<Api>,
    /// How an upsell is bought with it, told under the offer (a `upsell-one-click-*` message).
    pub upsell_note: Option<&'static str>,
    /// The processor's own page where a buyer manages (and cancels) a subscription, linked from
    /// `/account` with its message: `(url, message)`. `None`: the buyer cancels in `/account`.
    pub manage_at: Option<(&'static str, &'static str)>,
    pub build: fn(&Keys, &Config) -> Built,
}

/// The flag and variable that set a processor's API address, as `serve --help` shows them.
pub struct Api {
    /// `--{flag}`
    pub flag: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

pub fn kind(gateway: Gateway) -> &'static Kind {
    KINDS
        .into_iter()
        .find(|k| k.gateway == gateway)
        .expect("every gateway has a kind")
}

/// A built client: as a `Processor`, and as itself for the pages only it has (Stripe's card page).
#[derive(Clone)]
pub struct Built {
    processor: Arc<dyn Processor>,
    concrete: Arc<dyn Any + Send + Sync>,
}

impl Built {
    pub fn of<P: Processor + 'static>(processor: P) -> Built {
        let processor = Arc::new(processor);
        Built {
            concrete: processor.clone(),
            processor,
        }
    }
}

/// The clients for the keys saved now; a processor without every key has none.
pub struct Registry {
    config: Arc<Config>,
    built: RwLock<Vec<(Gateway, Keys, Built)>>,
}

impl Registry {
    /// Builds a client for each processor whose keys are all saved.
    pub fn load(
        config: Arc<Config>,
        conn: &Connection,
        key: &SecretKey,
    ) -> rusqlite::Result<Registry> {
        let registry = Registry {
            config,
            built: RwLock::new(vec![]),
        };
        registry.reload(conn, key)?;
        Ok(registry)
    }

    /// After keys were saved: rebuilds the clients whose keys changed, keeps the others.
    pub fn reload(&self, conn: &Connection, key: &SecretKey) -> rusqlite::Result<()> {
        let mut fresh = vec![];
        for kind in KINDS {
            let Some(keys) = keys::saved(conn, key, kind)? else {
                continue;
            };
            let kept = self.built.read().unwrap().iter().find_map(|(g, k, built)| {
                (*g == kind.gateway && *k == keys).then(|| built.clone())
            });
            let built = kept.unwrap_or_else(|| (kind.build)(&keys, &self.config));
            fresh.push((kind.gateway, keys, built));
        }
        *self.built.write().unwrap() = fresh;
        Ok(())
    }

    pub fn get(&self, gateway: Gateway) -> Option<Arc<dyn Processor>> {
        let built = self.built.read().unwrap();
        built
            .iter()
            .find(|(g, _, _)| *g == gateway)
            .map(|(_, _, b)| Arc::clone(&b.processor))
    }

    /// The processors with keys, by gateway.
    pub fn configured(&self) -> Vec<(Gateway, Arc<dyn Processor>)> {
        let built = self.built.read().unwrap();
        built
            .iter()
            .map(|(g, _, b)| (*g, Arc::clone(&b.processor)))
            .collect()
    }

    /// One processor as its own type, for its own pages.
    pub fn concrete<P: Any + Send + Sync>(&self) -> Option<Arc<P>> {
        let built = self.built.read().unwrap();
        built
            .iter()
            .find_map(|(_, _, b)| Arc::clone(&b.concrete).downcast::<P>().ok())
    }
}
