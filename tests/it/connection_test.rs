//! The Kartra connection test's verdict is the truth until a newer try says otherwise, on every
//! surface (Settings → Kartra, the overview, `GET /api/v1/health`, `/metrics`); the tags it lists
//! warn about products whose tag the account lacks.

use crate::fake_kartra::{FakeKartra, Mode, API_KEY, API_PASSWORD, APP_ID};
use crate::harness::{api, Browser, Server, PASSWORD};
use serde_json::json;
use std::time::{Duration, Instant};

const REFUSAL: &str = "Kartra rejected the API credentials";

fn start(kartra: &FakeKartra, dir: tempfile::TempDir) -> Server {
    Server::start_with(dir, &["--kartra-api-url", &kartra.url])
}

fn health(server: &Server, token: &str) -> serde_json::Value {
    api(&server.base, "GET", "/health", Some(token), None).json()["kartra"].clone()
}

/// Saves the fake's credentials on Settings → Kartra (which tests them at once).
fn connect(browser: &Browser) -> String {
    let res = browser.submit(
        "/admin/settings/kartra",
        "/admin/settings/kartra",
        &[
            ("app_id", APP_ID),
            ("api_key", API_KEY),
            ("api_password", API_PASSWORD),
            ("action", "save"),
        ],
    );
    assert_eq!(res.status, 200, "{}", res.body);
    res.body
}

fn press_test(browser: &Browser) -> String {
    let res = browser.submit(
        "/admin/settings/kartra",
        "/admin/settings/kartra",
        &[("action", "test")],
    );
    assert_eq!(res.status, 200, "{}", res.body);
    res.body
}

