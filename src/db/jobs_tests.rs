//! The queue's SQL on a real database and an injected clock.
use super::*;
use crate::db;

/// A database with one product per tag and an order per (email, tag), each with a grant job.
fn queue(orders: &[(&str, &str)]) -> (tempfile::TempDir, db::Pool, Vec<JobId>) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open(&dir.path().join("t.db")).unwrap();
    let conn = pool.get().unwrap();
    let mut jobs = vec![];
    for (i, (email, tag)) in orders.iter().enumerate() {
        conn.execute(
            "INSERT OR IGNORE INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES (?1, ?1, 1, 0, 0)",
            [tag],
        )
        .unwrap();
        let product: i64 = conn
            .query_row(
                "SELECT id FROM products WHERE kartra_tag = ?1",
                [tag],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute(
            "INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name, last_name,
             gateway, payment_ref, created_at, updated_at) VALUES ('completed', ?1, 1, 'one_time', 100, 100, 'USD', ?2, 'A', 'B', 'test', ?3, 0, 0)",
            params![product, email, format!("pay_{i}")],
        )
        .unwrap();
        conn.execute_batch(crate::db::order_lines::MAIN_LINE_OF_NEWEST_ORDER)
            .unwrap();
        let job = NewJob {
            order_id: OrderId(conn.last_insert_rowid()),
            action: FulfillmentAction::Grant,
            email,
            kartra_tag: tag,
            due_at: None,
        };
        jobs.push(enqueue(&conn, &job, 100).unwrap());
    }
    (dir, pool, jobs)
}

#[test]
fn a_buyers_jobs_for_one_tag_run_in_queue_order_and_others_run_alongside() {
    let (_dir, pool, jobs) = queue(&[
        ("a@x.co", "t1"),
        ("a@x.co", "t1"),
        ("b@x.co", "t1"),
        ("a@x.co", "t2"),
    ]);
    let mut conn = pool.get().unwrap();
    let claimed: Vec<JobId> =
        std::iter::from_fn(|| claim(&mut conn, 100, 60).unwrap().map(|j| j.id)).collect();
    assert_eq!(
        claimed,
        vec![jobs[0], jobs[2], jobs[3]],
        "a@x.co's second t1 job waits for the first"
    );
    mark_done(&conn, jobs[0], Some("L1"), "ok", 101).unwrap();
    assert_eq!(
        claim(&mut conn, 101, 60).unwrap().map(|j| j.id),
        Some(jobs[1])
    );
}

#[test]
fn a_lease_keeps_a_job_until_it_lapses_and_a_backoff_until_it_is_due() {
    let (_dir, pool, jobs) = queue(&[("a@x.co", "t1")]);
    let mut conn = pool.get().unwrap();
    assert!(claim(&mut conn, 100, 60).unwrap().is_some());
    assert!(
        claim(&mut conn, 159, 60).unwrap().is_none(),
        "held by its lease"
    );
    assert!(
        claim(&mut conn, 160, 60).unwrap().is_some(),
        "a crashed worker's lease lapses"
    );
    mark_retry(
        &mut conn,
        jobs[0],
        "HTTP 503",
        200,
        AttemptOutcome::Retry,
        160,
    )
    .unwrap();
    assert!(claim(&mut conn, 199, 60).unwrap().is_none(), "backing off");
    assert_eq!(
        end_backoff(&conn, 170).unwrap(),
        1,
        "recovery pulls it forward"
    );
    let job = claim(&mut conn, 170, 60).unwrap().unwrap();
    assert_eq!(
        (job.attempts, job.last_error.as_deref()),
        (1, Some("HTTP 503"))
    );
    mark_retry(
        &mut conn,
        jobs[0],
        "credentials",
        170,
        AttemptOutcome::Paused,
        170,
    )
    .unwrap();
    assert_eq!(
        claim(&mut conn, 170, 60).unwrap().unwrap().attempts,
        1,
        "a pause uses up no attempt"
    );
    assert_eq!(release_leases(&conn).unwrap(), 1);
}

#[test]
fn a_missing_tag_parks_only_the_jobs_naming_it_until_it_exists() {
    let (_dir, pool, jobs) = queue(&[("a@x.co", "gone"), ("b@x.co", "gone"), ("c@x.co", "kept")]);
    let mut conn = pool.get().unwrap();
    assert_eq!(
        park_tag(&mut conn, "gone", jobs[0], "no tag \"gone\"", 100).unwrap(),
        2
    );
    let remaining: Vec<JobId> =
        std::iter::from_fn(|| claim(&mut conn, 100, 60).unwrap().map(|j| j.id)).collect();
    assert_eq!(remaining, vec![jobs[2]]);
    assert_eq!(parked_tags(&conn).unwrap(), vec!["gone".to_string()]);
    let stats = stats(&conn, 130).unwrap();
    assert_eq!(
        (stats.queue_depth, stats.parked, stats.oldest_pending_age_s),
        (1, 2, Some(30))
    );
    assert_eq!(
        release(&conn, Release::TagsNowPresent(&["other".into()]), 101).unwrap(),
        0
    );
    assert_eq!(
        release(&conn, Release::TagsNowPresent(&["gone".into()]), 101).unwrap(),
        2
    );
    let attempts: Vec<i64> = for_order(&conn, OrderId(1))
        .unwrap()
        .iter()
        .chain(for_order(&conn, OrderId(2)).unwrap().iter())
        .map(|j| j.attempts)
        .collect();
    assert_eq!(attempts, vec![1, 0], "only the job that tried counts a try");
}
