//! Settings: the Kartra integration, the payment gateways, alerts, the shop and tax.

use crate::db::emails::EmailKind;
use crate::domain::country;
use crate::domain::fulfillment::KartraState;
use crate::domain::shop::ShopInput;
use crate::domain::tax_settings::{rates_text, TaxSettings};
use crate::domain::validation::FieldErrors;
use crate::mail::template::PLACEHOLDERS;
use crate::views::components::{checkbox, csrf, error_summary, select, textarea, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

pub(super) fn subnav(active: &str) -> Markup {
    html! {
        nav.subnav aria-label="Settings" {
            a href="/admin/settings/kartra" aria-current=[(active == "kartra").then_some("page")] { "Kartra" }
            a href="/admin/settings/gateways" aria-current=[(active == "gateways").then_some("page")] { "Payment gateways" }
            a href="/admin/settings/alerts" aria-current=[(active == "alerts").then_some("page")] { "Alerts" }
            a href="/admin/settings/webhooks" aria-current=[(active == "webhooks").then_some("page")] { "Webhooks" }
            a href="/admin/settings/email" aria-current=[(active == "email").then_some("page")] { "Email" }
            a href="/admin/settings/shop" aria-current=[(active == "shop").then_some("page")] { "Shop" }
            a href="/admin/settings/tax" aria-current=[(active == "tax").then_some("page")] { "Tax" }
        }
    }
}

pub struct KartraView<'a> {
    pub app_id: &'a str,
    pub configured: bool,
    pub state: KartraState,
    pub last_error: Option<&'a str>,
    /// The result of a connection test just run: the tags, or why it failed.
    pub tested: Option<Result<&'a [String], &'a str>>,
    pub errors: &'a FieldErrors,
    /// Drifted tags are re-applied without asking.
    pub auto_reapply: bool,
}

fn state_text(state: KartraState, configured: bool) -> (&'static str, &'static str) {
    match (state, configured) {
        (_, false) => ("pill", "not configured"),
        (KartraState::Ok, _) => ("pill ok", "ok"),
        (KartraState::Failing, _) => ("pill bad", "failing: retrying"),
        (KartraState::CredentialsInvalid, _) => ("pill bad", "credentials rejected: queue paused"),
        (KartraState::NotConfigured, _) => ("pill", "not configured"),
    }
}

pub fn kartra(nav: &Nav, v: &KartraView) -> Markup {
    let (class, text) = state_text(v.state, v.configured);
    let keep = if v.configured {
        "Saved. Leave empty to keep it."
    } else {
        "From your Kartra App's API settings."
    };
    layout::admin(
        "Kartra",
        nav,
        html! {
            (subnav("kartra"))
            h1 { "Kartra integration" }
            p { "Status: " span class=(class) { (text) } }
            // The test just run says it below, in full.
            @let repeated = matches!(v.tested, Some(Err(m)) if Some(m) == v.last_error);
            @if let (Some(error), false) = (v.last_error, repeated) { p.muted { "Last error: " (error) } }
            @match v.tested {
                Some(Ok(tags)) => div.alert.ok role="status" {
                    p { "Connected. Your account has " (crate::domain::counted(tags.len() as i64, "tag", "tags")) ":" }
                    ul.tags { @for t in tags { li { code { (t) } } } }
                },
                Some(Err(message)) => div.alert.error role="alert" { (message) },
                None => {},
            }
            (error_summary(v.errors, &[]))
            form.stack method="post" action="/admin/settings/kartra" novalidate {
                (csrf(nav.csrf))
                (Input::text("App ID", "app_id", v.app_id).required().render(v.errors))
                (Input::text("API key", "api_key", "").kind("password").hint(keep).render(v.errors))
                (Input::text("API password", "api_password", "").kind("password").hint(keep).render(v.errors))
                div.actions {
                    button.primary type="submit" name="action" value="save" { "Save" }
                    @if v.configured { button.secondary type="submit" name="action" value="test" { "Test connection" } }
                }
            }
            p.hint { "A new Kartra App starts in Test Mode: Kartra sends no emails and rewrites lead emails to @kartra.com until you take it live." }
            (audit_panel(nav, v.auto_reapply))
        },
    )
}

