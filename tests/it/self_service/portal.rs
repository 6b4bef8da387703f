//! The customer portal: signing in by emailed link, and what a signed-in buyer may do, and
//! may not (another buyer's orders, forged forms, a link used twice).

use super::*;
use crate::harness::Browser;
use crate::purchase::TAG;
use crate::smtp_server::SmtpServer;
use mail_parser::MessageParser;
use serde_json::json;

/// A shop whose mail goes to `smtp`.
fn shop_with_mail(smtp: &SmtpServer) -> Shop {
    let shop = Shop::open();
    mail_to(&shop, smtp);
    shop
}

/// Asks for a sign-in link as a browser would; the answer page.
fn ask(buyer: &Browser, email: &str) -> crate::harness::Resp {
    assert_eq!(buyer.get("/account").status, 200);
    buyer.post("/account/sign-in", &[("email", email)])
}

/// The sign-in link in the `n`th email received (1-based), as a path.
fn link_in(smtp: &SmtpServer, n: usize) -> String {
    let received = smtp.wait_for(n);
    let message = MessageParser::default().parse(&received[n - 1]).unwrap();
    let text = message.body_text(0).unwrap().to_string();
    let start = text.find("/account/link/").expect("a sign-in link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link
}

#[test]
fn a_buyer_signs_in_once_with_the_emailed_link_and_sees_their_orders() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    shop.buy("ann@example.com", 0);
    smtp.wait_for(1); // the receipt
    let buyer = Browser::new(&shop.server.base);
    let answer = ask(&buyer, "Ann@Example.com");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer.body.contains("a sign-in link is on its way"),
        "{}",
        answer.body
    );
    let link = link_in(&smtp, 2);
    let messages = smtp.messages();
    let message = MessageParser::default().parse(&messages[1]).unwrap();
    let subject = message.subject().unwrap_or_default();
    assert!(subject == "Your sign-in link", "{subject}");
    assert_eq!(
        message.to().unwrap().first().unwrap().address(),
        Some("ann@example.com")
    );
    // Opening the link (as a mail scanner would) does not use it.
    for _ in 0..2 {
        let page = buyer.get(&link);
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Sign in"), "{}", page.body);
    }
    let used = buyer.post(&link, &[]);
    assert_eq!(used.status, 303, "{}", used.body);
    let cookie = used.header("set-cookie").unwrap();
    for part in [
        "tagcart_account=",
        "HttpOnly",
        "Path=/account",
        "SameSite=Lax",
        "Max-Age=3600",
    ] {
        assert!(cookie.contains(part), "{part}: {cookie}");
    }
    let home = buyer.get("/account");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("Pro Course") && home.body.contains("ann@example.com"),
        "{}",
        home.body
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    // The same link again, even in another browser: used up.
    let again = Browser::new(&shop.server.base).post(&link, &[]);
    assert_eq!(again.status, 410, "{}", again.body);
    assert!(
        again.body.contains("expired or was used already"),
        "{}",
        again.body
    );
    // Signing out ends the session on the server, not only in this browser.
    let csrf = crate::harness::csrf_of(&home.body);
    let token = buyer.cookies.borrow()["tagcart_account"].clone();
    assert_eq!(
        buyer.post("/account/sign-out", &[("csrf", &csrf)]).status,
        303
    );
    let stale = Browser::new(&shop.server.base);
    stale
        .cookies
        .borrow_mut()
        .insert("tagcart_account".into(), token);
    assert!(stale
        .get("/account")
        .body
        .contains("Email me a sign-in link"));
}

