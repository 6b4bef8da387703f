use crate::harness::{api, cli, serve_fails, temp_path, Browser, Server};
use crate::products::{create_product, COURSE};

#[test]
fn sigterm_stops_cleanly_and_a_restart_keeps_the_data() {
    let server = Server::start();
    let token = server.api_token();
    create_product(&server, &token, COURSE);
    let (code, dir) = server.terminate();
    assert_eq!(code, Some(0), "SIGTERM exits 0");
    let again = Server::start_in(dir);
    let products = api(&again.base, "GET", "/products", Some(&token), None);
    assert_eq!(products.status, 200, "the token survives a restart");
    assert_eq!(products.json()[0]["name"], "Pro Course");
}

#[test]
fn backup_writes_a_database_that_passes_the_integrity_check() {
    let server = Server::start();
    let token = server.api_token();
    create_product(&server, &token, COURSE);
    let (_keep, file) = temp_path("backup.db");
    let (code, out, err) = server.cli(&["backup", file.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("backup written"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600,
        "the copy holds password hashes"
    );
    let copy = rusqlite::Connection::open(&file).unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let names: i64 = copy
        .query_row(
            "SELECT count(*) FROM products WHERE name = 'Pro Course'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(names, 1);
    let (code, _, err) = server.cli(&["backup", file.to_str().unwrap()], "");
    assert_ne!(code, 0, "never overwrites an earlier backup");
    assert!(err.contains("exists already"));
}

#[test]
fn serve_refuses_a_database_from_a_newer_tagcart() {
    let dir = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("tagcart.db")).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let (code, log) = serve_fails(dir.path());
    assert_eq!(code, Some(1));
    assert!(log.contains("newer than this tagcart"), "{log}");
}

#[test]
fn the_data_dir_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let server = Server::start();
    let mode = |name: &str| {
        std::fs::metadata(server.data_dir().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(mode("secret.key"), 0o600);
    assert_eq!(mode("tagcart.db"), 0o600);
    assert_eq!(
        std::fs::read_to_string(server.data_dir().join("secret.key"))
            .unwrap()
            .trim()
            .len(),
        64
    );
}

#[test]
fn healthz_answers_ok_and_metrics_count_requests_by_route() {
    let server = Server::start();
    let head = ureq::head(&server.url("/healthz")).call().unwrap();
    assert_eq!(head.status(), 200, "uptime checkers may use HEAD");
    assert_eq!(head.into_string().unwrap(), "", "HEAD has no body");
    let health = ureq::get(&server.url("/healthz")).call().unwrap();
    assert_eq!(health.into_string().unwrap(), "ok");
    let _ = ureq::get(&server.url("/p/nothing")).call();
    let metrics = ureq::get(&server.url("/metrics"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        metrics.contains(
            "tagcart_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("route=\"/p/{slug}\",status=\"404\"} 1"));
    assert!(metrics.contains(
        "tagcart_http_requests_total{method=\"HEAD\",route=\"/healthz\",status=\"200\"} 1"
    ));
    assert!(metrics.contains(
        "tagcart_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 2"
    ));
    assert!(metrics.contains("tagcart_objects{kind=\"products\"} 0"));
}

#[test]
fn cli_commands_check_their_input() {
    let dir = tempfile::tempdir().unwrap();
    let early = std::process::Command::new(crate::harness::BIN)
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "token",
            "create",
            "early",
        ])
        .output()
        .unwrap();
    assert!(
        early.status.success() && String::from_utf8_lossy(&early.stdout).starts_with("tc_"),
        "--data-dir before the subcommand"
    );
    let (code, _, err) = cli(dir.path(), &["user", "add", "admin@example.com"], "short\n");
    assert_eq!(code, 1);
    assert!(err.contains("at least 10 characters"), "{err}");
    let (code, _, err) = cli(
        dir.path(),
        &["user", "add", "not-an-email"],
        "long enough password\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("email"), "{err}");
    let (code, out, _) = cli(
        dir.path(),
        &["user", "add", "admin@example.com"],
        "long enough password\n",
    );
    assert_eq!((code, out.trim()), (0, "admin admin@example.com added"));
    let (code, _, err) = cli(
        dir.path(),
        &["user", "add", "admin@example.com"],
        "long enough password\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("already an admin"));
    let (code, out, err) = cli(dir.path(), &["doctor"], "");
    assert_eq!(code, 1, "nothing is set up, so something is broken");
    assert!(
        out.contains("[FAIL] Kartra credentials saved")
            && out.contains("fix: Enter them in Settings"),
        "{out}"
    );
    assert!(err.contains("something is broken"));
    let (code, _, err) = cli(dir.path(), &["replay", "--order", "1"], "");
    assert_eq!(code, 1);
    assert!(err.contains("not completed"), "{err}");
    let (code, _, err) = cli(dir.path(), &["replay", "--since", "yesterday"], "");
    assert_eq!(code, 1);
    assert!(err.contains("RFC 3339"), "{err}");
    let (code, out, _) = cli(
        dir.path(),
        &["replay", "--since", "2026-01-01T00:00:00Z"],
        "",
    );
    assert_eq!((code, out.trim()), (0, "queued 0 grants"));
    let (code, _, err) = cli(dir.path(), &["replay"], "");
    assert_eq!(
        code, 2,
        "clap refuses replay without --order or --since: {err}"
    );
    assert!(
        err.contains("--order <ORDER>") && err.contains("--since <SINCE>"),
        "both forms are named: {err}"
    );
}

#[test]
fn a_database_from_the_first_release_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("tagcart.db")).unwrap();
    conn.execute_batch(include_str!("../../src/db/migrations/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('Old Course', 'old', 1, 0, 0);
         INSERT INTO prices (product_id, position, kind, currency, amount) VALUES (1, 0, 'one_time', 'EUR', 1500);
         INSERT INTO pages (title, slug, product_id, template, gateways, sections, published, created_at, updated_at)
             VALUES ('Old Page', 'old', 1, 'minimal', '[\"test\"]', '[{\"kind\": \"never-shown\"}]', 1, 0, 0);",
    )
    .unwrap();
    drop(conn);
    let server = Server::start_in(dir);
    let token = server.api_token();
    let products = api(&server.base, "GET", "/products", Some(&token), None).json();
    assert_eq!(
        (
            products[0]["name"].as_str(),
            products[0]["prices"][0]["amount"].as_i64()
        ),
        (Some("Old Course"), Some(1500))
    );
    assert_eq!(
        api(&server.base, "GET", "/orders", Some(&token), None).status,
        200,
        "the new tables exist"
    );
    let conn = rusqlite::Connection::open(server.data_dir().join("tagcart.db")).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        tagcart::db::schema_version(),
        "brought to the current schema"
    );
    let page = &api(&server.base, "GET", "/pages", Some(&token), None).json()[0];
    assert_eq!(
        (
            page["published"].as_bool(),
            page["sections"][0]["kind"].as_str(),
            page["sections"][0]["text"].as_str()
        ),
        (Some(true), Some("headline"), Some("Old Page")),
        "still live, with its template's sections: {page}"
    );
    let buyer = Browser::new(&server.base).get("/p/old");
    assert!(
        buyer.status == 200 && buyer.body.contains("Old Page"),
        "{}",
        buyer.body
    );
}

/// `examples/tagcart.env` lists every variable `serve` reads, processors' API addresses
/// included (they come from the registry, so a new processor's shows up in `--help` by itself).
#[test]
fn the_example_environment_file_lists_every_variable_serve_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (code, help, _) = cli(dir.path(), &["serve", "--help"], "");
    assert_eq!(code, 0);
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tagcart.env");
    let example = std::fs::read_to_string(example).unwrap();
    let variables: Vec<&str> = help
        .split("[env: ")
        .skip(1)
        .filter_map(|rest| rest.split('=').next())
        .collect();
    assert!(variables.contains(&"TAGCART_MOLLIE_API_URL"), "{help}");
    for variable in variables {
        assert!(
            example.contains(&format!("{variable}=")),
            "{variable} is not in examples/tagcart.env"
        );
    }
}
