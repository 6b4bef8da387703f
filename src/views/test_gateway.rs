//! The test gateway's stand-in for a processor's payment page.

use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::domain::order::OrderStatus;
use crate::domain::product::{PriceKind, Product};
use crate::views::layout;
use maud::{html, Markup};

pub fn page(order: &Order, product: &Product) -> Markup {
    let amount = Currency::from_code(&order.currency)
        .map(|c| c.format(order.amount))
        .unwrap_or_default();
    let recurring = order.price_kind != PriceKind::OneTime;
    let action = format!("/pay/test/{}", order.payment_ref);
    let button = |value: &str, label: &str, class: &str| {
        html! { button class=(class) type="submit" name="action" value=(value) { (label) } }
    };
    layout::public(
        "Test payment",
        html! {
            main.checkout.test-gateway {
                p.badge { "Test gateway: no money moves" }
                h1 { (product.name) }
                p.amount { (amount) }
                p { "Buyer: " strong { (order.buyer.email) } }
                p { "Order status: " strong { (order.status.as_str()) } }
                form method="post" action=(action) {
                    @match order.status {
                        OrderStatus::Pending | OrderStatus::Failed => {
                            (button("complete", "Complete the payment", "pay"))
                            (button("pending", "Leave it pending", "secondary"))
                            @if order.status == OrderStatus::Pending { (button("decline", "Decline the payment", "danger")) }
                        }
                        OrderStatus::Completed => {
                            @if recurring { (button("renew", "Renew the subscription", "secondary")) }
                            (button("refund", "Refund", "secondary"))
                            @if recurring { (button("cancel", "Cancel the subscription", "danger")) }
                        }
                        OrderStatus::Refunded | OrderStatus::Cancelled => {
                            @if recurring && order.status == OrderStatus::Refunded { (button("cancel", "Cancel the subscription", "danger")) }
                        }
                    }
                }
                p.hint { "Each button sends a signed event to this tagcart's test webhook, exactly as a processor would." }
            }
        },
    )
}
