use super::*;
use crate::harness::{raw_get_with, Browser, Resp};

/// The checkout form as a buyer sends it, with `country`.
fn order(shop: &Shop, country: &str) -> Resp {
    let price = shop.price_id(0);
    let fields = [
        ("email", "jane@example.com"),
        ("first_name", "Jane"),
        ("last_name", "Doe"),
        ("country", country),
        ("price_id", &price),
        ("gateway", "test"),
    ];
    Browser::new(&shop.server.base).post("/p/pro/checkout", &fields)
}

fn selected(html: &str) -> Vec<String> {
    let start = html.find(r#"name="country""#).expect("the country list");
    let select = &html[start..start + html[start..].find("</select>").unwrap()];
    select
        .split("<option value=\"")
        .filter(|o| o.contains("\" selected>"))
        .map(|o| o[..2].to_string())
        .collect()
}

#[test]
fn the_buyers_country_is_preselected_from_accept_language_and_cached_per_country() {
    let shop = Shop::open();
    let base = &shop.server.base;
    let page = |lang: Option<&str>| {
        let headers: Vec<(&str, &str)> = lang.map(|l| ("Accept-Language", l)).into_iter().collect();
        raw_get_with(base, "/p/pro", &headers)
    };
    assert_eq!(selected(&page(Some("de-CH,de;q=0.9,en;q=0.8"))), ["CH"]);
    assert_eq!(selected(&page(Some("en-US"))), ["US"]);
    // Each asked again, from the cache: never another buyer's country.
    assert_eq!(selected(&page(None)), Vec::<String>::new());
    assert_eq!(selected(&page(Some("de"))), Vec::<String>::new());
    assert_eq!(selected(&page(Some("de-CH"))), ["CH"]);
    assert_eq!(selected(&page(Some("en-ZZ"))), Vec::<String>::new());
    assert!(page(None).contains(r#"<option value="">—</option>"#));
}

#[test]
fn a_country_not_on_the_list_is_refused_beside_the_field_and_places_no_order() {
    let shop = Shop::open();
    let res = order(&shop, "Narnia");
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains("must be a country from the list"),
        "{}",
        res.body
    );
    assert!(shop.orders("jane@example.com").is_empty());
    let empty = order(&shop, "");
    assert_eq!(
        empty.status, 303,
        "the country stays optional: {}",
        empty.body
    );
}

#[test]
fn kartra_receives_the_countrys_english_name() {
    let shop = Shop::open();
    let placed = order(&shop, "CH");
    assert_eq!(placed.status, 303, "{}", placed.body);
    let paid = shop.press(placed.header("location").unwrap(), "complete");
    assert_eq!(paid.status, 303, "{}", paid.body);
    shop.kartra.wait_for("the lead", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| !l.tags.is_empty())
    });
    let lead = shop.kartra.lead("jane@example.com").unwrap();
    assert_eq!(lead.fields["country"], "Switzerland");
}
