//! The money paperwork, end to end: tax at checkout (a strict fake VIES), invoices and credit
//! notes read back with a real PDF reader, and mail through a real SMTP server.

use crate::fake_kartra::FakeKartra;
use crate::fake_vies::FakeVies;
use crate::harness::{api, Browser, Resp, Server};
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};

mod email;
mod invoices;
mod tax;

/// A shop whose VAT checks go to `vies`, selling a course in euros at `/p/kurs`: one-time
/// €49.00 and €19.00 a month.
pub fn shop_with(vies: &FakeVies) -> (Shop, Value) {
    let kartra = FakeKartra::with_tags(&[TAG]);
    let server = Server::start_with(
        tempfile::tempdir().unwrap(),
        &["--kartra-api-url", &kartra.url, "--vies-url", &vies.url],
    );
    let shop = Shop::set_up(server, kartra, true);
    let course = shop.sell(
        json!({"name": "Kurs", "kartra_tag": TAG, "prices": [
            {"kind": "one_time", "currency": "EUR", "amount": 4900},
            {"kind": "subscription", "currency": "EUR", "amount": 1900, "interval": "month"}]}),
        "kurs",
        &["test"],
    );
    (shop, course)
}

/// Tax on, sold from Germany, with `settings` merged in.
pub fn tax_on(shop: &Shop, settings: Value) -> Resp {
    let mut body = json!({"enabled": true, "prices_include_tax": false, "origin_country": "DE",
        "seller": {"name": "Kursmacher GmbH", "address": "Hauptstr. 1\n10115 Berlin", "vat_id": "DE123456789",
                   "support_email": "hilfe@kursmacher.test"}});
    for (k, v) in settings.as_object().unwrap() {
        body[k] = v.clone();
    }
    api(
        &shop.server.base,
        "PUT",
        "/settings/tax",
        Some(&shop.token),
        Some(&body.to_string()),
    )
}

/// A buyer's checkout on `/p/kurs` for price option `price` of `course`, with `extra` fields
/// (which replace the buyer's defaults).
pub fn checkout(shop: &Shop, course: &Value, price: usize, extra: &[(&str, &str)]) -> Resp {
    let price = course["prices"][price]["id"].to_string();
    let mut fields = vec![
        ("email", "jana@example.com"),
        ("first_name", "Jana"),
        ("last_name", "Novak"),
        ("price_id", price.as_str()),
        ("gateway", "test"),
    ];
    fields.retain(|(name, _)| !extra.iter().any(|(other, _)| other == name));
    fields.extend_from_slice(extra);
    Browser::new(&shop.server.base).post("/p/kurs/checkout", &fields)
}

/// The newest order of `email`, as the API shows it.
pub fn newest(shop: &Shop, email: &str) -> Value {
    shop.orders(email).into_iter().next().unwrap_or(Value::Null)
}

/// GETs a PDF (with the API token when given): its status, content type and bytes.
pub fn get_pdf(shop: &Shop, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    let mut req = ureq::get(&format!("{}{path}", shop.server.base));
    if let Some(token) = token {
        req = req.set("Authorization", &format!("Bearer {token}"));
    }
    let res = match req.call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let (status, kind) = (res.status(), res.content_type().to_string());
    let mut bytes = vec![];
    std::io::Read::read_to_end(&mut res.into_reader(), &mut bytes).unwrap();
    (status, kind, bytes)
}

/// The text of a PDF as poppler's `pdftotext` reads it (layout kept, so a line's label and
/// amount stay on one line).
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by ./test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// This year's document number `n`, as the server numbers them (its clock is the wall clock).
pub fn number(n: u32) -> String {
    let year = 1970 + (crate::purchase::now() / 31_556_952) as i32;
    format!("{year}-{n:06}")
}
