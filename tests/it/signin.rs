use crate::harness::{api, csrf_of, Browser, Server, PASSWORD};

fn path_of(link: &str) -> String {
    let start = link.find("/admin/setup").unwrap();
    link[start..].to_string()
}

#[test]
fn setup_link_creates_the_first_admin_once_and_signs_in() {
    let server = Server::start();
    let link = path_of(
        server
            .setup_link
            .as_deref()
            .expect("a fresh data dir prints a setup link"),
    );
    let browser = Browser::new(&server.base);
    let form = browser.get(&link);
    assert_eq!(form.status, 200);
    let token = link.split("token=").nth(1).unwrap();
    let csrf = csrf_of(&form.body);
    let setup = |repeat: &str| {
        let fields = [
            ("token", token),
            ("csrf", &csrf),
            ("email", "owner@example.com"),
            ("password", PASSWORD),
            ("password_repeat", repeat),
        ];
        browser.post("/admin/setup", &fields)
    };
    let res = setup("something else");
    assert_eq!(res.status, 422);
    assert!(res.body.contains("does not match the password"));
    let res = setup(PASSWORD);
    assert_eq!((res.status, res.header("location")), (303, Some("/admin")));
    let overview = browser.get("/admin");
    assert_eq!(overview.status, 200);
    assert!(overview.body.contains("owner@example.com"));
    assert!(
        overview.body.contains("Connect Kartra")
            && overview.body.contains("Enable the test gateway"),
        "the first steps are shown"
    );

    let again = Browser::new(&server.base).get(&link);
    assert_eq!(again.status, 404, "the link works once");
    assert!(again.body.contains("not valid"));
}

#[test]
fn restart_with_an_admin_prints_no_setup_link() {
    let server = Server::start();
    server.admin();
    let (code, dir) = server.terminate();
    assert_eq!(code, Some(0));
    let again = Server::start_in(dir);
    assert!(again.setup_link.is_none());
}

#[test]
fn sign_in_sets_a_strict_http_only_session_cookie() {
    let server = Server::start();
    let browser = server.admin();
    assert!(browser.cookies.borrow().contains_key("tagcart_session"));
    let fresh = Browser::new(&server.base);
    let res = fresh.sign_in("admin@example.com", PASSWORD);
    let cookie = res
        .headers
        .iter()
        .find(|(n, v)| n.eq_ignore_ascii_case("set-cookie") && v.starts_with("tagcart_session="))
        .unwrap();
    assert!(cookie.1.contains("HttpOnly"), "{}", cookie.1);
    assert!(cookie.1.contains("SameSite=Strict"), "{}", cookie.1);
    assert!(
        !cookie.1.contains("Secure"),
        "plain http public URL: no Secure flag"
    );
}

