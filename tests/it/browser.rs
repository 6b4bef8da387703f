//! A buyer in a real browser: Debian's Chromium, driven by tests/browser/purchase.mjs through
//! playwright-core, buys on the Shop's page at a phone's and a desktop's size. The script checks
//! what the buyer sees (layout, validation, console, CSP); this side checks tagcart and Kartra.
//! Needs `node`, /usr/bin/chromium and tests/browser/node_modules: `.ci/run` installs them.

use crate::fake_kartra::FakeKartra;
use crate::harness::{self, api, PASSWORD};
use crate::localstripe::LocalStripe;
use crate::processors::{stripe_shop, STRIPE_SUBSCRIPTION_EVENTS};
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};
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
pub(crate) fn require_tools() {
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

pub(crate) struct Run {
    pub summary: Value,
    pub stderr: String,
    pub took: Duration,
}

/// `node tests/browser/SCRIPT ARGS...`, at most `limit`; its last line of stdout is its JSON summary.
pub(crate) fn node(script: &str, args: &[&str], limit: Duration) -> Run {
    let out = tempfile::tempdir().unwrap();
    let (stdout_path, stderr_path) = (out.path().join("stdout"), out.path().join("stderr"));
    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            // SIGTERM first: playwright closes the browser it started on it.
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            std::thread::sleep(Duration::from_secs(3));
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{script} ran over {limit:?}; stderr:\n{}",
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
        "{script} failed ({status}):\n{stderr}\n{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    let summary: Value = serde_json::from_str(last)
        .unwrap_or_else(|e| panic!("{script}'s last line is not JSON ({e}):\n{stdout}"));
    Run {
        summary,
        stderr,
        took,
    }
}

/// `node tests/browser/purchase.mjs BASE VIEWPORT EMAIL SCREENSHOT [FLOW ...]`, at most 150 s.
fn purchase(base: &str, viewport: &str, email: &str, screenshot: &Path, flow: &[&str]) -> Run {
    let screenshot = screenshot.to_str().expect("a UTF-8 path");
    let mut args = vec![base, viewport, email, screenshot];
    args.extend_from_slice(flow);
    node("purchase.mjs", &args, Duration::from_secs(150))
}

fn buy_in_a_browser(viewport: &str) {
    require_tools();
    let shop = Shop::open();
    buy_on_a_page(&shop, viewport, None);
}

/// A buyer buys the Shop's first option with the test gateway at `viewport`'s size, on /p/pro
/// or on `page` (slug, the h1 it must show); then tagcart's and Kartra's sides are checked.
fn buy_on_a_page(shop: &Shop, viewport: &str, page: Option<(&str, &str)>) {
    let slug = page.map_or("pro", |(slug, _)| slug);
    let email = format!("{viewport}.buyer.{slug}@example.com");
    let name = match page {
        Some(_) => format!("checkout-{slug}-{viewport}.png"),
        None => format!("checkout-{viewport}.png"),
    };
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_file(&screenshot);
    let flow = match page {
        Some((slug, h1)) => vec!["test", slug, h1],
        None => vec![],
    };
    let run = purchase(&shop.server.base, viewport, &email, &screenshot, &flow);
    let s = &run.summary;
    eprintln!("{slug} on a {viewport}: {} in {:?}", s, run.took);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["viewport"], viewport);
    assert_eq!(s["page"], format!("/p/{slug}"), "{s}");
    if let Some((_, h1)) = page {
        assert_eq!(s["h1"], h1, "{s}");
    }
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

/// The page builder, end to end: tests/browser/editor.mjs signs in as an admin, builds a page
/// from the two-column template in the editor (new headline, the testimonial moved up, a
/// questions section added), checks the preview and that buyers get a 404 until it presses
/// Publish. Then buyers on a phone and on a desktop buy on the published page.
#[test]
fn an_admin_builds_a_page_in_the_editor_and_buyers_purchase_on_phone_and_desktop() {
    require_tools();
    let shop = Shop::open();
    drop(shop.server.admin()); // admin@example.com, whom the script signs in as
    let slug = "launch-week";
    let headline = "Ship your first course this month";
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("editor");
    let shots = shots.to_str().expect("a UTF-8 path");
    let run = node(
        "editor.mjs",
        &[
            &shop.server.base,
            "admin@example.com",
            PASSWORD,
            slug,
            shots,
        ],
        Duration::from_secs(120),
    );
    let s = &run.summary;
    eprintln!("editor: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}");
    assert_eq!(s["problems"], 0, "{s}\n{}", run.stderr);
    assert_eq!(s["status"], "Published", "{s}");
    assert_eq!(
        s["sections"],
        json!([
            "Headline",
            "Testimonial",
            "Bullet points",
            "Guarantee",
            "Questions and answers",
            "Order summary",
            "Checkout form"
        ]),
        "{s}"
    );

    // tagcart's side: the page as the API sees it, published as built.
    let id = s["page_id"].as_i64().expect("the page's id");
    let page = api(
        &shop.server.base,
        "GET",
        &format!("/pages/{id}"),
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(
        (
            page["slug"].as_str(),
            page["template"].as_str(),
            page["published"].as_bool(),
            page["product_id"].as_i64(),
        ),
        (
            Some(slug),
            Some("two-column"),
            Some(true),
            shop.product["id"].as_i64()
        ),
        "{page}"
    );
    assert_eq!(
        page["gateways"],
        json!(["test"]),
        "a new page offers the test gateway"
    );
    let kinds: Vec<&str> = page["sections"]
        .as_array()
        .expect("the page's sections")
        .iter()
        .map(|s| s["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        [
            "headline",
            "testimonial",
            "bullets",
            "guarantee",
            "faq",
            "order_summary",
            "checkout_form"
        ],
        "{page}"
    );
    assert_eq!(page["sections"][0]["text"], headline, "{page}");
    assert_eq!(
        page["sections"][4]["items"].as_array().map(Vec::len),
        Some(2),
        "{page}"
    );

    // Buyers on a phone and on a desktop, at once: each buys and is tagged at Kartra.
    std::thread::scope(|scope| {
        let shop = &shop;
        let phone = scope.spawn(move || buy_on_a_page(shop, "phone", Some((slug, headline))));
        buy_on_a_page(shop, "desktop", Some((slug, headline)));
        if let Err(panic) = phone.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The dashboard's access pages (an order's Access section and diagnostics, the buyer's access
/// view, Needs attention's drift panel, the Kartra settings' audit) at a phone's and a desktop's
/// size, signed in as an admin: tests/browser/dashboard.mjs fails on sideways scroll, console
/// errors or CSP violations, and leaves the PNGs in `target/tmp/dashboard/` to look at.
#[test]
fn the_access_pages_fit_phones_and_desktops() {
    require_tools();
    let (app, _kartra, pages) = crate::access::views::pages_to_show();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard");
    let shots = shots.to_str().expect("a UTF-8 path");
    let pairs: Vec<String> = pages
        .iter()
        .map(|(name, path)| format!("{name}={path}"))
        .collect();
    let mut args = vec![app.base.as_str(), "admin@example.com", PASSWORD, shots];
    args.extend(pairs.iter().map(String::as_str));
    let run = node("dashboard.mjs", &args, Duration::from_secs(150));
    let s = &run.summary;
    eprintln!("dashboard: {s} in {:?}", run.took);
    assert_eq!(
        (s["ok"].as_bool(), s["problems"].as_i64()),
        (Some(true), Some(0)),
        "{s}\n{}",
        run.stderr
    );
    assert_eq!(
        s["shots"].as_array().map(Vec::len),
        Some(2 * pages.len()),
        "{s}"
    );
}

/// `POST /api/v1{path}` on the shop: the created resource.
fn create(shop: &Shop, path: &str, body: &Value) -> Value {
    harness::create(&shop.server.base, &shop.token, path, body)
}

/// The order summary and the pay button follow the option the buyer picks, at a phone's and a
/// desktop's size, and the receipt reads right after a free trial starts through the test
/// gateway: tests/browser/summary.mjs, screenshots in target/tmp/summary/.
#[test]
fn the_summary_follows_the_option_and_the_receipt_reads_right() {
    require_tools();
    let shop = Shop::open();
    let product = json!({"name": "Trial Course", "kartra_tag": TAG, "thank_you_url": "https://example.com/welcome",
        "show_receipt": true, "prices": [
            {"kind": "one_time", "currency": "USD", "amount": 4900},
            {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month", "trial_days": 14}]});
    let product = create(&shop, "/products", &product);
    let sections =
        json!([{"kind": "order_summary", "title": ""}, {"kind": "checkout_form", "button": ""}]);
    let page = json!({"title": "Trial", "slug": "trial", "product_id": product["id"], "sections": sections,
        "gateways": ["test"], "published": true});
    create(&shop, "/pages", &page);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("summary");
    let out = out.to_str().expect("a UTF-8 path");
    let run = node(
        "summary.mjs",
        &[&shop.server.base, "trial", "summary", out],
        Duration::from_secs(150),
    );
    let s = &run.summary;
    eprintln!("summary: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    for size in ["phone", "desktop"] {
        let email = format!("summary.{size}@example.com");
        let order = shop.wait_order(&email, "the trial's order completed", |o| {
            o["status"] == "completed"
        });
        assert_eq!(order["payment_ref"], s["sizes"][size]["payment_ref"], "{s}");
        for shot in ["summary", "receipt"] {
            let png = std::fs::read(Path::new(out).join(format!("{shot}-{size}.png"))).unwrap();
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{shot}-{size}.png");
        }
    }
}

/// A buyer applies a coupon on a phone and on a desktop (tests/browser/coupon.mjs): refused an
/// unknown code, then 20% off the first payment in the summary and on the button for each
/// option, paid through the test gateway; the orders carry the discount and the coupon counts
/// both uses. Screenshots in target/tmp/coupon/.
#[test]
fn a_buyer_applies_a_coupon_and_pays_the_discounted_amount() {
    buy_with_a_coupon(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("coupon"));
}

/// Regenerates the README's screenshots of a coupon applied and its receipt, at a phone's and
/// a desktop's size, into examples/screenshots/coupon[-receipt]-<phone|desktop>.png:
/// `cargo test --test it browser::screenshots_of_a_coupon -- --ignored`.
#[test]
#[ignore = "writes examples/screenshots/coupon-*.png; run it by name to refresh them"]
fn screenshots_of_a_coupon_and_its_receipt() {
    buy_with_a_coupon(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots"));
}

fn buy_with_a_coupon(out: &Path) {
    require_tools();
    let shop = Shop::open();
    let product = json!({"name": "Launch Course", "kartra_tag": TAG, "thank_you_url": "https://example.com/welcome",
        "show_receipt": true, "prices": [
            {"kind": "one_time", "currency": "USD", "amount": 4900},
            {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]});
    let product = create(&shop, "/products", &product);
    let coupon = json!({"code": "LAUNCH20", "percent_off": 20, "duration": "once"});
    let coupon = create(&shop, "/coupons", &coupon);
    let sections =
        json!([{"kind": "order_summary", "title": ""}, {"kind": "checkout_form", "button": ""}]);
    let page = json!({"title": "Launch", "slug": "launch", "product_id": product["id"], "sections": sections,
        "gateways": ["test"], "published": true});
    create(&shop, "/pages", &page);
    let out = out.to_str().expect("a UTF-8 path");
    let args = [
        shop.server.base.as_str(),
        "launch",
        "LAUNCH20",
        "coupon",
        out,
    ];
    let run = node("coupon.mjs", &args, Duration::from_secs(150));
    let s = &run.summary;
    eprintln!("coupon: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    for size in ["phone", "desktop"] {
        let email = format!("coupon.{size}@example.com");
        let order = shop.wait_order(&email, "the discounted order completed", |o| {
            o["status"] == "completed"
        });
        assert_eq!(order["payment_ref"], s["sizes"][size]["payment_ref"], "{s}");
        for (field, value) in [
            ("subtotal", json!(4900)),
            ("discount", json!(980)),
            ("amount", json!(3920)),
            ("coupon_code", json!("LAUNCH20")),
        ] {
            assert_eq!(order[field], value, "{field}: {order}");
        }
        for shot in ["coupon", "coupon-receipt"] {
            let png = std::fs::read(Path::new(out).join(format!("{shot}-{size}.png"))).unwrap();
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{shot}-{size}.png");
        }
    }
    let path = format!("/coupons/{}", coupon["id"]);
    let res = api(&shop.server.base, "GET", &path, Some(&shop.token), None);
    assert_eq!(res.json()["times_redeemed"], 2, "{}", res.body);
}

/// Regenerates the README's screenshots of the three templates in English and in German, at a
/// phone's (390×844) and a desktop's (1280×900) size, into
/// examples/screenshots/template-<id>[-de]-<phone|desktop>.png:
/// `cargo test --test it browser::screenshots_of_the_templates -- --ignored`.
#[test]
#[ignore = "writes examples/screenshots/template-*.png; run it by name to refresh them"]
fn screenshots_of_the_templates() {
    require_tools();
    let shop = Shop::open_with(
        FakeKartra::with_tags(&[TAG, LAB_TAG, crate::lab_de::TAG]),
        true,
    );
    let base = &shop.server.base;
    // Buyers see the gateways a real shop offers; nothing here ever reaches Stripe or PayPal.
    let keys = [
        (
            "stripe",
            json!({"enabled": true, "secret_key": "sk_test_screenshots", "publishable_key": "pk_test_screenshots", "webhook_secret": "whsec_screenshots"}),
        ),
        (
            "paypal",
            json!({"enabled": true, "client_id": "screenshots-client", "client_secret": "screenshots-secret", "webhook_id": "WH-SCREENSHOTS"}),
        ),
    ];
    for (gateway, body) in keys {
        let res = api(
            base,
            "PUT",
            &format!("/gateways/{gateway}"),
            Some(&shop.token),
            Some(&body.to_string()),
        );
        assert_eq!(res.status, 200, "{gateway}: {}", res.body);
    }
    // The shop's brand and the product's image; screenshot.mjs serves these addresses itself.
    let profile = json!({"name": "Course Launch Lab", "logo_url": "https://assets.course-launch-lab.test/logo.svg",
        "accent_color": "#0f766e", "support_email": "help@course-launch-lab.test",
        "terms_url": "https://course-launch-lab.test/terms", "privacy_url": "https://course-launch-lab.test/privacy"});
    let res = api(
        base,
        "PUT",
        "/settings/shop",
        Some(&shop.token),
        Some(&profile.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    // The offer in English, and as a German merchant writes it on pages in German.
    let offers = [
        (lab_product(), lab_pages(), "en", ""),
        (
            crate::lab_de::product(),
            crate::lab_de::pages(&lab_deadline()),
            "de",
            "-de",
        ),
    ];
    let mut pairs = vec![];
    for (mut product, pages, language, suffix) in offers {
        product["image_url"] = json!("https://assets.course-launch-lab.test/cover.svg");
        let product = create(&shop, "/products", &product);
        for (template, sections) in pages {
            let slug = format!("lab{suffix}-{template}");
            let page = json!({"title": "Course Launch Lab", "slug": slug, "product_id": product["id"],
                "template": template, "sections": sections, "gateways": ["stripe", "paypal"],
                "language": language, "published": true});
            create(&shop, "/pages", &page);
            pairs.push(format!("{slug}={template}{suffix}"));
        }
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots");
    let mut args = vec![base.as_str(), out.to_str().expect("a UTF-8 path")];
    args.extend(pairs.iter().map(String::as_str));
    let run = node("screenshot.mjs", &args, Duration::from_secs(150));
    let s = &run.summary;
    eprintln!("screenshots: {s} in {:?}", run.took);
    assert_eq!(
        (s["ok"].as_bool(), s["problems"].as_i64()),
        (Some(true), Some(0)),
        "{s}\n{}",
        run.stderr
    );
    assert_eq!(s["shots"].as_array().map(Vec::len), Some(12), "{s}");
}

const LAB_TAG: &str = "course-launch-lab";

/// The cohort's enrolment closes three days and some hours from now (RFC 3339).
fn lab_deadline() -> String {
    let deadline = (crate::purchase::now() / 3600 + 3 * 24 + 5) * 3600;
    time::OffsetDateTime::from_unix_timestamp(deadline)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A real-looking offer: a cohort course, paid at once or in three payments.
fn lab_product() -> Value {
    json!({"name": "Course Launch Lab", "kartra_tag": LAB_TAG, "thank_you_url": "https://example.com/welcome",
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 29700},
                   {"kind": "payment_plan", "currency": "USD", "amount": 10900, "interval": "month", "installments": 3}]})
}

/// Each template's sections, with what a merchant would write: (template id, sections).
fn lab_pages() -> Vec<(&'static str, Value)> {
    let deadline = lab_deadline();
    let headline = json!({"kind": "headline", "text": "Ship your first online course in 30 days",
        "subtext": "A four-week live cohort for coaches and consultants: plan it, record it, and sell it from your own Kartra membership."});
    let text = json!({"kind": "text", "paragraphs": [
        "You know your subject. You have answered the same client questions a hundred times. But the course you keep meaning to build is still a folder of notes, because recording, editing and launching feel like three extra jobs.",
        "**Course Launch Lab** turns that folder into a finished course in four weeks, with a weekly live call, a plan for every day, and a launch that sells the first seats before you record the last lesson."]});
    let video = json!({"kind": "video", "url": "https://www.youtube.com/watch?v=M7lc1UVf-VE",
        "title": "Watch: how the four weeks work (6 min)"});
    let bullets = json!({"kind": "bullets", "title": "What you get", "items": [
        "Four live coaching calls, recorded, every Tuesday at 17:00 UTC",
        "The course planner: outline, lesson scripts and a recording checklist",
        "Launch emails and a sales-page outline you fill in, not write from scratch",
        "Feedback on your first two lessons from a course producer",
        "Lifetime access to the lessons and every future cohort's calls"]});
    let testimonial = json!({"kind": "testimonial",
        "quote": "I had been \"about to start\" my course for two years. Four weeks after joining the Lab it was live, and the first launch paid for the programme nine times over.",
        "author": "Maya Okafor, leadership coach"});
    let faq = json!({"kind": "faq", "title": "Questions and answers", "items": [
        {"q": "Do I need any experience?", "a": "No. Week one starts from a blank page; all you need is something you know well enough to teach."},
        {"q": "What if I miss a live call?", "a": "Every call is recorded and in the members' area the same day, with written notes."},
        {"q": "How do I get access?", "a": "Right after your payment you get an email with your login to the members' area."}]});
    let guarantee = json!({"kind": "guarantee", "title": "30-day money-back guarantee",
        "text": "Do the first two weeks. If you do not have a course outline and your first lessons recorded, write to us within 30 days for a full refund."});
    let countdown = json!({"kind": "countdown", "deadline": deadline, "label": "Enrolment for the next cohort closes in"});
    let summary = json!({"kind": "order_summary", "title": "Your order"});
    let form = json!({"kind": "checkout_form", "button": "Join the Lab"});
    vec![
        (
            "minimal",
            json!([
                {"kind": "headline", "text": "Join Course Launch Lab",
                 "subtext": "The next cohort starts on Monday. Complete your order below."},
                countdown, summary, form, guarantee
            ]),
        ),
        (
            "long-form",
            json!([
                headline,
                text,
                video,
                bullets,
                testimonial,
                countdown,
                faq,
                guarantee,
                summary,
                form
            ]),
        ),
        (
            "two-column",
            json!([
                headline,
                text,
                bullets,
                testimonial,
                faq,
                summary,
                form,
                guarantee
            ]),
        ),
    ]
}

/// A one-time payment through the Payment Element (its stand-in on localstripe): the browser
/// confirms the PaymentIntent and comes back through `/pay/stripe/return`, where tagcart settles
/// the order from Stripe's answer; no webhook is configured, so nothing else could.
#[test]
fn a_buyer_pays_once_through_the_payment_element() {
    require_tools();
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, &[]);
    let email = "element.buyer@example.com";
    let origins = format!("{},{}", stripe.url, stripe.js_url());
    let run = purchase(
        &shop.server.base,
        "phone",
        email,
        Path::new("-"),
        &["stripe-once", &origins],
    );
    let s = &run.summary;
    eprintln!("stripe-once: {} in {:?}", s, run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    assert_eq!(s["final_url"], "https://example.com/thanks", "{s}");
    assert_eq!(s["problems"], 0, "{s}\n{}", run.stderr);
    let order = shop.wait_order(email, "the return's settlement granted", |o| {
        o["status"] == "completed" && o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(
        (order["amount"].as_i64(), order["currency"].as_str()),
        (Some(4900), Some("USD"))
    );
    let intent = order["processor_ref"].as_str().unwrap();
    assert_eq!(
        stripe.get(&format!("/v1/payment_intents/{intent}"))["status"],
        "succeeded"
    );
    assert!(shop.has_tag(email, TAG));
}

/// Card first, in the browser: the Payment Element's stand-in on localstripe saves the card
/// (confirmSetup), stripe-payment.js asks tagcart for the subscription, the buyer lands on the
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
        &["stripe", &format!("{},{}", stripe.url, stripe.js_url())],
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

/// A buyer ticks the order bump and accepts the one-click upsell on a phone and on a desktop
/// (tests/browser/upsell.mjs): the summary and button follow the tick box, the upsell is one
/// click after the test gateway's payment, and each order grants its own tags. Screenshots in
/// target/tmp/upsell/.
#[test]
fn a_buyer_ticks_the_bump_and_accepts_the_upsell() {
    bump_and_upsell(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("upsell"));
}

/// Regenerates the README's screenshots of the bump, the upsell and its receipt:
/// `cargo test --test it browser::screenshots_of_a_bump_and_an_upsell -- --ignored`.
#[test]
#[ignore = "writes examples/screenshots/{bump,bump-subscription,upsell,upsell-receipt,page-add-ons,take-rates,order-with-lines}-*.png; run it by name to refresh them"]
fn screenshots_of_a_bump_and_an_upsell() {
    bump_and_upsell(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots"));
}

fn bump_and_upsell(out: &Path) {
    require_tools();
    let shop = Shop::open();
    let product = |name: &str, tag: &str, amount: i64, extra: Value| {
        shop.kartra.add_tag(tag);
        let mut body = json!({"name": name, "kartra_tag": tag,
            "prices": [{"kind": "one_time", "currency": "USD", "amount": amount}]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        create(&shop, "/products", &body)
    };
    let course = product(
        "Launch Course",
        TAG,
        4900,
        json!({"thank_you_url": "https://example.com/welcome", "show_receipt": true,
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900},
                   {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]}),
    );
    let workbook = product("Workbook", "workbook-buyer", 1900, json!({}));
    let coaching = product("Coaching call", "coaching-buyer", 29000, json!({}));
    let add_on = |p: &Value, headline: &str, text: &str| json!({"product_id": p["id"], "price_id": p["prices"][0]["id"], "headline": headline, "text": text});
    let sections =
        json!([{"kind": "order_summary", "title": ""}, {"kind": "checkout_form", "button": ""}]);
    let page = json!({"title": "Launch", "slug": "launch", "product_id": course["id"], "sections": sections,
        "gateways": ["test"], "published": true,
        "bump": add_on(&workbook, "Add the workbook", "Worksheets and checklists for every lesson, printable."),
        "upsell": add_on(&coaching, "Book a coaching call", "One hour with the author to plan your first project.")});
    let page = create(&shop, "/pages", &page);
    let out = out.to_str().expect("a UTF-8 path");
    let args = [shop.server.base.as_str(), "launch", "upsell", out];
    let run = node("upsell.mjs", &args, Duration::from_secs(150));
    let s = &run.summary;
    eprintln!("upsell: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    for size in ["phone", "desktop"] {
        let email = format!("upsell.{size}@example.com");
        let orders = shop.orders(&email);
        assert_eq!(orders.len(), 2, "{orders:?}");
        for tag in [TAG, "workbook-buyer", "coaching-buyer"] {
            shop.wait_order(&email, tag, |_| shop.has_tag(&email, tag));
        }
        for shot in ["bump", "upsell", "upsell-receipt"] {
            let png = std::fs::read(Path::new(out).join(format!("{shot}-{size}.png"))).unwrap();
            assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{shot}-{size}.png");
        }
    }
    // A subscription bump beside the monthly option, on a page of its own.
    let sheets = create(
        &shop,
        "/products",
        &json!({"name": "Monthly sheets", "kartra_tag": "sheets-subscriber",
            "prices": [{"kind": "subscription", "currency": "USD", "amount": 900, "interval": "month"}]}),
    );
    shop.kartra.add_tag("sheets-subscriber");
    let club = json!({"title": "Club", "slug": "club", "product_id": course["id"], "sections": sections,
        "gateways": ["test"], "published": true,
        "bump": add_on(&sheets, "Add monthly sheets", "New worksheets every month, while you stay.")});
    create(&shop, "/pages", &club);
    let args = [shop.server.base.as_str(), "club", "sheets", out];
    let run = node("subscription-bump.mjs", &args, Duration::from_secs(120));
    eprintln!("subscription bump: {} in {:?}", run.summary, run.took);
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);
    for size in ["phone", "desktop"] {
        let email = format!("sheets.{size}@example.com");
        let order = shop.wait_order(&email, "both tags", |_| {
            shop.has_tag(&email, TAG) && shop.has_tag(&email, "sheets-subscriber")
        });
        assert_eq!(
            (order["subtotal"].as_i64(), order["amount"].as_i64()),
            (Some(2800), Some(2800))
        );
    }

    // The merchant's side: the page's Order bump and Upsell forms, the take rates, the order.
    shop.server.admin();
    let order = &shop.orders("upsell.phone@example.com")[1];
    let pairs = [
        format!("page-add-ons=/admin/pages/{}/settings", page["id"]),
        "take-rates=/admin".to_string(),
        format!("order-with-lines=/admin/orders/{}", order["id"]),
    ];
    let mut args = vec![
        shop.server.base.as_str(),
        "admin@example.com",
        PASSWORD,
        out,
    ];
    args.extend(pairs.iter().map(String::as_str));
    let run = node("dashboard.mjs", &args, Duration::from_secs(150));
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);
}

#[test]
fn a_buyer_in_germany_sees_and_pays_the_vat() {
    buy_with_tax(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("tax"));
}

/// Regenerates the README's screenshots of a taxed checkout and its receipt:
/// `cargo test --test it browser::screenshots_of_a_taxed_checkout -- --ignored`.
#[test]
#[ignore]
fn screenshots_of_a_taxed_checkout() {
    buy_with_tax(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots"));
}

fn buy_with_tax(out: &Path) {
    require_tools();
    let vies = crate::fake_vies::FakeVies::with(&[]);
    let (shop, _) = crate::paperwork::shop_with(&vies);
    let product = json!({"name": "Kurs kompakt", "kartra_tag": TAG, "show_receipt": true,
        "thank_you_url": "https://example.com/willkommen",
        "prices": [{"kind": "one_time", "currency": "EUR", "amount": 4900}]});
    let product = create(&shop, "/products", &product);
    let sections =
        json!([{"kind": "order_summary", "title": ""}, {"kind": "checkout_form", "button": ""}]);
    let page = json!({"title": "Kurs", "slug": "kurs-vat", "product_id": product["id"], "sections": sections,
        "gateways": ["test"], "published": true});
    create(&shop, "/pages", &page);
    let taxed = crate::paperwork::tax_on(&shop, json!({}));
    assert_eq!(taxed.status, 200, "{}", taxed.body);
    let out = out.to_str().expect("a UTF-8 path");
    let args = [shop.server.base.as_str(), "kurs-vat", "vat", out];
    let run = node("tax.mjs", &args, Duration::from_secs(150));
    let s = &run.summary;
    eprintln!("tax: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    for size in ["phone", "desktop"] {
        let email = format!("vat.{size}@example.com");
        let order = shop.wait_order(&email, "the taxed order completed", |o| {
            o["status"] == "completed"
        });
        assert_eq!(
            (&order["amount"], &order["tax"]),
            (&json!(5831), &json!(931))
        );
    }

    // The merchant's side: the Tax and Email settings, and the taxed order with its invoice.
    shop.server.admin();
    let order = &shop.orders("vat.desktop@example.com")[0];
    let pairs = [
        "settings-tax=/admin/settings/tax".to_string(),
        "settings-email=/admin/settings/email".to_string(),
        format!("order-with-invoice=/admin/orders/{}", order["id"]),
    ];
    let mut args = vec![
        shop.server.base.as_str(),
        "admin@example.com",
        PASSWORD,
        out,
    ];
    args.extend(pairs.iter().map(String::as_str));
    let run = node("dashboard.mjs", &args, Duration::from_secs(150));
    assert_eq!(
        run.summary["ok"], true,
        "{}
{}",
        run.summary, run.stderr
    );
}

/// The customer portal in a real browser (tests/browser/portal.mjs): a Stripe subscriber asks
/// for a sign-in link, signs in from the email, changes the card on the portal's card page
/// (localstripe's Stripe.js stand-in confirms the SetupIntent) and cancels at period end; then
/// Stripe's side is checked. Screenshots in target/tmp/portal/.
#[test]
fn a_subscriber_signs_in_from_the_email_changes_the_card_and_cancels() {
    use_the_portal(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("portal"));
}

/// `cargo test --test it browser::screenshots_of_the_portal -- --ignored`.
#[test]
#[ignore = "writes examples/screenshots/account-*.png; run it by name to refresh them"]
fn screenshots_of_the_portal() {
    use_the_portal(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots"));
}

fn use_the_portal(out: &Path) {
    require_tools();
    let smtp = crate::smtp_server::SmtpServer::start();
    let stripe = LocalStripe::start();
    let shop = stripe_shop(&stripe, STRIPE_SUBSCRIPTION_EVENTS);
    let mail = json!({"smtp_url": smtp.url(), "from": "Pro Courses <shop@example.com>"});
    let res = api(
        &shop.server.base,
        "PUT",
        "/integrations/email",
        Some(&shop.token),
        Some(&mail.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    let email = "portal.subscriber@example.com";
    let (order, subscription) = crate::self_service::stripe::paid_monthly(&shop, &stripe, email);
    let before = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    let customer = before["customer"].as_str().unwrap().to_string();
    let card_before = stripe.get(&format!("/v1/customers/{customer}"))["invoice_settings"]
        ["default_payment_method"]
        .clone();

    // The test reads the email as the buyer would and hands the link to the browser.
    let dir = tempfile::tempdir().unwrap();
    let link_file = dir.path().join("link");
    let watcher = {
        let (link_file, smtp_messages) = (link_file.clone(), smtp.clone_reader());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline {
                for raw in smtp_messages() {
                    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
                    let text = message.body_text(0).unwrap_or_default().to_string();
                    // The sign-in email: the one link to the portal's sign-in.
                    let Some(path) = text.find("/account/link/") else {
                        continue;
                    };
                    let start = text[..path]
                        .rfind("http")
                        .expect("a full link in the email");
                    let link: String = text[start..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    std::fs::write(&link_file, link).unwrap();
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let out_dir = out.to_str().expect("a UTF-8 path");
    let stripe_origins = format!("{},{}", stripe.url, stripe.js_url());
    let args = [
        shop.server.base.as_str(),
        stripe_origins.as_str(),
        email,
        link_file.to_str().unwrap(),
        out_dir,
    ];
    let run = node("portal.mjs", &args, Duration::from_secs(150));
    watcher.join().unwrap();
    let s = &run.summary;
    eprintln!("portal: {s} in {:?}", run.took);
    assert_eq!(s["ok"], true, "{s}\n{}", run.stderr);
    assert_eq!(s["problems"], 0, "{s}\n{}", run.stderr);
    for name in [
        "account-desktop",
        "account-card-desktop",
        "account-cancel-desktop",
        "account-sign-in-phone",
        "account-phone",
    ] {
        let png = std::fs::read(out.join(format!("{name}.png"))).expect("the script wrote it");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
    }

    // Stripe's side: a new default card, and the subscription ends with its period.
    let card_after = stripe.get(&format!("/v1/customers/{customer}"))["invoice_settings"]
        ["default_payment_method"]
        .clone();
    assert!(
        card_after.is_string() && card_after != card_before,
        "{card_before} → {card_after}"
    );
    let after = stripe.get(&format!("/v1/subscriptions/{subscription}"));
    assert_eq!(after["cancel_at_period_end"], true, "{after}");
    let detail = shop.order_detail(&order["id"]);
    let action = &detail["actions"][0];
    assert_eq!(
        (action["requested_by"].as_str(), action["state"].as_str()),
        (Some("buyer"), Some("accepted")),
        "{detail}"
    );
    assert_eq!(
        detail["status"], "completed",
        "active until the period ends"
    );
    assert!(shop.has_tag(email, TAG));
}
