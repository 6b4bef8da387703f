//! maud templates: pure functions of plain data, never touching the database.
//! maud escapes every interpolated string, so merchant text cannot inject markup.

pub mod account;
pub mod admin;
pub mod checkout;
pub mod components;
pub mod errors;
pub mod layout;
pub mod page;
pub mod shop;
pub mod stripe;
pub mod test_gateway;
pub mod upsell;
