use super::*;

/// A German consumer buys the €49.00 course (tax added: €58.31) and pays.
fn paid_order(shop: &Shop, course: &Value, email: &str) -> Value {
    let placed = checkout(
        shop,
        course,
        0,
        &[
            ("country", "DE"),
            ("email", email),
            ("city", "Köln"),
            ("zip", "50667"),
            ("address", "Domplatz 1"),
        ],
    );
    assert_eq!(placed.status, 303, "{}", placed.body);
    let pay_page = placed.header("location").unwrap().to_string();
    assert_eq!(shop.press(&pay_page, "complete").status, 303);
    shop.wait_order(email, "completed", |o| o["status"] == "completed")
}

#[test]
fn a_paid_order_gets_a_numbered_pdf_invoice_and_its_refund_a_credit_note() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let order = paid_order(&shop, &course, "jana@example.com");
    assert_eq!(order["invoice_number"], number(1));

    let path = format!("/api/v1/orders/{}/invoice", order["id"]);
    let (status, kind, pdf) = get_pdf(&shop, &path, Some(&shop.token));
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    for expected in [
        "Invoice",
        number(1).as_str(),
        "Kursmacher GmbH",
        "Hauptstr. 1",
        "VAT ID DE123456789",
        "Jana Novak",
        "Domplatz 1",
        "50667 Köln",
        "Germany",
        "Kurs",
        "€49.00",
        "VAT 19%",
        "€9.31",
        "€58.31",
        "Paid in full",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    let (status, _, _) = get_pdf(&shop, &path, None);
    assert_eq!(status, 401, "the API's invoice needs a token");

    // The buyer's receipt links to it; another order's address does not reach it.
    let receipt = Browser::new(&shop.server.base).get(&format!(
        "/thank-you/{}",
        order["payment_ref"].as_str().unwrap()
    ));
    let link = format!(
        "/thank-you/{}/invoice/{}",
        order["payment_ref"].as_str().unwrap(),
        number(1)
    );
    assert!(receipt.body.contains(&link), "{}", receipt.body);
    let (status, kind, buyers) = get_pdf(&shop, &link, None);
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert_eq!(pdf_text(&buyers), text);
    let other = paid_order(&shop, &course, "other@example.com");
    assert_eq!(other["invoice_number"], number(2));
    let foreign = format!(
        "/thank-you/{}/invoice/{}",
        other["payment_ref"].as_str().unwrap(),
        number(1)
    );
    assert_eq!(get_pdf(&shop, &foreign, None).0, 404);

    // A refund: a credit note cancelling the invoice, with the amounts negated.
    let event = shop.event(
        "evt_refund_1",
        "payment.refunded",
        order["payment_ref"].as_str().unwrap(),
        crate::purchase::now(),
        crate::purchase::SECRET,
    );
    assert_eq!(event.status, 200, "{}", event.body);
    let detail = shop.order_detail(&order["id"]);
    let documents = detail["invoices"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "{detail}");
    assert_eq!(documents[1]["kind"], "credit_note");
    assert_eq!(documents[1]["number"], number(3));
    assert_eq!(documents[1]["corrects"], number(1));
    assert_eq!(
        (&documents[1]["total"], &documents[1]["tax"]),
        (&json!(-5831), &json!(-931))
    );
    let (_, _, note) = get_pdf(
        &shop,
        &format!("{path}?number={}", number(3)),
        Some(&shop.token),
    );
    let note = pdf_text(&note);
    assert!(
        note.contains("Credit note") && note.contains(&format!("Cancels invoice {}", number(1))),
        "{note}"
    );
    assert!(
        note.contains("-€58.31") || note.contains("−€58.31"),
        "{note}"
    );
    // The dashboard's order page lists both, each a link to its PDF.
    let admin = shop.server.admin();
    let page = admin.get(&format!("/admin/orders/{}", order["id"]));
    let admin_link = format!("/admin/orders/{}/invoice/{}", order["id"], number(3));
    assert!(
        page.body.contains(&admin_link) && page.body.contains("credit note"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("€9.31 at 19%") || page.body.contains("at 19%"),
        "{}",
        page.body
    );
    let signed_out = get_pdf(&shop, &admin_link, None);
    assert_ne!(
        signed_out.1, "application/pdf",
        "the dashboard's link needs a signed-in admin"
    );
    // The same refund delivered again issues nothing more.
    shop.event(
        "evt_refund_1",
        "payment.refunded",
        order["payment_ref"].as_str().unwrap(),
        crate::purchase::now(),
        crate::purchase::SECRET,
    );
    assert_eq!(
        shop.order_detail(&order["id"])["invoices"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_partial_refund_gets_a_credit_note_for_its_part_and_the_rest_for_what_is_left() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let order = paid_order(&shop, &course, "jana@example.com");
    let refund = |body: &str| {
        let path = format!("/orders/{}/refund", order["id"]);
        api(
            &shop.server.base,
            "POST",
            &path,
            Some(&shop.token),
            Some(body),
        )
    };
    let part = refund(r#"{"amount": 1190, "reason": "Kapitel 3 fehlte"}"#);
    assert_eq!(part.status, 202, "{}", part.body);
    let detail = shop.order_detail(&order["id"]);
    assert_eq!(
        (detail["status"].as_str(), detail["refunded"].as_i64()),
        (Some("completed"), Some(1190))
    );
    let documents = detail["invoices"].as_array().unwrap();
    assert_eq!(documents.len(), 2, "{detail}");
    assert_eq!(documents[1]["kind"], "credit_note");
    assert_eq!(documents[1]["corrects"], number(1));
    assert_eq!(
        (
            &documents[1]["total"],
            &documents[1]["net"],
            &documents[1]["tax"]
        ),
        (&json!(-1190), &json!(-1000), &json!(-190)),
        "the part refunded, its tax at the invoice's rate"
    );
    let path = format!(
        "/api/v1/orders/{}/invoice?number={}",
        order["id"],
        number(2)
    );
    let (_, _, note) = get_pdf(&shop, &path, Some(&shop.token));
    let note = pdf_text(&note);
    assert!(
        note.contains(&format!("Partial refund of invoice {}", number(1))),
        "{note}"
    );
    assert!(note.contains("€11.90"), "{note}");

    let rest = refund("");
    assert_eq!(rest.status, 202, "{}", rest.body);
    let detail = shop.order_detail(&order["id"]);
    assert_eq!(
        (detail["status"].as_str(), detail["refunded"].as_i64()),
        (Some("refunded"), Some(5831))
    );
    let documents = detail["invoices"].as_array().unwrap();
    assert_eq!(documents.len(), 3, "{detail}");
    assert_eq!(
        documents[2]["total"], -4641,
        "what was left of the invoice: {detail}"
    );
    assert_eq!(documents[2]["corrects"], number(1));
}

#[test]
fn a_reverse_charged_invoice_says_so_and_names_the_buyers_vat_id() {
    let vies = FakeVies::with(&["FR40303265045"]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let placed = checkout(
        &shop,
        &course,
        0,
        &[
            ("country", "FR"),
            ("company", "Acme SAS"),
            ("vat_id", "FR40303265045"),
        ],
    );
    assert_eq!(placed.status, 303, "{}", placed.body);
    shop.press(placed.header("location").unwrap(), "complete");
    let order = shop.wait_order("jana@example.com", "completed", |o| {
        o["status"] == "completed"
    });
    let (_, _, pdf) = get_pdf(
        &shop,
        &format!("/api/v1/orders/{}/invoice", order["id"]),
        Some(&shop.token),
    );
    let text = pdf_text(&pdf);
    for expected in [
        "Acme SAS",
        "VAT ID FR40303265045",
        "VAT 0%",
        "€49.00",
        "Reverse charge",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

/// Regenerates the README's picture of an invoice (its first page, through poppler's
/// pdftoppm): `cargo test --test it picture_of_an_invoice -- --ignored`.
#[test]
#[ignore]
fn picture_of_an_invoice() {
    let vies = FakeVies::with(&[]);
    let (shop, course) = shop_with(&vies);
    assert_eq!(tax_on(&shop, json!({})).status, 200);
    let order = paid_order(&shop, &course, "jana@example.com");
    let (_, _, pdf) = get_pdf(
        &shop,
        &format!("/api/v1/orders/{}/invoice", order["id"]),
        Some(&shop.token),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots/invoice");
    let ok = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&path)
        .arg(&out)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Every order's invoice numbers, sorted.
fn all_numbers(base: &str, token: &str) -> Vec<String> {
    let orders = api(base, "GET", "/orders?limit=1000", Some(token), None).json();
    let mut numbers: Vec<String> = (orders.as_array().unwrap().iter())
        .filter_map(|o| o["invoice_number"].as_str().map(str::to_string))
        .collect();
    numbers.sort();
    numbers
}

/// Posts the order's signed completion event; its status, or 0 when the server went away
/// mid-request (the kill -9 test), where `Shop::event` would panic.
fn completion(base: &str, payment_ref: &str) -> u16 {
    let t = crate::purchase::now();
    let body =
        json!({"id": format!("evt_{payment_ref}"), "type": "payment.completed", "created": t,
        "data": {"payment_ref": payment_ref}})
        .to_string();
    let sig = crate::purchase::signature(crate::purchase::SECRET, t, &body);
    let res = ureq::post(&format!("{base}/webhooks/test"))
        .set("Content-Type", "application/json")
        .set("Tagcart-Signature", &sig)
        .send_string(&body);
    match res {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r.status(),
        Err(_) => 0,
    }
}

#[test]
fn concurrent_completions_take_every_number_once_without_a_gap() {
    let shop = Shop::open();
    let refs: Vec<String> = (0..40)
        .map(|i| shop.place(&format!("b{i}@example.com")))
        .collect();
    let base = shop.server.base.clone();
    std::thread::scope(|s| {
        for chunk in refs.chunks(5) {
            let base = &base;
            s.spawn(move || {
                for r in chunk {
                    assert_eq!(completion(base, r), 200);
                    // A processor's retry of the same event issues nothing more.
                    assert_eq!(completion(base, r), 200);
                }
            });
        }
    });
    let expected: Vec<String> = (1..=40).map(number).collect();
    assert_eq!(all_numbers(&base, &shop.token), expected);
}

#[test]
fn after_kill_9_in_the_middle_of_completions_numbers_neither_repeat_nor_skip() {
    let shop = Shop::open();
    let refs: Vec<String> = (0..60)
        .map(|i| shop.place(&format!("k{i}@example.com")))
        .collect();
    let Shop {
        server,
        kartra,
        token,
        ..
    } = shop;
    let base = server.base.clone();
    let acknowledged = std::sync::atomic::AtomicUsize::new(0);
    let dir = std::thread::scope(|s| {
        for chunk in refs.chunks(15) {
            let (base, acknowledged) = (&base, &acknowledged);
            s.spawn(move || {
                for r in chunk {
                    if completion(base, r) == 200 {
                        acknowledged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            });
        }
        while acknowledged.load(std::sync::atomic::Ordering::SeqCst) < 20 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        server.kill9()
    });
    let done = acknowledged.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        done < 60,
        "killed while completions were under way ({done} acknowledged)"
    );
    let server = Server::start_with(dir, &["--kartra-api-url", &kartra.url]);
    let before = all_numbers(&server.base, &token);
    assert!(
        before.len() >= done,
        "every acknowledged completion kept its invoice"
    );
    assert_eq!(
        before,
        (1..=before.len() as u32).map(number).collect::<Vec<_>>()
    );
    // The processor delivers every event again (it got no answer for some).
    for r in &refs {
        assert_eq!(completion(&server.base, r), 200);
    }
    let after = all_numbers(&server.base, &token);
    assert_eq!(after, (1..=60).map(number).collect::<Vec<_>>());
}
