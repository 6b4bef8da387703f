//! The customer portal's pages, in the shop's brand and the language of the buyer's newest
//! order's page.

use crate::assets;
use crate::db::account::AccountSession;
use crate::db::order_actions::OrderAction;
use crate::db::orders::Order;
use crate::domain::invoice::Kind;
use crate::domain::order::OrderStatus;
use crate::domain::product::PriceKind;
use crate::domain::shop::ShopProfile;
use crate::gateways::{registry, Gateway};
use crate::i18n::{self, Locale};
use crate::views::layout;
use maud::{html, Markup};

/// A one-line message at the top of a page, named in the URL after a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    SignedOut,
    LinkInvalid,
    TooMany,
    Cancelled,
    CardUpdated,
    CardRetried,
}

impl Notice {
    const ALL: [Notice; 6] = [
        Notice::SignedOut,
        Notice::LinkInvalid,
        Notice::TooMany,
        Notice::Cancelled,
        Notice::CardUpdated,
        Notice::CardRetried,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Notice::SignedOut => "signed_out",
            Notice::LinkInvalid => "link_invalid",
            Notice::TooMany => "too_many",
            Notice::Cancelled => "cancelled",
            Notice::CardUpdated => "card_updated",
            Notice::CardRetried => "card_retried",
        }
    }

    pub fn parse(word: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.as_str() == word)
    }

    fn message(self) -> &'static str {
        match self {
            Notice::SignedOut => "account-session-ended",
            Notice::LinkInvalid => "account-link-invalid",
            Notice::TooMany => "account-too-many",
            Notice::Cancelled => "account-cancelled-notice",
            Notice::CardUpdated => "account-card-updated",
            Notice::CardRetried => "account-card-retried",
        }
    }
}

fn frame(profile: &ShopProfile, l: Locale, notice: Option<Notice>, body: Markup) -> Markup {
    layout::public(
        l,
        &i18n::t(l, "account-title"),
        profile,
        html! {
            main.checkout.account {
                @if let Some(n) = notice { p.notice role="status" { (i18n::t(l, n.message())) } }
                (body)
            }
        },
    )
}

/// The email form.
pub fn sign_in(profile: &ShopProfile, l: Locale, notice: Option<Notice>) -> Markup {
    frame(profile, l, notice, email_form(l, "", false))
}

/// The email form again, with what was typed marked wrong.
pub fn sign_in_with_error(profile: &ShopProfile, l: Locale, typed: &str) -> Markup {
    frame(profile, l, None, email_form(l, typed, true))
}

fn email_form(l: Locale, typed: &str, invalid: bool) -> Markup {
    html! {
        h1 { (i18n::t(l, "account-title")) }
        p { (i18n::t(l, "account-sign-in-intro")) }
        form method="post" action="/account/sign-in" novalidate {
            div.field.invalid[invalid] {
                label for="email" { (i18n::t(l, "account-email")) }
                input #email type="email" name="email" value=(typed) autocomplete="email" required
                    aria-invalid=[invalid.then_some("true")];
                @if invalid { small.error { (i18n::t(l, "account-email")) " " (i18n::t(l, "checkout-email")) } }
            }
            button.pay type="submit" { (i18n::t(l, "account-send-link")) }
        }
    }
}

/// The same answer for every address.
pub fn link_sent(profile: &ShopProfile, l: Locale, email: &str) -> Markup {
    frame(
        profile,
        l,
        None,
        html! {
            h1 { (i18n::t(l, "account-link-sent")) }
            p { (i18n::t_with(l, "account-link-sent-body", &[("email", email.into())])) }
        },
    )
}

/// What a sign-in link opens: one button that uses it.
pub fn link_page(profile: &ShopProfile, l: Locale, token: &str) -> Markup {
    frame(
        profile,
        l,
        None,
        html! {
            h1 { (i18n::t(l, "account-link-title")) }
            p { (i18n::t(l, "account-link-body")) }
            form method="post" action=(format!("/account/link/{token}")) {
                button.pay type="submit" { (i18n::t(l, "account-link-button")) }
            }
        },
    )
}

/// One of the buyer's orders as the portal lists it.
pub struct OrderCard {
    pub order: Order,
    pub product: String,
    /// Invoice and credit note numbers.
    pub documents: Vec<(String, Kind)>,
    /// A cancellation asked and not yet taken effect.
    pub cancelling: Option<OrderAction>,
}

/// What the signed-in buyer's page shows.
pub struct Dashboard {
    pub orders: Vec<OrderCard>,
}

pub fn dashboard(
    profile: &ShopProfile,
    l: Locale,
    session: &AccountSession,
    data: &Dashboard,
    notice: Option<Notice>,
) -> Markup {
    frame(
        profile,
        l,
        notice,
        html! {
            div.account-head {
                h1 { (i18n::t(l, "account-orders")) }
                form method="post" action="/account/sign-out" {
                    input type="hidden" name="csrf" value=(session.csrf_token);
                    button.secondary type="submit" { (i18n::t(l, "account-sign-out")) }
                }
            }
            p.hint { (i18n::t_with(l, "account-signed-in-as", &[("email", session.email.as_str().into())])) }
            @if data.orders.is_empty() { p { (i18n::t(l, "account-no-orders")) } }
            @for card in &data.orders { (order_card(l, session, card)) }
        },
    )
}

