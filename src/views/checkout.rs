//! What buyers see: the checkout page with the product, its prices, and the order form.

use crate::domain::page::Page;
use crate::domain::product::Product;
use crate::domain::validation::FieldErrors;
use crate::views::components::Input;
use crate::views::layout;
use maud::{html, Markup};

/// The buyer's form values as typed; the field names are those of interfaces.md.
#[derive(Debug, Default, Clone)]
pub struct CheckoutForm {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
    pub price_id: String,
    pub gateway: String,
}

pub fn page(page: &Page, product: &Product, f: &CheckoutForm, errors: &FieldErrors) -> Markup {
    let chosen_price = |id: i64| {
        f.price_id == id.to_string()
            || (f.price_id.is_empty() && product.prices.first().is_some_and(|p| p.id == id))
    };
    let chosen_gateway = |name: &str| {
        f.gateway == name
            || (f.gateway.is_empty() && page.gateways.first().is_some_and(|g| g.as_str() == name))
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
                        @for g in &page.gateways {
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
        },
    )
}

pub fn opens_soon(page: &Page) -> Markup {
    layout::public(
        &page.title,
        html! {
            main.checkout {
                h1 { "Checkout opens soon" }
                p { "Payments are not open on this page yet. Nothing was charged." }
                p { a href=(format!("/p/{}", page.slug)) { "Back to the page" } }
            }
        },
    )
}
