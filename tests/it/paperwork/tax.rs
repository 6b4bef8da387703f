use super::*;
use crate::fake_vies::Mode;

#[test]
fn the_tax_settings_start_off_with_the_eu_rates_and_bad_values_change_nothing() {
    let vies = FakeVies::with(&[]);
    let (shop, _) = shop_with(&vies);
    let base = &shop.server.base;
    let read = || api(base, "GET", "/settings/tax", Some(&shop.token), None).json();
    let fresh = read();
    assert_eq!(fresh["enabled"], false);
    assert_eq!(fresh["rates"]["DE"], 1900);
    assert_eq!(fresh["rates"]["FI"], 2550);
    assert_eq!(fresh["rates"].as_object().unwrap().len(), 27);

    let saved = tax_on(
        &shop,
        json!({"rates": {"DE": 1900, "FR": 2000, "JP": 1000}}),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json()["seller"]["vat_id"], "DE123456789");
    assert_eq!(read(), saved.json());

    let bad = tax_on(
        &shop,
        json!({"origin_country": "Germany", "rates": {"DE": 19.5, "XX": 100}}),
    );
    assert_eq!(
        bad.status, 400,
        "a float rate is not basis points: {}",
        bad.body
    );
    let bad = tax_on(
        &shop,
        json!({"origin_country": "Germany", "rates": {"DE": 20000, "XX": 100},
               "seller": {"name": "", "vat_id": "DE1"}}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    let fields = &bad.json()["error"]["fields"];
    for field in ["origin_country", "rates.DE", "rates.XX", "seller.name"] {
        assert!(fields[field].is_string(), "{field}: {}", bad.body);
    }
    let unknown = tax_on(&shop, json!({"vat": true}));
    assert_eq!(unknown.status, 400, "{}", unknown.body);
    assert_eq!(read(), saved.json(), "nothing changed");
    assert_eq!(api(base, "GET", "/settings/tax", None, None).status, 401);
}

#[test]
fn with_prices_excluding_tax_a_german_consumer_pays_19_percent_on_top() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    // Tax off: the form asks no VAT questions and the price is the price.
    let page = Browser::new(&shop.server.base).get("/p/kurs");
    assert!(!page.body.contains(r#"name="vat_id""#), "{}", page.body);
    assert_eq!(tax_on(&shop, json!({})).status, 200);

    let page = Browser::new(&shop.server.base).get("/p/kurs");
    assert!(page.body.contains(r#"name="vat_id""#), "{}", page.body);
    assert!(page.body.contains("Buying as a business?"));
    let no_country = checkout(&shop, &course, 0, &[]);
    assert_eq!(no_country.status, 422, "{}", no_country.body);
    assert!(
        no_country.body.contains("is required"),
        "{}",
        no_country.body
    );
    assert!(shop.orders("jana@example.com").is_empty(), "nothing placed");

    // The page for a buyer who chose Germany shows the tax the order will charge.
    let german = Browser::new(&shop.server.base).get("/p/kurs?country=DE");
    assert!(german.body.contains("VAT 19%"), "{}", german.body);
    assert!(german.body.contains("€58.31"), "{}", german.body);

    let placed = checkout(&shop, &course, 0, &[("country", "DE")]);
    assert_eq!(placed.status, 303, "{}", placed.body);
    let order = newest(&shop, "jana@example.com");
    assert_eq!(
        (
            &order["amount"],
            &order["net"],
            &order["tax"],
            &order["tax_rate"]
        ),
        (&json!(5831), &json!(4900), &json!(931), &json!(1900))
    );
    assert_eq!(order["tax_treatment"], "charged");
    let pay_page = placed.header("location").unwrap().to_string();
    assert!(Browser::new(&shop.server.base)
        .get(&pay_page)
        .body
        .contains("€58.31"));
    assert_eq!(shop.press(&pay_page, "complete").status, 303);
    let done = shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    let receipt = Browser::new(&shop.server.base).get(&format!(
        "/thank-you/{}",
        done["payment_ref"].as_str().unwrap()
    ));
    assert!(
        receipt.body.contains("VAT 19%") && receipt.body.contains("€9.31"),
        "{}",
        receipt.body
    );
}

#[test]
fn a_business_with_a_registered_vat_id_in_another_member_state_is_reverse_charged() {
    let vies = FakeVies::with(&["FR40303265045"]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let business = [
        ("country", "FR"),
        ("company", "Acme SAS"),
        ("vat_id", "fr 40 303 265 045"),
    ];
    let placed = checkout(&shop, &course, 0, &business);
    assert_eq!(placed.status, 303, "{}", placed.body);
    assert_eq!(
        vies.calls(),
        [json!({"countryCode": "FR", "vatNumber": "40303265045"})]
    );
    let order = newest(&shop, "jana@example.com");
    assert_eq!((&order["amount"], &order["tax"]), (&json!(4900), &json!(0)));
    assert_eq!(order["tax_treatment"], "reverse_charge");
    assert_eq!(
        (&order["company"], &order["vat_id"], &order["vat_id_check"]),
        (&json!("Acme SAS"), &json!("FR40303265045"), &json!("valid"))
    );
    let pay_page = placed.header("location").unwrap().to_string();
    shop.press(&pay_page, "complete");
    let done = shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    let receipt = Browser::new(&shop.server.base).get(&format!(
        "/thank-you/{}",
        done["payment_ref"].as_str().unwrap()
    ));
    assert!(receipt.body.contains("Reverse charge"), "{}", receipt.body);
}

#[test]
fn a_vat_id_vies_does_not_know_or_of_the_wrong_shape_is_refused_and_nothing_is_placed() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let unknown = checkout(
        &shop,
        &course,
        0,
        &[("country", "FR"), ("vat_id", "FR40303265045")],
    );
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    assert!(
        unknown
            .body
            .contains("is not registered in the EU&#39;s VIES")
            || unknown.body.contains("is not registered in the EU's VIES"),
        "{}",
        unknown.body
    );
    let shape = checkout(&shop, &course, 0, &[("country", "FR"), ("vat_id", "FR123")]);
    assert_eq!(shape.status, 422);
    assert!(
        shape.body.contains("is not a VAT ID of the country chosen"),
        "{}",
        shape.body
    );
    let outside = checkout(
        &shop,
        &course,
        0,
        &[("country", "US"), ("vat_id", "12-3456789")],
    );
    assert_eq!(outside.status, 422);
    assert!(outside
        .body
        .contains("is asked for only from buyers in the EU"));
    assert_eq!(
        vies.calls().len(),
        1,
        "only a well-formed EU VAT ID is asked of VIES"
    );
    assert!(shop.orders("jana@example.com").is_empty());
}

#[test]
fn when_vies_does_not_answer_the_sale_goes_ahead_with_tax_and_the_order_says_so() {
    let vies = FakeVies::with(&["FR40303265045"]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let business = [("country", "FR"), ("vat_id", "FR40303265045")];
    for (i, mode) in [Mode::MemberStateDown, Mode::Maintenance]
        .into_iter()
        .enumerate()
    {
        vies.set_mode(mode);
        let email = format!("buyer{i}@example.com");
        let price = course["prices"][0]["id"].to_string();
        let mut fields = vec![
            ("email", email.as_str()),
            ("first_name", "Jana"),
            ("last_name", "Novak"),
            ("price_id", price.as_str()),
            ("gateway", "test"),
        ];
        fields.extend_from_slice(&business);
        let placed = Browser::new(&shop.server.base).post("/p/kurs/checkout", &fields);
        assert_eq!(placed.status, 303, "{mode:?}: {}", placed.body);
        let order = newest(&shop, &email);
        assert_eq!(
            (&order["amount"], &order["tax"]),
            (&json!(5880), &json!(980)),
            "France's 20%"
        );
        assert_eq!(order["vat_id_check"], "unavailable");
        assert_eq!(order["tax_treatment"], "charged");
    }
}

#[test]
fn prices_including_tax_are_split_and_zero_decimal_currencies_round_to_the_yen() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(
        tax_on(
            &shop,
            json!({"prices_include_tax": true, "rates": {"NL": 2100, "JP": 1000}})
        )
        .status,
        200
    );
    let placed = checkout(&shop, &course, 0, &[("country", "NL")]);
    assert_eq!(placed.status, 303, "{}", placed.body);
    let order = newest(&shop, "jana@example.com");
    // €49.00 including 21%: €40.50 net (4049.59 rounds up) and €8.50 tax.
    assert_eq!(
        (&order["amount"], &order["net"], &order["tax"]),
        (&json!(4900), &json!(4050), &json!(850))
    );
    // A country without a rate is not taxed.
    let placed = checkout(
        &shop,
        &course,
        0,
        &[("country", "DE"), ("email", "de@example.com")],
    );
    assert_eq!(placed.status, 303);
    let order = newest(&shop, "de@example.com");
    assert_eq!(
        (&order["tax"], &order["tax_treatment"]),
        (&json!(0), &json!("not_taxed"))
    );

    let yen = shop.sell(
        json!({"name": "Kōza", "kartra_tag": TAG, "prices": [{"kind": "one_time", "currency": "JPY", "amount": 4999}]}),
        "koza",
        &["test"],
    );
    let price = yen["prices"][0]["id"].to_string();
    let fields = [
        ("email", "yui@example.com"),
        ("first_name", "Yui"),
        ("last_name", "Sato"),
        ("price_id", price.as_str()),
        ("gateway", "test"),
        ("country", "JP"),
    ];
    let placed = Browser::new(&shop.server.base).post("/p/koza/checkout", &fields);
    assert_eq!(placed.status, 303, "{}", placed.body);
    let order = newest(&shop, "yui@example.com");
    // ¥4,999 including 10%: ¥4,544.5… net rounds half up to ¥4,545, so ¥454 tax.
    assert_eq!(
        (&order["amount"], &order["net"], &order["tax"]),
        (&json!(4999), &json!(4545), &json!(454))
    );
}

#[test]
fn a_subscriptions_renewals_are_taxed_like_its_first_charge() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let placed = checkout(&shop, &course, 1, &[("country", "AT")]);
    assert_eq!(placed.status, 303, "{}", placed.body);
    let pay_page = placed.header("location").unwrap().to_string();
    assert_eq!(shop.press(&pay_page, "complete").status, 303);
    shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    // €19.00 and Austria's 20%: €22.80 each month; the test gateway's renewal states it.
    assert_eq!(shop.press(&pay_page, "renew").status, 303);
    let order = newest(&shop, "jana@example.com");
    assert_eq!(
        (&order["amount"], &order["tax"]),
        (&json!(2280), &json!(380))
    );
    let detail = shop.order_detail(&order["id"]);
    let events = detail["events"].as_array().unwrap();
    assert!(
        events.iter().all(|e| !e["outcome"]
            .as_str()
            .unwrap_or("")
            .starts_with("not applied")),
        "{detail}"
    );
    assert_eq!(events.len(), 2, "{detail}");
}

#[test]
fn the_dashboards_tax_page_saves_what_the_api_reads_and_shows_refusals_beside_the_fields() {
    let vies = FakeVies::with(&[]);
    let (shop, _) = shop_with(&vies);
    let admin = shop.server.admin();
    let page = admin.get("/admin/settings/tax");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("FI 25.5%"), "{}", page.body);
    let csrf = crate::harness::csrf_of(&page.body);
    let rates = "DE 19%\nAT 20\nFI 25,5";
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("enabled", "on"),
        ("prices", "exclude"),
        ("origin_country", "DE"),
        ("rates", rates),
        ("reverse_charge", "on"),
        ("seller.name", "Kursmacher GmbH"),
        ("seller.vat_id", "DE 123456789"),
    ];
    let saved = admin.post("/admin/settings/tax", &fields);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let api_view = api(
        &shop.server.base,
        "GET",
        "/settings/tax",
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(
        api_view["rates"],
        json!({"AT": 2000, "DE": 1900, "FI": 2550})
    );
    assert_eq!(
        (
            &api_view["enabled"],
            &api_view["prices_include_tax"],
            &api_view["seller"]["vat_id"]
        ),
        (&json!(true), &json!(false), &json!("DE123456789"))
    );
    fields[4] = ("rates", "DE nineteen");
    let refused = admin.post("/admin/settings/tax", &fields);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("line 1: write a country code and a percentage"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("DE nineteen"), "what was typed stays");
    assert_eq!(
        api(
            &shop.server.base,
            "GET",
            "/settings/tax",
            Some(&shop.token),
            None
        )
        .json(),
        api_view,
        "nothing changed"
    );
}
