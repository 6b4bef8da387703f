//! Dashboard settings: Kartra, the payment gateways, alerts; one file a page.

mod alerts;
mod gateways;
mod kartra;

pub use alerts::{alerts, save_alerts};
pub use gateways::{gateways, save_gateways};
pub use kartra::{kartra, save_auto_reapply, save_kartra};
