//! The built-in test gateway: a simulated processor for rehearsing the whole chain.
//! Events: `{"id", "type", "created", "data": {"payment_ref", "amount", "currency", "period_end"}}`
//! signed like Stripe's; `amount` (minor units) and `currency` are optional, but go together
//! (on a payment: what was paid; on `payment.refunded`: what this refund gave back, the whole
//! order's amount when absent); `period_end` (Unix seconds) only on `subscription.cancelled`: the paid period's end.

use super::keys::{KeyField, Keys};
use super::registry::{Built, Kind};
use super::{
    Answer, Delivery, Event, LookedUp, NewPayment, Paid, Processor, Refund, Started, ToCancel,
    ToRefund, WebhookError,
};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::domain::order::PaymentEvent;
use crate::domain::product::{Interval, PriceTerms};
use crate::gateways::Gateway;
use serde::Deserialize;
use serde_json::json;

pub const SIGNATURE_HEADER: &str = "Tagcart-Signature";

/// The events it sends, for the settings page.
pub const EVENTS: &[&str] = &[
    "payment.completed",
    "payment.processing",
    "payment.failed",
    "payment.refunded",
    "subscription.renewed",
    "subscription.cancelled",
    "subscription.payment_failed",
    "subscription.recovered",
];

pub const KIND: Kind = Kind {
    gateway: Gateway::Test,
    name: "test",
    title: "Test gateway",
    buyer_label: |l| crate::i18n::t(l, "gateway-test"),
    buyer_name: "The test gateway",
    simulated: true,
    keys: &[KeyField {
        min_chars: 16,
        // It signs with a secret of its own, made the first time it is switched on.
        generate: Some(new_secret),
        ..KeyField::pasted("webhook_secret", "Webhook secret", true)
    }],
    webhook_events: EVENTS,
    webhook_note: "",
    api: None,
    upsell_note: None,
    manage_at: None,
    build,
};

fn new_secret() -> String {
    format!("whsec_{}", crate::crypto::random_token())
}

fn build(keys: &Keys, _: &Config) -> Built {
    Built::of(TestProcessor {
        webhook_secret: keys.get("webhook_secret"),
    })
}

/// The simulated processor: its page (`/pay/test/...`) plays the processor and sends the events.
pub struct TestProcessor {
    webhook_secret: String,
}

impl TestProcessor {
    /// The secret its events are signed with.
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }
}

impl Processor for TestProcessor {
    fn start(&self, payment: &NewPayment) -> Result<Started, String> {
        Ok(Started {
            processor_ref: None,
            client_secret: None,
            next: format!("/pay/test/{}", payment.payment_ref),
        })
    }

    /// It keeps no record of its own to ask: its page sends every event.
    fn look_up(&self, _: &str) -> Result<Option<LookedUp>, String> {
        Ok(None)
    }

    fn verify_keys(&self) -> Result<(), String> {
        Ok(())
    }

    fn read_webhook(
        &self,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Result<Option<Event>, WebhookError> {
        let signature = delivery.header(SIGNATURE_HEADER);
        parse(&self.webhook_secret, signature, &delivery.body, now).map(Some)
    }

    fn ends_plans_itself(&self) -> bool {
        false
    }

    /// Nothing runs at a simulated processor, so there is nothing to stop.
    fn end_plan(&self, _: &str) -> Result<(), String> {
        Ok(())
    }

    fn check_price(&self, _: &PriceTerms) -> Result<(), String> {
        Ok(())
    }

    /// Takes every refund and answers with its `payment.refunded`, stating the amount when
    /// part of the payment is refunded.
    fn refund(&self, r: &ToRefund) -> Answer {
        let event = Simulated {
            id: &format!("evt_{}", r.idempotency_key),
            kind: PaymentEvent::Refunded,
            payment_ref: r.payment_ref,
            paid: r.amount.map(|amount| (amount, r.currency)),
            period_end: None,
        };
        self.answer(&event, r.now)
    }

    /// Answers with its `subscription.cancelled`; at period end, stating when the paid period
    /// ends.
    fn cancel(&self, c: &ToCancel) -> Answer {
        let period_end = match (c.at_period_end, c.period_end) {
            (false, _) => None,
            (true, Some(end)) => Some(end),
            (true, None) => {
                return Answer::Refused(
                    "this order's price has no billing interval, so it has no period to end".into(),
                )
            }
        };
        let event = Simulated {
            id: &format!("evt_{}", c.idempotency_key),
            kind: PaymentEvent::Cancelled,
            payment_ref: c.payment_ref,
            paid: None,
            period_end,
        };
        self.answer(&event, c.now)
    }
}

impl TestProcessor {
    fn answer(&self, event: &Simulated, now: Timestamp) -> Answer {
        let (body, signature) = event.sign(&self.webhook_secret, now);
        Answer::Accepted {
            processor_ref: None,
            effective_at: None,
            event: Some(Delivery::new(
                vec![(SIGNATURE_HEADER.into(), signature)],
                body,
            )),
        }
    }
}

const TYPES: &[(&str, PaymentEvent)] = &[
    ("payment.completed", PaymentEvent::Completed),
    ("payment.processing", PaymentEvent::Processing),
    ("payment.failed", PaymentEvent::Failed),
    ("payment.refunded", PaymentEvent::Refunded),
    ("subscription.renewed", PaymentEvent::Renewed),
    ("subscription.cancelled", PaymentEvent::Cancelled),
    ("subscription.payment_failed", PaymentEvent::RenewalFailed),
    ("subscription.recovered", PaymentEvent::Recovered),
];

/// The latest `period_end` taken: RFC 3339 (and the dashboard) cannot show a time past 9999.
const LAST_PERIOD_END: Timestamp = 253_402_300_799;

/// A partial refund is `payment.refunded` with the amount refunded.
pub fn type_name(kind: PaymentEvent) -> &'static str {
    let kind = match kind {
        PaymentEvent::PartlyRefunded => PaymentEvent::Refunded,
        kind => kind,
    };
    TYPES
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(name, _)| *name)
        .expect("every event kind has a name")
}

