//! Access in Kartra follows the order: completed orders are tagged, others never reach Kartra,
//! refunds and cancellations remove the tag, and forged or stale events change nothing.

use super::*;

#[test]
fn a_test_purchase_tags_the_buyers_lead_in_kartra() {
    let shop = Shop::open();
    let page = shop.checkout("jane@example.com", 0);
    let pay = Browser::new(&shop.server.base).get(&page);
    assert!(pay.body.contains("$49.00") && pay.body.contains("jane@example.com"));
    let done = shop.press(&page, "complete");
    assert_eq!(
        done.header("location"),
        Some("https://example.com/thanks"),
        "the product's thank-you URL"
    );

    shop.kartra.wait_for("the tag on the lead", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.contains(&TAG.to_string()))
    });
    let lead = shop.kartra.lead("jane@example.com").unwrap();
    for (field, value) in [
        ("first_name", "Jane"),
        ("last_name", "Doe"),
        ("phone", "+1 555 0100"),
        ("address", "1 Main St"),
        ("city", "Springfield"),
        ("zip", "12345"),
        ("state", "IL"),
        // The form sends the ISO code; Kartra's lead gets the country's English name.
        ("country", "United States of America"),
    ] {
        assert_eq!(
            lead.fields.get(field).map(String::as_str),
            Some(value),
            "lead {field}"
        );
    }
    // The fake has the tag before the worker records Kartra's answer: wait for that too.
    let order = &shop.wait_order("jane@example.com", "the grant recorded", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    assert_eq!(
        (
            order["status"].as_str(),
            order["amount"].as_i64(),
            order["currency"].as_str()
        ),
        (Some("completed"), Some(4900), Some("USD"))
    );
    let job = &order["fulfillment"][0];
    assert_eq!(
        (job["action"].as_str(), job["state"].as_str()),
        (Some("grant"), Some("done"))
    );
    assert_eq!(job["kartra_lead_id"].as_str(), Some(lead.id.as_str()));
    assert_eq!(shop.kartra.tag_assignments("jane@example.com", TAG), 1);

    let detail = api(
        &shop.server.base,
        "GET",
        &format!("/orders/{}", order["id"]),
        Some(&shop.token),
        None,
    )
    .json();
    assert_eq!(detail["events"][0]["type"], "payment.completed");
    assert!(
        detail["attempts"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("assign_tag"),
        "{detail}"
    );
}

#[test]
fn pending_and_declined_orders_never_reach_kartra() {
    let shop = Shop::open();
    let pending = shop.checkout("waiting@example.com", 0);
    assert_eq!(shop.press(&pending, "pending").status, 303);
    let declined = shop.checkout("declined@example.com", 0);
    let res = shop.press(&declined, "decline");
    let thank_you = Browser::new(&shop.server.base).get(res.header("location").unwrap());
    assert!(thank_you.body.contains("Payment declined"));
    shop.buy("paid@example.com", 0);
    shop.kartra.wait_for("the paid buyer's tag", |k| {
        k.lead("paid@example.com").is_some()
    });
    assert_eq!(shop.orders("waiting@example.com")[0]["status"], "pending");
    assert_eq!(shop.orders("declined@example.com")[0]["status"], "failed");
    for email in ["waiting@example.com", "declined@example.com"] {
        assert_eq!(
            shop.orders(email)[0]["fulfillment"],
            json!([]),
            "{email} has no jobs"
        );
        assert!(
            shop.kartra.lead(email).is_none(),
            "{email} never reached Kartra"
        );
    }
    assert!(shop.kartra.calls().iter().all(|c| c
        .pairs
        .iter()
        .all(|(_, v)| !v.contains("waiting@") && !v.contains("declined@"))));
}

#[test]
fn forged_stale_and_replayed_events_change_nothing() {
    let shop = Shop::open();
    let page = shop.checkout("jane@example.com", 0);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let forged = shop.event(
        "evt_forged",
        "payment.completed",
        payment_ref,
        now(),
        "whsec_wrong_secret_00000",
    );
    assert_eq!(forged.status, 400, "{}", forged.body);
    let stale = shop.event(
        "evt_stale",
        "payment.completed",
        payment_ref,
        now() - 600,
        SECRET,
    );
    assert_eq!(stale.status, 400, "{}", stale.body);
    let unsigned = post_signed(&shop.server.base, "{}", "");
    assert_eq!(unsigned.status, 400);
    assert_eq!(
        shop.orders("jane@example.com")[0]["status"],
        "pending",
        "refused events changed nothing"
    );

    let t = now();
    assert_eq!(
        shop.event("evt_1", "payment.completed", payment_ref, t, SECRET)
            .status,
        200
    );
    let replay = shop.event("evt_1", "payment.completed", payment_ref, t, SECRET);
    assert_eq!(replay.status, 200);
    assert!(replay.body.contains("duplicate"));
    assert_eq!(
        shop.event("evt_2", "payment.completed", payment_ref, now(), SECRET)
            .status,
        200,
        "a second completion is a no-op"
    );
    shop.kartra.wait_for("the grant", |k| {
        k.tag_assignments("jane@example.com", TAG) == 1
    });
    let order = &shop.orders("jane@example.com")[0];
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "exactly one grant job"
    );
}

