//! Dashboard pages.

pub mod access;
pub mod admins;
pub mod attention;
pub mod buyers;
pub mod coupons;
pub mod editor;
pub mod order_actions;
pub mod orders;
pub mod overview;
pub mod pages;
pub mod products;
pub mod section_form;
pub mod settings;
pub mod signin;
pub mod tokens;
pub mod webhooks;