#[test]
fn wrong_password_and_unknown_email_get_the_same_generic_error() {
    let server = Server::start();
    server.admin();
    let wrong = Browser::new(&server.base).sign_in("admin@example.com", "not the password");
    let unknown = Browser::new(&server.base).sign_in("nobody@example.com", "not the password");
    assert_eq!((wrong.status, unknown.status), (401, 401));
    let message = |body: &str| {
        body.split("role=\"alert\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(message(&wrong.body), message(&unknown.body));
    assert!(!wrong
        .headers
        .iter()
        .any(|(_, v)| v.starts_with("tagcart_session=")));
}

#[test]
fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let server = Server::start();
    server.admin();
    let browser = Browser::new(&server.base);
    for _ in 0..5 {
        assert_eq!(browser.sign_in("admin@example.com", "guess").status, 401);
    }
    let locked = browser.sign_in("admin@example.com", PASSWORD);
    assert_eq!(locked.status, 401, "locked for a while after five failures");
    assert!(locked.body.contains("too many attempts"));
}

#[test]
fn sign_in_without_the_csrf_token_is_refused() {
    let server = Server::start();
    server.admin();
    let browser = Browser::new(&server.base);
    browser.get("/admin/login");
    let missing = browser.post(
        "/admin/login",
        &[("email", "admin@example.com"), ("password", PASSWORD)],
    );
    assert_eq!(missing.status, 403);
    let forged = browser.post(
        "/admin/login",
        &[
            ("email", "admin@example.com"),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ],
    );
    assert_eq!(forged.status, 403);
    let no_cookie = Browser::new(&server.base);
    let res = no_cookie.post(
        "/admin/login",
        &[
            ("email", "admin@example.com"),
            ("password", PASSWORD),
            ("csrf", "x"),
        ],
    );
    assert_eq!(res.status, 403);
}

#[test]
fn dashboard_forms_need_the_session_csrf_token_and_a_same_site_origin() {
    let server = Server::start();
    let browser = server.admin();
    let token = server.api_token();
    let fields = [
        ("name", "Course"),
        ("kartra_tag", "t"),
        ("prices[0].kind", "one_time"),
        ("prices[0].currency", "USD"),
        ("prices[0].amount", "10"),
    ];
    let no_csrf = browser.post("/admin/products", &fields);
    assert_eq!(no_csrf.status, 403);
    let csrf = csrf_of(&browser.get("/admin/products/new").body);
    let mut with_csrf = fields.to_vec();
    with_csrf.push(("csrf", &csrf));
    let evil = browser.post_with(
        "/admin/products",
        &with_csrf,
        &[("Origin", "https://evil.example")],
    );
    assert_eq!(evil.status, 403);
    let cross = browser.post_with(
        "/admin/products",
        &with_csrf,
        &[("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(cross.status, 403);
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).json(),
        serde_json::json!([])
    );
    assert_eq!(
        browser.post("/admin/products", &with_csrf).status,
        303,
        "the same form from our own origin works"
    );
}

#[test]
fn signing_in_rotates_the_session_and_signing_out_ends_it_on_the_server() {
    let server = Server::start();
    let browser = server.admin();
    let first = browser.cookies.borrow()["tagcart_session"].clone();
    assert_eq!(browser.sign_in("admin@example.com", PASSWORD).status, 303);
    let second = browser.cookies.borrow()["tagcart_session"].clone();
    assert_ne!(first, second, "a new session id at every sign-in");
    let stale = Browser::new(&server.base);
    stale
        .cookies
        .borrow_mut()
        .insert("tagcart_session".into(), first);
    assert_eq!(stale.get("/admin").status, 303, "the old session ended");

    let csrf = csrf_of(&browser.get("/admin").body);
    let out = browser.post("/admin/logout", &[("csrf", &csrf)]);
    assert_eq!(out.header("location"), Some("/admin/login"));
    let replay = Browser::new(&server.base);
    replay
        .cookies
        .borrow_mut()
        .insert("tagcart_session".into(), second);
    let res = replay.get("/admin");
    assert_eq!(
        (res.status, res.header("location")),
        (303, Some("/admin/login")),
        "a copied cookie is dead after sign-out"
    );
}

#[test]
fn admin_pages_need_a_session_and_are_never_cached() {
    let server = Server::start();
    for path in [
        "/admin",
        "/admin/products",
        "/admin/pages/new",
        "/admin/tokens",
        "/admin/admins",
    ] {
        let res = Browser::new(&server.base).get(path);
        assert_eq!(
            (res.status, res.header("location")),
            (303, Some("/admin/login")),
            "{path}"
        );
    }
    let browser = server.admin();
    for path in [
        "/admin",
        "/admin/products",
        "/admin/products/new",
        "/admin/pages",
        "/admin/tokens",
        "/admin/admins",
    ] {
        let res = browser.get(path);
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.header("cache-control"), Some("no-store"), "{path}");
        assert!(res
            .header("content-security-policy")
            .unwrap()
            .contains("form-action 'self'"));
    }
}

#[test]
fn admins_can_add_and_remove_other_admins_but_not_themselves() {
    let server = Server::start();
    let browser = server.admin();
    let short = browser.submit(
        "/admin/admins",
        "/admin/admins",
        &[("email", "second@example.com"), ("password", "short")],
    );
    assert_eq!(short.status, 422);
    assert!(short.body.contains("at least 10 characters"));
    let added = browser.submit(
        "/admin/admins",
        "/admin/admins",
        &[("email", "second@example.com"), ("password", PASSWORD)],
    );
    assert_eq!(added.status, 303);
    let duplicate = browser.submit(
        "/admin/admins",
        "/admin/admins",
        &[("email", "SECOND@example.com"), ("password", PASSWORD)],
    );
    assert_eq!(
        duplicate.status, 422,
        "emails are unique regardless of case"
    );
    let second = Browser::new(&server.base);
    assert_eq!(second.sign_in("second@example.com", PASSWORD).status, 303);
    let csrf = csrf_of(&second.get("/admin/admins").body);
    assert_eq!(
        second
            .post("/admin/admins/2/delete", &[("csrf", &csrf)])
            .status,
        409,
        "not yourself"
    );
    assert_eq!(
        second
            .post("/admin/admins/1/delete", &[("csrf", &csrf)])
            .status,
        303
    );
    assert_eq!(
        browser.get("/admin").status,
        303,
        "a removed admin's sessions end"
    );
}

#[test]
fn the_api_needs_a_valid_bearer_token() {
    let server = Server::start();
    let res = api(&server.base, "GET", "/products", None, None);
    assert_eq!(
        (res.status, res.error_code().as_str()),
        (401, "unauthorized")
    );
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    let wrong = api(
        &server.base,
        "GET",
        "/products",
        Some("tc_not-a-token"),
        None,
    );
    assert_eq!(wrong.status, 401);
    let token = server.api_token();
    assert!(token.starts_with("tc_"));
    assert_eq!(
        api(&server.base, "GET", "/products", Some(&token), None).status,
        200
    );
}

#[test]
fn tokens_made_in_the_dashboard_work_once_shown_and_stop_when_revoked() {
    let server = Server::start();
    let browser = server.admin();
    let res = browser.submit("/admin/tokens", "/admin/tokens", &[("name", "zapier")]);
    assert_eq!(res.status, 200);
    let token = res
        .body
        .split("value=\"tc_")
        .nth(1)
        .map(|rest| format!("tc_{}", rest.split('"').next().unwrap()))
        .expect("token shown once");
    assert_eq!(
        api(&server.base, "GET", "/pages", Some(&token), None).status,
        200
    );
    assert!(
        !browser.get("/admin/tokens").body.contains(&token),
        "never shown again"
    );
    let csrf = csrf_of(&browser.get("/admin/tokens").body);
    assert_eq!(
        browser
            .post("/admin/tokens/1/delete", &[("csrf", &csrf)])
            .status,
        303
    );
    assert_eq!(
        api(&server.base, "GET", "/pages", Some(&token), None).status,
        401
    );
}

#[test]
fn secrets_never_reach_the_log() {
    // At debug, the most the log ever says: a line for every request.
    let server = Server::start_logging(tempfile::tempdir().unwrap(), &[], "debug");
    let setup_token = server
        .setup_link
        .clone()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let browser = server.admin();
    let token = server.api_token();
    api(&server.base, "GET", "/products", Some(&token), None);
    Browser::new(&server.base).sign_in("admin@example.com", "wrong password here");
    let session = browser.cookies.borrow()["tagcart_session"].clone();
    let log = server.log();
    assert!(log.contains("request"), "the log has request lines: {log}");
    for secret in [
        PASSWORD,
        "wrong password here",
        &token,
        &session,
        &setup_token,
    ] {
        assert!(!log.contains(secret), "secret {secret} in log");
    }
}
