//! The buyer's order form: one POST with `email`, `first_name`, `last_name`, `phone`,
//! `address`, `city`, `zip`, `state`, `country`, `price_id` and `gateway` (and with tax on,
//! `company` and `vat_id`). The browser checks
//! what it can (`required`, `type=email`, `maxlength`); the server's errors are shown beside
//! the fields, summed up in one alert at the top of the form.

use super::Ctx;
use crate::domain::country;
use crate::domain::validation::FieldErrors;
use crate::gateways::{registry, Gateway};
use crate::i18n::{self, words, Locale};
use crate::views::components::field_id;
use maud::{html, Markup};

/// The buyer's fields in form order: (name, label's message, type, autocomplete, required,
/// maxlength). The lengths are the server's limits.
const FIELDS: &[(&str, &str, &str, &str, bool, u32)] = &[
    ("email", "form-email", "email", "email", true, 254),
    (
        "first_name",
        "form-first-name",
        "text",
        "given-name",
        true,
        100,
    ),
    (
        "last_name",
        "form-last-name",
        "text",
        "family-name",
        true,
        100,
    ),
    ("phone", "form-phone", "tel", "tel", false, 40),
    (
        "address",
        "form-address",
        "text",
        "street-address",
        false,
        200,
    ),
    ("city", "form-city", "text", "address-level2", false, 100),
    ("zip", "form-zip", "text", "postal-code", false, 20),
    ("state", "form-state", "text", "address-level1", false, 100),
    ("country", "form-country", "select", "country", false, 2),
    // Behind "Buying as a business?", only while tax is on.
    (
        "company",
        "form-company",
        "text",
        "organization",
        false,
        200,
    ),
    ("vat_id", "form-vat-id", "text", "off", false, 40),
];

