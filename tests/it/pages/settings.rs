//! The editor's settings tab and the preview.

use super::*;

#[test]
fn the_settings_tab_saves_what_the_page_sells_and_where_it_lives() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    let settings = format!("{editor}/settings");
    let price = site.product["prices"][1]["id"].to_string();
    let product_id = site.product["id"].to_string();

    let checkout = post_from(
        &admin,
        &settings,
        &format!("{editor}/checkout"),
        &[
            ("product_id", &product_id),
            ("price_ids", &price),
            ("gateways.test", "on"),
            ("gateways.paypal", "on"),
        ],
    );
    assert_eq!(
        (checkout.status, checkout.header("location")),
        (303, Some(settings.as_str())),
        "{}",
        checkout.body
    );
    let page = site.show(&id);
    assert_eq!(
        (page["price_ids"].clone(), page["gateways"].clone()),
        (
            json!([site.product["prices"][1]["id"]]),
            json!(["test", "paypal"])
        ),
        "{page}"
    );

    let no_gateway = post_from(
        &admin,
        &settings,
        &format!("{editor}/checkout"),
        &[("product_id", &product_id)],
    );
    assert_eq!(no_gateway.status, 422, "{}", no_gateway.body);
    assert!(
        no_gateway.body.contains("needs at least one gateway"),
        "{}",
        no_gateway.body
    );

    let moved = post_from(
        &admin,
        &settings,
        &format!("{editor}/settings"),
        &[
            ("title", "Launch week"),
            ("template", "two-column"),
            ("slug", "launch-week"),
            ("custom_domain", "pay.example.com"),
        ],
    );
    assert_eq!(moved.status, 303, "{}", moved.body);
    let page = site.show(&id);
    assert_eq!(
        (
            page["title"].as_str(),
            page["template"].as_str(),
            page["slug"].as_str(),
            page["custom_domain"].as_str()
        ),
        (
            Some("Launch week"),
            Some("two-column"),
            Some("launch-week"),
            Some("pay.example.com")
        ),
        "{page}"
    );
    assert_eq!(
        kinds(&page).len(),
        3,
        "the sections stay as they were: {page}"
    );

    let refused = post_from(
        &admin,
        &settings,
        &format!("{editor}/settings"),
        &[
            ("title", "Launch week"),
            ("template", "two-column"),
            ("slug", "Launch Now"),
            ("custom_domain", "https://pay.example.com"),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("lowercase letters, digits and dashes")
            && refused.body.contains("without https://"),
        "{}",
        refused.body
    );
    assert_eq!(
        site.show(&id)["slug"],
        "launch-week",
        "a refused form saves nothing"
    );
}

#[test]
fn the_preview_shows_the_unpublished_draft_to_a_signed_in_admin_only() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    post_from(
        &admin,
        &editor,
        &format!("{editor}/sections/0/save"),
        &[
            ("kind", "headline"),
            ("text", "Secret draft <script>alert(1)</script>"),
            ("subtext", ""),
        ],
    );
    let preview = admin.get(&format!("{editor}/preview"));
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Secret draft &lt;script&gt;")
            && !preview.body.contains("<script>alert"),
        "{}",
        preview.body
    );
    let csp = preview
        .header("content-security-policy")
        .unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    let editor_page = admin.get(&editor).body;
    assert!(!editor_page.contains("<script>alert"), "{editor_page}");

    let anonymous = site.buyer(&format!("{editor}/preview"));
    assert_ne!(anonymous.status, 200, "{}", anonymous.body);
    assert!(
        !anonymous.body.contains("Secret draft"),
        "{}",
        anonymous.body
    );
    assert_eq!(site.buyer("/p/launch").status, 404, "still a draft");
}

/// A second product to offer beside the course: a one-time price and a subscription.
const WORKBOOK: &str = r#"{"name": "Workbook", "kartra_tag": "workbook-buyer", "thank_you_url": "https://example.com/thanks",
  "prices": [{"kind": "one_time", "currency": "USD", "amount": 900},
             {"kind": "subscription", "currency": "USD", "amount": 500, "interval": "month"},
             {"kind": "payment_plan", "currency": "USD", "amount": 300, "interval": "month", "installments": 3}]}"#;

