//! Orders v2: create, show, capture.

use super::rest::{
    invalid, money, not_found, one_of, string, unprocessable, url_field, Checked, BAD_LENGTH,
    BAD_SYNTAX, MISSING,
};
use super::{next_id, now, reply, OrderRecord, Reply, State};
use serde_json::{json, Value};

pub(super) fn order_json(s: &State, o: &OrderRecord) -> Value {
    let base = &s.base;
    let mut unit = json!({"reference_id": "default",
        "amount": {"currency_code": o.currency_code, "value": o.value},
        "payee": {"email_address": "merchant@example.com", "merchant_id": "C7CYMKZDG8D6E"}});
    if let Some(d) = &o.description {
        unit["description"] = json!(d);
    }
    if let Some(c) = &o.custom_id {
        unit["custom_id"] = json!(c);
    }
    if !o.items.is_empty() {
        unit["items"] = json!(o.items);
    }
    if o.capture_id.is_some() {
        unit["payments"] = json!({"captures": [capture_json(s, o)]});
        let refunds = super::refunds::refunds_of(s, o);
        if !refunds.is_empty() {
            unit["payments"]["refunds"] = json!(refunds);
        }
    }
    let id = &o.id;
    let approve = match o.status.as_str() {
        "PAYER_ACTION_REQUIRED" => "payer-action",
        _ => "approve",
    };
    let mut links = vec![
        json!({"href": format!("{base}/v2/checkout/orders/{id}"), "rel": "self", "method": "GET"}),
    ];
    if ["CREATED", "PAYER_ACTION_REQUIRED"].contains(&o.status.as_str()) {
        links.push(json!({"href": format!("{base}/checkoutnow?token={id}"), "rel": approve, "method": "GET"}));
    }
    if o.status == "APPROVED" {
        links.push(json!({"href": format!("{base}/v2/checkout/orders/{id}/capture"), "rel": "capture", "method": "POST"}));
    }
    let mut order = json!({"id": id, "intent": o.intent, "status": o.status,
        "purchase_units": [unit], "create_time": o.create_time, "links": links});
    if ["APPROVED", "COMPLETED"].contains(&o.status.as_str()) {
        order["payer"] = json!({"name": {"given_name": "John", "surname": "Doe"},
            "email_address": "buyer@example.com", "payer_id": super::PAYER_ID});
    }
    order
}

