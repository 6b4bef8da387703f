use super::*;
use crate::domain::discount::Duration;
use crate::i18n::Locale;

/// 2026-01-31 12:00 UTC: a month end, so calendar months show.
const JAN_31: Timestamp = 1_769_860_800;

fn terms(kind: PriceKind, amount: i64, interval: Option<Interval>) -> PriceTerms {
    PriceTerms {
        kind,
        currency: "USD".into(),
        amount,
        interval,
        interval_count: interval.map(|_| 1),
        installments: (kind == PriceKind::PaymentPlan).then_some(3),
        trial_days: None,
    }
}

fn coupon(off: Off, duration: Duration) -> Discount {
    Discount {
        code: "LAUNCH".into(),
        off,
        duration,
    }
}

#[test]
fn a_one_time_price_is_due_today_and_nothing_follows() {
    let q = Quote::new(&terms(PriceKind::OneTime, 4900, None), None, JAN_31);
    assert_eq!((q.subtotal, q.due_today), (4900, 4900));
    assert_eq!(
        (q.next_charge, q.trial_ends, q.discount.clone()),
        (None, None, None)
    );
    assert!(q.then.is_empty() && q.then_words().is_empty());
}

#[test]
fn a_subscription_charges_today_and_renews_on_the_calendar_month() {
    let q = Quote::new(
        &terms(PriceKind::Subscription, 1900, Some(Interval::Month)),
        None,
        JAN_31,
    );
    assert_eq!(q.due_today, 1900);
    let next = q.next_charge.unwrap();
    assert_eq!(
        (next.amount, date_words(next.at)),
        (1900, "28 Feb 2026".into())
    );
    assert_eq!(q.then_words(), "then $19.00 every month");
}

#[test]
fn month_ends_clamp_and_come_back_and_years_keep_leap_days_sane() {
    assert_eq!(date_words(add_months(JAN_31, 1)), "28 Feb 2026");
    assert_eq!(date_words(add_months(JAN_31, 2)), "31 Mar 2026");
    assert_eq!(date_words(add_months(JAN_31, 13)), "28 Feb 2027");
    assert_eq!(date_words(add_months(JAN_31, 11)), "31 Dec 2026");
    let leap = 1_709_208_000; // 2024-02-29 12:00
    assert_eq!(date_words(add_months(leap, 12)), "28 Feb 2025");
    assert_eq!(
        add_months(JAN_31, 1) % DAY,
        JAN_31 % DAY,
        "same time of day"
    );
}

#[test]
fn a_free_trial_is_nothing_today_then_the_first_charge_at_its_end() {
    let mut t = terms(PriceKind::Subscription, 1900, Some(Interval::Month));
    t.trial_days = Some(14);
    let q = Quote::new(&t, None, JAN_31);
    assert_eq!((q.subtotal, q.due_today), (0, 0));
    assert_eq!(q.trial_ends, Some(JAN_31 + 14 * DAY));
    assert_eq!(q.next_charge.unwrap().at, JAN_31 + 14 * DAY);
    assert_eq!(q.next_charge.unwrap().amount, 1900);
    assert_eq!(q.then_words(), "then $19.00 every month");
    assert_eq!(t.describe(), "free for 14 days, then $19.00 every month");
}

#[test]
fn a_payment_plan_names_the_installments_left_and_their_interval() {
    let q = Quote::new(
        &terms(PriceKind::PaymentPlan, 2000, Some(Interval::Month)),
        None,
        JAN_31,
    );
    assert_eq!(q.due_today, 2000);
    assert_eq!(
        q.then,
        vec![Phase {
            amount: 2000,
            charges: Some(2)
        }]
    );
    assert_eq!(q.then_words(), "then 2 more payments of $20.00 every month");
    assert_eq!(date_words(q.next_charge.unwrap().at), "28 Feb 2026");
}

#[test]
fn a_discount_once_comes_off_today_only() {
    let t = terms(PriceKind::Subscription, 1999, Some(Interval::Month));
    let d = coupon(Off::Percent(20), Duration::Once);
    let q = Quote::new(&t, Some(&d), JAN_31);
    assert_eq!((q.subtotal, q.due_today), (1999, 1599));
    let line = q.discount.clone().unwrap();
    assert_eq!((line.code.as_str(), line.off_today), ("LAUNCH", 400));
    assert_eq!(
        q.discount_words(Locale::En).unwrap(),
        "20% off the first payment"
    );
    assert_eq!(q.next_charge.unwrap().amount, 1999);
    assert_eq!(q.then_words(), "then $19.99 every month");
}

#[test]
fn a_repeating_discount_runs_its_months_then_the_full_price() {
    let t = terms(PriceKind::Subscription, 1999, Some(Interval::Month));
    let d = coupon(Off::Amount(400), Duration::Repeating { months: 3 });
    let q = Quote::new(&t, Some(&d), JAN_31);
    assert_eq!(q.due_today, 1599);
    assert_eq!(
        q.then_words(),
        "then $15.99 for 2 more months, then $19.99 every month"
    );
    assert_eq!(
        q.discount_words(Locale::En).unwrap(),
        "$4.00 off for 3 months"
    );
}

