//! tagcart: a self-hosted checkout that grants Kartra memberships through tags.
//!
//! Layout: `domain` holds the rules (no SQL, no HTTP), `db` the SQL by entity, `web` the
//! HTTP handlers, `views` the maud templates as pure functions, `startup` wires them together.

pub mod alerts;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod crypto;
pub mod db;
pub mod diagnostics;
pub mod domain;
pub mod error;
pub mod fulfillment;
pub mod gateways;
pub mod http_client;
pub mod i18n;
pub mod invoices;
pub mod kartra;
pub mod mail;
pub mod orders;
pub mod page_views;
pub mod scheduler;
pub mod settings;
pub mod startup;
pub mod vies;
pub mod views;
pub mod web;
pub mod webhooks_out;

/// The tests' one fake HTTP server, shared with the integration tests and the bench.
#[cfg(test)]
#[path = "../tests/it/fake_server.rs"]
mod fake_server;
