//! A buyer pays with Mollie in a real browser (tests/browser/mollie.mjs): Debian's Chromium
//! through playwright-core, as tests/it/browser.rs runs the other scripts. Needs `node`,
//! /usr/bin/chromium and tests/browser/node_modules (`npm ci --prefix tests/browser`).

use super::{mollie_shop, order_of};
use crate::fake_mollie::FakeMollie;
use crate::purchase::TAG;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SETUP: &str = "run .ci/run's setup first: `apt-get install chromium` and \
    `npm ci --prefix tests/browser --no-audit --no-fund`";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// `node tests/browser/SCRIPT ARGS...` within `limit`; fails (never skips) when a tool is
/// missing. Its last line of stdout is its JSON summary.
fn node(script: &str, args: &[&str], limit: Duration) -> Value {
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "/usr/bin/chromium is missing: {SETUP}"
    );
    assert!(
        browser_dir().join("node_modules/playwright-core").exists(),
        "playwright-core is missing: {SETUP}"
    );
    let out = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (out.path().join("stdout"), out.path().join("stderr"));
    let mut child = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("`node` did not start ({e}): {SETUP}"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{script} ran over {limit:?}: {}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        // The script's own watchdog ends it first; this only bounds a hung node.
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(&stdout_path).unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(
        status.success(),
        "{script} failed ({status}):\n{stderr}\n{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{script}'s last line is not JSON ({e}):\n{stdout}"))
}

#[test]
fn a_buyer_pays_with_mollie_in_a_real_browser() {
    let mollie = FakeMollie::start();
    let shop = mollie_shop(&mollie);
    let product = json!({"name": "Course", "kartra_tag": TAG,
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900}]});
    shop.sell(product, "mollie-browser", &["test", "mollie"]);
    const EMAIL: &str = "browser.buyer@example.com";
    let args = [
        shop.server.base.as_str(),
        "mollie-browser",
        EMAIL,
        mollie.url.as_str(),
    ];
    let summary = node("mollie.mjs", &args, Duration::from_secs(120));
    assert_eq!(summary["ok"], true, "{summary}");
    assert_eq!(summary["problems"], 0, "{summary}");
    let order = order_of(&shop, EMAIL);
    let payment_ref = order["payment_ref"].as_str().unwrap();
    assert_eq!(
        summary["receipt"],
        format!("/thank-you/{payment_ref}"),
        "{summary}"
    );
    assert_eq!(
        summary["at_mollie"],
        format!("/checkout/{}", order["processor_ref"].as_str().unwrap())
    );
    let order = shop.wait_order(EMAIL, "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(order["status"], "completed");
    assert!(shop.has_tag(EMAIL, TAG));
}