#[derive(Deserialize)]
struct Body {
    id: String,
    #[serde(rename = "type")]
    type_name: String,
    #[allow(dead_code)]
    created: i64,
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    payment_ref: String,
    amount: Option<i64>,
    currency: Option<String>,
    /// Present (even as null) or not, so that a `null` is refused rather than read as absent.
    #[serde(default, deserialize_with = "present")]
    period_end: Option<serde_json::Value>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

/// `data.period_end`: a positive whole number of Unix seconds, and only on a cancellation.
fn period_end(
    kind: PaymentEvent,
    value: Option<&serde_json::Value>,
) -> Result<Option<Timestamp>, WebhookError> {
    let Some(value) = value else {
        return Ok(None);
    };
    if kind != PaymentEvent::Cancelled {
        return Err(WebhookError::BadBody(
            "data.period_end belongs only to subscription.cancelled".into(),
        ));
    }
    match value.as_i64() {
        Some(t) if t > 0 && t <= LAST_PERIOD_END => Ok(Some(t)),
        _ => Err(WebhookError::BadBody(format!(
            "data.period_end must be Unix seconds, a positive integer (got {value})"
        ))),
    }
}

/// Verifies and parses one delivery.
pub fn parse(secret: &str, signature: &str, body: &[u8], now: i64) -> Result<Event, WebhookError> {
    super::signature::verify(secret, signature, body, now)?;
    let parsed: Body =
        serde_json::from_slice(body).map_err(|e| WebhookError::BadBody(e.to_string()))?;
    let kind = TYPES
        .iter()
        .find(|(name, _)| *name == parsed.type_name)
        .map(|(_, kind)| *kind)
        .ok_or_else(|| {
            WebhookError::BadBody(format!("unknown event type '{}'", parsed.type_name))
        })?;
    if parsed.id.is_empty() || parsed.id.len() > 200 || parsed.data.payment_ref.is_empty() {
        return Err(WebhookError::BadBody(
            "id and data.payment_ref are required".into(),
        ));
    }
    // The payment_ref binds the event to its order; a stated amount must be the order's too.
    let paid = match (parsed.data.amount, parsed.data.currency.as_deref()) {
        (None, None) => Paid::NotStated,
        (Some(amount), Some(currency)) if !currency.is_empty() => Paid::stated(amount, currency),
        _ => {
            return Err(WebhookError::BadBody(
                "data.amount and data.currency go together".into(),
            ))
        }
    };
    let period_end = period_end(kind, parsed.data.period_end.as_ref())?;
    // A refund's amount is what was refunded (all of the order's when it states none).
    let (paid, refund) = match (kind, paid) {
        (PaymentEvent::Refunded, Paid::Stated { amount, currency }) if amount > 0 => {
            let refund = Refund {
                key: parsed.id.clone(),
                payment_id: None,
                amount,
                currency: Some(currency),
                full: None,
            };
            (Paid::NotStated, Some(refund))
        }
        (PaymentEvent::Refunded, Paid::Stated { .. }) => {
            return Err(WebhookError::BadBody(
                "a refund's data.amount must be positive".into(),
            ))
        }
        (_, paid) => (paid, None),
    };
    Ok(Event {
        id: parsed.id,
        kind,
        type_name: parsed.type_name,
        payment_ref: Some(parsed.data.payment_ref),
        processor_ref: None,
        payment_id: None,
        paid,
        period_end,
        refund,
    })
}

/// What the simulated processor page sends: the body and its signature header. `paid`: the
/// amount and currency a payment states, as a real processor's would.
pub fn event(
    secret: &str,
    id: &str,
    kind: PaymentEvent,
    payment_ref: &str,
    paid: Option<(i64, &str)>,
    now: i64,
) -> (Vec<u8>, String) {
    Simulated {
        id,
        kind,
        payment_ref,
        paid,
        period_end: None,
    }
    .sign(secret, now)
}

/// One event of the simulated processor, before it is signed.
#[derive(Debug, Clone, Copy)]
pub struct Simulated<'a> {
    pub id: &'a str,
    pub kind: PaymentEvent,
    pub payment_ref: &'a str,
    /// The amount and currency a payment states.
    pub paid: Option<(i64, &'a str)>,
    /// A cancellation's end of the paid period (`data.period_end`).
    pub period_end: Option<Timestamp>,
}

impl Simulated<'_> {
    /// The body and its signature header, as the processor sends them at `now`.
    pub fn sign(&self, secret: &str, now: i64) -> (Vec<u8>, String) {
        let mut data = json!({ "payment_ref": self.payment_ref });
        if let Some((amount, currency)) = self.paid {
            data["amount"] = json!(amount);
            data["currency"] = json!(currency);
        }
        if let Some(end) = self.period_end {
            data["period_end"] = json!(end);
        }
        let body =
            json!({"id": self.id, "type": type_name(self.kind), "created": now, "data": data})
                .to_string()
                .into_bytes();
        let signature = super::signature::sign(secret, now, &body);
        (body, signature)
    }
}