#[test]
fn a_returning_buyer_gets_a_second_tag_on_the_same_lead() {
    let shop = Shop::open();
    shop.buy("jane@example.com", 0);
    shop.kartra.wait_for("first tag", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.len() == 1)
    });
    let bonus = json!({"name": "Bonus", "kartra_tag": "bonus-buyer", "prices": [{"kind": "one_time", "currency": "USD", "amount": 900}]});
    let bonus = shop.sell(bonus, "bonus", &["test"]);
    let res = shop.order_on("bonus", "JANE@example.com", &bonus, "test");
    assert_eq!(res.status, 303, "{}", res.body);
    shop.press(res.header("location").unwrap(), "complete");
    shop.kartra.wait_for("second tag", |k| {
        k.lead("jane@example.com")
            .is_some_and(|l| l.tags.len() == 2)
    });
    let cmds: Vec<Vec<String>> = shop
        .kartra
        .calls()
        .iter()
        .map(|c| c.cmds.clone())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        cmds.contains(&vec!["edit_lead".to_string(), "assign_tag".to_string()]),
        "the existing lead was edited: {cmds:?}"
    );
}

#[test]
fn cancellation_and_refund_remove_the_tag() {
    let shop = Shop::open();
    let subscription = shop.buy("sub@example.com", 1);
    shop.kartra.wait_for("subscriber tagged", |k| {
        k.lead("sub@example.com")
            .is_some_and(|l| !l.tags.is_empty())
    });
    assert_eq!(
        shop.press(&format!("/pay/test/{subscription}"), "cancel")
            .status,
        303
    );
    shop.kartra.wait_for("subscriber untagged", |k| {
        k.lead("sub@example.com").is_some_and(|l| l.tags.is_empty())
    });
    assert_eq!(shop.orders("sub@example.com")[0]["status"], "cancelled");

    let one_time = shop.buy("refund@example.com", 0);
    shop.kartra.wait_for("buyer tagged", |k| {
        k.lead("refund@example.com")
            .is_some_and(|l| !l.tags.is_empty())
    });
    shop.press(&format!("/pay/test/{one_time}"), "refund");
    shop.kartra.wait_for("refunded buyer untagged", |k| {
        k.lead("refund@example.com")
            .is_some_and(|l| l.tags.is_empty())
    });
    let order = &shop.orders("refund@example.com")[0];
    assert_eq!(order["status"], "refunded");
    assert_eq!(order["fulfillment"][1]["action"], "revoke");
}

