//! Finding orders: the API's filters and cursor, its CSV export parsed back, and the dashboard's
//! list with the same filters.

use super::*;

/// Five orders over two products and pages, two completed; names chosen to be awkward in CSV.
struct Orders {
    shop: Shop,
    bonus: Value,
    bonus_page: Value,
}

fn five_orders() -> Orders {
    let shop = Shop::open();
    let bonus = shop.sell(
        json!({"name": "Bonus, \"Deluxe\"", "kartra_tag": "bonus-buyer",
            "prices": [{"kind": "one_time", "currency": "EUR", "amount": 1999}]}),
        "bonus",
        &["test"],
    );
    let pages = api(&shop.server.base, "GET", "/pages", Some(&shop.token), None).json();
    let bonus_page = (pages.as_array().unwrap().iter())
        .find(|p| p["slug"] == "bonus")
        .unwrap()["id"]
        .clone();
    let pro = shop.product.clone();
    let placed = [
        ("pro", &pro, "ada@example.com", "Ada", "Lovelace", true),
        ("pro", &pro, "grace@example.com", "Grace", "Hopper", false),
        (
            "bonus",
            &bonus,
            "alan@example.com",
            "Alan",
            "Turing, \"Al\"",
            true,
        ),
        ("pro", &pro, "eve@example.com", "@SUM(A1)", "-Evil", false),
        ("bonus", &bonus, "bob@sample.org", "Bob", "Lovelace", false),
    ];
    for (slug, product, email, first, last, complete) in placed {
        let price = product["prices"][0]["id"].to_string();
        let fields = [
            ("email", email),
            ("first_name", first),
            ("last_name", last),
            ("price_id", &price),
            ("gateway", "test"),
        ];
        let res = Browser::new(&shop.server.base).post(&format!("/p/{slug}/checkout"), &fields);
        assert_eq!(res.status, 303, "{}", res.body);
        if complete {
            let paid = shop.press(res.header("location").unwrap(), "complete");
            assert_eq!(paid.status, 303, "{}", paid.body);
        }
    }
    Orders {
        shop,
        bonus,
        bonus_page,
    }
}

impl Orders {
    fn list(&self, query: &str) -> Vec<Value> {
        let res = self.get(&format!("/orders?{query}"));
        assert_eq!(res.status, 200, "{query}: {}", res.body);
        res.json().as_array().unwrap().clone()
    }

    /// The buyers' emails, newest order first.
    fn emails(&self, query: &str) -> Vec<String> {
        (self.list(query).iter())
            .map(|o| o["email"].as_str().unwrap().to_string())
            .collect()
    }

    fn get(&self, path: &str) -> crate::harness::Resp {
        api(
            &self.shop.server.base,
            "GET",
            path,
            Some(&self.shop.token),
            None,
        )
    }
}

fn today() -> time::Date {
    time::OffsetDateTime::from_unix_timestamp(now())
        .unwrap()
        .date()
}

#[test]
fn orders_are_found_by_each_filter_and_by_them_combined() {
    let o = five_orders();
    let all = [
        "bob@sample.org",
        "eve@example.com",
        "alan@example.com",
        "grace@example.com",
        "ada@example.com",
    ];
    assert_eq!(o.emails(""), all);
    assert_eq!(
        o.emails("status=completed"),
        ["alan@example.com", "ada@example.com"]
    );
    assert_eq!(o.emails("email=GRACE@example.com"), ["grace@example.com"]);
    let bonus = format!("product_id={}", o.bonus["id"]);
    assert_eq!(o.emails(&bonus), ["bob@sample.org", "alan@example.com"]);
    let page = format!("page_id={}", o.bonus_page);
    assert_eq!(o.emails(&page), ["bob@sample.org", "alan@example.com"]);
    assert_eq!(o.emails("gateway=test"), all);
    assert!(o.emails("gateway=stripe").is_empty());
    // `q`: a name (either) or the email contains it, ignoring case.
    assert_eq!(
        o.emails("q=lovelace"),
        ["bob@sample.org", "ada@example.com"]
    );
    assert_eq!(o.emails("q=SAMPLE.ORG"), ["bob@sample.org"]);
    assert_eq!(o.emails("q=%20hop%20"), ["grace@example.com"]);
    assert!(
        o.emails("q=%25").is_empty(),
        "% is a character, not a wildcard"
    );
    let day = today();
    let next = day.next_day().unwrap();
    let previous = day.previous_day().unwrap();
    assert_eq!(o.emails(&format!("from={day}&to={day}")), all);
    assert!(o.emails(&format!("from={next}")).is_empty());
    assert!(o.emails(&format!("to={previous}")).is_empty());
    assert_eq!(o.emails(&format!("to={next}T00:00:00Z")), all);
    assert!(o
        .emails(&format!("to={previous}T23:59:59%2B00:00"))
        .is_empty());
    assert_eq!(
        o.emails(&format!("{bonus}&status=completed&q=turing&from={day}")),
        ["alan@example.com"]
    );
    assert!(o.emails(&format!("{bonus}&q=ada")).is_empty());
}

