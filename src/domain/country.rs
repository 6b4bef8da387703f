//! Countries as ISO 3166-1 alpha-2 codes (the checkout form's `country`), with their English
//! names from `rust_iso3166`: the list the form offers, and what Kartra's lead is given.

use std::sync::OnceLock;

/// (alpha-2, English name), by name: the form's options.
pub fn all() -> &'static [(&'static str, &'static str)] {
    static SORTED: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut list: Vec<_> = rust_iso3166::ALL
            .iter()
            .map(|c| (c.alpha2, c.name))
            .collect();
        // Åland among the A's and Côte d'Ivoire among the C's, not after Zimbabwe and Czechia.
        list.sort_by_key(|(_, name)| sort_key(name));
        list
    })
}

/// A name in lower case with its accents taken off, for sorting: decomposed (NFD), then
/// without the combining marks.
fn sort_key(name: &str) -> String {
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
    (nfd.normalize(&name.to_lowercase()).chars())
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

/// The English name of a known alpha-2 code (upper case).
pub fn name(alpha2: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha2(alpha2).map(|c| c.name)
}

/// What Kartra's lead `country` gets: the English name of a code, or an older order's free
/// text as it was typed.
pub fn for_kartra(country: &str) -> &str {
    name(country).unwrap_or(country)
}

/// The region of `Accept-Language`'s first tag, when it names a known country: `de-CH` is
/// CH, `zh-Hant-TW` is TW; `en` or `es-419` name none.
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let first = header.split(',').next()?.split(';').next()?.trim();
    // language[-script][-region]: extensions (`-u-ca-japanese`) start at a one-letter subtag.
    let region = first
        .split(['-', '_'])
        .skip(1)
        .take_while(|subtag| subtag.len() > 1)
        .find(|subtag| subtag.len() == 2 && subtag.bytes().all(|b| b.is_ascii_alphabetic()))?;
    rust_iso3166::from_alpha2(&region.to_ascii_uppercase()).map(|c| c.alpha2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_of_the_first_language_tag_is_the_country() {
        assert_eq!(from_accept_language("de-CH,de;q=0.9,en;q=0.8"), Some("CH"));
        assert_eq!(from_accept_language("en-US"), Some("US"));
        assert_eq!(from_accept_language("en-us;q=0.9"), Some("US"));
        assert_eq!(from_accept_language("zh-Hant-TW"), Some("TW"));
        for none in [
            "en",
            "",
            "es-419",
            "fr,de-DE",
            "en-ZZ",
            "*",
            "x-QQ-Z",
            "ja-u-ca-japanese",
        ] {
            assert_eq!(from_accept_language(none), None, "{none}");
        }
    }

    #[test]
    fn the_list_is_iso_3166_by_name_and_kartra_gets_the_name() {
        let list = all();
        assert!(list.len() >= 249, "{}", list.len());
        let at = |code: &str| list.iter().position(|(c, _)| *c == code).unwrap();
        assert!(
            at("AF") < at("AX") && at("AX") < at("AL"),
            "Åland among the A's"
        );
        assert!(at("CI") < at("CZ"), "Côte d'Ivoire among the C's");
        assert_eq!(list.last().unwrap().0, "ZW");
        assert_eq!(name("CH"), Some("Switzerland"));
        assert_eq!(name("XX"), None);
        assert_eq!(for_kartra("DE"), "Germany");
        assert_eq!(for_kartra("Springfield Republic"), "Springfield Republic");
    }
}