fn audit_panel(nav: &Nav, auto_reapply: bool) -> Markup {
    html! {
        section.panel #audit {
            h2 { "When Kartra disagrees" }
            p { "Every day the audit reads each buyer with live access back from Kartra (one call per buyer, paced under the rate limit, after any waiting jobs), and each lead is read back shortly after every grant or revoke. A tag missing from a buyer who has access, or still on a lead after its revoke, is listed under "
                a href="/admin/attention" { "Needs attention" } " to re-apply." }
            form.stack method="post" action="/admin/settings/kartra/auto-reapply" {
                (csrf(nav.csrf))
                (checkbox("Re-apply automatically when Kartra disagrees", "auto_reapply", auto_reapply,
                    Some("The tag is assigned again (or removed again) as soon as a read-back finds it wrong. Leave it off if a Kartra automation removes tags on purpose.")))
                button.primary type="submit" { "Save" }
            }
        }
    }
}

/// One processor's settings as the page shows them: never a secret, only whether it is saved.
pub struct GatewayView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub enabled: bool,
    pub configured: bool,
    pub webhook_url: String,
    pub events: &'a [&'a str],
    /// Said before the webhook URL instead, when there are no events to select.
    pub webhook_note: &'a str,
    /// (field, label, shown value or "" for a secret, is secret, saved)
    pub fields: Vec<(&'a str, &'a str, String, bool, bool)>,
}

pub fn gateways(
    nav: &Nav,
    test_enabled: bool,
    test_webhook_url: &str,
    processors: &[GatewayView],
    notice: Option<Result<&str, &str>>,
) -> Markup {
    layout::admin(
        "Payment gateways",
        nav,
        html! {
            (subnav("gateways"))
            h1 { "Payment gateways" }
            @match notice {
                Some(Ok(message)) => div.alert.ok role="status" { (message) },
                Some(Err(message)) => div.alert.error role="alert" { (message) },
                None => {},
            }
            section.panel {
                h2 { "Test gateway" }
                p { "A simulated processor for rehearsing the whole chain (checkout, webhook, Kartra tag) without a processor account. Do a test purchase first." }
                @if test_enabled {
                    div.alert.error role="alert" { "The test gateway is on: anyone who opens a page offering it can get the product without paying. Turn it off before going live." }
                }
                form.stack method="post" action="/admin/settings/gateways" {
                    (csrf(nav.csrf))
                    input type="hidden" name="gateway" value="test";
                    (checkbox("Enable the test gateway", "enabled", test_enabled, None))
                    button.primary type="submit" name="action" value="save" { "Save" }
                }
                p.hint { "Its signed events arrive at " code { (test_webhook_url) } "." }
            }
            @for g in processors {
                section.panel {
                    h2 { (g.title) " " @if g.enabled { span.pill.ok { "enabled" } } @else { span.pill { "off" } } }
                    form.stack method="post" action="/admin/settings/gateways" novalidate {
                        (csrf(nav.csrf))
                        input type="hidden" name="gateway" value=(g.name);
                        @for (field, label, value, secret, saved) in &g.fields {
                            @let hint = match (secret, saved) { (true, true) => "Saved. Leave empty to keep it.", (true, false) => "Not saved yet.", _ => "" };
                            (Input::text(label, field, value).kind(if *secret { "password" } else { "text" }).hint(hint).render(&FieldErrors::default()))
                        }
                        (checkbox(&format!("Offer {} on checkout pages", g.title), "enabled", g.enabled, Some("Needs every key saved.")))
                        div.actions {
                            button.primary type="submit" name="action" value="save" { "Save" }
                            @if g.configured { button.secondary type="submit" name="action" value="verify" { "Verify the keys" } }
                        }
                    }
                    @if g.events.is_empty() {
                        p { (g.webhook_note) " " code { (g.webhook_url) } }
                    } @else {
                        p { "In the " (g.title) " dashboard, add a webhook endpoint " code { (g.webhook_url) } " with these events:" }
                        ul.tags { @for e in g.events { li { code { (e) } } } }
                    }
                }
            }
        },
    )
}