#[test]
fn bad_filter_values_are_422_naming_the_field() {
    let server = crate::harness::Server::start();
    let token = server.api_token();
    for (query, field) in [
        ("status=paid", "status"),
        ("product_id=pro", "product_id"),
        ("page_id=1.5", "page_id"),
        ("gateway=bitcoin", "gateway"),
        ("from=24/11/2026", "from"),
        ("to=2026-11-31", "to"),
        ("from=2026-11-25&to=2026-11-24", "to"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("starting_after=last", "starting_after"),
    ] {
        for path in ["/orders", "/orders.csv"] {
            let res = api(
                &server.base,
                "GET",
                &format!("{path}?{query}"),
                Some(&token),
                None,
            );
            assert_eq!(res.status, 422, "{path}?{query}: {}", res.body);
            let error = &res.json()["error"];
            assert_eq!(error["code"], "validation_failed", "{query}");
            assert!(error["fields"][field].is_string(), "{query}: {error}");
        }
    }
    let res = api(&server.base, "GET", "/orders.csv", None, None);
    assert_eq!(res.status, 401, "the CSV needs the API token");
}

#[test]
fn cursor_paging_walks_every_order_exactly_once_both_ways() {
    let o = five_orders();
    let everything = o.list("limit=1000");
    let mut walked = Vec::new();
    let mut query = "limit=2".to_string();
    loop {
        let res = o.get(&format!("/orders?{query}"));
        let page = res.json().as_array().unwrap().clone();
        walked.extend(page.iter().map(|p| p["id"].clone()));
        if res.header("tagcart-has-more") != Some("true") {
            break;
        }
        let last = &page.last().unwrap()["id"];
        query = format!("limit=2&starting_after={last}");
    }
    let ids: Vec<Value> = everything.iter().map(|p| p["id"].clone()).collect();
    assert_eq!(walked, ids);
    assert_eq!(walked.len(), 5);
    // Back from the oldest: the newer page just before it, still newest first.
    let oldest = &ids[4];
    let back = o.list(&format!("limit=2&ending_before={oldest}"));
    let back: Vec<Value> = back.iter().map(|p| p["id"].clone()).collect();
    assert_eq!(back, ids[2..4]);
}

/// An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            (false, '\n') => panic!("a record ends with CRLF"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last record ends with CRLF"
    );
    rows
}

