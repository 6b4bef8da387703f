//! Dashboard settings: Kartra, the payment gateways, alerts, the shop; one file a page.

mod alerts;
mod gateways;
mod kartra;
mod shop;

pub use alerts::{alerts, save_alerts};
pub use gateways::{gateways, save_gateways};
pub use kartra::{kartra, save_auto_reapply, save_kartra};
pub use shop::{save_shop, shop};
