use super::*;
use crate::domain::product::{Interval, PriceKind};

fn input(json: serde_json::Value) -> Result<CouponDraft, FieldErrors> {
    serde_json::from_value::<CouponInput>(json)
        .unwrap()
        .validate()
}

fn terms(currency: &str) -> PriceTerms {
    PriceTerms {
        kind: PriceKind::Subscription,
        currency: currency.into(),
        amount: 2000,
        interval: Some(Interval::Month),
        interval_count: Some(1),
        installments: None,
        trial_days: None,
    }
}

fn coupon(draft: CouponDraft) -> Coupon {
    Coupon {
        id: CouponId(1),
        code: draft.code,
        off: draft.off,
        currency: draft.currency,
        product_ids: draft.product_ids,
        expires_at: draft.expires_at,
        max_redemptions: draft.max_redemptions,
        duration: draft.duration,
        paused: draft.paused,
        times_redeemed: 0,
        created_at: 0,
        updated_at: 0,
    }
}

#[test]
fn a_percentage_or_an_amount_with_its_currency_is_accepted() {
    let d = input(serde_json::json!({"code": "LAUNCH-20", "percent_off": 20, "duration": "repeating", "duration_in_months": 3})).unwrap();
    assert_eq!(
        (d.off, d.duration),
        (Off::Percent(20), Duration::Repeating { months: 3 })
    );
    let d = input(serde_json::json!({"code": "TEN_OFF", "amount_off": 1000, "currency": "usd", "expires_at": "2026-12-31T23:59:59Z"})).unwrap();
    assert_eq!(
        (d.off, d.currency.as_deref(), d.duration),
        (Off::Amount(1000), Some("USD"), Duration::Once)
    );
    assert_eq!(d.expires_at, Some(1_798_761_599));
}

#[test]
fn each_broken_rule_names_its_field() {
    let field = |json: serde_json::Value, field: &str| {
        let errors = input(json).unwrap_err();
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    };
    field(serde_json::json!({"percent_off": 10}), "code");
    field(
        serde_json::json!({"code": "has space", "percent_off": 10}),
        "code",
    );
    field(
        serde_json::json!({"code": "x".repeat(41), "percent_off": 10}),
        "code",
    );
    field(serde_json::json!({"code": "A"}), "percent_off");
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "amount_off": 5, "currency": "USD"}),
        "percent_off",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 0}),
        "percent_off",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 101}),
        "percent_off",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "currency": "USD"}),
        "currency",
    );
    field(
        serde_json::json!({"code": "A", "amount_off": 100}),
        "currency",
    );
    field(
        serde_json::json!({"code": "A", "amount_off": 0, "currency": "USD"}),
        "amount_off",
    );
    field(
        serde_json::json!({"code": "A", "amount_off": 100, "currency": "XXX"}),
        "currency",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "expires_at": "tomorrow"}),
        "expires_at",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "max_redemptions": 0}),
        "max_redemptions",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "duration": "sometimes"}),
        "duration",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "duration": "repeating"}),
        "duration_in_months",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "duration": "repeating", "duration_in_months": 37}),
        "duration_in_months",
    );
    field(
        serde_json::json!({"code": "A", "percent_off": 10, "duration": "once", "duration_in_months": 3}),
        "duration_in_months",
    );
    assert!(
        serde_json::from_value::<CouponInput>(serde_json::json!({"code": "A", "colour": 1}))
            .is_err()
    );
}

#[test]
fn a_get_answer_is_accepted_back_with_its_read_only_fields() {
    let back = serde_json::json!({"id": 3, "code": "A", "percent_off": 10, "amount_off": null, "currency": null,
        "product_ids": [], "expires_at": null, "max_redemptions": null, "duration": "once", "duration_in_months": null,
        "paused": false, "times_redeemed": 2, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"});
    assert_eq!(input(back).unwrap().off, Off::Percent(10));
}

#[test]
fn every_refusal_reason_is_found_and_named() {
    let base = input(serde_json::json!({"code": "Save10", "amount_off": 1000, "currency": "EUR", "product_ids": [7], "expires_at": "1970-01-01T00:16:40Z", "max_redemptions": 2})).unwrap();
    let c = coupon(base);
    let eur = terms("EUR");
    assert!(c.apply(ProductId(7), &eur, 999).is_ok());
    assert_eq!(c.apply(ProductId(7), &eur, 1000), Err(Refusal::Expired));
    assert_eq!(c.apply(ProductId(8), &eur, 0), Err(Refusal::NotForProduct));
    assert_eq!(
        c.apply(ProductId(7), &terms("USD"), 0),
        Err(Refusal::OtherCurrency("EUR".into()))
    );
    let used = Coupon {
        times_redeemed: 2,
        ..c.clone()
    };
    assert_eq!(used.apply(ProductId(7), &eur, 0), Err(Refusal::UsedUp));
    let paused = Coupon {
        paused: true,
        ..c.clone()
    };
    assert_eq!(paused.apply(ProductId(7), &eur, 0), Err(Refusal::Paused));
    for (refusal, words) in [
        (Refusal::Unknown, "not known"),
        (Refusal::Paused, "paused"),
        (Refusal::Expired, "expired"),
        (Refusal::UsedUp, "used up"),
        (Refusal::NotForProduct, "not for this product"),
        (
            Refusal::OtherCurrency("EUR".into()),
            "only for prices in EUR",
        ),
    ] {
        let message = refusal.message("SAVE10");
        assert!(
            message.contains("SAVE10") && message.contains(words),
            "{message}"
        );
    }
}

#[test]
fn a_coupon_is_described_in_words() {
    let c = coupon(input(serde_json::json!({"code": "A", "percent_off": 20, "duration": "repeating", "duration_in_months": 3})).unwrap());
    assert_eq!(c.describe(), "20% off, first 3 months");
    let c = coupon(
        input(serde_json::json!({"code": "A", "amount_off": 1000, "currency": "USD"})).unwrap(),
    );
    assert_eq!(c.describe(), "$10.00 off once");
}
