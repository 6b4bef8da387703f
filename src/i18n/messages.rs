//! Fluent messages, parsed once per language; rendering one is a lookup and a format.

use super::Locale;
use crate::assets::Assets;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::LazyLock;

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> =
    LazyLock::new(|| Locale::ALL.into_iter().map(bundle).collect());

pub(super) fn init() {
    LazyLock::force(&BUNDLES);
}

/// The `.ftl` file's text (embedded with the other assets; public words, so served too).
pub(super) fn source(locale: Locale) -> String {
    let name = format!("i18n/{}.ftl", locale.as_str());
    let file = Assets::get(&name).unwrap_or_else(|| panic!("assets/{name} is missing"));
    String::from_utf8(file.data.into_owned())
        .unwrap_or_else(|_| panic!("assets/{name} is not UTF-8"))
}

fn bundle(locale: Locale) -> Bundle {
    let resource = FluentResource::try_new(source(locale))
        .unwrap_or_else(|(_, errors)| panic!("assets/i18n/{}.ftl: {errors:?}", locale.as_str()));
    let lang = locale.as_str().parse().expect("a language identifier");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Pages are left-to-right; Unicode isolation marks would only be noise in the HTML.
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        panic!("assets/i18n/{}.ftl: {errors:?}", locale.as_str());
    }
    bundle
}

/// A message argument: text, or a number (which also picks the plural form).
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Arg<'a> {
        Arg::Text(text)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Arg<'a> {
        Arg::Text(text)
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<i32> for Arg<'_> {
    fn from(n: i32) -> Self {
        Arg::Number(n.into())
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

/// The problems formatting `id` in `locale` itself (no English fallback), for tests.
#[cfg(test)]
pub(super) fn problems(locale: Locale, id: &str, args: &FluentArgs) -> Vec<String> {
    let bundle = &BUNDLES[locale.index()];
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return vec![format!("no message '{id}'")];
    };
    let mut errors = vec![];
    bundle.format_pattern(pattern, Some(args), &mut errors);
    errors.iter().map(|e| e.to_string()).collect()
}

/// The message `id` in `locale`.
pub fn t(locale: Locale, id: &str) -> String {
    t_with(locale, id, &[])
}

/// The message `id` in `locale`, with its `{ $name }` arguments.
pub fn t_with(locale: Locale, id: &str, args: &[(&str, Arg)]) -> String {
    let found = [locale, Locale::En].into_iter().find_map(|l| {
        let bundle = &BUNDLES[l.index()];
        Some((bundle, bundle.get_message(id)?.value()?))
    });
    let Some((bundle, pattern)) = found else {
        debug_assert!(false, "no message '{id}' in assets/i18n/en.ftl");
        tracing::error!(id, "no such message");
        return id.to_string();
    };
    let args = (!args.is_empty()).then(|| {
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value: FluentValue = match *value {
                Arg::Text(text) => FluentValue::String(Cow::Borrowed(text)),
                Arg::Number(n) => FluentValue::from(n),
            };
            fluent.set(*name, value);
        }
        fluent
    });
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, args.as_ref(), &mut errors);
    if !errors.is_empty() {
        debug_assert!(false, "message '{id}': {errors:?}");
        tracing::error!(id, ?errors, "a message did not format");
    }
    text.into_owned()
}

/// The message `id` as markup: the `markup` arguments (a bold amount, a link) are put in as
/// they are, the message's own text and the `args` are escaped like any other text.
/// Translations may move them anywhere in the sentence.
pub fn t_markup(
    locale: Locale,
    id: &str,
    args: &[(&str, Arg)],
    markup: &[(&str, maud::Markup)],
) -> maud::Markup {
    // Private-use marks stand in for the markup while Fluent formats the sentence.
    let marks: Vec<String> = (0..markup.len())
        .map(|i| format!("\u{E000}{i}\u{E001}"))
        .collect();
    let mut all: Vec<(&str, Arg)> = args.to_vec();
    all.extend(
        markup
            .iter()
            .zip(&marks)
            .map(|((name, _), mark)| (*name, Arg::Text(mark))),
    );
    let text = t_with(locale, id, &all);
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some((before, after)) = rest.split_once('\u{E000}') {
        out.push_str(&maud::html! { (before) }.into_string());
        let (index, after) = after.split_once('\u{E001}').unwrap_or((after, ""));
        if let Some((_, html)) = index.parse::<usize>().ok().and_then(|i| markup.get(i)) {
            out.push_str(&html.0);
        }
        rest = after;
    }
    out.push_str(&maud::html! { (rest) }.into_string());
    maud::PreEscaped(out)
}
