//! A customer's subscriptions, and the recurring payments Mollie makes for them.

use super::strict::{self, amount_of};
use super::{error, find_mut, next_id, not_found, now, reply, unprocessable, Reply, State};
use serde_json::{json, Value};

pub(super) fn route(
    s: &mut State,
    method: &str,
    customer: &str,
    rest: &[&str],
    body: &Value,
) -> Reply {
    match (method, rest) {
        ("GET", []) => {
            let mine: Vec<Value> = s
                .subscriptions
                .iter()
                .filter(|x| x["customerId"] == customer)
                .cloned()
                .collect();
            reply(
                200,
                json!({"count": mine.len(), "_embedded": {"subscriptions": mine},
                "_links": {"previous": null, "next": null}}),
            )
        }
        ("POST", []) => create(s, customer, body),
        ("GET", [id]) => match s
            .subscriptions
            .iter()
            .find(|x| x["id"] == *id && x["customerId"] == customer)
        {
            Some(x) => reply(200, x.clone()),
            None => not_found("subscription"),
        },
        ("DELETE", [id]) => {
            let Some(x) = s
                .subscriptions
                .iter_mut()
                .find(|x| x["id"] == *id && x["customerId"] == customer)
            else {
                return not_found("subscription");
            };
            if x["status"] == "canceled" {
                return unprocessable("The subscription has been canceled already.", "id");
            }
            x["status"] = json!("canceled");
            x["canceledAt"] = json!(now());
            x.as_object_mut().unwrap().remove("nextPaymentDate");
            reply(200, x.clone())
        }
        _ => error(404, "Not Found", "The resource does not exist.", None),
    }
}

fn interval_ok(interval: &str) -> bool {
    let Some((n, unit)) = interval.split_once(' ') else {
        return false;
    };
    n.parse::<u32>().is_ok_and(|n| n > 0)
        && ["day", "days", "week", "weeks", "month", "months"].contains(&unit)
}

fn date_ok(date: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(date, &format).is_ok()
}

fn create(s: &mut State, customer: &str, body: &Value) -> Reply {
    const FIELDS: &[&str] = &[
        "amount",
        "times",
        "interval",
        "startDate",
        "description",
        "method",
        "mandateId",
        "webhookUrl",
        "metadata",
    ];
    let checked = (|| -> Result<Value, Reply> {
        strict::fields(body, FIELDS)?;
        let (currency, minor) = strict::amount(body, "amount")?;
        let interval = strict::text(body, "interval")?;
        if !interval_ok(interval) {
            return Err(unprocessable("The interval is invalid.", "interval"));
        }
        let description = strict::text(body, "description")?;
        let taken = s.subscriptions.iter().any(|x| {
            x["customerId"] == customer
                && x["description"] == description
                && x["status"] == "active"
        });
        if taken {
            return Err(unprocessable(
                "The description must be unique among the customer's subscriptions.",
                "description",
            ));
        }
        let start = strict::optional_text(body, "startDate")?;
        if start.is_some_and(|d| !date_ok(d)) {
            return Err(unprocessable("The start date is invalid.", "startDate"));
        }
        let times = &body["times"];
        if !times.is_null() && times.as_u64().is_none_or(|t| t < 1) {
            return Err(unprocessable("The times must be at least 1.", "times"));
        }
        let has_mandate = s.payments.iter().any(|p| {
            p["customerId"] == customer && p["status"] == "paid" && p["mandateId"].is_string()
        });
        if !has_mandate {
            return Err(unprocessable(
                "The customer has no valid mandate.",
                "customerId",
            ));
        }
        let start = start
            .map(str::to_string)
            .unwrap_or_else(|| now()[..10].to_string());
        let mut x = json!({"resource": "subscription", "mode": "test", "createdAt": now(),
            "status": "active", "amount": amount_of(&currency, minor), "interval": interval,
            "startDate": start, "nextPaymentDate": start, "description": description,
            "method": body["method"], "mandateId": body["mandateId"], "customerId": customer,
            "metadata": body["metadata"], "webhookUrl": body["webhookUrl"], "canceledAt": null});
        if let Some(t) = times.as_u64() {
            x["times"] = json!(t);
            x["timesRemaining"] = json!(t);
        }
        Ok(x)
    })();
    let mut x = match checked {
        Ok(x) => x,
        Err(r) => return r,
    };
    let id = next_id(s, "sub_");
    x["id"] = json!(id);
    s.subscriptions.push(x.clone());
    reply(201, x)
}

/// The subscription's next charge as a recurring payment, `paid` or `failed`.
pub(super) fn charge(s: &mut State, subscription_id: &str, status: &str) -> String {
    let id = next_id(s, "tr_");
    let sub = find_mut(&mut s.subscriptions, subscription_id).expect("a subscription");
    assert_eq!(
        sub["status"], "active",
        "only an active subscription charges"
    );
    let amount = sub["amount"].clone();
    let mut payment = json!({"resource": "payment", "id": id, "mode": "test", "createdAt": now(),
        "amount": amount, "description": sub["description"], "metadata": null,
        "status": status, "sequenceType": "recurring", "customerId": sub["customerId"],
        "subscriptionId": subscription_id, "mandateId": sub["mandateId"],
        "webhookUrl": sub["webhookUrl"], "profileId": "pfl_QkEhN94Ba",
        "_links": {"self": {"href": format!("/v2/payments/{id}"), "type": "application/hal+json"}}});
    if status == "paid" {
        let currency = amount["currency"].as_str().unwrap_or("EUR").to_string();
        payment["paidAt"] = json!(now());
        payment["amountRefunded"] = amount_of(&currency, 0);
        payment["amountRemaining"] = amount.clone();
        if let Some(left) = sub["timesRemaining"].as_u64() {
            sub["timesRemaining"] = json!(left - 1);
            if left == 1 {
                sub["status"] = json!("completed");
            }
        }
    }
    s.payments.push(payment);
    id
}
