//! Dashboard pages.

pub mod admins;
pub mod overview;
pub mod pages;
pub mod products;
pub mod signin;
pub mod tokens;
