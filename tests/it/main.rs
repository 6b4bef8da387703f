//! Integration tests: each starts the real `tagcart` binary on its own SQLite file and talks
//! to it over HTTP, the way browsers, scripts and operators do.

mod failures;
mod fake_kartra;
mod harness;
mod hostile;
mod operations;
mod pages;
mod products;
mod purchase;
mod signin;
