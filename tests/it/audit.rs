//! What a security and correctness audit found: abuse the server must hold under, and dashboard and CLI
//! answers that must tell the truth. Each test failed before its fix.

use crate::harness::{api, cli, raw_get, Browser, Server, PASSWORD};
use crate::purchase::Shop;
use serde_json::json;

/// Peak resident memory of a process, in MiB (`VmHWM` in /proc).
fn peak_rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

fn sign_in_from(server: &Server, ip: &str, email: &str) -> crate::harness::Resp {
    let browser = Browser::new(&server.base);
    let page = browser.get("/admin/login");
    let csrf = crate::harness::csrf_of(&page.body);
    browser.post_with(
        "/admin/login",
        &[
            ("email", email),
            ("password", "not the password"),
            ("csrf", &csrf),
        ],
        &[
            ("Origin", &server.base),
            ("Sec-Fetch-Site", "same-origin"),
            ("X-Forwarded-For", ip),
        ],
    )
}

#[test]
fn one_address_gets_ten_sign_in_attempts_then_a_429() {
    let server = Server::start();
    for i in 0..10 {
        let res = sign_in_from(&server, "198.51.100.1", &format!("nobody{i}@example.com"));
        assert_eq!(res.status, 401, "attempt {i}: {}", res.body);
    }
    let refused = sign_in_from(&server, "198.51.100.1", "nobody@example.com");
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.header("retry-after").is_some());
    assert!(refused.body.contains("Too many attempts from your network"));
    // Without --trust-proxy every attempt came from 127.0.0.1, whatever the header said.
    assert_eq!(
        sign_in_from(&server, "198.51.100.2", "nobody@example.com").status,
        429
    );
}

#[test]
fn a_sign_in_flood_from_many_addresses_keeps_memory_bounded() {
    let server = Server::start_with(tempfile::tempdir().unwrap(), &["--trust-proxy"]);
    let before = peak_rss_mib(server.pid());
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let attempts: Vec<_> = (0..64)
            .map(|i| {
                let server = &server;
                s.spawn(move || {
                    sign_in_from(server, &format!("198.51.100.{i}"), "nobody@example.com").status
                })
            })
            .collect();
        attempts.into_iter().map(|a| a.join().unwrap()).collect()
    });
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
    let peak = peak_rss_mib(server.pid());
    // Unbounded, 64 argon2 hashes of 19 MiB each ran at once (over 1 GiB); now two at a time.
    assert!(
        peak < before + 80,
        "peak RSS {peak} MiB, {before} MiB before"
    );
    // Still answering: a sign-in from a fresh address gets its turn.
    assert_eq!(
        sign_in_from(&server, "203.0.113.1", "x@example.com").status,
        401
    );
}

#[test]
fn setup_attempts_count_against_the_address_too() {
    let server = Server::start();
    let browser = Browser::new(&server.base);
    let page = browser.get("/admin/login");
    let csrf = crate::harness::csrf_of(&page.body);
    let mut last = 0;
    for _ in 0..11 {
        last = browser
            .post(
                "/admin/setup",
                &[
                    ("token", "wrong"),
                    ("csrf", &csrf),
                    ("email", "a@example.com"),
                ],
            )
            .status;
    }
    assert_eq!(last, 429, "guessing setup tokens is limited");
}

