//! What buyers see after checkout: the default thank-you page.

use crate::db::orders::Order;
use crate::domain::order::OrderStatus;
use crate::domain::page::Page;
use crate::domain::shop::ShopProfile;
use crate::views::layout;
use maud::{html, Markup};

/// The default thank-you page, which also tells the buyer where their payment stands.
pub fn thank_you(order: &Order, page: Option<&Page>, shop: &ShopProfile) -> Markup {
    let (title, message) = match order.status {
        OrderStatus::Completed => ("Thank you!", "Your payment went through. Your access is on its way to"),
        OrderStatus::Pending => ("Payment pending", "We are waiting for the payment processor to confirm your payment. Your access will be sent to"),
        OrderStatus::Failed => ("Payment declined", "The payment did not go through and nothing was charged. Try again, or use another payment method. Order for"),
        OrderStatus::Refunded | OrderStatus::Cancelled => ("Order closed", "This order was refunded or cancelled. Order for"),
    };
    layout::public(
        title,
        shop,
        html! {
            main.checkout {
                h1 { (title) }
                p { (message) " " strong { (order.buyer.email) } "." }
                @if let (OrderStatus::Failed, Some(page)) = (order.status, page) {
                    p { a.button href=(format!("/p/{}", page.slug)) { "Back to checkout" } }
                }
            }
        },
    )
}
