//! The payment step of a Stripe checkout: our page, Stripe's Payment Element inside it.

use crate::assets;
use crate::db::orders::Order;
use crate::domain::money::Currency;
use crate::domain::quote::Quote;
use crate::domain::shop::ShopProfile;
use crate::i18n::{self, Locale};
use crate::views::layout;
use crate::views::page::summary;
use maud::{html, Markup};

pub struct PaymentPage<'a> {
    pub order: &'a Order,
    pub product_name: &'a str,
    pub publishable_key: &'a str,
    pub client_secret: &'a str,
    pub stripe_js_url: &'a str,
    /// Where the buyer goes once the browser has saved the card of a subscription.
    pub next: &'a str,
    /// Where Stripe sends the buyer once a payment is confirmed (`/pay/stripe/return`, absolute).
    pub return_url: &'a str,
    /// The option in words ("$19.00 every month") and its quote for this order, as the checkout
    /// page's summary showed them; `None` (the option was since changed) shows the amount alone.
    pub summary: Option<(&'a str, &'a Quote)>,
    /// The language of the order's page.
    pub locale: Locale,
    pub shop: &'a ShopProfile,
    /// The card is kept for an upsell after this payment (`setup_future_usage`): said here.
    pub saves_card: bool,
    /// An upsell charged to the saved card whose bank asks for 3-D Secure: the buyer confirms
    /// with that card (its PaymentMethod id), not a new one.
    pub saved_card: Option<&'a str>,
}

pub fn payment_page(p: &PaymentPage) -> Markup {
    // A subscription starts by saving the card (a SetupIntent); then this makes the subscription.
    let subscribe = p
        .client_secret
        .starts_with("seti_")
        .then(|| format!("/pay/stripe/{}/subscribe", p.order.payment_ref));
    let l = p.locale;
    let amount = Currency::from_code(&p.order.currency)
        .map(|c| i18n::money(l, p.order.amount, c))
        .unwrap_or_default();
    let due_today = i18n::t(l, "summary-due-today");
    // A free trial charges nothing today: the button says so, as on the checkout page.
    let trial = p.summary.is_some_and(|(_, q)| q.trial_ends.is_some());
    let button = if trial {
        "pay-button-trial"
    } else {
        "card-pay"
    };
    layout::public(
        l,
        &i18n::t(l, "card-title"),
        p.shop,
        html! {
            main.checkout {
                h1 { (p.product_name) }
                @match p.summary {
                    Some((words, quote)) => section.s-summary.box aria-label=(i18n::t(l, "page-your-order")) {
                        (summary::lines(l, p.product_name, words, quote, &due_today))
                    },
                    None => p.amount { (amount) },
                }
                form #payment-form data-publishable-key=(p.publishable_key) data-client-secret=(p.client_secret)
                    data-email=(p.order.buyer.email) data-next=(p.next) data-return=(p.return_url)
                    data-subscribe=[subscribe.as_deref()]
                    data-locale=(l.as_str()) data-declined=(i18n::t(l, "card-declined"))
                    data-subscription-failed=(i18n::t(l, "card-subscription-failed"))
                    data-saved-card=[p.saved_card] {
                    @if p.saved_card.is_some() {
                        p { (i18n::t(l, "card-confirm-saved")) }
                    } @else {
                        div #payment-element .payment-field {}
                    }
                    p #payment-errors .error role="alert" {}
                    button.pay type="submit" { (i18n::t_with(l, button, &[("amount", amount.as_str().into())])) }
                    noscript { p.error { (i18n::t(l, "card-needs-javascript")) } }
                }
                p.hint { (i18n::t(l, "card-goes-to-stripe")) }
                @if p.saves_card { p.hint { (i18n::t(l, "card-saved-for-offer")) } }
            }
            script src=(p.stripe_js_url) {}
            script src=(assets::url("stripe-payment.js")) {}
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkout::Buyer;
    use crate::domain::ids::{OrderId, PriceId, ProductId};
    use crate::domain::order::OrderStatus;
    use crate::domain::product::PriceKind;
    use crate::gateways::Gateway;

    fn order() -> Order {
        Order {
            id: OrderId(1),
            status: OrderStatus::Pending,
            page_id: None,
            product_id: ProductId(1),
            price_id: PriceId(1),
            price_kind: PriceKind::OneTime,
            amount: 4900,
            currency: "EUR".into(),
            buyer: Buyer {
                email: "jana@example.com".into(),
                ..Default::default()
            },
            gateway: Gateway::Stripe,
            payment_ref: "pay_1".into(),
            processor_ref: None,
            client_secret: Some("pi_1_secret".into()),
            installments: None,
            installments_paid: 0,
            created_at: 0,
            completed_at: None,
            access_until: None,
            renewal_failed_at: None,
            subtotal: 4900,
            discount: 0,
            coupon_code: None,
            coupon: None,
            parent_order_id: None,
            tax: 0,
            sale_tax: Default::default(),
            consent: Default::default(),
            refunded: 0,
            processing: false,
        }
    }

    fn page(order: &Order, locale: Locale) -> String {
        payment_page(&PaymentPage {
            order,
            product_name: "Kurs",
            publishable_key: "pk_test",
            client_secret: "pi_1_secret",
            stripe_js_url: "https://js.stripe.com/v3/",
            next: "/thank-you/pay_1",
            return_url: "https://shop.example/pay/stripe/return?ref=pay_1",
            summary: None,
            locale,
            shop: &Default::default(),
            saves_card: false,
            saved_card: None,
        })
        .into_string()
    }

    #[test]
    fn the_payment_page_speaks_the_pages_language_and_returns_through_tagcart() {
        let order = order();
        let german = page(&order, Locale::De);
        for words in [
            "<html lang=\"de\"",
            "<title>Bezahlen</title>",
            "49,00\u{a0}€ bezahlen",
            "data-locale=\"de\"",
            "data-declined=\"Die Zahlung ist nicht durchgegangen.\"",
            "Ihre Zahlungsdaten gehen direkt an Stripe",
            "id=\"payment-element\"",
            "data-return=\"https://shop.example/pay/stripe/return?ref=pay_1\"",
        ] {
            assert!(german.contains(words), "{words}: {german}");
        }
        let english = page(&order, Locale::En);
        assert!(english.contains("Pay €49.00") && english.contains("<html lang=\"en\""));
    }
}
