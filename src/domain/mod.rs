//! The rules of the business: money, products, pages. No SQL and no HTTP here.

pub mod checkout;
pub mod gateway;
pub mod money;
pub mod order;
pub mod page;
pub mod payment_match;
pub mod product;
pub mod rich_text;
pub mod section;
pub mod template;
pub mod validation;
