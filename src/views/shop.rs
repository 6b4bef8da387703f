//! The shop's brand on buyer pages: the header (logo or name), the footer (support email,
//! terms, privacy) and `/shop.css`, the accent colour as a stylesheet (the pages' CSP allows no
//! inline style).

use crate::domain::shop::ShopProfile;
use crate::i18n::{self, Locale};
use maud::{html, Markup};
use sha2::{Digest, Sha256};

/// The logo's height in CSS pixels: set on the `<img>` so the page does not jump as it loads.
const LOGO_HEIGHT: u32 = 40;

pub fn header(shop: &ShopProfile) -> Markup {
    let name = shop.display_name();
    html! {
        @if shop.logo_url.is_some() || name.is_some() {
            header.shop-header {
                @if let Some(logo) = &shop.logo_url {
                    img.shop-logo src=(logo) alt=(name.unwrap_or("")) height=(LOGO_HEIGHT);
                } @else if let Some(name) = name {
                    span.shop-name { (name) }
                }
            }
        }
    }
}

pub fn footer(shop: &ShopProfile, l: Locale) -> Markup {
    html! {
        @if shop.support_email.is_some() || shop.terms_url.is_some() || shop.privacy_url.is_some() {
            footer.shop-footer {
                @if let Some(email) = &shop.support_email {
                    span { (i18n::t(l, "shop-questions")) " " a href=(format!("mailto:{email}")) { (email) } }
                }
                @if let Some(url) = &shop.terms_url { a href=(url) rel="noopener" { (i18n::t(l, "shop-terms")) } }
                @if let Some(url) = &shop.privacy_url { a href=(url) rel="noopener" { (i18n::t(l, "shop-privacy")) } }
            }
        }
    }
}

/// `/shop.css?v=<hash>`: the URL names the stylesheet's content (the colour and the rules this
/// tagcart writes for it), so the file can be cached long and a new release is fetched anew.
pub fn stylesheet_url(shop: &ShopProfile) -> Option<String> {
    shop.accent_color.as_ref()?;
    let hash = Sha256::digest(stylesheet(shop).as_bytes());
    Some(format!("/shop.css?v={}", hex::encode(&hash[..6])))
}

/// The accent as the stylesheet's colour variables, with readable text on its buttons.
pub fn stylesheet(shop: &ShopProfile) -> String {
    let (Some(accent), Some(on_accent)) = (shop.accent_color.as_deref(), shop.accent_text_color())
    else {
        return String::new();
    };
    let link = shop
        .accent_link_color()
        .unwrap_or_else(|| accent.to_string());
    let dark = shop
        .accent_shade(0.85)
        .unwrap_or_else(|| accent.to_string());
    let soft = shop.accent_tint(0.08).unwrap_or_else(|| "#f2f5fe".into());
    format!(
        "/* The shop's accent colour (Settings → Shop). */\n\
         :root {{ --primary: {accent}; --primary-dark: {dark}; --primary-soft: {soft}; --on-primary: {on_accent}; --link: {link}; }}\n\
         a {{ color: var(--link); }}\n\
         a:hover {{ color: var(--link); }}\n\
         button.pay, a.button, a.button:hover {{ color: var(--on-primary); }}\n\
         button.secondary, button.secondary:hover {{ color: var(--link); }}\n"
    )
}
