//! The dashboard's coupons: create with field errors, the list in words, pause/resume, the
//! redemptions, delete; every form needs its CSRF token.

use super::{monthly, one_time, Shop};
use crate::harness::csrf_of;
use serde_json::json;

#[test]
fn a_coupon_is_created_listed_in_words_paused_resumed_and_deleted_from_the_dashboard() {
    let shop = Shop::open(&[]);
    let product = shop.sell("club", "test", monthly(1900));
    let admin = shop.app.admin();
    let pid = product["id"].to_string();

    // Refused without the token, and refused with field errors beside their fields.
    let fields = [
        ("code", "LAUNCH"),
        ("percent_off", "20"),
        ("duration", "repeating"),
        ("duration_in_months", "3"),
    ];
    assert_eq!(admin.post("/admin/coupons", &fields).status, 403);
    let bad = [
        ("code", "has space"),
        ("percent_off", "20"),
        ("amount_off", "5.00"),
        ("currency", "USD"),
        ("duration", "repeating"),
    ];
    let res = admin.submit("/admin/coupons/new", "/admin/coupons", &bad);
    assert_eq!(res.status, 422, "{}", res.body);
    for message in [
        "must be 1 to 40 letters",
        "not both",
        "is required with repeating",
    ] {
        assert!(res.body.contains(message), "{message}: {}", res.body);
    }
    assert!(
        res.body.contains(r#"value="has space""#),
        "the form comes back as typed"
    );
    assert!(shop
        .call("GET", "/coupons", None)
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    let mut good = fields.to_vec();
    good.push(("product_ids", &pid));
    good.push(("expires_at", "2030-01-01T12:00"));
    good.push(("max_redemptions", "5"));
    let res = admin.submit("/admin/coupons/new", "/admin/coupons", &good);
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/coupons")),
        "{}",
        res.body
    );
    let res = admin.submit(
        "/admin/coupons/new",
        "/admin/coupons",
        &[
            ("code", "TEN"),
            ("amount_off", "10.00"),
            ("currency", "usd"),
        ],
    );
    assert_eq!(res.status, 303, "{}", res.body);
    let coupon = &shop.call("GET", "/coupons", None).json()[0];
    assert_eq!(coupon["expires_at"], "2030-01-01T12:00:00Z");
    assert_eq!(coupon["product_ids"], json!([product["id"]]));

    let list = admin.get("/admin/coupons").body;
    for text in [
        "20% off, first 3 months",
        "$10.00 off once",
        "Course club",
        "All products",
        "0 / 5",
        "2030-01-01 12:00 UTC",
        "active",
        r#"href="/admin/coupons""#,
    ] {
        assert!(list.contains(text), "{text} in {list}");
    }

    // Pause and resume, each with the token.
    let pause = format!("/admin/coupons/{}/pause", coupon["id"]);
    assert_eq!(admin.post(&pause, &[]).status, 403);
    let res = admin.post(&pause, &[("csrf", &csrf_of(&list))]);
    assert_eq!(res.status, 303);
    assert!(admin.get("/admin/coupons").body.contains(">paused<"));
    let res = shop.checkout("club", &product, "buyer@example.com", "launch");
    assert!(res.body.contains("is paused"), "{}", res.body);
    let resume = format!("/admin/coupons/{}/resume", coupon["id"]);
    assert_eq!(
        admin.post(&resume, &[("csrf", &csrf_of(&list))]).status,
        303
    );
    assert_eq!(
        shop.checkout("club", &product, "buyer@example.com", "launch")
            .status,
        303
    );

    // The edit page shows the order that used it, linked; editing keeps its fields.
    let page_path = format!("/admin/coupons/{}", coupon["id"]);
    let page = admin.get(&page_path).body;
    let order = shop.order("buyer@example.com");
    assert!(
        page.contains(&format!(r#"href="/admin/orders/{}""#, order["id"])),
        "{page}"
    );
    assert!(
        page.contains("buyer@example.com") && page.contains(r#"value="2030-01-01T12:00""#),
        "{page}"
    );
    let mut edited = good.clone();
    edited[1] = ("percent_off", "25");
    assert_eq!(admin.submit(&page_path, &page_path, &edited).status, 303);
    assert_eq!(
        shop.call("GET", &format!("/coupons/{}", coupon["id"]), None)
            .json()["percent_off"],
        25
    );

    // A code another coupon has (whatever its case) is refused beside the field.
    let res = admin.submit(
        &page_path,
        &page_path,
        &[("code", "ten"), ("percent_off", "5")],
    );
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("is already used by another coupon"),
        "{}",
        res.body
    );

    let delete = format!("/admin/coupons/{}/delete", coupon["id"]);
    assert!(page.contains("Yes, delete LAUNCH"), "asked first");
    assert_eq!(admin.post(&delete, &[]).status, 403);
    assert_eq!(
        admin.post(&delete, &[("csrf", &csrf_of(&page))]).status,
        303
    );
    assert_eq!(admin.get(&page_path).status, 404);
    assert_eq!(
        shop.order("buyer@example.com")["coupon_code"],
        "LAUNCH",
        "the order keeps its code"
    );
}

#[test]
fn a_used_up_or_expired_coupon_says_so_in_the_list() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    let soon = tagcart::clock::rfc3339(shop.app.now() + 60);
    shop.coupon(json!({"code": "ONE", "percent_off": 10, "max_redemptions": 1}));
    shop.coupon(json!({"code": "SOON", "percent_off": 10, "expires_at": soon}));
    assert_eq!(
        shop.checkout("course", &product, "a@example.com", "one")
            .status,
        303
    );
    shop.app.advance(60);
    let list = shop.app.admin().get("/admin/coupons").body;
    for text in ["1 / 1", ">used up<", ">expired<"] {
        assert!(list.contains(text), "{text} in {list}");
    }
}
