//! The money paperwork, end to end: tax at checkout (a strict fake VIES), invoices and credit
//! notes read back with a real PDF reader, and mail through a real SMTP server.

use crate::fake_kartra::FakeKartra;
use crate::fake_vies::FakeVies;
use crate::harness::{api, Browser, Resp, Server};
use crate::purchase::{Shop, TAG};
use serde_json::{json, Value};

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
