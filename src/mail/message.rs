//! An email as the buyer gets it: subject, plain text and HTML (in the language of the page
//! the order was placed on, in the shop's brand), and the invoice or credit note attached.

use super::smtp::Failure;
use super::EmailSettings;
use crate::db::{self, emails::Email, emails::EmailKind, orders::Order};
use crate::domain::invoice::{Document, Kind};
use crate::domain::money::Currency;
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
    let Some(order) = db::orders::get(conn, email.order_id)? else {
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
    let content = content(
        email,
        &order,
        &product,
        document.as_ref(),
        &shop,
        locale,
        public_url,
    );
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

fn money(l: Locale, amount: i64, currency: &str) -> String {
    match Currency::from_code(currency) {
        Some(c) => i18n::money(l, amount, c),
        None => format!("{amount} {currency}"),
    }
}

/// The words of each kind of email.
pub fn content(
    email: &Email,
    order: &Order,
    product: &str,
    document: Option<&Document>,
    shop: &ShopProfile,
    l: Locale,
    public_url: &str,
) -> Content {
    let name = order.buyer.first_name.clone();
    let amount = document.map_or(order.amount, |d| d.total.abs());
    let amount = money(l, amount, &order.currency);
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
    let (subject, body) = match email.kind {
        EmailKind::Receipt => ("email-receipt-subject", "email-receipt-body"),
        EmailKind::RenewalReceipt => ("email-renewal-subject", "email-renewal-body"),
        EmailKind::PaymentFailed => ("email-failed-subject", "email-failed-body"),
        EmailKind::Cancellation => ("email-cancelled-subject", "email-cancelled-body"),
        EmailKind::Refund => ("email-refund-subject", "email-refund-body"),
    };
    let ends = email
        .access_until
        .map(|at| i18n::date(l, at))
        .unwrap_or_default();
    let mut paragraphs = vec![say(body, &[("date", &ends)])];
    if let Some(d) = document {
        paragraphs.push(match d.kind {
            Kind::Invoice => say("email-invoice-attached", &[]),
            Kind::CreditNote => say("email-credit-note-attached", &[]),
        });
    }
    if email.kind == EmailKind::Receipt {
        let c = &order.consent;
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
    let link = (!public_url.is_empty()).then(|| {
        (
            i18n::t(l, "email-view-order"),
            format!("{public_url}/thank-you/{}", order.payment_ref),
        )
    });
    Content {
        subject: say(subject, &[]),
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
