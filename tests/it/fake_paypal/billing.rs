//! Catalog products, billing plans and subscriptions (v1).

use super::rest::{error, invalid, money, not_found, one_of, string, unprocessable, url_field};
use super::rest::{Checked, BAD_LENGTH, BAD_VALUE, INVALID, MISSING};
use super::{next_id, now, reply, Reply, State, SubscriptionRecord};
use serde_json::{json, Value};

pub(super) fn create_product(s: &mut State, body: &Value) -> Reply {
    let checked = (|| -> Checked<Value> {
        let name = string(body, "name", "", true, 127)?;
        let kind = one_of(body, "type", "", &["PHYSICAL", "DIGITAL", "SERVICE"])?;
        kind.ok_or_else(|| invalid("/type", "MISSING_REQUIRED_PARAMETER", MISSING))?;
        string(body, "description", "", false, 256)?;
        let id = match string(body, "id", "", false, 50)? {
            Some(id) if id.len() < 6 => {
                return Err(invalid("/id", "INVALID_STRING_LENGTH", BAD_LENGTH))
            }
            Some(id) if s.products.iter().any(|p| p["id"] == id.as_str()) => {
                return Err(unprocessable(
                    "/id",
                    "DUPLICATE_RESOURCE_IDENTIFIER",
                    "Identifier must be unique.",
                ))
            }
            Some(id) => id,
            None => next_id(s, "PROD-", 17),
        };
        let mut product = body.clone();
        product["id"] = json!(id);
        product["name"] = json!(name);
        product["create_time"] = json!(now());
        product["update_time"] = json!(now());
        let href = format!("{}/v1/catalogs/products/{id}", s.base);
        product["links"] = json!([{"href": href, "rel": "self", "method": "GET"},
            {"href": href, "rel": "edit", "method": "PATCH"}]);
        Ok(product)
    })();
    match checked {
        Ok(product) => {
            s.products.push(product.clone());
            reply(201, product)
        }
        Err(r) => r,
    }
}

/// Most intervals of a unit in one billing cycle.
fn max_count(unit: &str) -> Option<u64> {
    [("DAY", 365), ("WEEK", 52), ("MONTH", 12), ("YEAR", 1)]
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, n)| *n)
}

pub(super) fn create_plan(s: &mut State, body: &Value) -> Reply {
    let checked = (|| -> Checked<Value> {
        let product_id = string(body, "product_id", "", true, 50)?.unwrap_or_default();
        if !s.products.iter().any(|p| p["id"] == product_id.as_str()) {
            return Err(not_found("/product_id"));
        }
        string(body, "name", "", true, 127)?;
        string(body, "description", "", false, 127)?;
        let status = one_of(body, "status", "", &["CREATED", "INACTIVE", "ACTIVE"])?;
        if !body["payment_preferences"].is_object() {
            return Err(invalid(
                "/payment_preferences",
                "MISSING_REQUIRED_PARAMETER",
                MISSING,
            ));
        }
        let cycles = body["billing_cycles"].as_array().filter(|c| !c.is_empty());
        let cycles = cycles
            .ok_or_else(|| invalid("/billing_cycles", "MISSING_REQUIRED_PARAMETER", MISSING))?;
        let bad = |at: &str, d: &str| invalid(at, "INVALID_PARAMETER_VALUE", d);
        let (mut trials, mut regulars, mut currencies) = (0, 0, Vec::new());
        for (i, c) in cycles.iter().enumerate() {
            let at = format!("/billing_cycles/{i}");
            let f = &c["frequency"];
            let unit = f["interval_unit"].as_str().unwrap_or("");
            let count = f["interval_count"].as_u64().unwrap_or(1);
            match max_count(unit) {
                Some(max) if (1..=max).contains(&count) => {}
                _ => return Err(bad(&format!("{at}/frequency"), "interval_unit DAY, WEEK, MONTH or YEAR; interval_count 1 to 365 days, 52 weeks, 12 months or 1 year.")),
            }
            if c["sequence"].as_u64() != Some(i as u64 + 1) {
                return Err(bad(
                    &format!("{at}/sequence"),
                    "Billing cycles run in sequence 1, 2, 3 in the order given.",
                ));
            }
            let total = c["total_cycles"].as_u64().unwrap_or(1);
            match c["tenure_type"].as_str() {
                Some("TRIAL") if (1..=999).contains(&total) && regulars == 0 => trials += 1,
                Some("REGULAR") if total <= 999 => regulars += 1,
                _ => return Err(bad(&at, "tenure_type TRIAL (1 to 999 cycles, before the regular one) or REGULAR (0 to 999 cycles).")),
            }
            let price = &c["pricing_scheme"]["fixed_price"];
            if price.is_null() && c["tenure_type"] == "REGULAR" {
                return Err(invalid(
                    &format!("{at}/pricing_scheme"),
                    "MISSING_REQUIRED_PARAMETER",
                    MISSING,
                ));
            }
            if !price.is_null() {
                currencies
                    .push(money(s, price, &format!("{at}/pricing_scheme/fixed_price"), true)?.0);
            }
        }
        if trials > 2 || regulars != 1 {
            return Err(bad(
                "/billing_cycles",
                "A plan has at most two trial cycles and exactly one regular cycle.",
            ));
        }
        if currencies.windows(2).any(|w| w[0] != w[1]) {
            let d = "The currency code is different from the plan's currency code.";
            return Err(unprocessable("/billing_cycles", "CURRENCY_MISMATCH", d));
        }
        let id = next_id(s, "P-", 24);
        let mut plan = body.clone();
        plan["id"] = json!(id);
        plan["status"] = json!(status.unwrap_or_else(|| "ACTIVE".into()));
        plan["usage_type"] = json!("LICENSED");
        plan["create_time"] = json!(now());
        plan["update_time"] = json!(now());
        let href = format!("{}/v1/billing/plans/{id}", s.base);
        plan["links"] = json!([{"href": href, "rel": "self", "method": "GET"},
            {"href": href, "rel": "edit", "method": "PATCH"}]);
        Ok(plan)
    })();
    match checked {
        Ok(plan) => {
            s.plans.push(plan.clone());
            reply(201, plan)
        }
        Err(r) => r,
    }
}

