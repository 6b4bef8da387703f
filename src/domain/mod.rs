//! The rules of the business: money, products, pages. No SQL and no HTTP here.

pub mod gateway;
pub mod money;
pub mod page;
pub mod product;
pub mod validation;
