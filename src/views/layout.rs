//! Page frames: the dashboard's, the sign-in pages', the buyers'.

use crate::assets;
use crate::domain::shop::ShopProfile;
use crate::i18n::Locale;
use crate::views::shop;
use maud::{html, Markup, DOCTYPE};

/// Who is signed in, for the navigation bar and its sign-out form.
pub struct Nav<'a> {
    pub email: &'a str,
    pub csrf: &'a str,
    pub active: &'a str,
}

const SECTIONS: &[(&str, &str, &str)] = &[
    ("overview", "/admin", "Overview"),
    ("products", "/admin/products", "Products"),
    ("pages", "/admin/pages", "Pages"),
    ("coupons", "/admin/coupons", "Coupons"),
    ("orders", "/admin/orders", "Orders"),
    ("attention", "/admin/attention", "Needs attention"),
    ("settings", "/admin/settings/kartra", "Settings"),
    ("tokens", "/admin/tokens", "API tokens"),
    ("admins", "/admin/admins", "Admins"),
];

fn head(title: &str, stylesheet: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
            link rel="stylesheet" href=(assets::url(stylesheet));
        }
    }
}

pub fn admin(title: &str, nav: &Nav, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · tagcart"), "admin.css"))
            body {
                header.topbar {
                    a.brand href="/admin" { "tagcart" }
                    nav aria-label="Main" {
                        @for (key, href, label) in SECTIONS {
                            a href=(href) aria-current=[(*key == nav.active).then_some("page")] { (label) }
                        }
                    }
                    form.signout method="post" action="/admin/logout" {
                        input type="hidden" name="csrf" value=(nav.csrf);
                        span.who { (nav.email) }
                        button.link type="submit" { "Sign out" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// Sign-in, setup and error pages: no navigation.
pub fn bare(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            (head(&format!("{title} · tagcart"), "admin.css"))
            body.bare { main.narrow { a.brand href="/admin" { "tagcart" } (body) } }
        }
    }
}

/// What buyers see, in the page's language: the shop's header and footer around `body`, in
/// its accent colour.
pub fn public(lang: Locale, title: &str, profile: &ShopProfile, body: Markup) -> Markup {
    public_page(lang, title, profile, None, body)
}

/// What buyers see, with one embedded script (`script`, an asset's name) run once the page
/// has loaded. The page must work without it.
pub fn public_with_script(
    lang: Locale,
    title: &str,
    profile: &ShopProfile,
    script: &str,
    body: Markup,
) -> Markup {
    public_page(lang, title, profile, Some(script), body)
}

fn public_page(
    lang: Locale,
    title: &str,
    profile: &ShopProfile,
    script: Option<&str>,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="icon" href=(assets::url("favicon.svg")) type="image/svg+xml";
                link rel="stylesheet" href=(assets::url("checkout.css"));
                @if let Some(url) = shop::stylesheet_url(profile) { link rel="stylesheet" href=(url); }
            }
            body {
                (shop::header(profile))
                (body)
                (shop::footer(profile, lang))
                @if let Some(script) = script { script src=(assets::url(script)) defer {} }
            }
        }
    }
}