/// The error shown beside the input with `id` (e.g. `f-bump-headline`), if any.
fn error_beside(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}-error\">");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('<').next().unwrap().to_string())
}

/// Posts the order bump's or the upsell's form (`field`) as offered; `choice` is the select's
/// `productId:priceId`.
fn offer(admin: &Browser, editor: &str, field: &str, choice: &str, headline: &str) -> Resp {
    let name = |part: &str| format!("{field}.{part}");
    let (offered, price, title, text) = (
        name("offered"),
        name("price"),
        name("headline"),
        name("text"),
    );
    post_from(
        admin,
        &format!("{editor}/settings"),
        &format!("{editor}/{field}"),
        &[
            (&offered, "on"),
            (&price, choice),
            (&title, headline),
            (&text, "Forty pages of exercises."),
        ],
    )
}

/// Shows only the course's USD price, so that a USD bump fits every option the page shows.
fn sell_in_usd_only(site: &Site, admin: &Browser, editor: &str) {
    let (product, price) = (
        site.product["id"].to_string(),
        site.product["prices"][0]["id"].to_string(),
    );
    let res = post_from(
        admin,
        &format!("{editor}/settings"),
        &format!("{editor}/checkout"),
        &[
            ("product_id", &product),
            ("price_ids", &price),
            ("gateways.test", "on"),
        ],
    );
    assert_eq!(res.status, 303, "{}", res.body);
}

#[test]
fn the_settings_tab_offers_an_order_bump_and_refuses_what_cannot_be_one() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let (id, settings) = (id_of(&editor), format!("{editor}/settings"));
    let workbook = create_product(&site.server, &site.token, WORKBOOK);
    let pair =
        |product: &Value, i: usize| format!("{}:{}", product["id"], product["prices"][i]["id"]);
    let (one_time, subscription, plan) =
        (pair(&workbook, 0), pair(&workbook, 1), pair(&workbook, 2));

    let tab = admin.get(&settings).body;
    for listed in [
        format!("<option value=\"{one_time}\">Workbook — $9.00</option>"),
        format!("<option value=\"{subscription}\">Workbook — $5.00 every month</option>"),
    ] {
        assert!(tab.contains(&listed), "{listed}: {tab}");
    }
    for unlisted in [&plan, &pair(&site.product, 0)] {
        assert!(
            !tab.contains(&format!("value=\"{unlisted}\"")),
            "{unlisted}: {tab}"
        );
    }

    // The page also shows the course's JPY subscription: a USD bump cannot join that payment.
    let other_currency = offer(&admin, &editor, "bump", &one_time, "Add the workbook");
    assert_eq!(other_currency.status, 422, "{}", other_currency.body);
    let beside = error_beside(&other_currency.body, "f-bump-price").unwrap_or_default();
    assert!(
        beside.contains("the page also sells in JPY"),
        "{}",
        other_currency.body
    );
    assert_eq!(
        site.show(&id)["bump"],
        Value::Null,
        "a refused form saves nothing"
    );

    sell_in_usd_only(&site, &admin, &editor);
    let saved = offer(&admin, &editor, "bump", &one_time, "Add the workbook");
    assert_eq!(
        (saved.status, saved.header("location")),
        (303, Some(settings.as_str())),
        "{}",
        saved.body
    );
    let bump = json!({"product_id": workbook["id"], "price_id": workbook["prices"][0]["id"],
        "headline": "Add the workbook", "text": "Forty pages of exercises."});
    assert_eq!(site.show(&id)["bump"], bump);

    let no_headline = offer(&admin, &editor, "bump", &one_time, " ");
    assert_eq!(no_headline.status, 422, "{}", no_headline.body);
    assert_eq!(
        error_beside(&no_headline.body, "f-bump-headline").as_deref(),
        Some("is required"),
        "{}",
        no_headline.body
    );
    assert!(
        no_headline
            .body
            .contains("Please fix the highlighted fields.")
            && no_headline
                .body
                .contains(">Forty pages of exercises.</textarea>"),
        "the form keeps what was typed: {}",
        no_headline.body
    );
    assert_eq!(site.show(&id)["bump"], bump, "a refused form saves nothing");

    // The select lists neither; a crafted form is refused all the same.
    let own = offer(
        &admin,
        &editor,
        "bump",
        &pair(&site.product, 0),
        "Buy it twice",
    );
    assert_eq!(own.status, 422, "{}", own.body);
    let beside = error_beside(&own.body, "f-bump-price").unwrap_or_default();
    assert!(
        beside.starts_with("must be another product than the page"),
        "{}",
        own.body
    );
    assert!(
        own.body.contains("(cannot be offered)</option>"),
        "the choice as typed stays: {}",
        own.body
    );
    let recurring = offer(&admin, &editor, "bump", &subscription, "Monthly sheets");
    assert_eq!(recurring.status, 422, "{}", recurring.body);
    assert!(
        error_beside(&recurring.body, "f-bump-price").is_some_and(|e| e.starts_with(
            "is $5.00 every month, but no price option the page shows is billed with it"
        )),
        "the page sells the course one-time only: {}",
        recurring.body
    );
    let plan = offer(&admin, &editor, "bump", &plan, "Sheets in three");
    assert_eq!(plan.status, 422, "{}", plan.body);
    assert_eq!(
        error_beside(&plan.body, "f-bump-price").as_deref(),
        Some("must be a one-time price or a subscription"),
        "{}",
        plan.body
    );
    assert_eq!(site.show(&id)["bump"], bump, "a refused form saves nothing");

    let renamed = post_from(
        &admin,
        &settings,
        &format!("{editor}/settings"),
        &[
            ("title", "Launch week"),
            ("template", "minimal"),
            ("slug", "launch"),
        ],
    );
    assert_eq!(renamed.status, 303, "{}", renamed.body);
    let page = site.show(&id);
    assert_eq!(
        (page["title"].as_str(), &page["bump"]),
        (Some("Launch week"), &bump),
        "{page}"
    );

    let off = post_from(
        &admin,
        &settings,
        &format!("{editor}/bump"),
        &[
            ("bump.price", &one_time),
            ("bump.headline", "Add the workbook"),
        ],
    );
    assert_eq!(off.status, 303, "{}", off.body);
    assert_eq!(site.show(&id)["bump"], Value::Null);
}