pub struct AlertsView<'a> {
    /// Shown only by its host: the whole URL is a secret.
    pub saved_host: Option<&'a str>,
    pub threshold_minutes: &'a str,
    pub allow_private: bool,
    pub notice: Option<Result<&'a str, &'a str>>,
    pub errors: &'a FieldErrors,
}

pub fn alerts(nav: &Nav, v: &AlertsView) -> Markup {
    let hint = match v.saved_host {
        Some(host) => {
            format!("Alerts go to {host}. Leave empty to keep it; type \"off\" to stop alerts.")
        }
        None => {
            "Optional. An https URL that accepts a JSON POST, such as a Slack incoming webhook."
                .into()
        }
    };
    layout::admin(
        "Alerts",
        nav,
        html! {
            (subnav("alerts"))
            h1 { "Alerts" }
            p { "When Kartra grants have been failing, or paused for rejected credentials, for longer than the threshold, tagcart posts "
                code { "{\"text\": \"…\"}" } " to this URL; and again when they flow again." }
            @match v.notice {
                Some(Ok(message)) => div.alert.ok role="status" { (message) },
                Some(Err(message)) => div.alert.error role="alert" { (message) },
                None => {},
            }
            (error_summary(v.errors, &[]))
            form.stack method="post" action="/admin/settings/alerts" novalidate {
                (csrf(nav.csrf))
                (Input::text("Alert URL", "url", "").kind("url").hint(&hint).render(v.errors))
                (Input::text("Threshold (minutes)", "threshold_minutes", v.threshold_minutes).kind("number").render(v.errors))
                (checkbox("Allow private and loopback addresses", "allow_private", v.allow_private,
                    Some("Only for a receiver on your own network; it also allows plain http.")))
                div.actions {
                    button.primary type="submit" name="action" value="save" { "Save" }
                    @if v.saved_host.is_some() { button.secondary type="submit" name="action" value="test" { "Send a test alert" } }
                }
            }
        },
    )
}

pub struct ShopView<'a> {
    pub input: &'a ShopInput,
    /// Just saved: say so.
    pub saved: bool,
    pub errors: &'a FieldErrors,
}

fn value(field: &Option<String>) -> &str {
    field.as_deref().unwrap_or("")
}

pub fn shop(nav: &Nav, v: &ShopView) -> Markup {
    let i = v.input;
    layout::admin(
        "Shop",
        nav,
        html! {
            (subnav("shop"))
            h1 { "Shop" }
            p { "Who buyers are paying: shown in the header and footer of every checkout page, pay page, thank-you page and buyer error page. Every field is optional." }
            @if v.saved { div.alert.ok role="status" { "Saved. Buyer pages show it from now on." } }
            (error_summary(v.errors, &[]))
            form.stack method="post" action="/admin/settings/shop" novalidate {
                (csrf(nav.csrf))
                (Input::text("Shop name", "name", value(&i.name)).hint("Shown in the header when there is no logo, and as the logo's text.").render(v.errors))
                (Input::text("Logo URL", "logo_url", value(&i.logo_url)).kind("url").hint("An https image, shown at most 48 pixels high.").render(v.errors))
                (Input::text("Accent colour", "accent_color", value(&i.accent_color)).hint("Buttons and links, as #rrggbb. Button text turns white or dark to stay readable.").render(v.errors))
                (Input::text("Support email", "support_email", value(&i.support_email)).kind("email").render(v.errors))
                (Input::text("Terms URL", "terms_url", value(&i.terms_url)).kind("url").render(v.errors))
                (Input::text("Privacy policy URL", "privacy_url", value(&i.privacy_url)).kind("url").render(v.errors))
                div.actions { button.primary type="submit" { "Save" } }
            }
        },
    )
}

/// The Tax form's values: as saved, or as typed when refused.
pub struct TaxView {
    pub enabled: bool,
    pub prices_include_tax: bool,
    pub origin_country: String,
    pub rates: String,
    pub reverse_charge: bool,
    pub seller_name: String,
    pub seller_address: String,
    pub seller_vat_id: String,
    pub seller_support_email: String,
    /// Just saved: say so.
    pub saved: bool,
    pub errors: FieldErrors,
}

