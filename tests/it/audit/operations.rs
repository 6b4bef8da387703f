//! Operations: the page cache, caching headers, health, the CLI and the log.

use crate::harness::{api, cli, Browser, Server, PASSWORD};
use crate::purchase::Shop;
use serde_json::json;

/// `tagcart_page_cache_lookups_total{result="miss"}`: pages rendered since start.
fn renders(server: &Server) -> u64 {
    let metrics = Browser::new(&server.base).get("/metrics").body;
    metrics
        .lines()
        .find(|l| l.starts_with("tagcart_page_cache_lookups_total{result=\"miss\"}"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn junk_requests_keep_pages_cached_and_catalog_writes_refresh_them() {
    let shop = Shop::open();
    let buyer = Browser::new(&shop.server.base);
    assert_eq!(buyer.get("/p/pro").status, 200);
    let rendered = renders(&shop.server);
    assert_eq!(buyer.get("/p/pro").status, 200);
    // Posts that write no catalog: 404s, 401s, a refused sign-in, a checkout.
    assert_eq!(buyer.post("/nowhere", &[]).status, 404);
    assert_eq!(
        api(&shop.server.base, "POST", "/products", None, Some("{}")).status,
        401
    );
    Browser::new(&shop.server.base).sign_in("nobody@example.com", "not the password");
    shop.place("buyer@example.com");
    assert!(buyer.get("/p/pro").body.contains("Pro"));
    assert_eq!(
        renders(&shop.server),
        rendered,
        "served from memory throughout"
    );
    // A catalog write shows on the next request.
    let mut product = shop.product.clone();
    product["name"] = json!("Pro Course, second edition");
    for field in ["id", "created_at", "updated_at"] {
        product.as_object_mut().unwrap().remove(field);
    }
    for price in product["prices"].as_array_mut().unwrap() {
        price.as_object_mut().unwrap().remove("id");
    }
    let res = api(
        &shop.server.base,
        "PUT",
        &format!("/products/{}", shop.product["id"]),
        Some(&shop.token),
        Some(&product.to_string()),
    );
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(buyer.get("/p/pro").body.contains("second edition"));
    assert_eq!(renders(&shop.server), rendered + 1);
}

#[test]
fn pages_with_a_payments_secrets_or_the_buyers_email_are_never_cached() {
    let shop = Shop::open();
    let payment_page = shop.checkout("buyer@example.com", 0);
    let buyer = Browser::new(&shop.server.base);
    let pay = buyer.get(&payment_page);
    assert_eq!(pay.header("cache-control"), Some("no-store"));
    let payment_ref = payment_page.trim_start_matches("/pay/test/");
    let thanks = buyer.get(&format!("/thank-you/{payment_ref}"));
    assert_eq!(
        thanks.header("cache-control"),
        Some("no-store"),
        "{}",
        thanks.status
    );
    assert_eq!(
        buyer.get("/p/pro").header("cache-control"),
        None,
        "the page itself may be cached"
    );
}

#[test]
fn healthz_says_503_while_the_database_cannot_be_written() {
    let server = Server::start();
    let db = rusqlite::Connection::open(server.data_dir().join("tagcart.db")).unwrap();
    // Another process holding the write lock: every checkout would wait, then fail.
    db.execute_batch("BEGIN IMMEDIATE").unwrap();
    let res = Browser::new(&server.base).get("/healthz");
    assert_eq!(
        (res.status, res.body.as_str()),
        (503, "database cannot be written")
    );
    db.execute_batch("ROLLBACK").unwrap();
    let res = Browser::new(&server.base).get("/healthz");
    assert_eq!((res.status, res.body.as_str()), (200, "ok"));
}

#[test]
fn commands_other_than_serve_refuse_a_data_dir_that_does_not_exist() {
    let parent = tempfile::tempdir().unwrap();
    let typo = parent.path().join("typo");
    let (_, backup) = crate::harness::temp_path("backup.db");
    for args in [
        vec!["backup", backup.to_str().unwrap()],
        vec!["user", "add", "a@example.com"],
        vec!["token", "create", "x"],
        vec!["replay", "--order", "1"],
        vec!["doctor"],
    ] {
        let (code, out, err) = cli(&typo, &args, &format!("{PASSWORD}\n"));
        assert_eq!(code, 2, "{args:?}: {out} {err}");
        assert!(
            err.contains(&typo.display().to_string()) && err.contains("does not exist"),
            "{err}"
        );
        assert!(!typo.exists(), "{args:?} created the data dir");
        assert!(!backup.exists());
    }
}

#[test]
fn every_flag_says_what_it_is_for() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        vec!["serve"],
        vec!["doctor"],
        vec!["backup"],
        vec!["replay"],
        vec!["user", "add"],
        vec!["token", "create"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let (code, out, err) = cli(dir.path(), &args, "");
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let flag = line.trim_start();
            if !(flag.starts_with("--") || flag.starts_with("-h") || flag.starts_with('<')) {
                continue;
            }
            // Either `--flag <V>  What it does` on one line, or the text on the next.
            let same_line = flag.split("  ").filter(|p| !p.trim().is_empty()).count() >= 2;
            let next_line = lines
                .get(i + 1)
                .is_some_and(|next| next.starts_with("          ") && !next.trim().is_empty());
            let described = same_line || next_line;
            assert!(described, "{command:?}: {flag} has no description:\n{out}");
        }
    }
    let (_, backup_help, _) = cli(dir.path(), &["backup", "--help"], "");
    assert!(
        backup_help.contains("secret.key") && backup_help.contains("backup file"),
        "{backup_help}"
    );
    let (_, doctor_help, _) = cli(dir.path(), &["doctor", "--help"], "");
    for variable in [
        "TAGCART_KARTRA_API_URL",
        "TAGCART_PUBLIC_URL",
        "TAGCART_STRIPE_API_URL",
    ] {
        assert!(
            doctor_help.contains(variable),
            "doctor reads {variable}: {doctor_help}"
        );
    }
}

#[test]
fn info_logs_orders_and_sign_ins_but_not_every_request() {
    let shop = Shop::open();
    shop.buy("buyer@example.com", 0);
    shop.wait_order("buyer@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    for _ in 0..5 {
        Browser::new(&shop.server.base).get("/p/pro");
    }
    shop.server.admin();
    let log = shop.server.log();
    assert!(
        !log.contains("path=/p/pro"),
        "no request lines at info: {log}"
    );
    for says in [
        "order placed",
        "processor event",
        "signed in",
        "fulfillment job",
    ] {
        assert!(log.contains(says), "{says}: {log}");
    }
}

#[test]
fn a_burst_of_health_checks_all_answer_ok() {
    let server = Server::start();
    // Each burst starts past the one-second reuse: one probe writes, the others wait for it
    // instead of racing it for the write lock.
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let checks: Vec<_> = (0..64)
            .map(|_| s.spawn(|| Browser::new(&server.base).get("/healthz").status))
            .collect();
        checks.into_iter().map(|c| c.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
}