#[test]
fn the_answer_is_the_same_for_an_address_with_no_orders_and_no_email_goes_out() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    shop.buy("ann@example.com", 0);
    smtp.wait_for(1);
    let known = ask(&Browser::new(&shop.server.base), "ann@example.com");
    let unknown = ask(&Browser::new(&shop.server.base), "bob@example.com");
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body.replace("ann@example.com", "X"),
        unknown.body.replace("bob@example.com", "X"),
        "the pages differ only by the address typed"
    );
    smtp.wait_for(2);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        smtp.messages().len(),
        2,
        "no email to an address with no orders"
    );
    let bad = ask(&Browser::new(&shop.server.base), "not an address");
    assert_eq!(bad.status, 422, "{}", bad.body);
}

#[test]
fn sign_in_links_are_rate_limited_per_email_and_per_address() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    shop.buy("ann@example.com", 0);
    smtp.wait_for(1);
    let buyer = Browser::new(&shop.server.base);
    for _ in 0..5 {
        assert_eq!(ask(&buyer, "ann@example.com").status, 200);
    }
    smtp.wait_for(4);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(
        smtp.messages().len(),
        4,
        "the receipt and three links; the rest are not sent"
    );
    for i in 0..5 {
        let res = ask(&buyer, &format!("other{i}@example.com"));
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let refused = ask(&buyer, "more@example.com");
    assert_eq!(
        refused.status, 429,
        "ten asks from one address: {}",
        refused.body
    );
    assert!(
        refused.body.contains("Too many sign-in requests"),
        "{}",
        refused.body
    );
}

#[test]
fn a_buyer_cannot_reach_another_buyers_orders_nor_act_without_the_forms_token() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    shop.buy("ann@example.com", 1);
    shop.buy("bob@example.com", 1);
    smtp.wait_for(2);
    let ann_order = shop.orders("ann@example.com").remove(0);
    let bob = signed_in(&shop, &smtp, "bob@example.com");
    let home = bob.get("/account");
    assert!(!home.body.contains("ann@example.com"), "{}", home.body);
    let csrf = crate::harness::csrf_of(&home.body);
    let ann_cancel = format!("/account/orders/{}/cancel", ann_order["id"]);
    let res = bob.post(&ann_cancel, &[("csrf", &csrf), ("confirm", "yes")]);
    assert_eq!(res.status, 404, "{}", res.body);
    let invoice = format!("/account/orders/{}/invoice/x", ann_order["id"]);
    let not_found = bob.get(&invoice);
    assert_eq!(not_found.status, 404);
    assert!(
        !not_found.body.contains("/admin"),
        "the shop's error page: {}",
        not_found.body
    );
    let bob_order = shop.orders("bob@example.com").remove(0);
    let bob_cancel = format!("/account/orders/{}/cancel", bob_order["id"]);
    let forged = bob.post(&bob_cancel, &[("confirm", "yes")]);
    assert_eq!(forged.status, 403, "{}", forged.body);
    let cross_site = bob.post_with(
        &bob_cancel,
        &[("csrf", &csrf), ("confirm", "yes")],
        &[
            ("Origin", "https://evil.example"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    );
    assert_eq!(cross_site.status, 403, "{}", cross_site.body);
    assert_eq!(
        shop.orders("bob@example.com")[0]["status"],
        "completed",
        "nothing changed"
    );
    // Signed out, nothing but the sign-in form.
    let stranger = Browser::new(&shop.server.base);
    let res = stranger.post(&bob_cancel, &[("csrf", &csrf), ("confirm", "yes")]);
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/account?notice=signed_out"));
    // The admin's session is no buyer's.
    let admin = shop.server.admin();
    assert!(admin
        .get("/account")
        .body
        .contains("Email me a sign-in link"));
}

#[test]
fn a_subscriber_cancels_at_period_end_from_the_portal() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    shop.buy("sam@example.com", 1);
    smtp.wait_for(1);
    shop.wait_order("sam@example.com", "access", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let sam = signed_in(&shop, &smtp, "sam@example.com");
    let home = sam.get("/account");
    let csrf = crate::harness::csrf_of(&home.body);
    let order = shop.orders("sam@example.com").remove(0);
    let cancel = format!("/account/orders/{}/cancel", order["id"]);
    let confirm = sam.post(&cancel, &[("csrf", &csrf)]);
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains("access lasts until the paid period ends"),
        "{}",
        confirm.body
    );
    assert_eq!(
        shop.orders("sam@example.com")[0]["status"],
        "completed",
        "not before the confirmation"
    );
    let done = sam.post(&cancel, &[("csrf", &csrf), ("confirm", "yes")]);
    assert_eq!(done.status, 303, "{}", done.body);
    let home = sam.get(done.header("location").unwrap());
    assert!(
        home.body.contains("Your subscription is cancelled"),
        "{}",
        home.body
    );
    assert!(
        home.body.contains("Cancelled: access until"),
        "{}",
        home.body
    );
    assert!(
        shop.has_tag("sam@example.com", TAG),
        "paid until the period's end"
    );
    let detail = shop.order_detail(&order["id"]);
    assert_eq!(detail["actions"][0]["requested_by"], "buyer", "{detail}");
}