impl TaxView {
    pub fn of(t: &TaxSettings, saved: bool, errors: FieldErrors) -> TaxView {
        TaxView {
            enabled: t.enabled,
            prices_include_tax: t.prices_include_tax,
            origin_country: t.origin_country.clone(),
            rates: rates_text(&t.rates),
            reverse_charge: t.reverse_charge,
            seller_name: t.seller.name.clone(),
            seller_address: t.seller.address.clone(),
            seller_vat_id: t.seller.vat_id.clone(),
            seller_support_email: t.seller.support_email.clone(),
            saved,
            errors,
        }
    }

    pub fn typed(form: &crate::web::form::Form, errors: FieldErrors) -> TaxView {
        TaxView {
            enabled: form.get("enabled").is_some(),
            prices_include_tax: form.text("prices") != "exclude",
            origin_country: form.text("origin_country"),
            rates: form.text("rates"),
            reverse_charge: form.get("reverse_charge").is_some(),
            seller_name: form.text("seller.name"),
            seller_address: form.text("seller.address"),
            seller_vat_id: form.text("seller.vat_id"),
            seller_support_email: form.text("seller.support_email"),
            saved: false,
            errors,
        }
    }
}

pub fn tax(nav: &Nav, v: &TaxView) -> Markup {
    let e = &v.errors;
    let mut countries = vec![(String::new(), "—".to_string())];
    countries.extend(
        country::all()
            .iter()
            .map(|(c, n)| (c.to_string(), n.to_string())),
    );
    let prices = if v.prices_include_tax {
        "include"
    } else {
        "exclude"
    };
    layout::admin(
        "Tax",
        nav,
        html! {
            (subnav("tax"))
            h1 { "Tax" }
            p { "With tax on, checkout pages ask for the buyer's country (and, for a business, its VAT ID), "
                "charge the rate of that country, and every order's invoice shows net, rate, tax and total. "
                "Tax is computed once per charge, after any coupon, rounded half up to the cent (or the yen)." }
            @if v.saved { div.alert.ok role="status" { "Saved. Checkout pages use it from the next buyer on." } }
            (error_summary(e, &[]))
            form.stack method="post" action="/admin/settings/tax" novalidate {
                (csrf(nav.csrf))
                (checkbox("Charge tax", "enabled", v.enabled, Some("Off: prices are what buyers pay, and no country is asked for.")))
                (select("Prices I type", "prices", prices, &[
                    ("include".into(), "include tax (buyers pay the price shown)".into()),
                    ("exclude".into(), "exclude tax (tax is added at checkout)".into()),
                ], e))
                (select("Your country", "origin_country", &v.origin_country, &countries, e))
                (textarea("Rates", "rates", &v.rates,
                    Some("One country a line: its code and rate, like DE 19%. EU standard rates are built in; a country without a line is not taxed."), e))
                (checkbox("Reverse-charge EU businesses", "reverse_charge", v.reverse_charge,
                    Some("A business in another EU country with a VAT ID that VIES confirms pays no VAT; its invoice says so.")))
                fieldset {
                    legend { "Seller on invoices" }
                    (Input::text("Legal name", "seller.name", &v.seller_name).render(e))
                    (textarea("Address", "seller.address", &v.seller_address, None, e))
                    (Input::text("VAT ID", "seller.vat_id", &v.seller_vat_id).render(e))
                    (Input::text("Support email", "seller.support_email", &v.seller_support_email).kind("email").render(e))
                }
                div.actions { button.primary type="submit" { "Save" } }
            }
        },
    )
}

/// The Email form's values: as saved (the password shown as `***`), or as typed when refused.
pub struct EmailView {
    pub smtp_url: String,
    pub from: String,
    pub reply_to: String,
    pub configured: bool,
    /// Each kind's own words, as saved or typed (both empty: the built-in text).
    pub templates: Vec<(EmailKind, String, String)>,
    /// What saving or the test email did.
    pub notice: Option<Result<String, String>>,
    pub errors: FieldErrors,
}

/// A kind of email as the dashboard names it.
pub fn email_kind_name(kind: EmailKind) -> &'static str {
    match kind {
        EmailKind::Receipt => "Receipt",
        EmailKind::RenewalReceipt => "Renewal receipt",
        EmailKind::PaymentFailed => "Payment failed",
        EmailKind::Cancellation => "Cancellation",
        EmailKind::Refund => "Refund",
        EmailKind::SignIn => "Portal sign-in link",
    }
}