#[test]
fn the_settings_tab_offers_an_upsell_that_the_other_forms_keep() {
    let site = Site::start();
    let admin = site.server.admin();
    let editor = new_page(&site, &admin, "launch", "minimal");
    let id = id_of(&editor);
    let workbook = create_product(&site.server, &site.token, WORKBOOK);
    let one_time = format!("{}:{}", workbook["id"], workbook["prices"][0]["id"]);

    let no_headline = offer(&admin, &editor, "upsell", &one_time, "");
    assert_eq!(no_headline.status, 422, "{}", no_headline.body);
    assert_eq!(
        error_beside(&no_headline.body, "f-upsell-headline").as_deref(),
        Some("is required"),
        "{}",
        no_headline.body
    );
    assert_eq!(
        site.show(&id)["upsell"],
        Value::Null,
        "a refused form saves nothing"
    );

    // No currency rule: it is paid on its own, after the main payment.
    let saved = offer(&admin, &editor, "upsell", &one_time, "One more thing");
    assert_eq!(saved.status, 303, "{}", saved.body);
    let upsell = json!({"product_id": workbook["id"], "price_id": workbook["prices"][0]["id"],
        "headline": "One more thing", "text": "Forty pages of exercises."});
    assert_eq!(site.show(&id)["upsell"], upsell);
    let tab = admin.get(&format!("{editor}/settings")).body;
    assert!(
        tab.contains("id=\"f-upsell-offered\" type=\"checkbox\" name=\"upsell.offered\" value=\"on\" checked")
            && tab.contains(&format!("<option value=\"{one_time}\" selected>")),
        "{tab}"
    );

    sell_in_usd_only(&site, &admin, &editor);
    let bump = offer(&admin, &editor, "bump", &one_time, "Add the workbook");
    assert_eq!(bump.status, 303, "{}", bump.body);
    let page = site.show(&id);
    assert_eq!(
        (
            page["price_ids"].clone(),
            page["bump"]["headline"].as_str(),
            &page["upsell"]
        ),
        (
            json!([site.product["prices"][0]["id"]]),
            Some("Add the workbook"),
            &upsell
        ),
        "the checkout and bump forms keep the upsell: {page}"
    );
}