#[test]
fn a_link_expires_after_30_minutes_and_a_session_after_an_hour() {
    let app = crate::app::TestApp::start(&[]);
    let link = |at: i64| {
        let conn = app.pool.get().unwrap();
        let expires = at + tagcart::web::account::LINK_SECS;
        tagcart::db::account::create_link(&conn, "ann@example.com", "127.0.0.1", at, expires)
            .unwrap()
    };
    let stale = link(app.now());
    app.advance(30 * 60);
    let res = Browser::new(&app.base).post(&format!("/account/link/{stale}"), &[]);
    assert_eq!(
        res.status, 410,
        "at 30 minutes the link is over: {}",
        res.body
    );
    let fresh = link(app.now());
    app.advance(29 * 60);
    let buyer = Browser::new(&app.base);
    assert_eq!(
        buyer.post(&format!("/account/link/{fresh}"), &[]).status,
        303
    );
    assert!(buyer.get("/account").body.contains("Sign out"));
    app.advance(60 * 60);
    let after = buyer.get("/account");
    assert!(
        after.body.contains("Email me a sign-in link"),
        "{}",
        after.body
    );
}

#[test]
fn the_portal_and_its_email_speak_the_language_of_the_page_the_buyer_ordered_on() {
    let smtp = SmtpServer::start();
    let shop = shop_with_mail(&smtp);
    let page = json!({"title": "Kurs", "slug": "kurs", "product_id": shop.product["id"],
        "gateways": ["test"], "published": true, "language": "de"});
    let res = api(
        &shop.server.base,
        "POST",
        "/pages",
        Some(&shop.token),
        Some(&page.to_string()),
    );
    assert_eq!(res.status, 201, "{}", res.body);
    let price = shop.price_id(1);
    let fields = [
        ("email", "jana@example.com"),
        ("first_name", "Jana"),
        ("last_name", "Novak"),
        ("price_id", price.as_str()),
        ("gateway", "test"),
    ];
    let placed = Browser::new(&shop.server.base).post("/p/kurs/checkout", &fields);
    assert_eq!(placed.status, 303, "{}", placed.body);
    assert_eq!(
        shop.press(placed.header("location").unwrap(), "complete")
            .status,
        303
    );
    smtp.wait_for(1);
    let jana = signed_in(&shop, &smtp, "jana@example.com");
    let messages = smtp.messages();
    let email = MessageParser::default().parse(&messages[1]).unwrap();
    assert!(
        email
            .subject()
            .unwrap_or_default()
            .starts_with("Ihr Anmeldelink"),
        "{:?}",
        email.subject()
    );
    let home = jana.get("/account");
    assert!(home.body.contains("<html lang=\"de\""), "{}", home.body);
    for words in [
        "Ihre Bestellungen",
        "Abo kündigen",
        "Angemeldet als jana@example.com",
    ] {
        assert!(home.body.contains(words), "{words}: {}", home.body);
    }
}
