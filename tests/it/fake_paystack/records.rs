//! What the fake keeps, and each record as Paystack's API shows it.

use super::State;
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct TransactionRecord {
    pub id: u64,
    pub reference: String,
    pub access_code: String,
    pub email: String,
    pub customer_id: u64,
    /// In subunits.
    pub amount: i64,
    pub currency: String,
    /// abandoned until the buyer acts (Paystack's word for "not paid yet"), then success or failed.
    pub status: String,
    pub plan_code: Option<String>,
    /// As an object, whichever way it was sent.
    pub metadata: Value,
    pub callback_url: Option<String>,
    pub created_at: i64,
    pub paid_at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanRecord {
    pub id: u64,
    pub plan_code: String,
    pub name: String,
    pub amount: i64,
    pub interval: String,
    pub currency: String,
    pub invoice_limit: Option<u64>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionRecord {
    pub id: u64,
    pub code: String,
    pub email_token: String,
    pub customer_id: u64,
    pub plan_code: String,
    /// active, non-renewing (disabled: no more charges), attention (a charge failed), completed.
    pub status: String,
    pub next_payment_date: i64,
    pub created_at: i64,
    /// Charges so far, the first included.
    pub payments: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RefundRecord {
    pub id: u64,
    pub transaction_id: u64,
    pub transaction_reference: String,
    pub amount: i64,
    pub currency: String,
    pub merchant_note: Option<String>,
    pub customer_note: Option<String>,
    /// pending until `process_refunds`, then processed.
    pub status: String,
}

pub(super) fn date(t: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(t).unwrap();
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].000Z");
    at.format(&format).unwrap()
}

pub(super) fn customer(s: &State, id: u64) -> Value {
    let email = &s.customers[(id - 1) as usize];
    json!({"id": id, "first_name": null, "last_name": null, "email": email,
           "customer_code": format!("CUS_{id:08}fake"), "phone": null, "metadata": null,
           "risk_action": "default"})
}

pub(super) fn plan(p: &PlanRecord) -> Value {
    json!({"id": p.id, "name": p.name, "plan_code": p.plan_code, "description": p.description,
           "amount": p.amount, "interval": p.interval, "invoice_limit": p.invoice_limit.unwrap_or(0),
           "send_invoices": true, "send_sms": true, "currency": p.currency,
           "is_deleted": false, "is_archived": false})
}

/// A transaction as verify, list and charge.success show it.
pub(super) fn transaction(s: &State, t: &TransactionRecord) -> Value {
    let plan_of = s
        .plans
        .iter()
        .find(|p| Some(&p.plan_code) == t.plan_code.as_ref());
    json!({
        "id": t.id, "domain": "test", "status": t.status, "reference": t.reference,
        "amount": t.amount, "message": null,
        "gateway_response": match t.status.as_str() { "success" => "Successful", "failed" => "Declined", _ => "The transaction was not completed" },
        "paid_at": t.paid_at.map(date), "created_at": date(t.created_at), "channel": "card",
        "currency": t.currency, "ip_address": "127.0.0.1", "metadata": t.metadata,
        "fees": t.amount * 15 / 1000,
        "customer": customer(s, t.customer_id),
        "authorization": {"authorization_code": format!("AUTH_{:08}", t.customer_id), "bin": "408408",
                          "last4": "4081", "exp_month": "12", "exp_year": "2030", "channel": "card",
                          "card_type": "visa", "bank": "TEST BANK", "country_code": "NG",
                          "brand": "visa", "reusable": true, "signature": "SIG_fake"},
        "plan": plan_of.map_or(json!({}), plan),
        "requested_amount": t.amount,
    })
}

pub(super) fn subscription(s: &State, sub: &SubscriptionRecord) -> Value {
    let p = s
        .plans
        .iter()
        .find(|p| p.plan_code == sub.plan_code)
        .unwrap();
    json!({
        "id": sub.id, "domain": "test", "status": sub.status, "subscription_code": sub.code,
        "email_token": sub.email_token, "amount": p.amount, "cron_expression": "0 0 1 * *",
        "next_payment_date": (!matches!(sub.status.as_str(), "completed" | "cancelled")).then(|| date(sub.next_payment_date)),
        "open_invoice": null, "createdAt": date(sub.created_at), "plan": plan(p),
        "customer": customer(s, sub.customer_id),
        "authorization": {"authorization_code": format!("AUTH_{:08}", sub.customer_id)},
        "invoice_limit": p.invoice_limit.unwrap_or(0), "payments_count": sub.payments,
    })
}

pub(super) fn refund(r: &RefundRecord) -> Value {
    json!({"id": r.id, "integration": 100032, "domain": "test", "transaction": r.transaction_id,
           "dispute": null, "amount": r.amount, "deducted_amount": r.amount, "currency": r.currency,
           "channel": "card", "fully_deducted": true, "refunded_by": "tagcart@example.com",
           "merchant_note": r.merchant_note, "customer_note": r.customer_note, "status": r.status})
}
