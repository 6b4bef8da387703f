//! Orders with more than one line (issue 15): what the dashboard shows of them.

use crate::coupons::{one_time, Shop};

const BUYER: &str = "jane@example.com";

/// An order with more than its main line lists each product, its line's kind, amount and tag on
/// its dashboard page; an upsell's order links the order it followed. (Lines are written here
/// as a bump or an upsell will write them.)
#[test]
fn the_order_page_lists_each_line_and_the_order_an_upsell_followed() {
    let shop = Shop::open(&[]);
    let product = shop.sell("course", "test", one_time(4900));
    let workbook = shop.sell("workbook", "test", one_time(900));
    shop.checkout("course", &product, BUYER, "");
    shop.checkout("workbook", &workbook, "other@example.com", "");
    let (main, upsell) = (shop.order(BUYER), shop.order("other@example.com"));
    let conn = shop.app.pool.get().unwrap();
    conn.execute(
        "INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
         VALUES (?1, 'bump', ?2, ?3, 'one_time', 900, 'USD')",
        rusqlite::params![
            main["id"].as_i64(),
            workbook["id"].as_i64(),
            workbook["prices"][0]["id"].as_i64()
        ],
    )
    .unwrap();
    conn.execute(
        "UPDATE orders SET parent_order_id = ?1 WHERE id = ?2",
        [main["id"].as_i64(), upsell["id"].as_i64()],
    )
    .unwrap();
    let admin = shop.app.admin();
    let page = admin.get(&format!("/admin/orders/{}", main["id"])).body;
    for words in [
        "<dt>Products</dt>",
        ">Course course</a> (main, $49.00) <code>",
        ">Course workbook</a> (bump, $9.00) <code>",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    let page = admin.get(&format!("/admin/orders/{}", upsell["id"])).body;
    let link = format!(
        "<dt>Upsell of</dt><dd><a href=\"/admin/orders/{0}\">Order #{0}</a>",
        main["id"]
    );
    assert!(page.contains(&link), "{page}");
    assert!(shop.order(BUYER)["lines"].as_array().unwrap().len() == 2);
}
