//! The order lists' SQL on a real database: what they return and how SQLite finds it.
use super::*;
use crate::db;

/// Orders of buyers `buyer{i % 50}@x.co` on product 1, every third one pending, the rest
/// completed; each completed one has a grant job.
fn orders(n: i64) -> (tempfile::TempDir, db::Pool) {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::open(&dir.path().join("t.db")).unwrap();
    let conn = pool.get().unwrap();
    conn.execute_batch("INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at) VALUES ('P', 't', 1, 0, 0)")
        .unwrap();
    for i in 0..n {
        let status = if i % 3 == 0 { "pending" } else { "completed" };
        conn.execute(
            "INSERT INTO orders (status, product_id, price_id, price_kind, amount, subtotal, currency, email, first_name, last_name,
             gateway, payment_ref, created_at, updated_at) VALUES (?1, 1, 1, 'one_time', 100, 100, 'USD', ?2, 'A', 'B', 'test', ?3, ?4, ?4)",
            params![status, format!("buyer{}@x.co", i % 50), format!("pay_{i}"), i],
        )
        .unwrap();
        conn.execute_batch(crate::db::order_lines::MAIN_LINE_OF_NEWEST_ORDER)
            .unwrap();
        if status == "completed" {
            let order = OrderId(conn.last_insert_rowid());
            let email = format!("buyer{}@x.co", i % 50);
            let job = db::jobs::NewJob {
                order_id: order,
                action: crate::domain::order::FulfillmentAction::Grant,
                email: &email,
                kartra_tag: "t",
                due_at: None,
            };
            db::jobs::enqueue(&conn, &job, i).unwrap();
        }
    }
    (dir, pool)
}

fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    // The plan does not depend on the values; the list's three parameters need some.
    let values = vec![rusqlite::types::Null; stmt.parameter_count()];
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values), |r| {
            r.get::<_, String>(3)
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

#[test]
fn filtered_order_lists_search_an_index_in_id_order_and_never_scan_orders() {
    let (_dir, pool) = orders(300);
    let conn = pool.get().unwrap();
    for (by_status, by_email) in [(true, false), (false, true), (true, true)] {
        let plan = plan(&conn, &list_sql(by_status, by_email));
        let shown = plan.join("; ");
        assert!(
            plan.iter()
                .any(|step| step.starts_with("SEARCH orders USING INDEX")
                    || step.starts_with("SEARCH orders USING COVERING INDEX")),
            "status {by_status}, email {by_email}: {shown}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("SCAN orders")),
            "status {by_status}, email {by_email}: {shown}"
        );
    }
    // Every order of one status, sorted, would be most of the table: that index is in id order.
    let by_status = plan(&conn, &list_sql(true, false));
    assert!(
        !by_status.iter().any(|step| step.contains("TEMP B-TREE")),
        "{by_status:?}"
    );
}

#[test]
fn the_jobs_of_listed_orders_are_found_through_the_order_index() {
    let (_dir, pool) = orders(10);
    let conn = pool.get().unwrap();
    let plan = plan(
        &conn,
        "SELECT id FROM fulfillment_jobs WHERE order_id IN (SELECT value FROM json_each('[1,2]')) ORDER BY order_id, id",
    );
    assert!(
        plan.iter()
            .any(|step| step.contains("SEARCH fulfillment_jobs USING")
                && step.contains("INDEX jobs_by_order")),
        "{plan:?}"
    );
    assert!(
        !plan
            .iter()
            .any(|step| step.contains("SCAN fulfillment_jobs")),
        "{plan:?}"
    );
}

#[test]
fn order_lists_filter_by_status_and_by_email_whatever_its_case_newest_first() {
    let (_dir, pool) = orders(300);
    let conn = pool.get().unwrap();
    let ids = |orders: Vec<Order>| orders.iter().map(|o| o.id.0).collect::<Vec<_>>();

    let all = list(&conn, None, None, 1000).unwrap();
    assert_eq!(all.len(), 300);
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");

    let pending = list(&conn, Some(OrderStatus::Pending), None, 1000).unwrap();
    assert_eq!(pending.len(), 100);
    assert!(pending.iter().all(|o| o.status == OrderStatus::Pending));
    assert_eq!(
        ids(list(&conn, Some(OrderStatus::Pending), None, 3).unwrap()),
        [298, 295, 292]
    );

    // buyer7 placed orders i = 7, 57, 107, ... (ids one higher); an operator may type capitals.
    let buyer = ids(list(&conn, None, Some("BUYER7@X.co"), 1000).unwrap());
    assert_eq!(buyer, [258, 208, 158, 108, 58, 8]);
    let buyer_completed =
        list(&conn, Some(OrderStatus::Completed), Some("Buyer7@x.co"), 2).unwrap();
    assert_eq!(ids(buyer_completed), [258, 158], "57 and 207 are pending");
    assert!(list(&conn, None, Some("nobody@x.co"), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn the_jobs_of_many_orders_come_back_by_order() {
    let (_dir, pool) = orders(10);
    let conn = pool.get().unwrap();
    // Orders 1, 4, 7 and 10 are pending (no jobs); 99 does not exist.
    let jobs = db::jobs::for_orders(&conn, &[1, 2, 3, 10, 99].map(OrderId)).unwrap();
    let mut found: Vec<(i64, usize)> = jobs.iter().map(|(order, j)| (order.0, j.len())).collect();
    found.sort();
    assert_eq!(found, [(2, 1), (3, 1)]);
    assert!(jobs[&OrderId(2)].iter().all(|j| j.order_id == OrderId(2)));
    assert!(db::jobs::for_orders(&conn, &[]).unwrap().is_empty());
}

#[test]
fn needs_attention_finds_mismatched_payments_through_their_partial_index() {
    let (_dir, pool) = orders(10);
    let conn = pool.get().unwrap();
    let plan = plan(&conn, super::MISMATCHED_EVENTS);
    assert!(
        plan.iter()
            .any(|step| step.contains("USING INDEX processor_events_not_applied")),
        "{plan:?}"
    );
    assert!(
        super::MISMATCHED_EVENTS.contains(&format!(
            "LIKE '{}%'",
            crate::domain::payment_match::NOT_APPLIED
        )),
        "the query names the outcome's prefix"
    );
}

#[test]
fn a_renewal_recorded_in_the_same_second_is_the_newest_payment() {
    let (_dir, pool) = orders(3);
    let conn = pool.get().unwrap();
    let order = OrderId(2);
    record_payment(&conn, Gateway::Paypal, "SALE-Z", order, 100, false).unwrap();
    record_payment(&conn, Gateway::Paypal, "SALE-A", order, 100, true).unwrap();
    // Delivered again: kept as first recorded.
    record_payment(&conn, Gateway::Paypal, "SALE-A", order, 500, true).unwrap();
    assert_eq!(
        newest_payment(&conn, order).unwrap().as_deref(),
        Some("SALE-A")
    );
    let paid_at: i64 = conn
        .query_row(
            "SELECT paid_at FROM order_payments WHERE payment_id = 'SALE-A'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(paid_at, 101);
    // A first payment is recorded at its own time, and another order's payments do not move it.
    record_payment(&conn, Gateway::Paypal, "SALE-B", OrderId(3), 100, false).unwrap();
    assert_eq!(
        newest_payment(&conn, OrderId(3)).unwrap().as_deref(),
        Some("SALE-B")
    );
    let plan = plan(&conn, "SELECT payment_id FROM order_payments WHERE order_id = ?1 ORDER BY paid_at DESC NULLS LAST LIMIT 1");
    assert!(
        plan.iter().any(|s| s.contains("order_payments_by_order")),
        "{plan:?}"
    );
}
