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
