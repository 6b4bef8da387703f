//! A buyer in a real browser pays with Paystack: tests/browser/paystack.mjs through
//! playwright-core and Debian's Chromium, at a phone's and a desktop's size. The script checks
//! what the buyer sees (the hosted page, the receipt, console, CSP); this side checks tagcart
//! and Kartra. Needs `node`, /usr/bin/chromium and tests/browser/node_modules (`.ci/run`).

use super::Shop;
use crate::purchase::TAG;
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn browser_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// `node tests/browser/paystack.mjs ARGS...`, failing (never skipping) without its tools; its
/// last line of stdout is its JSON summary.
fn paystack_script(args: &[&str]) -> Value {
    let setup = "apt-get install chromium; npm ci --prefix tests/browser --no-audit --no-fund";
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: {setup}"
    );
    assert!(
        browser_dir().join("node_modules/playwright-core").exists(),
        "playwright-core is missing: {setup}"
    );
    let mut child = Command::new("node")
        .arg(browser_dir().join("paystack.mjs"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`node` is on PATH");
    let started = Instant::now();
    // The script's own watchdog ends it after 120 s; this one is a backstop.
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(150),
            "paystack.mjs ran over 150 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "paystack.mjs failed:\n{stderr}\n{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[test]
fn a_buyer_pays_on_paystacks_hosted_page_and_comes_back_to_the_receipt() {
    let shop = Shop::open();
    let product = json!({"name": "Lagos Course", "kartra_tag": TAG, "show_receipt": true,
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900}]});
    let product = shop.call("POST", "/products", Some(product)).json();
    let page = json!({"title": "Lagos", "slug": "lagos", "product_id": product["id"], "gateways": ["paystack"], "published": true});
    assert_eq!(shop.call("POST", "/pages", Some(page)).status, 201);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("paystack");
    let out = out.to_str().expect("a UTF-8 path");

    let summary = paystack_script(&[&shop.app.base, "lagos", &shop.paystack.url, "lagos", out]);
    assert_eq!(summary["ok"], true, "{summary}");
    for size in ["phone", "desktop"] {
        let email = format!("lagos.{size}@example.com");
        let order = shop.order(&email);
        assert_eq!(order["status"], "completed", "{order}");
        assert_eq!(summary["sizes"][size]["payment_ref"], order["payment_ref"]);
        assert!(Path::new(out)
            .join(format!("paystack-receipt-{size}.png"))
            .exists());
    }
    shop.app.drain();
    assert!(shop.has_tag("lagos.phone@example.com") && shop.has_tag("lagos.desktop@example.com"));
}
