//! A page's language: what buyers read on it, its pay page and its thank-you page.

use super::*;
use crate::harness::{create, raw_get_with};
use crate::purchase::TAG;

/// A published German page selling a course in euros, with a countdown, a video and the form.
fn german_shop(shop: &Shop) -> Value {
    let product = json!({"name": "Profikurs", "kartra_tag": TAG, "show_receipt": true,
        "thank_you_url": "https://example.com/willkommen",
        "prices": [{"kind": "one_time", "currency": "EUR", "amount": 4900}]});
    let product = create(&shop.server.base, &shop.token, "/products", &product);
    let page = json!({"title": "Profikurs", "slug": "profi", "product_id": product["id"],
        "gateways": ["test"], "published": true, "language": "de",
        "sections": [
            {"kind": "countdown", "deadline": "2099-01-01T18:00:00Z"},
            {"kind": "video", "url": "https://youtu.be/aqz-KE-bpKQ"},
            {"kind": "order_summary", "title": ""},
            {"kind": "checkout_form", "button": ""}]});
    create(&shop.server.base, &shop.token, "/pages", &page)
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
        // The summary, the form and the button; the merchant left their words empty.
        "Ihre Bestellung",
        "Heute fällig",
        "Ihre Angaben",
        ">Vorname<",
        ">Telefon <span class=\"optional\">(optional)</span></label>",
        "Rechnungsadresse",
        "Bezahlen mit",
        "Testzahlung (es fließt kein Geld)",
        "Haben Sie einen Gutschein?",
        "49,00\u{a0}€ bezahlen",
    ] {
        assert!(html.contains(words), "{words}: {html}");
    }
    for english in [
        "Secure checkout",
        "Offer ends in",
        "Due today",
        "Your details",
        "First name",
        "Pay ",
        "Have a coupon?",
    ] {
        assert!(!html.contains(english), "{english}: {html}");
    }

    // The form's messages and a refused coupon, in German.
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
    let coupon = buyer.post(
        "/p/profi/checkout",
        &[
            ("coupon", "GIBTSNICHT"),
            ("apply_coupon", "1"),
            ("price_id", &price),
        ],
    );
    assert_eq!(coupon.status, 422, "{}", coupon.body);
    assert!(
        coupon
            .body
            .contains("Den Gutscheincode GIBTSNICHT gibt es nicht"),
        "{}",
        coupon.body
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

    // The receipt, in the page's language, before the product's own thank-you page.
    let done = buyer.post(&pay_page, &[("action", "complete")]);
    let thanks = done.header("location").unwrap_or_default().to_string();
    assert!(thanks.starts_with("/thank-you/"), "{thanks}");
    let receipt = buyer.get(&thanks).body;
    for words in [
        "<html lang=\"de\"",
        "Vielen Dank!",
        "Bestellnummer",
        "Bezahlt",
        "49,00\u{a0}€",
        "So geht es weiter",
        "Kartra sendet Ihre Zugangsdaten per E-Mail an <strong>jana@example.com</strong>",
        ">Weiter<",
    ] {
        assert!(receipt.contains(words), "{words}: {receipt}");
    }
    assert!(
        !receipt.contains("Thank you") && !receipt.contains("Order number"),
        "{receipt}"
    );
}

/// An error page before any page is known speaks the buyer's language, from `Accept-Language`.
#[test]
fn a_missing_page_answers_in_the_language_the_browser_asks_for() {
    let shop = Shop::open();
    let german = raw_get_with(
        &shop.server.base,
        "/p/gibt-es-nicht",
        &[("Accept-Language", "de-CH, de;q=0.9, en;q=0.8")],
    );
    assert!(german.starts_with("HTTP/1.1 404"), "{german}");
    for words in ["<html lang=\"de\"", "Seite nicht gefunden"] {
        assert!(german.contains(words), "{words}: {german}");
    }
    let unknown = raw_get_with(
        &shop.server.base,
        "/p/gibt-es-nicht",
        &[("Accept-Language", "ja, zh;q=0.5")],
    );
    assert!(
        unknown.contains("Page not found"),
        "English otherwise: {unknown}"
    );

    // A receipt whose checkout page was deleted since speaks the browser's language too.
    let payment_ref = shop.buy("jana@example.com", 0);
    let pages = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json();
    let path = format!("/pages/{}", pages[0]["id"]);
    let res = api(&shop.server.base, "DELETE", &path, Some(&shop.token), None);
    assert!(res.status < 300, "{}: {}", res.status, res.body);
    let receipt = raw_get_with(
        &shop.server.base,
        &format!("/thank-you/{payment_ref}"),
        &[("Accept-Language", "de-DE,de;q=0.9")],
    );
    assert!(
        receipt.contains("Vielen Dank!") && receipt.contains("Bestellnummer"),
        "{receipt}"
    );
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