/// GET /v1/billing/plans?product_id=&page_size=&page=&total_required=
pub(super) fn list_plans(s: &State, q: &dyn Fn(&str) -> Option<String>) -> Reply {
    let number = |k: &str, default: u64, max: u64| match q(k) {
        None => Some(default),
        Some(v) => v.parse::<u64>().ok().filter(|n| (1..=max).contains(n)),
    };
    let (Some(size), Some(page)) = (number("page_size", 10, 20), number("page", 1, 100_000)) else {
        return error(
            400,
            "INVALID_REQUEST",
            INVALID,
            vec![
                json!({"field": "page_size", "location": "query", "issue": "INVALID_PARAMETER_VALUE", "description": BAD_VALUE}),
            ],
        );
    };
    let product = q("product_id");
    let ours = |p: &&Value| product.as_deref().is_none_or(|id| p["product_id"] == id);
    let matching: Vec<&Value> = s.plans.iter().filter(ours).collect();
    let keys = [
        "id",
        "product_id",
        "name",
        "status",
        "description",
        "usage_type",
        "create_time",
        "links",
    ];
    let brief = |p: &Value| {
        Value::Object(
            keys.iter()
                .filter(|k| !p[**k].is_null())
                .map(|k| (k.to_string(), p[*k].clone()))
                .collect(),
        )
    };
    let start = ((page - 1) * size) as usize;
    let plans: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(size as usize)
        .map(|p| brief(p))
        .collect();
    let mut answer = json!({"plans": plans, "links": []});
    if q("total_required").as_deref() == Some("true") {
        answer["total_items"] = json!(matching.len());
        answer["total_pages"] = json!(matching.len().div_ceil(size as usize));
    }
    reply(200, answer)
}

pub(super) fn regular_cycle<'a>(s: &'a State, plan_id: &str) -> &'a Value {
    let plan = s
        .plans
        .iter()
        .find(|p| p["id"] == plan_id)
        .expect("the plan");
    let cycles = plan["billing_cycles"].as_array().expect("cycles");
    cycles
        .iter()
        .find(|c| c["tenure_type"] == "REGULAR")
        .expect("a regular cycle")
}

/// The price of the subscription's `n`th paid cycle (1 is the first): a priced TRIAL cycle
/// (a discount) for its `total_cycles`, then the REGULAR one; free trial cycles are not paid.
pub(super) fn paid_cycle_price<'a>(s: &'a State, plan_id: &str, n: u32) -> &'a Value {
    let plan = (s.plans.iter())
        .find(|p| p["id"] == plan_id)
        .expect("the plan");
    let mut left = u64::from(n.max(1));
    for c in plan["billing_cycles"].as_array().expect("cycles") {
        let price = &c["pricing_scheme"]["fixed_price"];
        if price.is_null() {
            continue;
        }
        let total = c["total_cycles"].as_u64().unwrap_or(1);
        if c["tenure_type"] == "REGULAR" || left <= total {
            return price;
        }
        left -= total;
    }
    &regular_cycle(s, plan_id)["pricing_scheme"]["fixed_price"]
}