/// When a period of `count` × `interval` that starts at `start` ends, as the simulated
/// processor bills: days and weeks are exact (UTC, no leap seconds); months and years are
/// calendar months at the same time of day, a day the target month lacks becoming its last
/// (31 January + 1 month = 28 or 29 February), as Stripe bills.
pub fn period_after(start: Timestamp, interval: Interval, count: u32) -> Timestamp {
    const DAY: i64 = 86_400;
    let count = i64::from(count.max(1));
    let months = match interval {
        Interval::Day => return start + count * DAY,
        Interval::Week => return start + count * 7 * DAY,
        Interval::Month => count,
        Interval::Year => count * 12,
    };
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(start) else {
        return start + months * 30 * DAY;
    };
    let index = i64::from(at.year()) * 12 + i64::from(u8::from(at.month())) - 1 + months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    let date = i32::try_from(year)
        .ok()
        .zip(month)
        .and_then(|(year, month)| {
            let day = at.day().min(month.length(year));
            time::Date::from_calendar_date(year, month, day).ok()
        });
    match date {
        Some(date) => at.replace_date(date).unix_timestamp(),
        None => start + months * 30 * DAY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_sign_and_parse() {
        let (body, signature) = event("s", "evt_1", PaymentEvent::Refunded, "pay_1", None, 100);
        let parsed = parse("s", &signature, &body, 100).unwrap();
        assert_eq!(
            (
                parsed.id.as_str(),
                parsed.kind,
                parsed.payment_ref.as_deref()
            ),
            ("evt_1", PaymentEvent::Refunded, Some("pay_1"))
        );
        assert_eq!(parsed.type_name, "payment.refunded");
        assert_eq!(parsed.paid, Paid::NotStated);
    }

    #[test]
    fn a_stated_amount_and_currency_are_read_together() {
        let paid = Some((4900, "usd"));
        let (body, signature) = event("s", "e", PaymentEvent::Completed, "p", paid, 100);
        let parsed = parse("s", &signature, &body, 100).unwrap();
        assert_eq!(parsed.paid, Paid::stated(4900, "USD"));
        for data in [
            r#"{"payment_ref":"p","amount":4900}"#,
            r#"{"payment_ref":"p","currency":"USD"}"#,
        ] {
            let body =
                format!(r#"{{"id":"e","type":"payment.completed","created":1,"data":{data}}}"#);
            let sig = crate::gateways::signature::sign("s", 1, body.as_bytes());
            assert!(
                matches!(
                    parse("s", &sig, body.as_bytes(), 1),
                    Err(WebhookError::BadBody(_))
                ),
                "{data}"
            );
        }
    }

    #[test]
    fn unknown_types_and_missing_fields_are_refused() {
        let body =
            br#"{"id":"e","type":"payment.teleported","created":1,"data":{"payment_ref":"p"}}"#;
        let sig = crate::gateways::signature::sign("s", 1, body);
        assert!(matches!(
            parse("s", &sig, body, 1),
            Err(WebhookError::BadBody(_))
        ));
        let body = br#"{"id":"e","type":"payment.completed","created":1,"data":{}}"#;
        let sig = crate::gateways::signature::sign("s", 1, body);
        assert!(matches!(
            parse("s", &sig, body, 1),
            Err(WebhookError::BadBody(_))
        ));
    }

    fn signed(body: &str) -> Result<Event, WebhookError> {
        let sig = crate::gateways::signature::sign("s", 1, body.as_bytes());
        parse("s", &sig, body.as_bytes(), 1)
    }

    #[test]
    fn renewal_failures_and_recoveries_are_read_in_our_words() {
        for (kind, name) in [
            (PaymentEvent::RenewalFailed, "subscription.payment_failed"),
            (PaymentEvent::Recovered, "subscription.recovered"),
        ] {
            let (body, signature) = event("s", "evt_1", kind, "pay_1", None, 100);
            let parsed = parse("s", &signature, &body, 100).unwrap();
            assert_eq!(
                (parsed.kind, parsed.type_name.as_str(), parsed.period_end),
                (kind, name, None)
            );
        }
    }

    #[test]
    fn a_cancellation_may_state_the_end_of_its_paid_period() {
        let at_end = Simulated {
            id: "evt_1",
            kind: PaymentEvent::Cancelled,
            payment_ref: "pay_1",
            paid: None,
            period_end: Some(1_700_000_000),
        };
        let (body, signature) = at_end.sign("s", 100);
        let parsed = parse("s", &signature, &body, 100).unwrap();
        assert_eq!(
            (parsed.kind, parsed.period_end),
            (PaymentEvent::Cancelled, Some(1_700_000_000))
        );
        let now = signed(
            r#"{"id":"e","type":"subscription.cancelled","created":1,"data":{"payment_ref":"p"}}"#,
        );
        assert_eq!(now.unwrap().period_end, None, "without it: no period end");
    }

    #[test]
    fn a_period_end_that_is_not_positive_unix_seconds_is_refused() {
        for value in [
            r#""1700000000""#,
            "0",
            "-5",
            "1.5",
            "1e9",
            "null",
            "true",
            "{}",
            "253402300800",
            "99999999999999999999",
        ] {
            let body = format!(
                r#"{{"id":"e","type":"subscription.cancelled","created":1,"data":{{"payment_ref":"p","period_end":{value}}}}}"#
            );
            assert!(
                matches!(signed(&body), Err(WebhookError::BadBody(_))),
                "{value}"
            );
        }
        let elsewhere = r#"{"id":"e","type":"subscription.renewed","created":1,"data":{"payment_ref":"p","period_end":1700000000}}"#;
        assert!(
            matches!(signed(elsewhere), Err(WebhookError::BadBody(_))),
            "only a cancellation ends a period"
        );
    }

    #[test]
    fn the_settings_page_lists_every_event_type_it_reads() {
        let names: Vec<&str> = TYPES.iter().map(|(name, _)| *name).collect();
        assert_eq!(EVENTS, names.as_slice());
        assert_eq!(
            crate::gateways::registry::kind(crate::gateways::Gateway::Test).webhook_events,
            EVENTS
        );
        for kind in PaymentEvent::ALL {
            assert!(!type_name(kind).is_empty(), "{kind:?}");
        }
    }

    fn at(text: &str) -> Timestamp {
        let format = time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::parse(text, &format)
            .unwrap()
            .unix_timestamp()
    }

    #[test]
    fn a_period_of_months_ends_on_the_same_day_or_the_months_last() {
        let cases = [
            (
                "2024-01-31T10:20:30Z",
                Interval::Month,
                1,
                "2024-02-29T10:20:30Z",
            ),
            (
                "2023-01-31T10:20:30Z",
                Interval::Month,
                1,
                "2023-02-28T10:20:30Z",
            ),
            (
                "2024-03-31T00:00:00Z",
                Interval::Month,
                1,
                "2024-04-30T00:00:00Z",
            ),
            (
                "2024-12-15T08:00:00Z",
                Interval::Month,
                1,
                "2025-01-15T08:00:00Z",
            ),
            (
                "2024-11-30T08:00:00Z",
                Interval::Month,
                3,
                "2025-02-28T08:00:00Z",
            ),
            (
                "2024-02-29T12:00:00Z",
                Interval::Year,
                1,
                "2025-02-28T12:00:00Z",
            ),
            (
                "2024-02-29T12:00:00Z",
                Interval::Month,
                12,
                "2025-02-28T12:00:00Z",
            ),
            (
                "2024-02-28T23:59:59Z",
                Interval::Day,
                1,
                "2024-02-29T23:59:59Z",
            ),
            (
                "2024-12-30T06:00:00Z",
                Interval::Week,
                2,
                "2025-01-13T06:00:00Z",
            ),
        ];
        for (start, interval, count, end) in cases {
            assert_eq!(
                crate::clock::rfc3339(period_after(at(start), interval, count)),
                end,
                "{start} + {count} {interval:?}"
            );
        }
    }
}
