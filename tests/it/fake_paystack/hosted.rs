//! What happens at Paystack outside the API: the buyer on the hosted page, a subscription's
//! later charges, refunds finishing. Each change queues the events Paystack would send.

use super::events::{flush, queue};
use super::records::{self, date, SubscriptionRecord, TransactionRecord};
use super::{Shared, State};
use serde_json::{json, Value};

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) fn interval_secs(interval: &str) -> i64 {
    let days = match interval {
        "daily" => 1,
        "weekly" => 7,
        "monthly" => 30,
        "quarterly" => 91,
        "biannually" => 182,
        _ => 365,
    };
    days * 86400
}

/// The test's `pay` or `fail`: as the hosted page's buttons, then the events go out.
pub(super) fn settle(state: &Shared, reference: &str, outcome: &str) -> String {
    let location = {
        let mut s = lock(state);
        settle_in(&mut s, reference, outcome).unwrap_or_else(|e| panic!("{e}"))
    };
    flush(state);
    location
}

/// The buyer pays (`success`) or is declined (`failed`): the transaction settles, a plan's
/// first charge subscribes the customer, and the browser goes to the callback_url with
/// `trxref` and `reference` added.
pub(super) fn settle_in(s: &mut State, reference: &str, outcome: &str) -> Result<String, String> {
    let now = s.now;
    let i = s.transactions.iter().position(|t| t.reference == reference);
    let i = i.ok_or(format!("fake Paystack: no transaction {reference}"))?;
    if s.transactions[i].status != "abandoned" {
        return Err(format!(
            "fake Paystack: {reference} is {} already",
            s.transactions[i].status
        ));
    }
    s.transactions[i].status = outcome.to_string();
    if outcome == "success" {
        s.transactions[i].paid_at = Some(now);
        let t = s.transactions[i].clone();
        let shown = records::transaction(s, &t);
        queue(s, "charge.success", shown);
        if let Some(plan_code) = &t.plan_code {
            subscribe(s, &t, plan_code);
        }
    }
    let t = &s.transactions[i];
    let back = t.callback_url.clone().unwrap_or_default();
    let joiner = if back.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{back}{joiner}trxref={0}&reference={0}",
        t.reference
    ))
}

fn subscribe(s: &mut State, t: &TransactionRecord, plan_code: &str) {
    s.seq += 1;
    let plan = s
        .plans
        .iter()
        .find(|p| p.plan_code == plan_code)
        .unwrap()
        .clone();
    let sub = SubscriptionRecord {
        id: 9000 + s.seq,
        code: format!("SUB_{:012x}", s.seq * 7919),
        email_token: format!("tok{:016x}", s.seq * 104729),
        customer_id: t.customer_id,
        plan_code: plan_code.to_string(),
        status: match plan.invoice_limit {
            Some(1) => "completed".into(),
            _ => "active".into(),
        },
        next_payment_date: s.now + interval_secs(&plan.interval),
        created_at: s.now,
        payments: 1,
    };
    let shown = records::subscription(s, &sub);
    s.subscriptions.push(sub);
    queue(s, "subscription.create", shown);
}

fn invoice(s: &State, sub: &SubscriptionRecord, t: &TransactionRecord, code: &str) -> Value {
    let paid = t.status == "success";
    json!({
        "domain": "test", "invoice_code": code, "amount": t.amount,
        "period_start": date(s.now), "period_end": date(sub.next_payment_date),
        "status": t.status, "paid": paid, "paid_at": t.paid_at.map(date),
        "description": null, "authorization": {"authorization_code": format!("AUTH_{:08}", sub.customer_id)},
        "subscription": {"status": sub.status, "subscription_code": sub.code, "email_token": sub.email_token,
                         "amount": t.amount, "next_payment_date": date(sub.next_payment_date)},
        "customer": records::customer(s, sub.customer_id),
        "transaction": {"reference": t.reference, "status": t.status, "amount": t.amount, "currency": t.currency},
        "created_at": date(s.now),
    })
}

/// A later charge of the subscription, at the fake's current time.
fn charge(s: &mut State, code: &str, outcome: &str) -> TransactionRecord {
    let i = s
        .subscriptions
        .iter()
        .position(|x| x.code == code)
        .expect("a subscription");
    let sub = s.subscriptions[i].clone();
    assert!(
        matches!(sub.status.as_str(), "active" | "attention"),
        "fake Paystack: {code} is {}",
        sub.status
    );
    let plan = s
        .plans
        .iter()
        .find(|p| p.plan_code == sub.plan_code)
        .unwrap()
        .clone();
    s.seq += 1;
    let t = TransactionRecord {
        id: 5_000_000 + s.seq,
        reference: format!("{:x}{:06}", s.seq * 48271, s.seq),
        access_code: String::new(),
        email: s.customers[(sub.customer_id - 1) as usize].clone(),
        customer_id: sub.customer_id,
        amount: plan.amount,
        currency: plan.currency.clone(),
        status: outcome.into(),
        plan_code: Some(plan.plan_code.clone()),
        metadata: Value::Null,
        callback_url: None,
        created_at: s.now,
        paid_at: (outcome == "success").then_some(s.now),
    };
    s.transactions.push(t.clone());
    let sub = &mut s.subscriptions[i];
    if outcome == "success" {
        sub.payments += 1;
        sub.next_payment_date += interval_secs(&plan.interval);
        sub.status = match plan.invoice_limit {
            Some(limit) if sub.payments >= limit => "completed".into(),
            _ => "active".into(),
        };
    } else {
        sub.status = "attention".into();
    }
    t
}

