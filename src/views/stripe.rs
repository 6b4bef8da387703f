//! The card step of a Stripe checkout: our page, Stripe's Card Element inside it.

use crate::assets;
use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::domain::shop::ShopProfile;
use crate::views::layout;
use maud::{html, Markup};

pub struct CardPage<'a> {
    pub order: &'a Order,
    pub product_name: &'a str,
    pub publishable_key: &'a str,
    pub client_secret: &'a str,
    pub stripe_js_url: &'a str,
    /// Where the buyer goes once the browser has confirmed the payment.
    pub next: &'a str,
    /// What the buyer agrees to, e.g. "$19.00 every month"; `None` shows the amount alone.
    pub terms: Option<&'a str>,
    pub shop: &'a ShopProfile,
}

pub fn card_page(p: &CardPage) -> Markup {
    // A subscription starts by saving the card (a SetupIntent); then this makes the subscription.
    let subscribe = p
        .client_secret
        .starts_with("seti_")
        .then(|| format!("/pay/stripe/{}/subscribe", p.order.payment_ref));
    let amount = Currency::from_code(&p.order.currency)
        .map(|c| c.format(p.order.amount))
        .unwrap_or_default();
    layout::public(
        "Pay by card",
        p.shop,
        html! {
            main.checkout {
                h1 { (p.product_name) }
                p.amount { (p.terms.unwrap_or(&amount)) }
                form #card-form data-publishable-key=(p.publishable_key) data-client-secret=(p.client_secret)
                    data-email=(p.order.buyer.email) data-next=(p.next) data-subscribe=[subscribe.as_deref()] {
                    span #card-label .label { "Card" }
                    div #card-element .card-field role="group" aria-labelledby="card-label" {}
                    p #card-errors .error role="alert" {}
                    button.pay type="submit" { "Pay " (amount) }
                    noscript { p.error { "Card payments need JavaScript. Please enable it, or choose another payment method." } }
                }
                p.hint { "Card details go straight to Stripe; tagcart never sees them." }
            }
            script src=(p.stripe_js_url) {}
            script src=(assets::url("stripe-card.js")) {}
        },
    )
}