pub fn email(nav: &Nav, v: &EmailView) -> Markup {
    let e = &v.errors;
    layout::admin(
        "Email",
        nav,
        html! {
                    (subnav("email"))
                    h1 { "Email" }
                    p { "Receipts with their invoice, renewal receipts, failed-payment notices, cancellations and refunds "
                        "with their credit note are emailed to buyers through your SMTP server, in the language of the page "
                        "they bought on. Each email waits in a queue and is retried until the server takes it; the order page shows it." }
                    @match &v.notice {
                        Some(Ok(message)) => div.alert.ok role="status" { (message) },
                        Some(Err(message)) => div.alert.error role="alert" { (message) },
                        None => {},
                    }
                    @if !v.configured { div.alert role="status" { "Not set up: no email is sent to buyers." } }
                    (error_summary(e, &[]))
                    form.stack method="post" action="/admin/settings/email" novalidate {
                        (csrf(nav.csrf))
                        (Input::text("SMTP URL", "smtp_url", &v.smtp_url)
                            .hint("smtp://user:password@host:587 (STARTTLS when the server offers it; add ?tls=required to insist) or smtps://user:password@host:465. A password shown as *** is kept.").render(e))
                        (Input::text("From", "from", &v.from).hint("Like Acme Courses <courses@acme.com>.").render(e))
                        (Input::text("Reply-To", "reply_to", &v.reply_to).kind("email").hint("Optional: where buyers' replies go.").render(e))
                        div.actions { button.primary type="submit" name="action" value="save" { "Save" } }
                    }
                    @if v.configured {
                        form.stack method="post" action="/admin/settings/email" novalidate {
                            (csrf(nav.csrf))
                            (Input::text("Send a test email to", "to", "").kind("email").render(e))
                            div.actions { button.secondary type="submit" name="action" value="test" { "Send a test email" } }
                        }
                    }
        section.panel {
                    h2 { "Templates" }
                    p { "Leave a template empty to send the built-in text, which speaks the language of the page the buyer bought on. "
                        "Your own words are sent to every buyer as written. Placeholders: "
                        @for (i, (name, what)) in PLACEHOLDERS.iter().enumerate() {
                            @if i > 0 { ", " }
                            code { "{" (name) "}" } " " (what)
                        }
                        ". Separate paragraphs with a blank line. The invoice note, the consents and the order link are added below your words." }
                    form.stack method="post" action="/admin/settings/email" novalidate {
                        (csrf(nav.csrf))
                        @for (kind, subject, body) in &v.templates {
                            @let open = !subject.is_empty() || !body.is_empty()
                                || e.get(&format!("subject.{}", kind.as_str())).is_some() || e.get(&format!("body.{}", kind.as_str())).is_some();
                            details.template open[open] {
                                summary { (email_kind_name(*kind)) @if !subject.is_empty() { " · " span.muted { "your own words" } } }
                                (Input::text("Subject", &format!("subject.{}", kind.as_str()), subject).render(e))
                                (textarea("Body", &format!("body.{}", kind.as_str()), body, None, e))
                                p { a href=(format!("/admin/settings/email/preview/{}", kind.as_str())) { "Preview" } }
                            }
                        }
                        div.actions { button.primary type="submit" name="action" value="templates" { "Save templates" } }
                    }
                    }
                },
    )
}

/// An email as a sample buyer would get it.
pub fn email_preview(nav: &Nav, kind: EmailKind, subject: &str, text: &str) -> Markup {
    layout::admin(
        "Email preview",
        nav,
        html! {
            (subnav("email"))
            h1 { "Preview: " (email_kind_name(kind)) }
            p.muted { "For a sample order of an online course (€49.00) by Jana, with the saved template or the built-in English text." }
            section.panel {
                h2 { (subject) }
                pre.email-text { (text) }
                p { a href=(format!("/admin/settings/email/preview/{}/html", kind.as_str())) { "Open the HTML version" } }
            }
            p { a href="/admin/settings/email" { "Back to Email" } }
        },
    )
}
