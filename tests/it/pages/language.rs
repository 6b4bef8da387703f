//! A page's language: what buyers read on it, its pay page and its thank-you page.

use super::*;
use crate::purchase::TAG;

/// A published German page selling a course in euros, with a countdown, a video and the form.
fn german_shop(shop: &Shop) -> Value {
    let product = json!({"name": "Profikurs", "kartra_tag": TAG,
        "prices": [{"kind": "one_time", "currency": "EUR", "amount": 4900}]});
    let res = api(
        &shop.server.base,
        "POST",
        "/products",
        Some(&shop.token),
        Some(&product.to_string()),
    );
    assert_eq!(res.status, 201, "{}", res.body);
    let product = res.json();
    let page = json!({"title": "Profikurs", "slug": "profi", "product_id": product["id"],
        "gateways": ["test"], "published": true, "language": "de",
        "sections": [
            {"kind": "countdown", "deadline": "2099-01-01T18:00:00Z"},
            {"kind": "video", "url": "https://youtu.be/aqz-KE-bpKQ"},
            {"kind": "checkout_form"}]});
    let res = api(
        &shop.server.base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&page.to_string()),
    );
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()
}

#[test]
fn a_german_page_speaks_german_with_german_money_on_its_pay_page() {
    let shop = Shop::open();
    let page = german_shop(&shop);
    assert_eq!(page["language"], "de", "{page}");

    let buyer = Browser::new(&shop.server.base);
    let html = buyer.get("/p/profi").body;
    for words in [
        "<html lang=\"de\"",
        "Angebot endet in",
        "Endet am 01.01.2099, 18:00 UTC",
        "Tage",
        "Video abspielen: Video (wird über YouTube abgespielt)",
        "Sichere Bezahlung",
    ] {
        assert!(html.contains(words), "{words}: {html}");
    }
    assert!(
        !html.contains("Secure checkout") && !html.contains("Offer ends in"),
        "{html}"
    );

    // The form's messages, in German beside the (still English) labels.
    let price = page_price(&shop, "profi");
    let refused = buyer.post(
        "/p/profi/checkout",
        &[
            ("email", "jane"),
            ("first_name", ""),
            ("last_name", "Doe"),
            ("price_id", &price),
            ("gateway", "test"),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("ist ein Pflichtfeld")
            && refused
                .body
                .contains("muss eine E-Mail-Adresse wie name@example.com sein"),
        "{}",
        refused.body
    );

    let placed = buyer.post(
        "/p/profi/checkout",
        &[
            ("email", "jana@example.com"),
            ("first_name", "Jana"),
            ("last_name", "Schmidt"),
            ("price_id", &price),
            ("gateway", "test"),
        ],
    );
    assert_eq!(placed.status, 303, "{}", placed.body);
    let pay_page = placed.header("location").unwrap().to_string();
    let pay = buyer.get(&pay_page).body;
    for words in [
        "<html lang=\"de\"",
        "<title>Testzahlung</title>",
        "Test-Gateway: Es fließt kein Geld",
        "49,00\u{a0}€",
        "Zahlung abschließen",
        "Käufer:",
    ] {
        assert!(pay.contains(words), "{words}: {pay}");
    }
    assert!(
        !pay.contains("€49.00") && !pay.contains("Complete the payment"),
        "{pay}"
    );

    // No thank-you URL on the product: tagcart's own page, in the page's language.
    let done = buyer.post(&pay_page, &[("action", "complete")]);
    let thanks = done.header("location").unwrap_or_default().to_string();
    assert!(thanks.starts_with("/thank-you/"), "{thanks}");
    assert!(buyer.get(&thanks).body.contains("<html lang=\"de\""));
}

/// The first price option's id offered on `/p/{slug}`.
fn page_price(shop: &Shop, slug: &str) -> String {
    let html = Browser::new(&shop.server.base)
        .get(&format!("/p/{slug}"))
        .body;
    let marker = "name=\"price_id\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no price in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

#[test]
fn the_api_takes_the_seven_languages_and_refuses_others() {
    let site = Site::start();
    let page = site.create(&site.page("pro", json!({})));
    assert_eq!(page["language"], "en", "English unless told: {page}");
    for code in ["de", "fr", "es", "pt", "it", "nl", "en"] {
        let saved = site.put(&page["id"], &site.page("pro", json!({"language": code})));
        assert_eq!(saved["language"], code, "{saved}");
    }
    let refused = site.api(
        "PUT",
        &format!("/pages/{}", page["id"]),
        Some(&site.page("pro", json!({"language": "xx"}))),
    );
    assert_invalid(&refused, "language", "an unknown language");
    assert!(
        refused.body.contains("en, de, fr, es, pt, it, nl"),
        "{}",
        refused.body
    );
    let created = site.api(
        "POST",
        "/pages",
        Some(&site.page("other", json!({"language": "EN"}))),
    );
    assert_invalid(&created, "language", "codes are lower case");
    assert_eq!(site.show(&page["id"])["language"], "en", "nothing changed");

    // What a GET answers, PUT back, keeps the language.
    site.put(&page["id"], &site.page("pro", json!({"language": "nl"})));
    let mut shown = site.show(&page["id"]);
    let writable = [
        "title",
        "slug",
        "product_id",
        "template",
        "price_ids",
        "gateways",
        "custom_domain",
        "sections",
        "published",
        "language",
    ];
    shown
        .as_object_mut()
        .unwrap()
        .retain(|k, _| writable.contains(&k.as_str()));
    assert_eq!(site.put(&page["id"], &shown)["language"], "nl");
}

#[test]
fn the_editors_settings_choose_the_language_from_a_select() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let settings = format!("{editor}/settings");
    let form = admin.get(&settings).body;
    assert!(
        form.contains("<select id=\"f-language\" name=\"language\"")
            && form.contains("<option value=\"en\" selected>English (en)</option>")
            && form.contains("<option value=\"fr\">Français (fr)</option>"),
        "{form}"
    );
    let fields = [
        ("title", "Launch"),
        ("template", "minimal"),
        ("slug", "launch"),
    ];
    let mut french = fields.to_vec();
    french.push(("language", "fr"));
    let saved = post_from(&admin, &settings, &format!("{editor}/settings"), &french);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(site.show(&id_of(&editor))["language"], "fr");
    assert!(admin
        .get(&settings)
        .body
        .contains("<option value=\"fr\" selected>"));

    let mut unknown = fields.to_vec();
    unknown.push(("language", "xx"));
    let refused = post_from(&admin, &settings, &format!("{editor}/settings"), &unknown);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("is not a language"),
        "{}",
        refused.body
    );
    assert_eq!(site.show(&id_of(&editor))["language"], "fr", "unchanged");
}
