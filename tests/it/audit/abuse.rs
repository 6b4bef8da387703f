//! Abuse: sign-in floods, forged forwarding headers, weak passwords, another site's domain.

use crate::harness::{api, create, raw_get, raw_get_with, Browser, Server, PASSWORD};
use serde_json::json;

/// A product with one $1.00 price.
fn course() -> serde_json::Value {
    json!({"name": "Course", "kartra_tag": "t",
        "prices": [{"kind": "one_time", "currency": "USD", "amount": 100}]})
}

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
        let product = create(&server.base, &token, "/products", &course());
        let page = json!({"title": "Domain page", "slug": "d", "product_id": product["id"],
            "custom_domain": "pay.example.com", "published": true});
        create(&server.base, &token, "/pages", &page);
        for header in [
            ("X-Forwarded-Host", "pay.example.com"),
            ("Forwarded", "host=pay.example.com"),
        ] {
            let served = raw_get_with(&server.base, "/", &[header]);
            assert_eq!(
                served.contains("Domain page"),
                trusted,
                "{header:?}, trust_proxy {trusted}: {served}"
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
    let product = create(&server.base, &token, "/products", &course());
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