pub(super) fn render(button: &str, ctx: &Ctx) -> Markup {
    let button = super::summary::button_label(button, ctx);
    let (offer, l) = (ctx.offer, ctx.locale);
    if !offer.is_open() {
        return html! {
            section.s.s-form {
                p.notice { (i18n::t(l, "form-closed")) }
            }
        };
    }
    let (f, errors) = (ctx.input, ctx.errors);
    let value = |name: &str| match name {
        "email" => &f.email,
        "first_name" => &f.first_name,
        "last_name" => &f.last_name,
        "phone" => &f.phone,
        "address" => &f.address,
        "city" => &f.city,
        "zip" => &f.zip,
        "state" => &f.state,
        "country" => &f.country,
        "company" => &f.company,
        "vat_id" => &f.vat_id,
        _ => unreachable!("a buyer field"),
    };
    // With tax on, the rate is the buyer's country's: it must be chosen.
    let taxed = offer.tax.is_some();
    let field = |name: &str| {
        let &(name, label, kind, autocomplete, required, max) =
            FIELDS.iter().find(|f| f.0 == name).expect("a buyer field");
        let required = required || (taxed && name == "country");
        let error = errors.get(name);
        let id = field_id(name);
        html! {
            div.field.invalid[error.is_some()] {
                label for=(id) { (i18n::t(l, label)) @if !required { " " span.optional { (i18n::t(l, "form-optional")) } } }
                @if kind == "select" {
                    select id=(id) name=(name) autocomplete=(autocomplete) required[required]
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] {
                        option value="" { "—" }
                        @for (code, english) in country::all() {
                            option value=(code) selected[value(name) == code] { (english) }
                        }
                    }
                } @else {
                    input id=(id) type=(kind) name=(name) value=(value(name)) autocomplete=(autocomplete)
                        maxlength=(max) required[required] spellcheck=[(kind == "email").then_some("false")]
                        autocapitalize=[(kind == "email").then_some("off")]
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))];
                }
                @if let Some(message) = error { small.error id=(format!("{id}-error")) { (message) } }
            }
        }
    };
    let chosen_gateway = |name: &str| {
        f.gateway == name
            || (f.gateway.is_empty() && offer.gateways.first().is_some_and(|g| g.as_str() == name))
    };
    // Without a summary section the form says what is sold.
    let options_legend = match ctx.has_summary {
        true => i18n::t(l, "form-choose-option"),
        false => offer.product.name.clone(),
    };
    html! {
        section.s.s-form aria-label=(i18n::t(l, "form-checkout")) {
            form method="post" action=(ctx.action.unwrap_or("#")) data-taxed=[taxed.then_some("1")] {
                (summary(errors, l))
                @if !ctx.has_summary { (super::product_image::product_image(&offer.product)) }
                @if let [price] = offer.prices.as_slice() {
                    input type="hidden" name="price_id" value=(price.id);
                    @if !ctx.has_summary {
                        p.single-price.box { span { (offer.product.name) } strong { (words::price(l, &price.terms)) } }
                    }
                    @if let Some(message) = errors.get("price_id") { small.error #f-price-id-error { (message) } }
                } @else {
                    fieldset.options {
                        legend { (options_legend) }
                        @for price in &offer.prices {
                            label.option {
                                input type="radio" name="price_id" value=(price.id) checked[ctx.chosen(price)] required
                                    aria-describedby=[errors.get("price_id").map(|_| "f-price-id-error")];
                                span { (words::price(l, &price.terms)) }
                            }
                        }
                        @if let Some(message) = errors.get("price_id") { small.error #f-price-id-error { (message) } }
                    }
                }
                fieldset {
                    legend { (i18n::t(l, "form-your-details")) }
                    (field("email"))
                    div.pair { (field("first_name")) (field("last_name")) }
                    (field("phone"))
                }
                fieldset {
                    legend { (i18n::t(l, "form-billing-address")) }
                    (field("address"))
                    div.pair { (field("city")) (field("zip")) }
                    div.pair { (field("state")) (field("country")) }
                    @if taxed {
                        @let open = !f.company.is_empty() || !f.vat_id.is_empty()
                            || errors.get("company").is_some() || errors.get("vat_id").is_some();
                        details.business open[open] {
                            summary { (i18n::t(l, "form-business")) }
                            (field("company"))
                            (field("vat_id"))
                        }
                        p.hint { (i18n::t(l, "summary-vat-country")) }
                    }
                }
                fieldset.options {
                    legend { (i18n::t(l, "form-pay-with")) }
                    @for g in &offer.gateways {
                        label.option {
                            input type="radio" name="gateway" value=(g.as_str()) checked[chosen_gateway(g.as_str())] required
                                aria-describedby=[errors.get("gateway").map(|_| "f-gateway-error")];
                            span { (gateway_label(l, *g)) }
                        }
                    }
                    @if let Some(message) = errors.get("gateway") { small.error #f-gateway-error { (message) } }
                }
                (super::coupon::render(ctx))
                (bump(ctx))
                (consent(ctx))
                @if ctx.action.is_some() {
                    button.pay type="submit" { (button) }
                } @else {
                    button.pay type="submit" disabled { (button) }
                    p.hint.center { (i18n::t(l, "form-preview-button")) }
                }
            }
        }
    }
}

/// The order bump: a bordered tick box above the pay button, shown beside the options it
/// fits (page.js follows the chosen one; the server refuses it with any other).
fn bump(ctx: &Ctx) -> Markup {
    let Some(b) = &ctx.offer.bump else {
        return html! {};
    };
    let l = ctx.locale;
    let fits: Vec<String> = (ctx.offer.prices.iter())
        .filter(|p| b.fits(p))
        .map(|p| p.id.to_string())
        .collect();
    let shown = ctx.offer.prices.iter().any(|p| ctx.chosen(p) && b.fits(p));
    // "$9.00", or for a subscription bump "$9.00 every month".
    let amount = words::price(l, &b.price.terms);
    let error = ctx.errors.get("bump");
    html! {
        div.bump.box #f-bump-box data-prices=(fits.join(" ")) hidden[!shown] {
            label.bump-tick {
                input #f-bump type="checkbox" name="bump" value="1" checked[ctx.input.bump && shown] disabled[!shown]
                    aria-describedby="f-bump-text";
                span {
                    strong.bump-headline { (b.headline) }
                    span.bump-price { (i18n::t_with(l, "bump-add", &[("amount", (&amount).into())])) }
                }
            }
            div #f-bump-text {
                p.bump-product { (b.product.name) }
                @if !b.text.is_empty() { p.bump-text { (b.text) } }
            }
            @if let Some(message) = error { small.error #f-bump-error { (message) } }
        }
    }
}

/// The page's required consent checkboxes, above the pay button: the terms, linked, and the
/// EU digital-content waiver.
fn consent(ctx: &Ctx) -> Markup {
    let (l, offer, f, errors) = (ctx.locale, ctx.offer, ctx.input, ctx.errors);
    let tick = |name: &str, checked: bool, label: Markup| {
        let error = errors.get(name);
        let id = field_id(name);
        html! {
            div.field.check.consent.invalid[error.is_some()] {
                input id=(id) type="checkbox" name=(name) value="on" checked[checked] required
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))];
                label for=(id) { (label) }
                @if let Some(message) = error { small.error id=(format!("{id}-error")) { (message) } }
            }
        }
    };
    html! {
        @if let Some(url) = &offer.terms_url {
            (tick("terms", f.terms, i18n::t_markup(l, "consent-terms", &[],
                &[("terms", html! { a href=(url) target="_blank" rel="noopener" { (i18n::t(l, "consent-terms-link")) } })])))
        }
        @if offer.waiver {
            (tick("waiver", f.waiver, html! { (i18n::t(l, "consent-waiver")) }))
        }
    }
}

/// One alert for the whole form, focused on load so a long page scrolls to it; each entry
/// links to its field, whose own message stands beside it.
fn summary(errors: &FieldErrors, l: Locale) -> Markup {
    let entry = |name: &str, message: &str| match FIELDS.iter().find(|f| f.0 == name) {
        Some(f) => (format!("#{}", field_id(name)), {
            let field = i18n::t(l, f.1);
            let args = [("field", (&field).into()), ("problem", message.into())];
            i18n::t_with(l, "form-field-problem", &args)
        }),
        // The radio groups' messages are whole sentences: "choose one of the options shown".
        None => {
            let mut text = message.to_string();
            if let Some(first) = text.get(..1) {
                text.replace_range(..1, &first.to_uppercase());
            }
            (format!("#{}-error", field_id(name)), text)
        }
    };
    html! {
        @if !errors.is_empty() {
            div.alert.error role="alert" tabindex="-1" autofocus {
                p { (i18n::t(l, "form-check-fields")) }
                ul {
                    @for (name, message) in errors.iter() {
                        @let (href, text) = entry(name, message);
                        li { a href=(href) { (text) } }
                    }
                }
            }
        }
    }
}

/// A payment method's name on the form.
fn gateway_label(l: Locale, gateway: Gateway) -> String {
    match gateway {
        // Never offered on a form: a free order needs no payment method.
        Gateway::NoProcessor => gateway.label().to_string(),
        gateway => (registry::kind(gateway).buyer_label)(l),
    }
}
