use super::*;
use crate::smtp_server::SmtpServer;
use mail_parser::{MessageParser, MimeHeaders};

fn set_email(shop: &Shop, body: Value) -> Resp {
    api(
        &shop.server.base,
        "PUT",
        "/integrations/email",
        Some(&shop.token),
        Some(&body.to_string()),
    )
}

fn email_on(shop: &Shop, smtp: &SmtpServer) {
    let res = set_email(
        shop,
        json!({"smtp_url": smtp.url(), "from": "Kursmacher <kurse@kursmacher.test>", "reply_to": "hilfe@kursmacher.test"}),
    );
    assert_eq!(res.status, 200, "{}", res.body);
}

/// A taxed German buyer's paid order of the €49.00 course.
fn buy(shop: &Shop, course: &Value, email: &str) -> Value {
    let placed = checkout(shop, course, 0, &[("country", "DE"), ("email", email)]);
    assert_eq!(placed.status, 303, "{}", placed.body);
    assert_eq!(
        shop.press(placed.header("location").unwrap(), "complete")
            .status,
        303
    );
    shop.wait_order(email, "completed", |o| o["status"] == "completed")
}

#[test]
fn the_smtp_settings_keep_their_password_sealed_and_a_test_email_arrives() {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, _) = shop_with(&vies);
    let read = || {
        api(
            &shop.server.base,
            "GET",
            "/integrations/email",
            Some(&shop.token),
            None,
        )
        .json()
    };
    assert_eq!(read()["configured"], false);
    let bad = set_email(
        &shop,
        json!({"smtp_url": "http://mail.test", "from": "not an address"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    for field in ["smtp_url", "from"] {
        assert!(
            bad.json()["error"]["fields"][field].is_string(),
            "{}",
            bad.body
        );
    }
    assert_eq!(read()["configured"], false, "nothing saved");

    let saved = set_email(
        &shop,
        json!({"smtp_url": "smtps://shop:s3cret@mail.test:465", "from": "shop@kursmacher.test"}),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(read()["smtp_url"], "smtps://shop:***@mail.test:465");
    for file in ["tagcart.db", "tagcart.db-wal"] {
        let bytes = std::fs::read(shop.server.data_dir().join(file)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("s3cret"),
            "the password is sealed ({file})"
        );
    }
    assert!(shop.server.data_dir().join("tagcart.db").exists());
    assert!(!shop.server.log().contains("s3cret"), "nor logged");

    email_on(&shop, &smtp);
    let test = api(
        &shop.server.base,
        "POST",
        "/integrations/email/test",
        Some(&shop.token),
        Some(&json!({"to": "owner@kursmacher.test"}).to_string()),
    );
    assert_eq!(test.json()["ok"], true, "{}", test.body);
    let received = smtp.wait_for(1);
    let message = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(message.subject(), Some("tagcart test email"));
    assert_eq!(
        message.to().unwrap().first().unwrap().address(),
        Some("owner@kursmacher.test")
    );

    let mut stopped = smtp;
    stopped.stop();
    let failed = api(
        &shop.server.base,
        "POST",
        "/integrations/email/test",
        Some(&shop.token),
        Some(&json!({"to": "owner@kursmacher.test"}).to_string()),
    );
    assert_eq!(failed.json()["ok"], false, "{}", failed.body);
    assert!(failed.json()["error"]["message"].is_string());
}

#[test]
fn a_paid_order_mails_its_receipt_with_both_parts_and_the_invoice_attached() {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    email_on(&shop, &smtp);
    let order = buy(&shop, &course, "jana@example.com");
    let received = smtp.wait_for(1);
    let m = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(m.subject(), Some("Your receipt for Kurs"));
    assert_eq!(
        m.from().unwrap().first().unwrap().address(),
        Some("kurse@kursmacher.test")
    );
    assert_eq!(
        m.from().unwrap().first().unwrap().name(),
        Some("Kursmacher")
    );
    assert_eq!(
        m.reply_to().unwrap().first().unwrap().address(),
        Some("hilfe@kursmacher.test")
    );
    assert_eq!(
        m.to().unwrap().first().unwrap().address(),
        Some("jana@example.com")
    );
    let text = m.body_text(0).unwrap();
    let html = m.body_html(0).unwrap();
    for part in [&text, &html] {
        assert!(part.contains("We received €58.31 for Kurs"), "{part}");
        assert!(
            part.contains(&format!("Your invoice {} is attached", number(1))),
            "{part}"
        );
        assert!(
            part.contains(&format!(
                "/thank-you/{}",
                order["payment_ref"].as_str().unwrap()
            )),
            "{part}"
        );
    }
    assert!(html.contains("<html"), "{html}");
    let pdf = m.attachments().next().expect("the invoice is attached");
    assert_eq!(
        pdf.attachment_name(),
        Some(format!("{}.pdf", number(1)).as_str())
    );
    assert_eq!(
        pdf.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("application", Some("pdf")))
    );
    let invoice = pdf_text(pdf.contents());
    assert!(
        invoice.contains("Invoice") && invoice.contains("€58.31"),
        "{invoice}"
    );
    let detail = shop.order_detail(&order["id"]);
    let emails = detail["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 1, "{detail}");
    assert_eq!(
        (&emails[0]["kind"], &emails[0]["state"]),
        (&json!("receipt"), &json!("sent"))
    );

    // A refund mails the credit note.
    shop.event(
        "evt_r",
        "payment.refunded",
        order["payment_ref"].as_str().unwrap(),
        crate::purchase::now(),
        crate::purchase::SECRET,
    );
    let received = smtp.wait_for(2);
    let refund = MessageParser::default().parse(&received[1]).unwrap();
    assert_eq!(refund.subject(), Some("Your refund for Kurs"));
    assert!(refund.body_text(0).unwrap().contains("we refunded €58.31"));
    let note = refund
        .attachments()
        .next()
        .expect("the credit note is attached");
    assert!(pdf_text(note.contents()).contains("Credit note"));
}

#[test]
fn mail_sent_while_the_smtp_server_is_down_arrives_once_it_is_back() {
    let mut smtp = SmtpServer::down();
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    email_on(&shop, &smtp);
    let order = buy(&shop, &course, "jana@example.com");
    // The scheduler tries, fails, and waits before trying again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let failing = loop {
        let detail = shop.order_detail(&order["id"]);
        let email = detail["emails"][0].clone();
        if email["attempts"].as_i64().unwrap_or(0) >= 1 {
            break email;
        }
        assert!(std::time::Instant::now() < deadline, "no try: {detail}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(failing["state"], "pending");
    assert!(failing["last_error"].is_string(), "{failing}");
    smtp.up();
    let received = smtp.wait_for(1);
    assert_eq!(received.len(), 1);
    let sent = shop.wait_order("jana@example.com", "sent", |_| {
        shop.order_detail(&order["id"])["emails"][0]["state"] == "sent"
    });
    assert_eq!(sent["id"], order["id"]);
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(smtp.messages().len(), 1, "sent once");
}

#[test]
fn without_smtp_settings_nothing_is_queued() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    let order = buy(&shop, &course, "jana@example.com");
    assert_eq!(shop.order_detail(&order["id"])["emails"], json!([]));
}

#[test]
fn the_consent_checkboxes_are_required_kept_on_the_order_and_repeated_in_the_receipt() {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, _) = shop_with(&vies);
    email_on(&shop, &smtp);
    let product = shop.sell(
        json!({"name": "Videokurs", "kartra_tag": crate::purchase::TAG,
               "prices": [{"kind": "one_time", "currency": "EUR", "amount": 2900}]}),
        "video",
        &["test"],
    );
    let page_id = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None)
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "video")
        .unwrap()["id"]
        .clone();
    let page = json!({"title": "video", "slug": "video", "product_id": product["id"], "gateways": ["test"],
        "published": true, "language": "de", "terms_url": "https://kursmacher.test/agb", "waiver": true});
    let saved = api(
        &shop.server.base,
        "PUT",
        &format!("/pages/{page_id}"),
        Some(&shop.token),
        Some(&page.to_string()),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);

    let form = Browser::new(&shop.server.base).get("/p/video");
    assert!(
        form.body.contains(r#"href="https://kursmacher.test/agb""#),
        "{}",
        form.body
    );
    assert!(form.body.contains("Widerrufsrecht"), "{}", form.body);
    let price = product["prices"][0]["id"].to_string();
    let base_fields = vec![
        ("email", "jana@example.com"),
        ("first_name", "Jana"),
        ("last_name", "Novak"),
        ("price_id", price.as_str()),
        ("gateway", "test"),
    ];
    let unticked = Browser::new(&shop.server.base).post("/p/video/checkout", &base_fields);
    assert_eq!(unticked.status, 422);
    assert!(
        unticked.body.contains("setzen Sie dieses Häkchen"),
        "{}",
        unticked.body
    );
    assert!(shop.orders("jana@example.com").is_empty());

    let mut fields = base_fields.clone();
    fields.extend([("terms", "on"), ("waiver", "on")]);
    let placed = Browser::new(&shop.server.base).post("/p/video/checkout", &fields);
    assert_eq!(placed.status, 303, "{}", placed.body);
    shop.press(placed.header("location").unwrap(), "complete");
    let order = shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    assert_eq!(order["consent"]["terms_url"], "https://kursmacher.test/agb");
    assert!(order["consent"]["terms_accepted_at"].is_string());
    assert!(order["consent"]["waiver_text"]
        .as_str()
        .unwrap()
        .contains("Widerrufsrecht"));
    let received = smtp.wait_for(1);
    let receipt = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(receipt.subject(), Some("Ihre Quittung für Videokurs"));
    let text = receipt.body_text(0).unwrap();
    assert!(
        text.contains("Sie haben die AGB (https://kursmacher.test/agb)"),
        "{text}"
    );
    assert!(
        text.contains("„Ich verlange den sofortigen Zugang"),
        "{text}"
    );
}

#[test]
fn the_dashboard_sets_up_email_sends_a_test_and_resends_an_orders_email() {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    let admin = shop.server.admin();
    let overview = admin.get("/admin");
    assert!(
        overview.body.contains("Email is not set up"),
        "{}",
        overview.body
    );
    let page = admin.get("/admin/settings/email");
    assert_eq!(page.status, 200);
    let csrf = crate::harness::csrf_of(&page.body);
    let refused = admin.post(
        "/admin/settings/email",
        &[
            ("csrf", &csrf),
            ("action", "save"),
            ("smtp_url", "ftp://x"),
            ("from", "Kurse <kurse@kursmacher.test>"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("must be smtp://"), "{}", refused.body);
    let saved = admin.post(
        "/admin/settings/email",
        &[
            ("csrf", &csrf),
            ("action", "save"),
            ("smtp_url", &smtp.url()),
            ("from", "Kurse <kurse@kursmacher.test>"),
        ],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("Saved."), "{}", saved.body);
    let tested = admin.post(
        "/admin/settings/email",
        &[
            ("csrf", &csrf),
            ("action", "test"),
            ("to", "owner@kursmacher.test"),
        ],
    );
    assert!(
        tested.body.contains("The SMTP server took the test email"),
        "{}",
        tested.body
    );
    smtp.wait_for(1);
    assert!(!admin.get("/admin").body.contains("Email is not set up"));

    let order = buy(&shop, &course, "jana@example.com");
    smtp.wait_for(2);
    let page = admin.get(&format!("/admin/orders/{}", order["id"]));
    assert!(
        page.body.contains("receipt email") && page.body.contains("sent to jana@example.com"),
        "{}",
        page.body
    );
    let email_id = shop.order_detail(&order["id"])["emails"][0]["id"].clone();
    let resent = admin.post(
        &format!("/admin/orders/{}/emails/{email_id}/resend", order["id"]),
        &[("csrf", &csrf)],
    );
    assert_eq!(resent.status, 303, "{}", resent.body);
    let received = smtp.wait_for(3);
    let again = MessageParser::default().parse(&received[2]).unwrap();
    assert_eq!(again.subject(), Some("Your receipt for Kurs"));
    assert_eq!(
        shop.order_detail(&order["id"])["emails"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_merchants_own_template_is_previewed_and_sent_and_a_wrong_placeholder_is_refused() {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    email_on(&shop, &smtp);
    let admin = shop.server.admin();
    let page = admin.get("/admin/settings/email");
    let csrf = crate::harness::csrf_of(&page.body);
    let refused = admin.post(
        "/admin/settings/email",
        &[
            ("csrf", &csrf),
            ("action", "templates"),
            ("subject.receipt", "Danke, {name}"),
            ("body.receipt", "Für {prodcut}."),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("{prodcut} is not a placeholder"),
        "{}",
        refused.body
    );
    let saved = admin.post(
        "/admin/settings/email",
        &[
            ("csrf", &csrf),
            ("action", "templates"),
            ("subject.receipt", "Danke, {name}!"),
            (
                "body.receipt",
                "Sie haben {product} für {amount} gekauft.\n\nViel Erfolg!",
            ),
        ],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let preview = admin.get("/admin/settings/email/preview/receipt");
    assert!(
        preview.body.contains("Danke, Jana!")
            && preview
                .body
                .contains("Sie haben Online course für €49.00 gekauft."),
        "{}",
        preview.body
    );
    let html = admin.get("/admin/settings/email/preview/receipt/html");
    assert!(
        html.body.contains("<html") && html.body.contains("Viel Erfolg!"),
        "{}",
        html.body
    );
    let built_in = admin.get("/admin/settings/email/preview/cancellation");
    assert!(
        built_in
            .body
            .contains("Your subscription to Online course is cancelled"),
        "{}",
        built_in.body
    );

    buy(&shop, &course, "jana@example.com");
    let received = smtp.wait_for(1);
    let m = MessageParser::default().parse(&received[0]).unwrap();
    assert_eq!(m.subject(), Some("Danke, Jana!"));
    let text = m.body_text(0).unwrap();
    assert!(
        text.contains("Sie haben Kurs für €49.00 gekauft.\n\nViel Erfolg!"),
        "{text}"
    );
}

#[test]
fn a_subscription_mails_each_renewal_with_its_invoice_one_failed_notice_per_streak_and_its_cancellation(
) {
    let smtp = SmtpServer::start();
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    email_on(&shop, &smtp);
    let placed = checkout(&shop, &course, 1, &[("country", "AT")]);
    assert_eq!(placed.status, 303, "{}", placed.body);
    let pay_page = placed.header("location").unwrap().to_string();
    shop.press(&pay_page, "complete");
    let order = shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    let payment_ref = order["payment_ref"].as_str().unwrap();
    smtp.wait_for(1);
    assert_eq!(shop.press(&pay_page, "renew").status, 303);
    let received = smtp.wait_for(2);
    let renewal = MessageParser::default().parse(&received[1]).unwrap();
    assert_eq!(renewal.subject(), Some("Your payment for Kurs"));
    assert!(renewal
        .body_text(0)
        .unwrap()
        .contains("Your payment of €22.80 for Kurs went through."));
    let invoice = pdf_text(
        renewal
            .attachments()
            .next()
            .expect("its invoice")
            .contents(),
    );
    assert!(
        invoice.contains(&number(2)) && invoice.contains("VAT 20%") && invoice.contains("€22.80"),
        "{invoice}"
    );

    let now = crate::purchase::now();
    let secret = crate::purchase::SECRET;
    shop.event(
        "evt_f1",
        "subscription.payment_failed",
        payment_ref,
        now,
        secret,
    );
    shop.event(
        "evt_f2",
        "subscription.payment_failed",
        payment_ref,
        now,
        secret,
    );
    shop.event("evt_c", "subscription.cancelled", payment_ref, now, secret);
    let received = smtp.wait_for(4);
    let subjects: Vec<String> = (received.iter())
        .map(|m| {
            MessageParser::default()
                .parse(m)
                .unwrap()
                .subject()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(
        subjects[2..],
        [
            "Your payment for Kurs did not go through",
            "Your subscription to Kurs is cancelled"
        ],
        "one failed-payment notice for the streak: {subjects:?}"
    );
    let cancelled = MessageParser::default().parse(&received[3]).unwrap();
    assert!(
        cancelled
            .body_text(0)
            .unwrap()
            .contains("Your access ends on"),
        "{:?}",
        cancelled.body_text(0)
    );
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(smtp.messages().len(), 4);
}
