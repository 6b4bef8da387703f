//! Databases made by an older tagcart keep their rows through the migrations.
use super::*;
use crate::domain::fulfillment::AttemptOutcome;
use crate::domain::ids::OrderId;

/// A database as tagcart made it at schema version `version`.
fn at_version(path: &Path, version: usize) -> Connection {
    let conn = Connection::open(path).unwrap();
    for step in &MIGRATIONS[..version] {
        conn.execute_batch(step).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    conn
}

#[test]
fn a_version_4_database_keeps_its_events_and_attempts_under_their_new_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    at_version(&path, 4)
        .execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, currency, email, first_name, last_name,
               gateway, payment_ref, created_at, updated_at)
             VALUES ('completed', 1, 1, 'one_time', 100, 'USD', 'a@x.co', 'A', 'B', 'stripe', 'pay_0', 0, 0);
             INSERT INTO webhook_events (gateway, event_id, type, kind, order_id, outcome, payload, received_at)
             VALUES ('stripe', 'evt_1', 'checkout.session.completed', 'completed', 1, 'completed the order', '{}', 10),
                    ('stripe', 'evt_2', 'charge.succeeded', 'completed', 1, 'not applied: amount 50 USD, not 100 USD', '{}', 20);
             INSERT INTO fulfillment_jobs (order_id, action, email, state, run_after, created_at)
             VALUES (1, 'grant', 'a@x.co', 'pending', 0, 10);
             INSERT INTO fulfillment_attempts (job_id, at, outcome, detail) VALUES (1, 11, 'paused', 'credentials');",
        )
        .unwrap();
    let pool = open(&path).unwrap();
    let mut conn = pool.get().unwrap();

    let events = orders::events(&conn, OrderId(1)).unwrap();
    let ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(ids, ["evt_1", "evt_2"]);
    let mismatched = orders::mismatched_events(&conn, 0, 10).unwrap();
    assert_eq!(
        mismatched.len(),
        1,
        "the partial index's query still finds it"
    );
    assert_eq!(mismatched[0].event_id, "evt_2");
    let old: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name LIKE 'webhook_events%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0, "no table or index keeps the old name");

    let attempts = jobs::attempts_for_order(&conn, OrderId(1)).unwrap();
    assert_eq!(
        (
            attempts.len(),
            attempts[0].outcome,
            attempts[0].detail.as_str()
        ),
        (1, AttemptOutcome::Paused, "credentials")
    );
    let job = jobs::for_order(&conn, OrderId(1)).unwrap()[0].id;
    jobs::mark_retry(
        &mut conn,
        job,
        "HTTP 429",
        12,
        AttemptOutcome::RateLimited,
        11,
    )
    .unwrap();
    let outcomes: Vec<AttemptOutcome> = jobs::attempts_for_order(&conn, OrderId(1))
        .unwrap()
        .iter()
        .map(|a| a.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [AttemptOutcome::Paused, AttemptOutcome::RateLimited],
        "a rate-limited try is recorded as such"
    );
}

/// The database the previous release (schema 5) made, with its story (tests/fixtures/README.md):
/// ann's one-time course refunded, which that release answered by revoking "course" although
/// her subscription (order 2) still paid for it.
fn previous_release() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release-5.db");
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-5.db");
    std::fs::copy(fixture, &path).unwrap();
    (dir, path)
}