#[test]
fn weak_passwords_are_refused_with_a_reason() {
    let server = Server::start();
    let link = server.setup_link.clone().unwrap();
    let path = &link[link.find("/admin/setup").unwrap()..];
    let token = path.split("token=").nth(1).unwrap();
    let browser = Browser::new(&server.base);
    let csrf = crate::harness::csrf_of(&browser.get(path).body);
    for weak in ["aaaaaaaaaa", "          ", "owner@example.com"] {
        let res = browser.post(
            "/admin/setup",
            &[
                ("token", token),
                ("csrf", &csrf),
                ("email", "owner@example.com"),
                ("password", weak),
                ("password_repeat", weak),
            ],
        );
        assert_eq!(res.status, 422, "{weak:?} accepted");
        assert!(res.body.contains("too easy to guess"), "{}", res.body);
    }
    let (code, _, err) = server.cli(&["user", "add", "jane@example.com"], "aaaaaaaaaa\n");
    assert_eq!(code, 1);
    assert!(err.contains("too easy to guess"), "{err}");
    let (code, _, err) = server.cli(
        &["user", "add", "jane@example.com"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn forwarding_headers_are_believed_only_behind_trust_proxy() {
    for trusted in [false, true] {
        let flags: &[&str] = if trusted { &["--trust-proxy"] } else { &[] };
        let server = Server::start_with(tempfile::tempdir().unwrap(), flags);
        let token = server.api_token();
        let product = json!({"name": "Course", "kartra_tag": "t",
            "prices": [{"kind": "one_time", "currency": "USD", "amount": 100}]});
        let product = api(
            &server.base,
            "POST",
            "/products",
            Some(&token),
            Some(&product.to_string()),
        )
        .json();
        let page = json!({"title": "Domain page", "slug": "d", "product_id": product["id"],
            "custom_domain": "pay.example.com", "published": true});
        assert_eq!(
            api(
                &server.base,
                "POST",
                "/pages",
                Some(&token),
                Some(&page.to_string())
            )
            .status,
            201
        );
        let addr = server.base.trim_start_matches("http://");
        let forged = |header: &str| {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            use std::io::{Read, Write};
            write!(
                stream,
                "GET / HTTP/1.1\r\nHost: {addr}\r\n{header}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut out = String::new();
            let _ = stream.read_to_string(&mut out);
            out
        };
        for header in [
            "X-Forwarded-Host: pay.example.com",
            "Forwarded: host=pay.example.com",
        ] {
            let served = forged(header);
            assert_eq!(
                served.contains("Domain page"),
                trusted,
                "{header}, trust_proxy {trusted}: {served}"
            );
        }
        // The admin same-origin check: a cross-site post that names itself as our host.
        let admin = server.admin();
        let res = admin.post_with(
            "/admin/logout",
            &[],
            &[
                ("Origin", "https://evil.example"),
                ("X-Forwarded-Host", "evil.example"),
                ("X-Forwarded-Proto", "https"),
            ],
        );
        if !trusted {
            assert_eq!(res.status, 403, "{}", res.body);
        }
    }
}

#[test]
fn a_page_cannot_take_the_public_hosts_domain_or_an_ip_address() {
    let server = Server::start_with(
        tempfile::tempdir().unwrap(),
        &["--public-url", "https://shop.example.com"],
    );
    let token = server.api_token();
    let product = json!({"name": "Course", "kartra_tag": "t",
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 100}]});
    let product = api(
        &server.base,
        "POST",
        "/products",
        Some(&token),
        Some(&product.to_string()),
    )
    .json();
    for (domain, says) in [
        ("shop.example.com", "tagcart's own address"),
        ("Shop.Example.com.", "tagcart's own address"),
        ("203.0.113.7", "not an IP address"),
        ("127.0.0.1", "not an IP address"),
    ] {
        let page = json!({"title": "P", "slug": "p", "product_id": product["id"], "custom_domain": domain});
        let res = api(
            &server.base,
            "POST",
            "/pages",
            Some(&token),
            Some(&page.to_string()),
        );
        assert_eq!(res.status, 422, "{domain}: {}", res.body);
        let message = res.json()["error"]["fields"]["custom_domain"].to_string();
        assert!(message.contains(says), "{domain}: {message}");
    }
    let pages = api(&server.base, "GET", "/pages", Some(&token), None).json();
    assert_eq!(pages.as_array().unwrap().len(), 0, "nothing was saved");
    assert!(raw_get(&server.base, "/", Some("shop.example.com")).starts_with("HTTP/1.1 303"));
}

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
