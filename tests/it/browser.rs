//! A buyer in a real browser: Debian's Chromium, driven by tests/browser/purchase.mjs through
//! playwright-core, buys on the Shop's page at a phone's and a desktop's size. The script checks
//! what the buyer sees (layout, validation, console, CSP); this side checks tagcart and Kartra.
//! Needs `node`, /usr/bin/chromium and tests/browser/node_modules: `.ci/run` installs them.

use crate::localstripe::LocalStripe;
use crate::processors::{stripe_shop, STRIPE_SUBSCRIPTION_EVENTS};
use crate::purchase::{Shop, TAG};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const SETUP: &str = "run .ci/run's setup first: `apt-get install chromium` and \
    `npm ci --prefix tests/browser --no-audit --no-fund`";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Fails (never skips) when something the script needs is missing.
fn require_tools() {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert!(
        node.is_ok_and(|s| s.success()),
        "`node` is not on PATH: {SETUP}"
    );
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: {SETUP}"
    );
    let playwright = browser_dir().join("node_modules/playwright-core");
    assert!(
        playwright.exists(),
        "{} is missing: {SETUP}",
        playwright.display()
    );
}

struct Run {
    summary: Value,
    stderr: String,
    took: Duration,
}

/// `node tests/browser/purchase.mjs BASE VIEWPORT EMAIL SCREENSHOT [FLOW ...]`, at most 150 s.
fn purchase(base: &str, viewport: &str, email: &str, screenshot: &Path, flow: &[&str]) -> Run {
    let out = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (out.path().join("stdout"), out.path().join("stderr"));
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(browser_dir().join("purchase.mjs"))
        .args([base, viewport, email])
        .arg(screenshot)
        .args(flow)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(150) {
            // SIGTERM first: playwright closes the browser it started on it.
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            std::thread::sleep(Duration::from_secs(3));
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser script ran over 150 s; stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let took = started.elapsed();
    let stdout = std::fs::read_to_string(&stdout_path).unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(
        status.success(),
        "the browser script failed ({status}):\n{stderr}\n{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    let summary: Value = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("the script's last line is not JSON ({e}):\n{stdout}"));
    Run {
        summary,
        stderr,
        took,
    }
}

fn buy_in_a_browser(viewport: &str) {
    require_tools();
    let shop = Shop::open();
    let email = format!("{viewport}.buyer@example.com");
    let screenshot =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("checkout-{viewport}.png"));
    let _ = std::fs::remove_file(&screenshot);
    let run = purchase(&shop.server.base, viewport, &email, &screenshot, &[]);
    let s = &run.summary;
    eprintln!("{viewport}: {} in {:?}", s, run.took);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["viewport"], viewport);
    assert_eq!(s["final_url"], "https://example.com/thanks", "{s}");
    assert_eq!(s["problems"], 0, "{s}\n{}", run.stderr);
    assert!(
        s["payment_page"]
            .as_str()
            .is_some_and(|p| p.starts_with("/pay/test/pay_")),
        "{s}"
    );
    assert!(
        s["server_validation"]
            .as_str()
            .is_some_and(|m| m.contains("must be an email address")),
        "{s}"
    );
    if viewport == "phone" {
        for page in s["layout"].as_array().unwrap() {
            assert!(
                page["scrollWidth"].as_i64().is_some_and(|w| w <= 390),
                "no sideways scroll: {page}"
            );
        }
    }
    let png = std::fs::read(&screenshot).expect("the script wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG screenshot");

    // tagcart's side: one order, the first option, completed and granted.
    let order = shop.wait_order(&email, "the browser's order granted", |o| {
        o["status"] == "completed" && o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(shop.orders(&email).len(), 1, "one order for {email}");
    assert_eq!(order["price_id"].to_string(), shop.price_id(0));
    assert_eq!(
        (order["amount"].as_i64(), order["currency"].as_str()),
        (Some(4900), Some("USD"))
    );
    assert_eq!(
        (order["first_name"].as_str(), order["last_name"].as_str()),
        (Some("Jane"), Some("Doe"))
    );
    assert!(
        shop.orders("jane@localhost").is_empty(),
        "the refused email placed no order"
    );
    // Kartra's side: the lead, its address and the tag.
    shop.kartra.wait_for("the browser buyer's tag", |k| {
        k.tag_assignments(&email, TAG) == 1
    });
    assert!(shop.has_tag(&email, TAG));
    let lead = shop.kartra.lead(&email).unwrap();
    assert_eq!(
        lead.fields.get("city").map(String::as_str),
        Some("Springfield"),
        "{lead:?}"
    );
}

#[test]
fn a_buyer_on_a_phone_buys_in_a_real_browser() {
    buy_in_a_browser("phone");
}

#[test]
fn a_buyer_on_a_desktop_buys_in_a_real_browser() {
    buy_in_a_browser("desktop");
}

/// Card first, in the browser: localstripe's Stripe.js stand-in saves the card
/// (confirmCardSetup), stripe-card.js asks tagcart for the subscription, the buyer lands on the
/// thank-you page, and localstripe's signed webhook completes the order.
#[test]
fn a_stripe_subscription_is_bought_in_a_real_browser() {
    require_tools();
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    let email = "stripe.buyer@example.com";
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("checkout-stripe-card.png");
    let _ = std::fs::remove_file(&screenshot);
    let run = purchase(
        &shop.server.base,
        "desktop",
        email,
        &screenshot,
        &["stripe", &stripe.url],
    );
    let s = &run.summary;
    eprintln!("stripe: {} in {:?}", s, run.took);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["flow"], "stripe", "{s}");
    assert_eq!(s["final_url"], "https://example.com/thanks", "{s}");
    assert_eq!(s["problems"], 0, "{s}\n{}", run.stderr);
    assert!(
        s["payment_page"]
            .as_str()
            .is_some_and(|p| p.starts_with("/pay/stripe/")),
        "{s}"
    );
    let png = std::fs::read(&screenshot).expect("the script wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG screenshot");

    // tagcart's side: one order, the subscription, completed by the webhook and granted.
    let order = shop.wait_order(email, "the browser's subscription granted", |o| {
        o["status"] == "completed" && o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(shop.orders(email).len(), 1, "one order for {email}");
    assert_eq!(order["price_id"].to_string(), shop.price_id(1));
    assert_eq!(
        (order["amount"].as_i64(), order["currency"].as_str()),
        (Some(1900), Some("USD"))
    );
    assert_eq!(
        (order["first_name"].as_str(), order["last_name"].as_str()),
        (Some("Jane"), Some("Doe"))
    );
    let subscription = order["processor_ref"].as_str().unwrap_or_default();
    assert!(subscription.starts_with("sub_"), "{order}");
    assert_eq!(
        s["payment_page"].as_str(),
        Some(format!("/pay/stripe/{}", order["payment_ref"].as_str().unwrap()).as_str()),
        "{s}"
    );
    // Kartra's side: the tag.
    shop.kartra.wait_for("the browser buyer's tag", |k| {
        k.tag_assignments(email, TAG) == 1
    });
    assert!(shop.has_tag(email, TAG));

    // Stripe's side: one subscription, ours, at the subscription's price.
    let all = stripe.get("/v1/subscriptions");
    let all = all["data"].as_array().expect("a list of subscriptions");
    assert_eq!(all.len(), 1, "one subscription at Stripe: {all:?}");
    assert_eq!(all[0]["id"].as_str(), Some(subscription));
    assert_eq!(all[0]["metadata"]["payment_ref"], order["payment_ref"]);
    assert_eq!(all[0]["plan"]["amount"], 1900);
    assert_eq!(all[0]["status"], "active");
}
