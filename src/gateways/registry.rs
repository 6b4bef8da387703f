//! Every processor tagcart knows (`KINDS`), and the clients for the saved keys: built once at
//! start-up and again whenever keys are saved, so requests and the reconciler share one client
//! per processor (and PayPal's OAuth token is fetched once per expiry, not once per request).

use super::keys::{self, KeyField, Keys};
use super::{paypal, stripe, test, Processor};
use crate::config::Config;
use crate::crypto::SecretKey;
use crate::domain::gateway::Gateway;
use rusqlite::Connection;
use std::any::Any;
use std::sync::{Arc, RwLock};

/// A processor before any keys: its name, its settings, its webhook, how to build its client.
pub struct Kind {
    pub gateway: Gateway,
    /// As the processor names itself, on the settings page.
    pub title: &'static str,
    /// Named to the buyer when it cannot be reached.
    pub buyer_name: &'static str,
    /// Moves no money: its events count only while it is switched on.
    pub simulated: bool,
    pub keys: &'static [KeyField],
    /// The webhook events to select in the processor's dashboard.
    pub webhook_events: &'static [&'static str],
    pub build: fn(&Keys, &Config) -> Built,
}

/// The processors, in the order the settings page lists them.
pub const KINDS: [&Kind; 3] = [&test::KIND, &stripe::KIND, &paypal::KIND];

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