fn order_card(l: Locale, session: &AccountSession, card: &OrderCard) -> Markup {
    let o = &card.order;
    let recurring = o.price_kind != PriceKind::OneTime;
    let active = o.status == OrderStatus::Completed && !o.plan_finished();
    let stripe_subscription = o.gateway == Gateway::Stripe
        && o.processor_ref
            .as_deref()
            .is_some_and(|r| r.starts_with("sub_"));
    let manage_at = match o.gateway {
        Gateway::NoProcessor => None,
        gateway => Some(registry::kind(gateway).manage_at),
    };
    // Where the processor has its own page for it, the buyer cancels there.
    let can_cancel = recurring && active && card.cancelling.is_none() && manage_at == Some(None);
    let status = match o.status {
        OrderStatus::Completed => "account-status-completed",
        OrderStatus::Cancelled => "account-status-cancelled",
        OrderStatus::Refunded => "account-status-refunded",
        OrderStatus::Pending if o.processing => "account-status-processing",
        OrderStatus::Pending => "account-status-pending",
        OrderStatus::Failed => "account-status-failed",
    };
    html! {
        section.box.account-order id=(format!("order-{}", o.id)) {
            div.line {
                strong { (card.product) }
                span.pill { (i18n::t(l, status)) }
            }
            p.hint {
                (i18n::t_with(l, "account-order-placed", &[("date", i18n::date(l, o.created_at).as_str().into())]))
                " · " (i18n::money_in(l, o.amount, &o.currency))
                @if o.refunded > 0 {
                    " · " (i18n::t_with(l, "account-refunded-part", &[("amount", i18n::money_in(l, o.refunded, &o.currency).as_str().into())]))
                }
            }
            @if let Some(until) = o.access_until.filter(|_| o.status == OrderStatus::Cancelled) {
                p { (i18n::t_with(l, "account-access-ends", &[("date", i18n::date(l, until).as_str().into())])) }
            }
            @if let Some(at) = card.cancelling.as_ref().and_then(|a| a.effective_at) {
                p { (i18n::t_with(l, "account-cancel-scheduled", &[("date", i18n::date(l, at).as_str().into())])) }
            }
            @if active && o.renewal_failed_at.is_some() {
                p.notice role="alert" { (i18n::t(l, "account-renewal-failing")) }
            }
            @if !card.documents.is_empty() {
                p {
                    (i18n::t(l, "account-invoices")) ": "
                    @for (i, (number, _)) in card.documents.iter().enumerate() {
                        @if i > 0 { ", " }
                        a href=(format!("/account/orders/{}/invoice/{number}", o.id)) { (number) }
                    }
                }
            }
            div.account-actions {
                @if active && stripe_subscription {
                    a.button href=(format!("/account/orders/{}/card", o.id)) { (i18n::t(l, "account-update-card")) }
                }
                @if can_cancel {
                    form method="post" action=(format!("/account/orders/{}/cancel", o.id)) {
                        input type="hidden" name="csrf" value=(session.csrf_token);
                        button.danger type="submit" { (i18n::t(l, "account-cancel")) }
                    }
                }
                @if let (true, true, Some(Some((url, message)))) = (recurring, active, manage_at) {
                    a.button href=(url) target="_blank" rel="noopener" { (i18n::t(l, message)) }
                }
            }
        }
    }
}

/// "Cancel your subscription?" with what it means.
pub fn confirm_cancel(
    profile: &ShopProfile,
    l: Locale,
    session: &AccountSession,
    order: &Order,
    product: &str,
) -> Markup {
    frame(
        profile,
        l,
        None,
        html! {
            h1 { (i18n::t_with(l, "account-cancel-title", &[("product", product.into())])) }
            p { (i18n::t(l, "account-cancel-body")) }
            form method="post" action=(format!("/account/orders/{}/cancel", order.id)) {
                input type="hidden" name="csrf" value=(session.csrf_token);
                input type="hidden" name="confirm" value="yes";
                button.danger type="submit" { (i18n::t(l, "account-cancel-confirm")) }
            }
            p { a href="/account" { (i18n::t(l, "account-cancel-keep")) } }
        },
    )
}

/// The card form's facts.
pub struct CardForm<'a> {
    pub order: &'a Order,
    pub product: &'a str,
    pub publishable_key: &'a str,
    /// The SetupIntent's.
    pub client_secret: &'a str,
    pub stripe_js_url: &'a str,
    /// Where Stripe.js sends the buyer once the card is confirmed.
    pub next: &'a str,
}

/// Stripe's Payment Element in our page (setup mode, cards), confirmed by the checkout's own
/// payment script.
pub fn card(profile: &ShopProfile, l: Locale, f: &CardForm) -> Markup {
    frame(
        profile,
        l,
        None,
        html! {
            h1 { (i18n::t_with(l, "account-card-title", &[("product", f.product.into())])) }
            p { (i18n::t(l, "account-card-body")) }
            form #payment-form data-publishable-key=(f.publishable_key) data-client-secret=(f.client_secret)
                data-email=(f.order.buyer.email) data-next=(f.next) data-locale=(l.as_str())
                data-declined=(i18n::t(l, "card-declined")) {
                div #payment-element .payment-field {}
                p #payment-errors .error role="alert" {}
                button.pay type="submit" { (i18n::t(l, "account-card-save")) }
                noscript { p.error { (i18n::t(l, "card-needs-javascript")) } }
            }
            p.hint { (i18n::t(l, "card-goes-to-stripe")) }
            p { a href="/account" { (i18n::t(l, "account-back")) } }
            script src=(f.stripe_js_url) {}
            script src=(assets::url("stripe-payment.js")) {}
        },
    )
}
