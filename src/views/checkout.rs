//! What buyers see: the checkout page with the product, its prices, and the order form.

use crate::db::orders::Order;
use crate::domain::checkout::CheckoutInput;
use crate::domain::gateway::Gateway;
use crate::domain::order::OrderStatus;
use crate::domain::page::Page;
use crate::domain::product::Product;
use crate::domain::validation::FieldErrors;
use crate::views::components::Input;
use crate::views::layout;
use maud::{html, Markup};

/// `gateways`: those the page offers that are switched on; without any, no form is shown.
pub fn page(
    page: &Page,
    product: &Product,
    gateways: &[Gateway],
    f: &CheckoutInput,
    errors: &FieldErrors,
) -> Markup {
    let chosen_price = |id: i64| {
        f.price_id == id.to_string()
            || (f.price_id.is_empty() && product.prices.first().is_some_and(|p| p.id == id))
    };
    let chosen_gateway = |name: &str| {
        f.gateway == name
            || (f.gateway.is_empty() && gateways.first().is_some_and(|g| g.as_str() == name))
    };
    layout::public(
        &page.title,
        html! {
            main.checkout {
                header {
                    h1 { (page.title) }
                    p.product { (product.name) }
                }
                @if !errors.is_empty() {
                    div.alert.error role="alert" { "Please check the highlighted fields." }
                }
                @if gateways.is_empty() {
                p.notice { "This page is not taking payments right now. Please check back soon." }
            } @else {
            form method="post" action=(format!("/p/{}/checkout", page.slug)) {
                    fieldset.options {
                        legend { "Choose your option" }
                        @for price in &product.prices {
                            label.option {
                                input type="radio" name="price_id" value=(price.id) checked[chosen_price(price.id)] required;
                                span { (price.terms.describe()) }
                            }
                        }
                        @if let Some(message) = errors.get("price_id") { small.error { (message) } }
                    }
                    fieldset {
                        legend { "Your details" }
                        (Input::text("Email", "email", &f.email).kind("email").required().render(errors))
                        div.pair {
                            (Input::text("First name", "first_name", &f.first_name).required().render(errors))
                            (Input::text("Last name", "last_name", &f.last_name).required().render(errors))
                        }
                        (Input::text("Phone", "phone", &f.phone).kind("tel").render(errors))
                    }
                    fieldset {
                        legend { "Billing address" }
                        (Input::text("Address", "address", &f.address).render(errors))
                        div.pair {
                            (Input::text("City", "city", &f.city).render(errors))
                            (Input::text("ZIP / postal code", "zip", &f.zip).render(errors))
                        }
                        div.pair {
                            (Input::text("State / region", "state", &f.state).render(errors))
                            (Input::text("Country", "country", &f.country).render(errors))
                        }
                    }
                    fieldset.options {
                        legend { "Pay with" }
                        @for g in gateways {
                            label.option {
                                input type="radio" name="gateway" value=(g.as_str()) checked[chosen_gateway(g.as_str())] required;
                                span { (g.label()) }
                            }
                        }
                        @if let Some(message) = errors.get("gateway") { small.error { (message) } }
                    }
                    button.pay type="submit" { "Continue to payment" }
                }
                }
            }
        },
    )
}

/// The default thank-you page, which also tells the buyer where their payment stands.
pub fn thank_you(order: &Order, page: Option<&Page>) -> Markup {
    let (title, message) = match order.status {
        OrderStatus::Completed => ("Thank you!", "Your payment went through. Your access is on its way to"),
        OrderStatus::Pending => ("Payment pending", "We are waiting for the payment processor to confirm your payment. Your access will be sent to"),
        OrderStatus::Failed => ("Payment declined", "The payment did not go through and nothing was charged. Try again, or use another payment method. Order for"),
        OrderStatus::Refunded | OrderStatus::Cancelled => ("Order closed", "This order was refunded or cancelled. Order for"),
    };
    layout::public(
        title,
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