#[test]
fn a_refund_keeps_access_when_the_product_says_so() {
    let shop = Shop::open_with(FakeKartra::with_tags(&[TAG]), false);
    let payment = shop.buy("keep@example.com", 0);
    shop.kartra
        .wait_for("tagged", |k| k.lead("keep@example.com").is_some());
    shop.press(&format!("/pay/test/{payment}"), "refund");
    let order = &shop.orders("keep@example.com")[0];
    assert_eq!(order["status"], "refunded");
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "no revoke queued"
    );
    assert!(shop.has_tag("keep@example.com", TAG));
}

#[test]
fn a_cancellation_that_arrives_before_the_completion_leaves_no_access() {
    let shop = Shop::open();
    let page = shop.checkout("early@example.com", 1);
    let payment_ref = page.trim_start_matches("/pay/test/");
    assert_eq!(
        shop.event(
            "evt_cancel",
            "subscription.cancelled",
            payment_ref,
            now(),
            SECRET
        )
        .status,
        200
    );
    assert_eq!(shop.orders("early@example.com")[0]["status"], "pending");
    assert_eq!(
        shop.event("evt_paid", "payment.completed", payment_ref, now(), SECRET)
            .status,
        200
    );
    let order = &shop.orders("early@example.com")[0];
    assert_eq!(order["status"], "cancelled");
    assert_eq!(order["fulfillment"], json!([]));
    shop.buy("later@example.com", 0);
    shop.kartra.wait_for("a later buyer's grant", |k| {
        k.lead("later@example.com").is_some()
    });
    assert!(
        shop.kartra.lead("early@example.com").is_none(),
        "no access for the cancelled order"
    );
}

#[test]
fn a_payment_plan_paid_in_full_keeps_access_when_it_ends() {
    let shop = Shop::open();
    let plan = json!({"name": "Plan", "kartra_tag": TAG, "prices": [{"kind": "payment_plan", "currency": "USD", "amount": 3000, "interval": "month", "installments": 3}]});
    let plan = shop.sell(plan, "plan", &["test"]);
    let res = shop.order_on("plan", "plan@example.com", &plan, "test");
    let pay = res.header("location").unwrap().to_string();
    shop.press(&pay, "complete");
    shop.press(&pay, "renew");
    shop.press(&pay, "renew");
    let order = shop.wait_order("plan@example.com", "the grant", |o| {
        o["fulfillment"][0]["state"] == "done"
    });
    let detail = api(
        &shop.server.base,
        "GET",
        &format!("/orders/{}", order["id"]),
        Some(&shop.token),
        None,
    )
    .json();
    assert!(
        detail["events"][2]["outcome"]
            .as_str()
            .unwrap()
            .contains("installment 3 of 3 paid"),
        "{detail}"
    );
    shop.press(&pay, "cancel");
    let order = &shop.orders("plan@example.com")[0];
    assert_eq!(
        order["status"], "completed",
        "a finished plan's end is not a cancellation"
    );
    assert_eq!(
        order["fulfillment"].as_array().unwrap().len(),
        1,
        "no revoke"
    );
    assert!(shop.has_tag("plan@example.com", TAG));
}

#[test]
fn a_switched_off_test_gateway_completes_nothing_even_for_earlier_orders() {
    let shop = Shop::open();
    let page = shop.checkout("late@example.com", 0);
    let off = api(
        &shop.server.base,
        "PUT",
        "/gateways/test",
        Some(&shop.token),
        Some(r#"{"enabled": false}"#),
    );
    assert_eq!(off.json()["enabled"], false);
    assert_eq!(shop.press(&page, "complete").status, 400);
    let payment_ref = page.trim_start_matches("/pay/test/");
    let res = shop.event(
        "evt_after_off",
        "payment.completed",
        payment_ref,
        now(),
        SECRET,
    );
    assert_eq!(
        (res.status, res.json()["error"]["code"].as_str()),
        (400, Some("gateway_off"))
    );
    assert_eq!(shop.orders("late@example.com")[0]["status"], "pending");
    assert!(
        !Browser::new(&shop.server.base)
            .get("/p/pro")
            .body
            .contains("<form"),
        "the page stops offering it"
    );
}
