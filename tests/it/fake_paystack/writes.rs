//! The fake's writes (initialize, plans, disable, refunds) and Paystack's refusals for what it
//! would refuse (and for unknown or missing fields, which it may ignore: a strict fake refuses them).

use super::api::{ok, refuse, Reply};
use super::records::{self, PlanRecord, RefundRecord, TransactionRecord};
use super::State;
use serde_json::{json, Map, Value};

const CURRENCIES: &[&str] = &["NGN", "GHS", "ZAR", "KES", "USD"];
const INTERVALS: &[&str] = &[
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "biannually",
    "annually",
];

/// Unknown and missing fields are refused, as a strict fake does.
fn fields(body: &Map<String, Value>, allowed: &[&str], required: &[&str]) -> Result<(), Reply> {
    if let Some(unknown) = body.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(refuse(400, &format!("Unknown field: {unknown}")));
    }
    match required
        .iter()
        .find(|r| body.get(**r).is_none_or(|v| v.is_null() || v == ""))
    {
        Some(missing) => Err(refuse(400, &format!("{missing} is required"))),
        None => Ok(()),
    }
}

/// Whole subunits: an integer, or a string of digits (Paystack's docs type amounts as strings).
fn subunits(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().filter(|a| *a > 0),
        Value::String(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            t.parse().ok()
        }
        _ => None,
    }
}

pub(super) fn customer_id(s: &mut State, email: &str) -> u64 {
    let found = s
        .customers
        .iter()
        .position(|e| e.eq_ignore_ascii_case(email));
    let i = found.unwrap_or_else(|| {
        s.customers.push(email.to_string());
        s.customers.len() - 1
    });
    i as u64 + 1
}

pub(super) fn initialize(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "email",
        "amount",
        "currency",
        "reference",
        "callback_url",
        "metadata",
        "plan",
        "invoice_limit",
        "channels",
    ];
    if let Err(r) = fields(b, &allowed, &["email", "amount"]) {
        return r;
    }
    let Some(mut amount) = subunits(&b["amount"]) else {
        return refuse(400, "Invalid Amount Sent");
    };
    let currency = b
        .get("currency")
        .and_then(Value::as_str)
        .unwrap_or("NGN")
        .to_string();
    if !CURRENCIES.contains(&currency.as_str()) {
        return refuse(400, "Currency not supported by merchant");
    }
    let email = b["email"].as_str().unwrap_or_default().to_string();
    if !email.contains('@') {
        return refuse(400, "Invalid Email Address Passed");
    }
    let reference =
        match b.get("reference").and_then(Value::as_str) {
            Some(r)
                if r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.=".contains(c)) =>
            {
                r.to_string()
            }
            Some(_) => return refuse(
                400,
                "Invalid transaction reference: only -, ., = and alphanumeric characters allowed",
            ),
            None => format!("T{:012}", s.seq + 1),
        };
    if s.transactions.iter().any(|t| t.reference == reference) {
        return refuse(400, "Duplicate Transaction Reference");
    }
    let metadata = match b.get("metadata") {
        None => Value::Null,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => v,
            _ => return refuse(400, "metadata must be a stringified JSON object"),
        },
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return refuse(400, "metadata must be a stringified JSON object"),
    };
    let plan_code = b.get("plan").and_then(Value::as_str).map(str::to_string);
    if let Some(code) = &plan_code {
        let Some(plan) = s.plans.iter().find(|p| &p.plan_code == code) else {
            return refuse(400, "Plan not found");
        };
        if plan.currency != currency {
            return refuse(400, "Plan currency does not match transaction currency");
        }
        // The plan's amount is charged: it invalidates the amount sent.
        amount = plan.amount;
    }
    let customer_id = customer_id(s, &email);
    s.seq += 1;
    let access_code = format!("ac{:010x}", s.seq * 2654435761);
    let record = TransactionRecord {
        id: 3_000_000 + s.seq,
        reference: reference.clone(),
        access_code: access_code.clone(),
        email,
        customer_id,
        amount,
        currency,
        status: "abandoned".into(),
        plan_code,
        metadata,
        callback_url: b
            .get("callback_url")
            .and_then(Value::as_str)
            .map(str::to_string),
        created_at: s.now,
        paid_at: None,
    };
    s.transactions.push(record);
    let authorization_url = format!("{}/checkout/{access_code}", s.base);
    ok(
        "Authorization URL created",
        json!({"authorization_url": authorization_url, "access_code": access_code, "reference": reference}),
    )
}