#[test]
fn the_previous_releases_database_migrates_to_the_fresh_schema() {
    let (dir, path) = previous_release();
    let found: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(found, 5, "the fixture is the previous release's");
    let migrated = open(&path).unwrap();
    let fresh = open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(
        super::tests::schema_of(&migrated.get().unwrap()),
        super::tests::schema_of(&fresh.get().unwrap())
    );
    let conn = migrated.get().unwrap();
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

#[test]
fn the_previous_releases_orders_and_jobs_become_entitlements() {
    use crate::domain::access::EntitlementState::*;
    let (_dir, path) = previous_release();
    let pool = open(&path).unwrap();
    let conn = pool.get().unwrap();
    let state = |email: &str, tag: &str| {
        let e = entitlements::get(&conn, email, tag).unwrap().unwrap();
        (e.state, e.orders.iter().map(|o| o.0).collect::<Vec<_>>())
    };
    // ann's subscription still pays for the course: her grant is queued again.
    assert_eq!(state("ann@example.com", "course"), (Pending, vec![1, 2]));
    let ann: Vec<(String, String)> = jobs::for_buyer_tag(&conn, "ann@example.com", "course")
        .unwrap()
        .iter()
        .map(|j| (j.action.as_str().to_string(), j.state.as_str().to_string()))
        .collect();
    let pair = |a: &str, s: &str| (a.to_string(), s.to_string());
    assert_eq!(
        ann,
        [
            pair("grant", "done"),
            pair("grant", "done"),
            pair("revoke", "done"),
            pair("grant", "pending")
        ]
    );
    assert_eq!(state("bob@example.com", "club"), (Revoked, vec![3]));
    assert_eq!(state("cat@example.com", "workbook"), (Granted, vec![4]));
    assert_eq!(state("dan@example.com", "ghost-tag"), (Pending, vec![5]));
    assert_eq!(state("eve@example.com", "club"), (Pending, vec![6]));
    assert!(entitlements::for_email(&conn, "fay@example.com")
        .unwrap()
        .is_empty());
    // Jobs keep their tag, a parked one stays parked on it; nothing else was queued.
    let parked = jobs::for_order(&conn, OrderId(5)).unwrap();
    assert_eq!(
        (parked[0].state.as_str(), parked[0].missing_tag()),
        ("parked", Some("ghost-tag"))
    );
    let total: i64 = conn
        .query_row("SELECT count(*) FROM fulfillment_jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 9, "eight old jobs and ann's grant");
    // Live access is read back from Kartra within a day; revoked access is not.
    let unverified: i64 = conn
        .query_row(
            "SELECT count(*) FROM entitlements WHERE state != 'revoked' AND verify_after IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unverified, 0);
    // Opening it again changes nothing.
    drop(conn);
    drop(pool);
    let again = open(&path).unwrap();
    let total: i64 = again
        .get()
        .unwrap()
        .query_row("SELECT count(*) FROM fulfillment_jobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 9);
}

#[test]
fn each_of_the_previous_releases_orders_becomes_one_main_line() {
    let (_dir, path) = previous_release();
    let pool = open(&path).unwrap();
    let conn = pool.get().unwrap();
    let orders: Vec<(OrderId, i64, i64, i64)> = conn
        .prepare("SELECT id, product_id, price_id, subtotal FROM orders ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(orders.len() >= 6, "{orders:?}");
    for (id, product, price, subtotal) in orders {
        let lines = order_lines::of_order(&conn, id).unwrap();
        assert_eq!(lines.len(), 1, "order {id:?}: {lines:?}");
        let line = &lines[0];
        assert_eq!(line.kind, crate::domain::order::LineKind::Main);
        assert_eq!(
            (line.product_id.0, line.price_id.0, line.amount),
            (product, price, subtotal),
            "order {id:?}"
        );
    }
}

#[test]
fn a_version_11_page_offers_no_bump_or_upsell_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    at_version(&path, 11)
        .execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0);
             INSERT INTO pages (title, slug, product_id, template, gateways, created_at, updated_at)
             VALUES ('Old', 'old', 1, 'minimal', '[\"test\"]', 0, 0);
             INSERT INTO page_live (page_id, title, template, product_id, price_ids, gateways, sections, published_at)
             VALUES (1, 'Old', 'minimal', 1, '[]', '[\"test\"]', '[]', 0);",
        )
        .unwrap();
    let pool = open(&path).unwrap();
    let page = pages::get(&pool.get().unwrap(), crate::domain::ids::PageId(1))
        .unwrap()
        .unwrap();
    assert_eq!((page.draft.bump, page.draft.upsell), (None, None));
    assert_eq!(page.live.map(|l| l.upsell), Some(None));
}

#[test]
fn a_version_12_database_keeps_its_orders_untaxed_and_issues_no_invoice_for_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    at_version(&path, 12)
        .execute_batch(
            "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0);
             INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name,
               last_name, gateway, payment_ref, created_at, updated_at)
             VALUES ('completed', 1, 1, 'one_time', 4900, 4900, 'EUR', 'a@x.co', 'A', 'B', 'test', 'pay_0', 0, 0);",
        )
        .unwrap();
    let pool = open(&path).unwrap();
    let conn = pool.get().unwrap();
    let order = orders::get(&conn, OrderId(1)).unwrap().unwrap();
    assert_eq!(
        (order.amount, order.tax, order.sale_tax.rate()),
        (4900, 0, None)
    );
    let fresh = open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(
        super::tests::schema_of(&conn),
        super::tests::schema_of(&fresh.get().unwrap())
    );
    let invoices: i64 = conn
        .query_row("SELECT count(*) FROM invoices", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        invoices, 0,
        "orders paid before invoices existed get none later"
    );
}