pub(super) fn capture_json(s: &State, o: &OrderRecord) -> Value {
    let base = &s.base;
    let id = o.capture_id.clone().expect("a captured order");
    let mut capture = json!({"id": id, "status": o.capture_status,
    "amount": {"currency_code": o.currency_code, "value": o.value}, "final_capture": true,
    "seller_protection": {"status": "ELIGIBLE", "dispute_categories": ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"]},
    "supplementary_data": {"related_ids": {"order_id": o.id}},
    "create_time": o.create_time, "update_time": o.create_time,
    "links": [
        {"href": format!("{base}/v2/payments/captures/{id}"), "rel": "self", "method": "GET"},
        {"href": format!("{base}/v2/payments/captures/{id}/refund"), "rel": "refund", "method": "POST"},
        {"href": format!("{base}/v2/checkout/orders/{}", o.id), "rel": "up", "method": "GET"},
    ]});
    if let Some(c) = &o.custom_id {
        capture["custom_id"] = json!(c);
    }
    capture
}

pub(super) fn create_order(
    s: &mut State,
    body: &Value,
    request_id: Option<&str>,
    full: bool,
) -> Reply {
    match new_order(s, body, request_id) {
        Ok(o) => {
            let order = order_json(s, &o);
            s.orders.push(o);
            match full {
                true => reply(201, order),
                false => reply(
                    201,
                    json!({"id": order["id"], "status": order["status"], "links": order["links"]}),
                ),
            }
        }
        Err(r) => r,
    }
}

fn new_order(s: &mut State, body: &Value, request_id: Option<&str>) -> Checked<OrderRecord> {
    let intent = one_of(body, "intent", "", &["CAPTURE", "AUTHORIZE"])?;
    let intent = intent.ok_or_else(|| invalid("/intent", "MISSING_REQUIRED_PARAMETER", MISSING))?;
    let units = body["purchase_units"].as_array().filter(|u| !u.is_empty());
    let units =
        units.ok_or_else(|| invalid("/purchase_units", "MISSING_REQUIRED_PARAMETER", MISSING))?;
    if units.len() > 1 {
        let d = "This fake PayPal takes one purchase unit; tagcart sends one.";
        return Err(invalid("/purchase_units", "INVALID_ARRAY_MAX_ITEMS", d));
    }
    let (unit, at) = (&units[0], "/purchase_units/@reference_id=='default'");
    let amount_at = format!("{at}/amount");
    let (code, value) = money(s, &unit["amount"], &amount_at, false)?;
    let item_total = &unit["amount"]["breakdown"]["item_total"];
    if item_total.is_object() && item_total["currency_code"] != code.as_str() {
        let d = "Currency code should be the same for all amounts in the request.";
        return Err(unprocessable(
            &format!("{amount_at}/breakdown/item_total/currency_code"),
            "CURRENCY_MISMATCH",
            d,
        ));
    }
    let items = items(s, unit, at, &code, &value)?;
    let custom_id = string(unit, "custom_id", at, false, 127)?;
    let description = string(unit, "description", at, false, 127)?;
    let paypal = &body["payment_source"]["paypal"];
    let (context, context_at) = match paypal.is_object() {
        true => (
            &paypal["experience_context"],
            "/payment_source/paypal/experience_context",
        ),
        false => (&body["application_context"], "/application_context"),
    };
    let return_url = url_field(context, "return_url", context_at)?;
    let cancel_url = url_field(context, "cancel_url", context_at)?;
    one_of(context, "user_action", context_at, &["CONTINUE", "PAY_NOW"])?;
    let shipping = ["GET_FROM_FILE", "NO_SHIPPING", "SET_PROVIDED_ADDRESS"];
    one_of(context, "shipping_preference", context_at, &shipping)?;
    Ok(OrderRecord {
        id: next_id(s, "", 17),
        // An order with a payment_source waits for the payer's action; PayPal says so.
        status: if paypal.is_object() {
            "PAYER_ACTION_REQUIRED"
        } else {
            "CREATED"
        }
        .into(),
        intent,
        custom_id,
        description,
        items,
        currency_code: code,
        value,
        return_url,
        cancel_url,
        request_id: request_id.map(str::to_string),
        capture_id: None,
        capture_status: None,
        create_time: now(),
    })
}

pub(super) fn capture(s: &mut State, id: &str) -> Reply {
    let Some(i) = s.orders.iter().position(|o| o.id == id) else {
        return not_found("");
    };
    match (s.orders[i].status.as_str(), s.orders[i].intent.as_str()) {
        ("APPROVED", "CAPTURE") => {}
        ("APPROVED", _) => {
            let d = "Order was created with an intent of 'AUTHORIZE'. Please use the authorize endpoint.";
            return unprocessable("", "ACTION_DOES_NOT_MATCH_INTENT", d);
        }
        ("COMPLETED", _) => {
            let d =
                "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.";
            return unprocessable("", "ORDER_ALREADY_CAPTURED", d);
        }
        ("VOIDED", _) => {
            let d = "Order is voided or completed and hence cannot be processed";
            return unprocessable("", "ORDER_COMPLETED_OR_VOIDED", d);
        }
        _ => {
            let d = "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid payment_source in the request.";
            return unprocessable("", "ORDER_NOT_APPROVED", d);
        }
    }
    let capture_id = next_id(s, "", 17);
    let held = s.hold_captures;
    let o = &mut s.orders[i];
    o.status = "COMPLETED".into();
    o.capture_id = Some(capture_id);
    o.capture_status = Some(if held { "PENDING" } else { "COMPLETED" }.into());
    let order = order_json(s, &s.orders[i]);
    let unit = &order["purchase_units"][0];
    let answer = json!({"id": order["id"], "status": "COMPLETED",
        "payment_source": {"paypal": {"email_address": "buyer@example.com", "account_id": super::PAYER_ID}},
        "purchase_units": [{"reference_id": "default", "payments": unit["payments"]}],
        "payer": order["payer"], "links": [order["links"][0]]});
    reply(201, answer)
}

/// A value in hundredths, to compare amounts (two decimals at most, checked by `money`).
pub(super) fn hundredths(value: &str) -> i64 {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let fraction = format!("{fraction:0<2}");
    whole.parse::<i64>().unwrap_or(0) * 100 + fraction[..2].parse::<i64>().unwrap_or(0)
}

/// `purchase_units[].items`, checked as PayPal does: each needs a name (1 to 127), a quantity
/// (a whole number from 1) and a unit_amount in the unit's currency; with items the amount
/// needs `breakdown.item_total`, which must be their sum, and the amount must equal
/// item_total plus `breakdown.tax_total` minus `breakdown.discount` (tagcart sends no
/// shipping, handling or insurance, so those are refused rather than added up).
fn items(s: &State, unit: &Value, at: &str, code: &str, value: &str) -> Checked<Vec<Value>> {
    let Some(items) = unit.get("items") else {
        return Ok(vec![]);
    };
    let items = items.as_array().ok_or_else(|| {
        invalid(
            &format!("{at}/items"),
            "INVALID_PARAMETER_SYNTAX",
            BAD_SYNTAX,
        )
    })?;
    let mut sum = 0;
    for (i, item) in items.iter().enumerate() {
        let item_at = format!("{at}/items/{i}");
        let name = string(item, "name", &item_at, true, 127)?.unwrap_or_default();
        if name.is_empty() {
            return Err(invalid(
                &format!("{item_at}/name"),
                "INVALID_STRING_LENGTH",
                BAD_LENGTH,
            ));
        }
        let quantity = string(item, "quantity", &item_at, true, 10)?.unwrap_or_default();
        let count: i64 = match quantity.parse() {
            Ok(n) if n >= 1 && !quantity.starts_with('0') => n,
            _ => {
                let at = format!("{item_at}/quantity");
                return Err(invalid(&at, "INVALID_PARAMETER_SYNTAX", BAD_SYNTAX));
            }
        };
        one_of(
            item,
            "category",
            &item_at,
            &["DIGITAL_GOODS", "PHYSICAL_GOODS", "DONATION"],
        )?;
        let unit_at = format!("{item_at}/unit_amount");
        let (item_code, item_value) = money(s, &item["unit_amount"], &unit_at, true)?;
        if item_code != code {
            let d = "Currency code should be the same for all amounts in the request.";
            return Err(unprocessable(
                &format!("{unit_at}/currency_code"),
                "CURRENCY_MISMATCH",
                d,
            ));
        }
        sum += hundredths(&item_value) * count;
    }
    let breakdown = &unit["amount"]["breakdown"];
    let breakdown_at = format!("{at}/amount/breakdown");
    if !breakdown["item_total"].is_object() {
        let d = "If item details are specified (items.unit_amount and items.quantity) corresponding amount.breakdown.item_total is required.";
        return Err(unprocessable(
            &format!("{breakdown_at}/item_total"),
            "ITEM_TOTAL_REQUIRED",
            d,
        ));
    }
    let (_, item_total) = money(
        s,
        &breakdown["item_total"],
        &format!("{breakdown_at}/item_total"),
        true,
    )?;
    if hundredths(&item_total) != sum {
        let d = "Should equal sum of (unit_amount * quantity) across all items for a given purchase_unit.";
        let at = format!("{breakdown_at}/item_total/value");
        return Err(unprocessable(&at, "ITEM_TOTAL_MISMATCH", d));
    }
    for other in ["shipping", "handling", "insurance", "shipping_discount"] {
        if !breakdown[other].is_null() {
            let d = "This fake PayPal takes item_total, tax_total and discount only; tagcart sends no other.";
            return Err(invalid(
                &format!("{breakdown_at}/{other}"),
                "UNSUPPORTED_FIELD",
                d,
            ));
        }
    }
    let discount = match breakdown["discount"].is_object() {
        true => {
            let (_, d) = money(
                s,
                &breakdown["discount"],
                &format!("{breakdown_at}/discount"),
                true,
            )?;
            hundredths(&d)
        }
        false => 0,
    };
    let tax = match breakdown["tax_total"].is_object() {
        true => {
            let at = format!("{breakdown_at}/tax_total");
            let (tax_code, t) = money(s, &breakdown["tax_total"], &at, true)?;
            if tax_code != code {
                let d = "Currency code should be the same for all amounts in the request.";
                return Err(unprocessable(
                    &format!("{at}/currency_code"),
                    "CURRENCY_MISMATCH",
                    d,
                ));
            }
            hundredths(&t)
        }
        false => 0,
    };
    if hundredths(value) != sum + tax - discount {
        let d = "Should equal item_total + tax_total + shipping + handling + insurance - shipping_discount - discount.";
        return Err(unprocessable(
            &format!("{at}/amount/value"),
            "AMOUNT_MISMATCH",
            d,
        ));
    }
    Ok(items.clone())
}
