//! An email as the buyer gets it: subject, plain text and HTML (in the language of the page
//! the order was placed on, in the shop's brand), and the invoice or credit note attached.

use super::smtp::Failure;
use super::template::{fill, Template};
use super::EmailSettings;
use crate::db::{self, emails::Email, emails::EmailKind};
use crate::domain::checkout::Consent;
use crate::domain::invoice::{Document, Kind};
use crate::domain::shop::ShopProfile;
use crate::i18n::{self, Locale};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::Message;
use maud::{html, Markup, DOCTYPE};
use rusqlite::Connection;

/// What an email says, before it is wrapped for SMTP.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub subject: String,
    /// Paragraphs, the same in both parts.
    pub paragraphs: Vec<String>,
    /// The receipt's address, the call to action.
    pub link: Option<(String, String)>,
}

/// The email `email` stands for, ready to send; `Err` (permanent) when it cannot be made.
pub fn build(
    conn: &Connection,
    email: &Email,
    settings: &EmailSettings,
    public_url: &str,
) -> rusqlite::Result<Result<Message, Failure>> {
    let order = match email.order_id {
        Some(id) => db::orders::get(conn, id)?,
        None => None,
    };
    let Some(order) = order else {
        return Ok(Err(Failure::permanent("its order is gone")));
    };
    let locale = match order.page_id {
        Some(page) => db::pages::language(conn, page)?,
        None => Locale::default(),
    };
    let product = (db::order_lines::of_order(conn, order.id)?.into_iter())
        .map(|l| l.product_name)
        .collect::<Vec<_>>()
        .join(" + ");
    let document = match email.invoice_id {
        Some(id) => db::invoices::by_id(conn, id)?.map(|d| d.document),
        None => None,
    };
    let shop = crate::settings::shop_profile(conn)?;
    let template = crate::settings::email_template(conn, email.kind)?;
    let facts = Facts {
        kind: email.kind,
        name: &order.buyer.first_name,
        product: &product,
        amount: order.amount,
        currency: &order.currency,
        document: document.as_ref(),
        access_until: email.access_until,
        consent: &order.consent,
        payment_ref: &order.payment_ref,
    };
    let content = content(&facts, &shop, template.as_ref(), locale, public_url);
    let attachment = match &document {
        Some(d) => match crate::invoices::pdf::render(d) {
            Ok(pdf) => Some((format!("{}.pdf", d.number), pdf)),
            Err(e) => return Ok(Err(Failure::permanent(format!("the PDF: {e}")))),
        },
        None => None,
    };
    Ok(wrap(
        &content, &shop, locale, settings, &email.to, attachment,
    ))
}

/// The portal's sign-in email: the link opened from its seal, in the language of the buyer's
/// newest order's page. Its words are tagcart's (not a merchant template): they say how long
/// the link works and that it was asked for.
pub fn sign_in(
    conn: &Connection,
    email: &Email,
    sealed: &[u8],
    key: &crate::crypto::SecretKey,
    settings: &EmailSettings,
) -> rusqlite::Result<Result<Message, Failure>> {
    let Ok(link) = key.open(SIGN_IN_SEAL, sealed) else {
        return Ok(Err(Failure::permanent(
            "its link cannot be opened with this secret key",
        )));
    };
    let l = db::orders::newest_language(conn, &email.to)?;
    let shop = crate::settings::shop_profile(conn)?;
    let content = Content {
        subject: match shop.name.is_empty() {
            true => i18n::t(l, "email-sign-in-subject-plain"),
            false => i18n::t_with(
                l,
                "email-sign-in-subject",
                &[("shop", shop.name.as_str().into())],
            ),
        },
        paragraphs: vec![
            i18n::t(l, "email-sign-in-body"),
            i18n::t(l, "email-sign-in-not-you"),
        ],
        link: Some((i18n::t(l, "email-sign-in-button"), link)),
    };
    Ok(wrap(&content, &shop, l, settings, &email.to, None))
}

/// The sealing context of a sign-in link in the mail queue.
pub const SIGN_IN_SEAL: &str = "account sign-in link";