#[test]
fn a_forever_discount_comes_off_every_charge() {
    let t = terms(PriceKind::Subscription, 1999, Some(Interval::Month));
    let d = coupon(Off::Percent(50), Duration::Forever);
    let q = Quote::new(&t, Some(&d), JAN_31);
    assert_eq!(q.due_today, 999);
    assert_eq!(q.then_words(), "then $9.99 every month");
    let plan = terms(PriceKind::PaymentPlan, 2000, Some(Interval::Month));
    let q = Quote::new(&plan, Some(&d), JAN_31);
    assert_eq!(q.then_words(), "then 2 more payments of $10.00 every month");
}

#[test]
fn a_discount_on_a_trial_comes_off_the_first_charges_not_today() {
    let mut t = terms(PriceKind::Subscription, 1999, Some(Interval::Month));
    t.trial_days = Some(7);
    let d = coupon(Off::Amount(400), Duration::Repeating { months: 3 });
    let q = Quote::new(&t, Some(&d), JAN_31);
    assert_eq!(
        (q.due_today, q.discount.as_ref().unwrap().off_today),
        (0, 0)
    );
    assert_eq!(q.next_charge.unwrap().amount, 1599);
    assert_eq!(
        q.then_words(),
        "then $15.99 for 3 months, then $19.99 every month"
    );
}

#[test]
fn a_one_time_discount_and_longer_intervals_read_right() {
    let d = coupon(Off::Amount(1000), Duration::Forever);
    let q = Quote::new(&terms(PriceKind::OneTime, 4900, None), Some(&d), JAN_31);
    assert_eq!((q.subtotal, q.due_today), (4900, 3900));
    assert_eq!(q.discount_words(Locale::En).unwrap(), "$10.00 off");
    let mut yearly = terms(PriceKind::Subscription, 9900, Some(Interval::Year));
    yearly.interval_count = Some(2);
    assert_eq!(yearly.describe(), "$99.00 every 2 years");
    let q = Quote::new(&yearly, None, JAN_31);
    assert_eq!(date_words(q.next_charge.unwrap().at), "31 Jan 2028");
    let plan = terms(PriceKind::PaymentPlan, 2000, Some(Interval::Month));
    assert_eq!(plan.describe(), "3 × $20.00 every month");
}

#[test]
fn a_ticked_bump_is_due_today_at_its_full_price_beside_the_discounted_course() {
    let twenty = coupon(Off::Percent(20), Duration::Once);
    let q = Quote::new(
        &terms(PriceKind::OneTime, 4900, None),
        Some(&twenty),
        JAN_31,
    )
    .with_bump("Workbook", 1900, PriceKind::OneTime);
    assert_eq!(
        (
            q.subtotal,
            q.discount.as_ref().map(|d| d.off_today),
            q.due_today
        ),
        (4900, Some(980), 3920 + 1900),
        "the coupon is on the course only"
    );
    assert_eq!(
        q.bump,
        Some(BumpLine {
            product: "Workbook".into(),
            amount: 1900,
            recurring: false
        })
    );
    assert!(q.next_charge.is_none() && q.then.is_empty());
}

#[test]
fn a_subscription_bump_is_billed_with_every_charge_and_only_the_course_is_discounted() {
    let monthly = terms(PriceKind::Subscription, 1900, Some(Interval::Month));
    let twenty = coupon(Off::Percent(20), Duration::Repeating { months: 3 });
    let q = Quote::new(&monthly, Some(&twenty), JAN_31).with_bump(
        "Coaching",
        900,
        PriceKind::Subscription,
    );
    assert_eq!((q.subtotal, q.due_today), (1900, 1520 + 900));
    assert_eq!(q.next_charge.map(|c| c.amount), Some(1520 + 900));
    assert_eq!(
        q.then,
        vec![
            Phase {
                amount: 2420,
                charges: Some(2)
            },
            Phase {
                amount: 2800,
                charges: None
            }
        ]
    );
    assert!(q.bump.as_ref().is_some_and(|b| b.recurring));
    assert_eq!(
        q.then_words(),
        "then $24.20 for 2 more months, then $28.00 every month"
    );
}

#[test]
fn a_subscription_bump_after_a_trial_is_free_today_like_the_course() {
    let trial = PriceTerms {
        trial_days: Some(14),
        ..terms(PriceKind::Subscription, 1900, Some(Interval::Month))
    };
    let q = Quote::new(&trial, None, JAN_31).with_bump("Coaching", 900, PriceKind::Subscription);
    assert_eq!(q.due_today, 0);
    assert_eq!(q.next_charge.map(|c| c.amount), Some(2800));
    assert_eq!(
        q.then,
        vec![Phase {
            amount: 2800,
            charges: None
        }]
    );
}
