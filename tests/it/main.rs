//! Integration tests: each starts the real `tagcart` binary on its own SQLite file and talks
//! to it over HTTP, the way browsers, scripts and operators do.

mod api_examples;
mod audit;
mod browser;
mod connection_test;
mod failures;
mod fake_kartra;
mod fake_paypal;
mod fake_server;
mod harness;
mod hostile;
mod localstripe;
mod mismatch;
mod operations;
mod pages;
mod processors;
mod products;
mod purchase;
mod signin;