pub(super) fn create_subscription(s: &mut State, body: &Value, request_id: Option<&str>) -> Reply {
    let checked = (|| -> Checked<SubscriptionRecord> {
        let plan_id = string(body, "plan_id", "", true, 50)?.unwrap_or_default();
        let Some(plan) = s.plans.iter().find(|p| p["id"] == plan_id.as_str()) else {
            return Err(not_found("/plan_id"));
        };
        if plan["status"] != "ACTIVE" {
            let d = "Invalid plan status for subscribe action; plan status should be active.";
            return Err(unprocessable("/plan_id", "PLAN_STATUS_INVALID", d));
        }
        let custom_id = string(body, "custom_id", "", false, 127)?;
        let (context, at) = (&body["application_context"], "/application_context");
        let return_url = url_field(context, "return_url", at)?;
        let cancel_url = url_field(context, "cancel_url", at)?;
        one_of(context, "user_action", at, &["CONTINUE", "SUBSCRIBE_NOW"])?;
        let shipping = ["GET_FROM_FILE", "NO_SHIPPING", "SET_PROVIDED_ADDRESS"];
        one_of(context, "shipping_preference", at, &shipping)?;
        Ok(SubscriptionRecord {
            id: next_id(s, "I-", 12),
            plan_id,
            status: "APPROVAL_PENDING".into(),
            custom_id,
            return_url,
            cancel_url,
            request_id: request_id.map(str::to_string),
            ba_token: next_id(s, "BA-", 17),
            cancel_reason: None,
            payments: 0,
            create_time: now(),
        })
    })();
    match checked {
        Ok(sub) => {
            let answer = subscription_json(s, &sub);
            s.subscriptions.push(sub);
            reply(201, answer)
        }
        Err(r) => r,
    }
}

pub(super) fn subscription_json(s: &State, sub: &SubscriptionRecord) -> Value {
    let (base, id) = (&s.base, &sub.id);
    let mut links = vec![];
    if sub.status == "APPROVAL_PENDING" {
        let href = format!(
            "{base}/webapps/billing/subscriptions?ba_token={}",
            sub.ba_token
        );
        links.push(json!({"href": href, "rel": "approve", "method": "GET"}));
    }
    let href = format!("{base}/v1/billing/subscriptions/{id}");
    links.push(json!({"href": href, "rel": "edit", "method": "PATCH"}));
    links.push(json!({"href": href, "rel": "self", "method": "GET"}));
    let mut answer = json!({"id": id, "plan_id": sub.plan_id, "status": sub.status,
        "status_update_time": sub.create_time, "start_time": sub.create_time, "quantity": "1",
        "plan_overridden": false, "create_time": sub.create_time, "links": links});
    if let Some(c) = &sub.custom_id {
        answer["custom_id"] = json!(c);
    }
    if sub.status != "APPROVAL_PENDING" {
        let price = &regular_cycle(s, &sub.plan_id)["pricing_scheme"]["fixed_price"];
        let mut billing = json!({"outstanding_balance": {"currency_code": price["currency_code"], "value": "0.00"},
            "failed_payments_count": 0, "next_billing_time": sub.create_time});
        if sub.payments > 0 {
            let price = paid_cycle_price(s, &sub.plan_id, sub.payments);
            billing["last_payment"] = json!({"amount": price, "time": sub.create_time});
        }
        answer["billing_info"] = billing;
        answer["subscriber"] = json!({"email_address": "buyer@example.com", "payer_id": super::PAYER_ID,
            "name": {"given_name": "John", "surname": "Doe"}});
    }
    answer
}

pub(super) fn cancel(s: &mut State, id: &str, body: &Value) -> Reply {
    let Some(i) = s.subscriptions.iter().position(|x| x.id == id) else {
        return not_found("");
    };
    let reason = match string(body, "reason", "", true, 128) {
        Ok(reason) => reason,
        Err(r) => return r,
    };
    let sub = &mut s.subscriptions[i];
    if !["ACTIVE", "SUSPENDED"].contains(&sub.status.as_str()) {
        let d = "Invalid subscription status for cancel action; subscription status should be active or suspended.";
        return unprocessable("", "SUBSCRIPTION_STATUS_INVALID", d);
    }
    sub.status = "CANCELLED".into();
    sub.cancel_reason = reason;
    reply(204, Value::Null)
}
