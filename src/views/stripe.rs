//! The card step of a Stripe checkout: our page, Stripe's Card Element inside it.

use crate::assets;
use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::i18n::{self, Locale};
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
    /// The language of the order's page.
    pub locale: Locale,
}

pub fn card_page(p: &CardPage) -> Markup {
    // A subscription starts by saving the card (a SetupIntent); then this makes the subscription.
    let subscribe = p
        .client_secret
        .starts_with("seti_")
        .then(|| format!("/pay/stripe/{}/subscribe", p.order.payment_ref));
    let l = p.locale;
    let amount = Currency::from_code(&p.order.currency)
        .map(|c| i18n::money(l, p.order.amount, c))
        .unwrap_or_default();
    layout::public(
        l,
        &i18n::t(l, "card-title"),
        html! {
            main.checkout {
                h1 { (p.product_name) }
                p.amount { (p.terms.unwrap_or(&amount)) }
                form #card-form data-publishable-key=(p.publishable_key) data-client-secret=(p.client_secret)
                    data-email=(p.order.buyer.email) data-next=(p.next) data-subscribe=[subscribe.as_deref()]
                    data-locale=(l.as_str()) data-declined=(i18n::t(l, "card-declined"))
                    data-subscription-failed=(i18n::t(l, "card-subscription-failed")) {
                    span #card-label .label { (i18n::t(l, "card-label")) }
                    div #card-element .card-field role="group" aria-labelledby="card-label" {}
                    p #card-errors .error role="alert" {}
                    button.pay type="submit" { (i18n::t_with(l, "card-pay", &[("amount", amount.as_str().into())])) }
                    noscript { p.error { (i18n::t(l, "card-needs-javascript")) } }
                }
                p.hint { (i18n::t(l, "card-goes-to-stripe")) }
            }
            script src=(p.stripe_js_url) {}
            script src=(assets::url("stripe-card.js")) {}
        },
    )
}