pub(super) fn create_plan(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "name",
        "amount",
        "interval",
        "description",
        "send_invoices",
        "send_sms",
        "currency",
        "invoice_limit",
    ];
    if let Err(r) = fields(b, &allowed, &["name", "amount", "interval"]) {
        return r;
    }
    let Some(amount) = subunits(&b["amount"]) else {
        return refuse(400, "Invalid Amount Sent");
    };
    let interval = b["interval"].as_str().unwrap_or_default();
    if !INTERVALS.contains(&interval) {
        return refuse(
            400,
            "Interval should be one of: daily, weekly, monthly, quarterly, biannually, annually",
        );
    }
    let currency = b.get("currency").and_then(Value::as_str).unwrap_or("NGN");
    if !CURRENCIES.contains(&currency) {
        return refuse(400, "Currency not supported by merchant");
    }
    let invoice_limit = match b.get("invoice_limit") {
        None => None,
        Some(v) => match v.as_u64() {
            Some(n) => Some(n),
            None => return refuse(400, "invoice_limit must be a whole number"),
        },
    };
    s.seq += 1;
    let plan = PlanRecord {
        id: 40_000 + s.seq,
        plan_code: format!("PLN_{:014x}", s.seq * 6364136223),
        name: b["name"].as_str().unwrap_or_default().to_string(),
        amount,
        interval: interval.to_string(),
        currency: currency.to_string(),
        invoice_limit,
        description: b
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let shown = records::plan(&plan);
    s.plans.push(plan);
    ok("Plan created", shown)
}

pub(super) fn disable(s: &mut State, b: &Map<String, Value>) -> Reply {
    if let Err(r) = fields(b, &["code", "token"], &["code", "token"]) {
        return r;
    }
    let (code, token) = (
        b["code"].as_str().unwrap_or_default(),
        b["token"].as_str().unwrap_or_default(),
    );
    let Some(i) = s
        .subscriptions
        .iter()
        .position(|x| x.code == code && x.email_token == token)
    else {
        return refuse(404, "Subscription with code not found or already inactive");
    };
    if !matches!(s.subscriptions[i].status.as_str(), "active" | "attention") {
        return refuse(400, "Subscription with code not found or already inactive");
    }
    s.subscriptions[i].status = "non-renewing".into();
    let shown = records::subscription(s, &s.subscriptions[i]);
    super::events::queue(s, "subscription.not_renew", shown);
    ok("Subscription disabled successfully", Value::Null)
}

pub(super) fn refund(s: &mut State, b: &Map<String, Value>) -> Reply {
    let allowed = [
        "transaction",
        "amount",
        "currency",
        "customer_note",
        "merchant_note",
    ];
    if let Err(r) = fields(b, &allowed, &["transaction"]) {
        return r;
    }
    let wanted = match &b["transaction"] {
        Value::String(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        _ => return refuse(400, "Transaction reference or id is required"),
    };
    let Some(t) = s
        .transactions
        .iter()
        .find(|t| t.reference == wanted || t.id.to_string() == wanted)
        .cloned()
    else {
        return refuse(404, "Transaction not found");
    };
    if t.status != "success" {
        return refuse(400, "Cannot refund a transaction that was not successful");
    }
    let refunded: i64 = s
        .refunds
        .iter()
        .filter(|r| r.transaction_id == t.id)
        .map(|r| r.amount)
        .sum();
    let amount = match b.get("amount") {
        None => t.amount - refunded,
        Some(v) => match subunits(v) {
            Some(a) => a,
            None => return refuse(400, "Invalid Amount Sent"),
        },
    };
    if amount <= 0 || amount > t.amount - refunded {
        return refuse(
            400,
            "Refund amount cannot be greater than transaction amount",
        );
    }
    if b.get("currency").is_some_and(|c| c != t.currency.as_str()) {
        return refuse(400, "Currency does not match the transaction's");
    }
    s.seq += 1;
    let text = |k: &str| b.get(k).and_then(Value::as_str).map(str::to_string);
    let record = RefundRecord {
        id: 1100 + s.seq,
        transaction_id: t.id,
        transaction_reference: t.reference.clone(),
        amount,
        currency: t.currency.clone(),
        merchant_note: text("merchant_note"),
        customer_note: text("customer_note"),
        status: "pending".into(),
    };
    let mut shown = records::refund(&record);
    shown["transaction"] = records::transaction(s, &t);
    s.refunds.push(record);
    ok("Refund has been queued for processing", shown)
}
