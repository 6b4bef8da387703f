//! The Stripe coupon tagcart makes for a discounted subscription, against localstripe: the
//! fields Stripe takes, made once per terms. (localstripe 1.15.10 refuses `coupon` on a
//! subscription, so naming it there is shown by `gateways::stripe::coupon_tests`.)

use crate::localstripe::LocalStripe;
use tagcart::domain::discount::{Discount, Duration, Off};

#[test]
fn the_stripe_coupon_has_the_coupons_terms_and_is_made_once() {
    let local = LocalStripe::start();
    let stripe = local.stripe();
    let three_months = Discount {
        code: "Launch".into(),
        off: Off::Percent(20),
        duration: Duration::Repeating { months: 3 },
    };
    let id = stripe.ensure_coupon(&three_months, "USD").unwrap();
    let made = local.get(&format!("/v1/coupons/{id}"));
    assert_eq!(made["percent_off"], 20.0, "{made}");
    assert_eq!(
        (
            made["duration"].as_str(),
            made["duration_in_months"].as_i64()
        ),
        (Some("repeating"), Some(3))
    );
    assert_eq!(
        stripe.ensure_coupon(&three_months, "USD").unwrap(),
        id,
        "reused"
    );

    let ten_off = Discount {
        code: "TEN".into(),
        off: Off::Amount(1000),
        duration: Duration::Once,
    };
    let fixed = stripe.ensure_coupon(&ten_off, "USD").unwrap();
    assert_ne!(fixed, id);
    let made = local.get(&format!("/v1/coupons/{fixed}"));
    assert_eq!(
        (made["amount_off"].as_i64(), made["currency"].as_str()),
        (Some(1000), Some("usd")),
        "{made}"
    );
    assert_eq!(made["duration"], "once");
    let list = local.get("/v1/coupons");
    assert_eq!(list["data"].as_array().map(Vec::len), Some(2), "{list}");
}
