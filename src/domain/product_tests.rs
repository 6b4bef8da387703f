use super::*;

fn price(kind: &str) -> PriceInput {
    PriceInput {
        kind: Some(kind.into()),
        currency: Some("USD".into()),
        amount: Some(4900),
        ..Default::default()
    }
}

fn product(prices: Vec<PriceInput>) -> ProductInput {
    ProductInput {
        name: Some("Course".into()),
        kartra_tag: Some("course-buyer".into()),
        prices: Some(prices),
        ..Default::default()
    }
}

#[test]
fn accepts_each_kind_of_price_with_defaults() {
    let sub = PriceInput {
        interval: Some("month".into()),
        ..price("subscription")
    };
    let plan = PriceInput {
        interval: Some("month".into()),
        installments: Some(3),
        ..price("payment_plan")
    };
    let draft = product(vec![price("one_time"), sub, plan])
        .validate()
        .unwrap();
    assert!(draft.revoke_on_refund, "revoke_on_refund defaults to true");
    assert_eq!(draft.prices[0].1.interval, None);
    assert_eq!(draft.prices[1].1.interval_count, Some(1));
    assert_eq!(draft.prices[1].1.trial_days, Some(0));
    assert_eq!(draft.prices[2].1.installments, Some(3));
    assert_eq!(draft.prices[2].1.describe(), "3 × $49.00 every month");
}

#[test]
fn refuses_fields_that_do_not_fit_the_kind() {
    let bad = PriceInput {
        interval: Some("month".into()),
        installments: Some(3),
        trial_days: Some(7),
        ..price("one_time")
    };
    let errors = product(vec![bad]).validate().unwrap_err();
    assert!(errors.get("prices[0].interval").is_some());
    assert!(errors.get("prices[0].installments").is_some());
    assert!(errors.get("prices[0].trial_days").is_some());
}

#[test]
fn refuses_bad_money_and_periods() {
    let cases = [
        (
            PriceInput {
                amount: Some(0),
                ..price("one_time")
            },
            "prices[0].amount",
        ),
        (
            PriceInput {
                amount: None,
                ..price("one_time")
            },
            "prices[0].amount",
        ),
        (
            PriceInput {
                currency: Some("XYZ".into()),
                ..price("one_time")
            },
            "prices[0].currency",
        ),
        (
            PriceInput {
                kind: Some("lifetime".into()),
                ..price("one_time")
            },
            "prices[0].kind",
        ),
        (price("subscription"), "prices[0].interval"),
        (
            PriceInput {
                interval: Some("month".into()),
                interval_count: Some(13),
                ..price("subscription")
            },
            "prices[0].interval_count",
        ),
        (
            PriceInput {
                interval: Some("week".into()),
                ..price("payment_plan")
            },
            "prices[0].installments",
        ),
        (
            PriceInput {
                interval: Some("week".into()),
                installments: Some(1),
                ..price("payment_plan")
            },
            "prices[0].installments",
        ),
    ];
    for (input, field) in cases {
        let errors = product(vec![input]).validate().unwrap_err();
        assert!(errors.get(field).is_some(), "{field}: {errors:?}");
    }
}

#[test]
fn product_needs_name_tag_prices_and_a_web_thank_you_url() {
    let errors = ProductInput {
        thank_you_url: Some("javascript:alert(1)".into()),
        ..Default::default()
    }
    .validate()
    .unwrap_err();
    for field in ["name", "kartra_tag", "prices", "thank_you_url"] {
        assert!(errors.get(field).is_some(), "{field}");
    }
    let ok = ProductInput {
        thank_you_url: Some("https://example.com/thanks".into()),
        ..product(vec![price("one_time")])
    };
    assert_eq!(
        ok.validate().unwrap().thank_you_url.as_deref(),
        Some("https://example.com/thanks")
    );
    let lowercase = PriceInput {
        currency: Some("eur".into()),
        ..price("one_time")
    };
    assert_eq!(
        product(vec![lowercase]).validate().unwrap().prices[0]
            .1
            .currency,
        "EUR"
    );
}
