//! The one-click upsell, `/upsell/{payment_ref}`: shown after the main payment succeeds and
//! before the receipt, with "Yes, add it" and "No thanks".

use crate::domain::page::Extra;
use crate::domain::shop::ShopProfile;
use crate::gateways::{registry, Gateway};
use crate::i18n::{self, Locale};
use crate::views::layout;
use crate::views::page::product_image::product_image;
use maud::{html, Markup};

/// Where the offer stands for this buyer.
pub enum Stage<'a> {
    /// The main payment is being confirmed by the processor: the page reloads itself.
    Waiting,
    /// The offer, with the buttons; `gateway` says how it will be paid.
    /// `charged`: its price with tax as the buyer's order is taxed.
    Open {
        upsell: &'a Extra,
        gateway: Gateway,
        charged: i64,
    },
    /// The buyer said yes and the processor refused it.
    Declined,
    /// Too late to accept it.
    Expired,
}

pub struct UpsellPage<'a> {
    pub payment_ref: &'a str,
    pub stage: Stage<'a>,
    /// Where the buyer goes on: the product's thank-you page or our receipt.
    pub continue_url: &'a str,
    pub locale: Locale,
    pub shop: &'a ShopProfile,
}

pub fn page(p: &UpsellPage) -> Markup {
    let l = p.locale;
    let title = i18n::t(l, "upsell-title");
    let go_on = html! { p { a.button.continue href=(p.continue_url) { (i18n::t(l, "receipt-continue")) } } };
    layout::public(
        l,
        &title,
        p.shop,
        html! {
            main.checkout.upsell {
                @match &p.stage {
                    Stage::Waiting => {
                        h1 { (i18n::t(l, "receipt-pending-title")) }
                        p { (i18n::t(l, "upsell-pending")) }
                    }
                    Stage::Open { upsell, gateway, charged } => (offer(p, upsell, *gateway, *charged)),
                    Stage::Declined => {
                        h1 { (i18n::t(l, "receipt-declined-title")) }
                        p { (i18n::t(l, "upsell-declined")) }
                        (go_on)
                    }
                    Stage::Expired => {
                        h1 { (i18n::t(l, "upsell-expired")) }
                        (go_on)
                    }
                }
            }
        },
    )
}

fn offer(p: &UpsellPage, upsell: &Extra, gateway: Gateway, charged: i64) -> Markup {
    let l = p.locale;
    let terms = &upsell.price.terms;
    let amount = i18n::money(l, charged, terms.currency());
    let how = match gateway {
        Gateway::NoProcessor => None,
        gateway => registry::kind(gateway).upsell_note,
    };
    html! {
        p.paid-note { (i18n::t(l, "upsell-paid")) }
        section.offer aria-labelledby="upsell-headline" {
            (product_image(&upsell.product))
            h1 #upsell-headline { (upsell.headline) }
            @if !upsell.text.is_empty() { p { (upsell.text) } }
            p { strong { (upsell.product.name) } }
            p.price { (amount) }
        }
        form method="post" action=(format!("/upsell/{}", p.payment_ref)) {
            // What the buyer sees is what accepting charges: a changed offer is shown again.
            input type="hidden" name="price_id" value=(upsell.price.id);
            input type="hidden" name="amount" value=(terms.amount);
            div.choices {
                button.pay type="submit" name="action" value="accept" {
                    (i18n::t_with(l, "upsell-accept", &[("amount", (&amount).into())]))
                }
                button.decline type="submit" name="action" value="decline" { (i18n::t(l, "upsell-decline")) }
            }
        }
        @if let Some(how) = how { p.fine-print { (i18n::t(l, how)) } }
    }
}