/// What an email is about.
pub struct Facts<'a> {
    pub kind: EmailKind,
    /// The buyer's first name.
    pub name: &'a str,
    pub product: &'a str,
    /// The order's first charge (an attached document's total is used instead).
    pub amount: i64,
    pub currency: &'a str,
    pub document: Option<&'a Document>,
    /// A cancellation: when access ends.
    pub access_until: Option<crate::clock::Timestamp>,
    pub consent: &'a Consent,
    pub payment_ref: &'a str,
}

/// The words of each kind of email: the merchant's `template` for its subject and first
/// paragraphs when there is one, else the built-in text in the page's language; then what
/// every email of its kind says (the attachment, the consents, where to ask).
pub fn content(
    f: &Facts,
    shop: &ShopProfile,
    template: Option<&Template>,
    l: Locale,
    public_url: &str,
) -> Content {
    let (product, document) = (f.product, f.document);
    let name = f.name.to_string();
    let amount = document.map_or(f.amount, |d| d.total.abs());
    let amount = i18n::money_in(l, amount, f.currency);
    let number = document.map(|d| d.number.clone()).unwrap_or_default();
    let say = |id: &str, extra: &[(&str, &str)]| {
        let mut all: Vec<(&str, i18n::Arg)> = vec![
            ("name", name.as_str().into()),
            ("product", product.into()),
            ("amount", amount.as_str().into()),
            ("number", number.as_str().into()),
        ];
        for (k, v) in extra {
            all.push((k, (*v).into()));
        }
        i18n::t_with(l, id, &all)
    };
    let (subject, body) = match f.kind {
        EmailKind::Receipt => ("email-receipt-subject", "email-receipt-body"),
        EmailKind::RenewalReceipt => ("email-renewal-subject", "email-renewal-body"),
        EmailKind::PaymentFailed => ("email-failed-subject", "email-failed-body"),
        EmailKind::Cancellation => ("email-cancelled-subject", "email-cancelled-body"),
        EmailKind::Refund => ("email-refund-subject", "email-refund-body"),
        EmailKind::SignIn => ("email-sign-in-subject", "email-sign-in-body"),
    };
    let ends = f
        .access_until
        .map(|at| i18n::date(l, at))
        .unwrap_or_default();
    let values = [
        ("name", name.as_str()),
        ("product", product),
        ("amount", amount.as_str()),
        ("number", number.as_str()),
        ("date", ends.as_str()),
        ("shop", shop.name.as_str()),
    ];
    let (subject, mut paragraphs) = match template {
        Some(t) => (
            fill(&t.subject, &values),
            (t.body.split("\n\n"))
                .map(|p| fill(p.trim(), &values))
                .filter(|p| !p.is_empty())
                .collect(),
        ),
        None => (say(subject, &[]), vec![say(body, &[("date", &ends)])]),
    };
    if let Some(d) = document {
        paragraphs.push(match d.kind {
            Kind::Invoice => say("email-invoice-attached", &[]),
            Kind::CreditNote => say("email-credit-note-attached", &[]),
        });
    }
    if f.kind == EmailKind::Receipt {
        let c = f.consent;
        if let (Some(url), Some(at)) = (&c.terms_url, c.terms_accepted_at) {
            paragraphs.push(say(
                "email-terms",
                &[("url", url), ("date", &i18n::date_time(l, at))],
            ));
        }
        if let (Some(text), Some(at)) = (&c.waiver_text, c.waiver_at) {
            paragraphs.push(say(
                "email-waiver",
                &[("waiver", text), ("date", &i18n::date_time(l, at))],
            ));
        }
    }
    if let Some(support) = &shop.support_email {
        paragraphs.push(say("email-questions", &[("email", support)]));
    }
    // A failed renewal is mended in the customer portal: a new card, and the payment again.
    let link = (!public_url.is_empty()).then(|| match f.kind {
        EmailKind::PaymentFailed => (
            i18n::t(l, "email-failed-update-card"),
            format!("{public_url}/account"),
        ),
        _ => (
            i18n::t(l, "email-view-order"),
            format!("{public_url}/thank-you/{}", f.payment_ref),
        ),
    });
    Content {
        subject,
        paragraphs,
        link,
    }
}