#[test]
fn the_csv_parsed_back_is_the_json_list_with_formulas_made_inert() {
    let o = five_orders();
    // Checkout keeps names to one line; an older import may not have: a line break round-trips.
    let db = rusqlite::Connection::open(o.shop.server.data_dir().join("tagcart.db")).unwrap();
    db.execute(
        "UPDATE orders SET first_name = 'Line' || char(13, 10) || 'Break' WHERE email = 'grace@example.com'",
        [],
    )
    .unwrap();
    for query in ["", "status=completed", "q=lovelace", "product_id=999"] {
        let res = o.get(&format!("/orders.csv?{query}"));
        assert_eq!(res.status, 200, "{}", res.body);
        assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
        let disposition = format!("attachment; filename=\"orders-{}.csv\"", today());
        assert_eq!(
            res.header("content-disposition"),
            Some(disposition.as_str())
        );
        let rows = parse_csv(&res.body);
        assert_eq!(rows[0][..3], ["id", "created_at", "status"]);
        let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        let json = o.list(query);
        assert_eq!(rows.len() - 1, json.len(), "{query}");
        for (row, order) in rows[1..].iter().zip(&json) {
            assert_eq!(row.len(), rows[0].len());
            assert_eq!(row[column("id")], order["id"].to_string());
            assert_eq!(
                row[column("created_at")],
                order["created_at"].as_str().unwrap()
            );
            assert_eq!(row[column("status")], order["status"].as_str().unwrap());
            assert_eq!(row[column("email")], order["email"].as_str().unwrap());
            assert_eq!(row[column("product_id")], order["product_id"].to_string());
            assert_eq!(row[column("currency")], order["currency"].as_str().unwrap());
            assert_eq!(row[column("gateway")], order["gateway"].as_str().unwrap());
            let name = |field: &str| {
                let name = order[field].as_str().unwrap().to_string();
                match name.starts_with(['=', '+', '-', '@']) {
                    true => format!("'{name}"),
                    false => name,
                }
            };
            assert_eq!(row[column("first_name")], name("first_name"));
            assert_eq!(row[column("last_name")], name("last_name"));
        }
    }
    let rows = parse_csv(&o.get("/orders.csv").body);
    let by_email = |email: &str| rows.iter().find(|r| r[3] == email).unwrap().clone();
    let eve = by_email("eve@example.com");
    assert_eq!((eve[4].as_str(), eve[5].as_str()), ("'@SUM(A1)", "'-Evil"));
    let alan = by_email("alan@example.com");
    assert_eq!(alan[5], "Turing, \"Al\"");
    assert_eq!(alan[7], "Bonus, \"Deluxe\"");
    assert_eq!((alan[9].as_str(), alan[10].as_str()), ("19.99", "EUR"));
    assert_eq!(by_email("ada@example.com")[9], "49.00");
    assert_eq!(by_email("grace@example.com")[4], "Line\r\nBreak");
}

#[test]
fn the_dashboard_filters_pages_and_downloads_what_it_shows() {
    let o = five_orders();
    let admin = o.shop.server.admin();
    let all = admin.get("/admin/orders");
    assert_eq!(all.status, 200);
    for label in [
        "Search", "Status", "Product", "Page", "Gateway", "From", "To",
    ] {
        assert!(all.body.contains(&format!("{label}</label>")), "{label}");
    }
    assert!(
        all.body.contains("Bonus, &quot;Deluxe&quot;"),
        "product column"
    );
    let found = admin.get("/admin/orders?q=lovelace&status=");
    assert!(found.body.contains("bob@sample.org") && found.body.contains("ada@example.com"));
    assert!(!found.body.contains("grace@example.com"));
    let link = "/admin/orders.csv?q=lovelace";
    assert!(found.body.contains(&format!("href=\"{link}\"")), "CSV link");
    let csv = admin.get(link);
    assert_eq!(csv.status, 200);
    let rows = parse_csv(&csv.body);
    let emails: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(emails, ["bob@sample.org", "ada@example.com"]);
    let bad = admin.get("/admin/orders?from=yesterday");
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("must be a date"), "the error is shown");
    // Pages of two: *Older* walks on, *Newer* comes back.
    let first = admin.get("/admin/orders?limit=2");
    let older = first
        .body
        .split("href=\"")
        .find(|h| h.contains("starting_after"));
    let older = older.expect("an Older link").split('"').next().unwrap();
    let second = admin.get(&older.replace("&amp;", "&"));
    assert!(second.body.contains("alan@example.com") && second.body.contains("grace@example.com"));
    assert!(!second.body.contains("bob@sample.org"));
    assert!(second.body.contains("ending_before"), "a Newer link");
    let anonymous = Browser::new(&o.shop.server.base).get("/admin/orders.csv");
    assert_ne!(anonymous.status, 200, "the CSV needs a session");
}

/// The README's pictures of the orders list: searched, with its filters and the product column,
/// at a phone's and a desktop's size (tests/browser/dashboard.mjs).
#[test]
#[ignore = "writes examples/screenshots/orders-search-*.png; run it by name to refresh them"]
fn screenshots_of_the_orders_search() {
    crate::browser::require_tools();
    let orders = five_orders();
    let shop = &orders.shop;
    shop.server.admin();
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/screenshots");
    let args = [
        shop.server.base.as_str(),
        "admin@example.com",
        crate::harness::PASSWORD,
        out.to_str().unwrap(),
        "orders-search=/admin/orders?q=lovelace",
    ];
    let run = crate::browser::node("dashboard.mjs", &args, std::time::Duration::from_secs(120));
    assert_eq!(run.summary["ok"], true, "{}\n{}", run.summary, run.stderr);
}
