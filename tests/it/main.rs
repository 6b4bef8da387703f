//! Integration tests: each starts the real `tagcart` binary (or, for the queue's timing, the
//! same app built in-process on a test clock: `app`) on its own SQLite file and talks to it
//! over HTTP, the way browsers, scripts and operators do.

mod access;
mod api_examples;
mod app;
mod audit;
mod brand;
mod browser;
mod connection_test;
mod coupons;
mod failures;
mod fake_kartra;
mod fake_mollie;
mod fake_paypal;
mod fake_paystack;
mod fake_server;
mod fake_vies;
mod gateway_keys;
mod harness;
mod hostile;
mod lab_de;
mod lines;
mod localstripe;
mod mismatch;
mod mollie;
mod operations;
mod page_views;
mod pages;
mod paperwork;
mod payment_element;
mod paystack;
mod processors;
mod products;
mod purchase;
mod queue;
mod receipt;
mod renewals;
mod sales;
pub(crate) mod self_service;
mod signin;
mod smtp_server;
mod stripe_js;
mod upsells;
mod webhooks_out;