pub(super) fn renew(state: &Shared, code: &str) -> String {
    let reference = {
        let mut s = lock(state);
        let t = charge(&mut s, code, "success");
        let sub = s
            .subscriptions
            .iter()
            .find(|x| x.code == code)
            .unwrap()
            .clone();
        let shown = records::transaction(&s, &t);
        queue(&mut s, "charge.success", shown);
        let shown = invoice(&s, &sub, &t, &format!("INV_{}", t.id));
        queue(&mut s, "invoice.update", shown);
        // Its last invoice paid, Paystack disables the subscription itself, as `complete`.
        if sub.status == "completed" {
            let mut shown = records::subscription(&s, &sub);
            shown["status"] = json!("complete");
            queue(&mut s, "subscription.disable", shown);
        }
        t.reference
    };
    flush(state);
    reference
}

/// Paystack says so twice, invoice.payment_failed and invoice.update: it counts once.
pub(super) fn fail_renewal(state: &Shared, code: &str) {
    {
        let mut s = lock(state);
        let t = charge(&mut s, code, "failed");
        let sub = s
            .subscriptions
            .iter()
            .find(|x| x.code == code)
            .unwrap()
            .clone();
        let shown = invoice(&s, &sub, &t, &format!("INV_{}", t.id));
        queue(&mut s, "invoice.payment_failed", shown.clone());
        queue(&mut s, "invoice.update", shown);
    }
    flush(state);
}

/// The customer pays `count` times elsewhere on this Paystack account (a payment page, another
/// shop): charges without our metadata, newer than any before. Their charge.success events are
/// not sent: tagcart acknowledges such a charge without acting, and a test needs only the list.
pub(super) fn charges_elsewhere(state: &Shared, email: &str, count: usize) {
    let mut s = lock(state);
    let customer_id = super::writes::customer_id(&mut s, email);
    for _ in 0..count {
        s.seq += 1;
        let t = TransactionRecord {
            id: 7_000_000 + s.seq,
            reference: format!("T{:012}", s.seq),
            access_code: String::new(),
            email: email.to_string(),
            customer_id,
            amount: 1000,
            currency: "NGN".into(),
            status: "success".into(),
            plan_code: None,
            metadata: Value::Null,
            callback_url: None,
            created_at: s.now,
            paid_at: Some(s.now),
        };
        s.transactions.push(t);
    }
}

pub(super) fn process_refunds(state: &Shared) {
    {
        let mut s = lock(state);
        let pending: Vec<usize> = (0..s.refunds.len())
            .filter(|i| s.refunds[*i].status == "pending")
            .collect();
        for i in pending {
            s.refunds[i].status = "processed".into();
            let r = s.refunds[i].clone();
            let t = s
                .transactions
                .iter()
                .find(|t| t.id == r.transaction_id)
                .unwrap()
                .clone();
            // As Paystack's documented sample: the refund is named by refund_reference, no id.
            let data = json!({
                "status": "processed", "transaction_reference": r.transaction_reference,
                "refund_reference": format!("RF{:010}", r.id),
                // Paystack sends this amount as a string.
                "amount": r.amount.to_string(), "currency": r.currency, "processor": "mpgs_zen",
                "customer": records::customer(&s, t.customer_id), "integration": 100032, "domain": "test",
            });
            queue(&mut s, "refund.processed", data);
        }
    }
    flush(state);
}

/// The hosted page: pay, be declined, or cancel back to the merchant.
pub(super) fn page(s: &State, access_code: &str) -> Option<String> {
    let t = s
        .transactions
        .iter()
        .find(|t| t.access_code == access_code)?;
    let cancel = t.metadata["cancel_action"].as_str().unwrap_or("/");
    let major = format!("{}.{:02}", t.amount / 100, t.amount % 100);
    Some(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Paystack Checkout</title></head>
<body><main><h1>Pay {currency} {major}</h1><p id="email">{email}</p>
<form method="post" action="/checkout/{code}/pay"><button id="pay" type="submit">Pay {currency} {major}</button></form>
<form method="post" action="/checkout/{code}/fail"><button id="decline" type="submit">Decline the card</button></form>
<a id="cancel" href="{cancel}">Cancel payment</a></main></body></html>"#,
        currency = t.currency,
        email = t.email,
        code = access_code,
    ))
}