fn metric(server: &Server, line_start: &str) -> String {
    let text = ureq::get(&server.url("/metrics"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    text.lines()
        .find(|l| l.starts_with(line_start))
        .unwrap_or_else(|| panic!("no {line_start} in {text}"))
        .to_string()
}

fn assert_refused_everywhere(server: &Server, browser: &Browser, token: &str) {
    let settings = browser.get("/admin/settings/kartra").body;
    assert!(
        !settings.contains("pill ok"),
        "no ok on Settings → Kartra: {settings}"
    );
    assert!(settings.contains("credentials rejected") && settings.contains(REFUSAL));
    let overview = browser.get("/admin").body;
    assert!(
        !overview.contains("pill ok"),
        "no ok on the overview: {overview}"
    );
    assert!(overview.contains("credentials rejected") && overview.contains(REFUSAL));
    assert!(
        !overview.contains(r#"<li class="done"><a href="/admin/settings/kartra">"#),
        "refused credentials are no done step: {overview}"
    );
    let h = health(server, token);
    assert_eq!(h["state"], "credentials_invalid");
    assert!(h["last_error"].as_str().unwrap().contains(REFUSAL), "{h}");
    assert_eq!(
        metric(server, "tagcart_kartra_state{state=\"ok\"}"),
        "tagcart_kartra_state{state=\"ok\"} 0"
    );
    assert_eq!(
        metric(
            server,
            "tagcart_kartra_state{state=\"credentials_invalid\"}"
        ),
        "tagcart_kartra_state{state=\"credentials_invalid\"} 1"
    );
}

#[test]
fn a_refused_connection_test_shows_no_ok_anywhere_and_a_later_pass_shows_ok_without_the_old_error()
{
    let kartra = FakeKartra::with_tags(&["members"]);
    let server = start(&kartra, tempfile::tempdir().unwrap());
    let browser = server.admin();
    let token = server.api_token();
    assert!(connect(&browser).contains("pill ok"));
    assert_eq!(health(&server, &token)["state"], "ok");

    // The key is rotated in Kartra: no job has failed yet, only the test says so.
    kartra.set_credentials(APP_ID, "rotated-key", API_PASSWORD);
    let tested = press_test(&browser);
    assert!(
        !tested.contains("pill ok"),
        "no green ok beside the red refusal: {tested}"
    );
    assert!(tested.contains(REFUSAL));
    assert_refused_everywhere(&server, &browser, &token);

    kartra.set_credentials(APP_ID, API_KEY, API_PASSWORD);
    let tested = press_test(&browser);
    assert!(tested.contains("pill ok"), "{tested}");
    for page in [tested, browser.get("/admin").body] {
        assert!(
            !page.contains(REFUSAL) && !page.contains("Last error"),
            "no stale error beside ok: {page}"
        );
    }
    let h = health(&server, &token);
    assert_eq!(
        (&h["state"], &h["last_error"]),
        (&json!("ok"), &json!(null))
    );
    assert_eq!(
        metric(&server, "tagcart_kartra_state{state=\"ok\"}"),
        "tagcart_kartra_state{state=\"ok\"} 1"
    );
}

#[test]
fn a_refused_connection_test_outlives_a_restart_until_new_credentials_are_saved() {
    let kartra = FakeKartra::with_tags(&["members"]);
    let server = start(&kartra, tempfile::tempdir().unwrap());
    let browser = server.admin();
    connect(&browser);
    kartra.set_credentials(APP_ID, "rotated-key", API_PASSWORD);
    assert!(press_test(&browser).contains(REFUSAL));

    let (_, dir) = server.terminate();
    let server = start(&kartra, dir);
    let browser = Browser::new(&server.base);
    assert_eq!(browser.sign_in("admin@example.com", PASSWORD).status, 303);
    let token = server.api_token();
    assert_refused_everywhere(&server, &browser, &token);

    let creds = json!({"app_id": APP_ID, "api_key": "rotated-key", "api_password": API_PASSWORD})
        .to_string();
    let res = api(
        &server.base,
        "PUT",
        "/integrations/kartra",
        Some(&token),
        Some(&creds),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let (_, dir) = server.terminate();
    let server = start(&kartra, dir);
    let h = health(&server, &token);
    assert_eq!(
        (&h["state"], &h["last_error"]),
        (&json!("ok"), &json!(null)),
        "saving new credentials cleared the old verdict"
    );
}

fn save_product(browser: &Browser, name: &str, tag: &str) -> crate::harness::Resp {
    browser.submit(
        "/admin/products/new",
        "/admin/products",
        &[
            ("name", name),
            ("kartra_tag", tag),
            ("prices[0].id", ""),
            ("prices[0].kind", "one_time"),
            ("prices[0].currency", "USD"),
            ("prices[0].amount", "49"),
        ],
    )
}

#[test]
fn a_product_saved_with_a_tag_the_account_lacks_is_warned_about_after_saving_and_in_the_list() {
    let kartra = FakeKartra::with_tags(&["members"]);
    let server = start(&kartra, tempfile::tempdir().unwrap());
    let browser = server.admin();
    let mark = "not in your Kartra account";

    // No tag list known yet: nothing to warn about, and nothing misleading said.
    let res = save_product(&browser, "Early", "membrs");
    assert_eq!(res.status, 303, "{}", res.body);
    let list = browser.get("/admin/products").body;
    assert!(
        !list.contains(mark) && !list.contains("no tag named"),
        "{list}"
    );

    connect(&browser);
    let res = save_product(&browser, "Typo", "memberz");
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/products")),
        "{}",
        res.body
    );
    let res = save_product(&browser, "Right", "members");
    assert_eq!(res.status, 303, "{}", res.body);
    let landed = browser.get("/admin/products").body;
    assert!(
        landed.contains("role=\"alert\"")
            && landed.contains("no tag named <code>memberz</code>")
            && landed.contains("no tag named <code>membrs</code>")
            && landed.contains("Create the tag in Kartra"),
        "the warning names each tag and what to do: {landed}"
    );
    assert!(
        !landed.contains("no tag named <code>members</code>"),
        "a tag the account has is not warned about"
    );
    assert_eq!(
        landed.matches(mark).count(),
        2,
        "the two products with unknown tags are marked, the third is not: {landed}"
    );
}

#[test]
fn a_job_done_after_a_failed_connection_test_overtakes_it_also_after_a_restart() {
    let shop = crate::purchase::Shop::open();
    shop.kartra.set_mode(Mode::Http503);
    let res = api(
        &shop.server.base,
        "POST",
        "/integrations/kartra/test",
        Some(&shop.token),
        None,
    );
    assert_eq!(res.json()["error"]["code"], "unreachable", "{}", res.body);
    assert_eq!(health(&shop.server, &shop.token)["state"], "failing");

    shop.kartra.set_mode(Mode::Up);
    shop.buy("paid@example.com", 0);
    shop.wait_order("paid@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while health(&shop.server, &shop.token)["state"] != "ok" {
        assert!(
            Instant::now() < deadline,
            "health back to ok after the grant"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let crate::purchase::Shop {
        server,
        kartra,
        token,
        ..
    } = shop;
    let (_, dir) = server.terminate();
    let server = start(&kartra, dir);
    let h = health(&server, &token);
    assert_eq!(
        (&h["state"], &h["last_error"]),
        (&json!("ok"), &json!(null)),
        "the older failed test does not come back"
    );
}
