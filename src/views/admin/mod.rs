//! Dashboard pages.

pub mod admins;
pub mod attention;
pub mod orders;
pub mod overview;
pub mod pages;
pub mod products;
pub mod settings;
pub mod signin;
pub mod tokens;