/// The shop's brand around the words: its name (or logo) and its accent colour.
pub fn html_part(content: &Content, shop: &ShopProfile, l: Locale) -> Markup {
    let accent = shop.accent_color.as_deref().unwrap_or("#1a73e8");
    let on_accent = shop.accent_text_color().unwrap_or("#ffffff");
    html! {
        (DOCTYPE)
        html lang=(l.as_str()) {
            head { meta charset="utf-8"; title { (content.subject) } }
            body style="margin:0;padding:24px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2328" {
                table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px" {
                    tr { td style="padding:24px 28px 0" {
                        @match &shop.logo_url {
                            Some(logo) => img src=(logo) alt=(shop.name) style="max-height:48px";
                            None => strong style="font-size:18px" { (shop.name) },
                        }
                    } }
                    tr { td style="padding:8px 28px 24px;font-size:15px;line-height:1.5" {
                        h1 style="font-size:20px" { (content.subject) }
                        @for p in &content.paragraphs { p { (p) } }
                        @if let Some((label, href)) = &content.link {
                            p { a href=(href) style=(format!("display:inline-block;padding:10px 18px;border-radius:6px;background:{accent};color:{on_accent};text-decoration:none")) { (label) } }
                        }
                    } }
                }
            }
        }
    }
}

pub fn text_part(content: &Content) -> String {
    let mut text = content.paragraphs.join("\n\n");
    if let Some((label, href)) = &content.link {
        text.push_str(&format!("\n\n{label}: {href}"));
    }
    text.push('\n');
    text
}

/// The MIME message: text and HTML alternatives, and the PDF when there is one.
pub fn wrap(
    content: &Content,
    shop: &ShopProfile,
    l: Locale,
    settings: &EmailSettings,
    to: &str,
    attachment: Option<(String, Vec<u8>)>,
) -> Result<Message, Failure> {
    let from: Mailbox =
        (settings.from.parse()).map_err(|e| Failure::permanent(format!("From: {e}")))?;
    let to: Mailbox = to
        .parse()
        .map_err(|e| Failure::permanent(format!("To: {e}")))?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(&content.subject);
    if let Some(reply_to) = &settings.reply_to {
        if let Ok(mailbox) = reply_to.parse() {
            builder = builder.reply_to(mailbox);
        }
    }
    let body = MultiPart::alternative_plain_html(
        text_part(content),
        html_part(content, shop, l).into_string(),
    );
    let body = match attachment {
        None => body,
        Some((name, pdf)) => {
            MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(name).body(
                    pdf,
                    ContentType::parse("application/pdf").expect("a MIME type"),
                ))
        }
    };
    builder
        .multipart(body)
        .map_err(|e| Failure::permanent(e.to_string()))
}

/// The test email the settings page sends.
pub fn test_message(
    settings: &EmailSettings,
    shop: &ShopProfile,
    to: &str,
) -> Result<Message, Failure> {
    let content = Content {
        subject: "tagcart test email".into(),
        paragraphs: vec![
            "This is a test email from your tagcart. Receipts, invoices and other emails to your buyers will be sent the same way.".into(),
        ],
        link: None,
    };
    wrap(&content, shop, Locale::En, settings, to, None)
}

/// An email of `kind` as a buyer of a sample order would get it, for the dashboard's preview:
/// its subject, plain text and HTML.
pub fn preview(
    kind: EmailKind,
    shop: &ShopProfile,
    template: Option<&Template>,
    l: Locale,
) -> (String, String, String) {
    let document = Document {
        number: "2026-000042".into(),
        kind: match kind {
            EmailKind::Refund => Kind::CreditNote,
            _ => Kind::Invoice,
        },
        issued_at: 0,
        corrects: None,
        order_id: 42,
        language: l.as_str().into(),
        seller: Default::default(),
        buyer: Default::default(),
        lines: vec![],
        currency: "EUR".into(),
        net: 4900,
        rate: None,
        tax: 0,
        total: 4900,
        prices_include_tax: true,
        reverse_charge: false,
    };
    let with_document = matches!(
        kind,
        EmailKind::Receipt | EmailKind::RenewalReceipt | EmailKind::Refund
    );
    let facts = Facts {
        kind,
        name: "Jana",
        product: "Online course",
        amount: 4900,
        currency: "EUR",
        document: with_document.then_some(&document),
        access_until: Some(1_798_675_200),
        consent: &Consent::default(),
        payment_ref: "pay_sample",
    };
    let content = content(&facts, shop, template, l, "https://shop.example");
    let html = html_part(&content, shop, l).into_string();
    (content.subject.clone(), text_part(&content), html)
}
