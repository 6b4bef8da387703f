//! The buyer pages' languages: messages (Fluent, `assets/i18n/{lang}.ftl`) and CLDR number,
//! money and date formats (ICU4X, data compiled in). The dashboard stays English.
//!
//! How to add a message and use it from a maud view:
//! 1. Add `my-message-id = Text with { $name }` to `assets/i18n/en.ftl`, then the same id,
//!    translated, to every other `{lang}.ftl` (a test fails while any file misses an id or has
//!    one English lacks). Plurals: `{ $count -> [one] 1 month *[other] { $count } months }`.
//! 2. In the view, with the page's `locale` (`Ctx.locale` in `views::page`; for an order's
//!    pages, `Page::language()` or `web::pay`'s `order_language`, passed in like any other
//!    data): `p { (i18n::t(locale, "my-message-id")) }`, or with arguments
//!    `(i18n::t_with(locale, "my-message-id", &[("name", name.into()), ("count", 3.into())]))`.
//!    Money is `i18n::money(locale, minor, currency)`, a day `i18n::date(locale, ts)`; never
//!    format numbers by hand. Output is plain text: maud escapes it like any other string.
//! 3. Tests render with `Locale::En`, so English text stays what tests expect. Give the frame
//!    the language too: `layout::public(locale, title, body)` sets `<html lang>`.

mod format;
mod messages;
#[cfg(test)]
mod tests;
pub mod words;

pub use format::{date, date_time, money, money_in, percent};
pub use messages::{t, t_markup, t_with, Arg};

use serde::{Serialize, Serializer};

/// A language buyer pages can be shown in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    De,
    Fr,
    Es,
    Pt,
    It,
    Nl,
}

impl Locale {
    pub const ALL: [Locale; 7] = [
        Locale::En,
        Locale::De,
        Locale::Fr,
        Locale::Es,
        Locale::Pt,
        Locale::It,
        Locale::Nl,
    ];

    /// The BCP 47 code, as stored and as in `<html lang>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Pt => "pt",
            Locale::It => "it",
            Locale::Nl => "nl",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.as_str() == code)
    }

    /// The language's own name, for the editor's select.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::De => "Deutsch",
            Locale::Fr => "Français",
            Locale::Es => "Español",
            Locale::Pt => "Português",
            Locale::It => "Italiano",
            Locale::Nl => "Nederlands",
        }
    }

    /// The first of the buyer's `Accept-Language` languages that buyer pages speak
    /// (`de-CH,fr;q=0.8`: German), for pages that belong to no checkout page, like a 404.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header.split(',').find_map(|item| {
            if refused(item) {
                return None;
            }
            let tag = item.split(';').next()?.trim();
            let language = tag.split(['-', '_']).next()?;
            Locale::parse(&language.to_ascii_lowercase())
        })
    }

    /// The codes, for error messages: "en, de, fr, es, pt, it, nl".
    pub fn codes() -> String {
        Locale::ALL.map(Locale::as_str).join(", ")
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Whether an item of an `Accept-*` header (`fr;q=0`, `gzip; q=0.000`) says the client does not
/// take it at all.
pub fn refused(item: &str) -> bool {
    item.split(';').skip(1).any(|param| {
        let param = param.trim();
        (param
            .strip_prefix("q=")
            .or_else(|| param.strip_prefix("Q=")))
        .is_some_and(|q| q.trim_end_matches(['0', '.']).is_empty())
    })
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Parses every language's messages and loads the formats, so a broken `.ftl` stops the
/// start instead of a buyer's page; afterwards rendering only looks things up.
pub fn init() {
    messages::init();
    format::init();
}
