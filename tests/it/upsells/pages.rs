//! A page's bump and upsell through the API: what a page may offer, and what stays in use.

use super::Store;
use serde_json::json;

#[test]
fn a_page_offers_only_prices_of_other_products_it_can_bill_with_its_own() {
    let store = Store::open();
    let bump = |product: &serde_json::Value, price: usize| json!({"product_id": product["id"], "price_id": product["prices"][price]["id"], "headline": "Add it", "text": ""});
    let refused = |bump: serde_json::Value, upsell: serde_json::Value, field: &str, words: &str| {
        let res = store.offer(bump, upsell);
        assert_eq!(res.status, 422, "{field}: {}", res.body);
        let error = res.json()["error"]["fields"][field]
            .as_str()
            .map(str::to_string);
        assert!(
            error.as_deref().is_some_and(|e| e.contains(words)),
            "{field}: {}",
            res.body
        );
    };
    refused(
        bump(&store.course, 0),
        json!(null),
        "bump.product_id",
        "another product",
    );
    // A subscription bump needs a subscription option it renews with: the same interval.
    let yearly = json!({"name": "Yearbook", "kartra_tag": "yearbook", "prices": [
        {"kind": "subscription", "currency": "USD", "amount": 9000, "interval": "year"},
        {"kind": "payment_plan", "currency": "USD", "amount": 300, "interval": "month", "installments": 3}]});
    let yearly = store.shop.call("POST", "/products", Some(yearly)).json();
    refused(
        bump(&yearly, 0),
        json!(null),
        "bump.price_id",
        "is $90.00 every year, but no price option the page shows is billed with it",
    );
    refused(
        bump(&yearly, 1),
        json!(null),
        "bump.price_id",
        "must be a one-time price or a subscription",
    );
    let res = store.offer(bump(&store.workbook, 1), json!(null));
    assert_eq!(
        res.status, 200,
        "a monthly bump beside the monthly course: {}",
        res.body
    );
    refused(
        json!(null),
        bump(&store.coaching, 1),
        "upsell.price_id",
        "one-time",
    );
    refused(
        json!({"product_id": store.workbook["id"], "price_id": store.coaching["prices"][0]["id"], "headline": "x"}),
        json!(null),
        "bump.price_id",
        "not a price option of that product",
    );
    refused(
        json!({"product_id": store.workbook["id"], "price_id": store.workbook["prices"][0]["id"]}),
        json!(null),
        "bump.headline",
        "is required",
    );
    // A bump in euros beside dollar options: it could not be paid in the same charge.
    let euros = json!({"name": "Euro book", "kartra_tag": "eur", "prices": [{"kind": "one_time", "currency": "EUR", "amount": 900}]});
    let euros = store.shop.call("POST", "/products", Some(euros)).json();
    refused(bump(&euros, 0), json!(null), "bump.price_id", "EUR");
    // The upsell is its own order: another currency is fine.
    let res = store.offer(json!(null), bump(&euros, 0));
    assert_eq!(res.status, 200, "{}", res.body);

    let res = store.offer(bump(&store.workbook, 0), bump(&store.coaching, 0));
    assert_eq!(res.status, 200, "{}", res.body);
    let page = res.json();
    assert_eq!(page["bump"]["headline"], "Add it");
    assert_eq!(page["upsell"]["product_id"], store.coaching["id"]);

    // A product a page offers cannot be deleted.
    let res = store.shop.call(
        "DELETE",
        &format!("/products/{}", store.workbook["id"]),
        None,
    );
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("course"), "{}", res.body);

    // Taking them off: null.
    let res = store.offer(json!(null), json!(null));
    assert_eq!(
        (res.json()["bump"].clone(), res.json()["upsell"].clone()),
        (json!(null), json!(null))
    );
}
