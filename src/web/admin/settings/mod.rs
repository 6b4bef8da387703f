//! Dashboard settings: Kartra, the payment gateways, alerts, email, the shop, tax, webhooks; one file a page.

mod alerts;
mod email;
mod gateways;
mod kartra;
mod shop;
mod tax;
mod webhooks;

pub use alerts::{alerts, save_alerts};
pub use email::{email, preview as email_preview, preview_html as email_preview_html, save_email};
pub use gateways::{gateways, save_gateways};
pub use kartra::{kartra, save_auto_reapply, save_kartra};
pub use shop::{save_shop, shop};
pub use tax::{save_tax, tax};
pub use webhooks::{add_webhook, delete_webhook, resend_delivery, webhooks};
