//! The order ledger: checkouts become orders, processor events (from webhooks or found by
//! reconciliation) move them, each in one transaction with the fulfillment jobs they cause
//! (the outbox); replay queues a completed order's grant again. The Kartra side of those jobs
//! is `fulfillment`'s; when reconciliation runs is `scheduler`'s.

pub mod access;
pub mod actions;
pub mod ledger;
pub mod reconcile;
pub mod refunds;
pub mod replay;

pub use ledger::{apply_event, ingest, place_order, place_upsell, Ingested, PlacedOrder};

/// A ledger pass that could not reach the database.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
}
