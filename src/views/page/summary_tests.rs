//! The order summary and the pay button follow the chosen price option.

use super::*;
use crate::domain::coupon::Applied;
use crate::domain::discount::{Discount, Duration, Off};

fn summary_page() -> PageContent {
    content(
        "minimal",
        vec![
            Section::OrderSummary { title: s("") },
            Section::CheckoutForm { button: s("") },
        ],
    )
}

fn three_options() -> Offer {
    let mut trial = price(3, "USD", 1900, true);
    trial.terms.trial_days = Some(14);
    let mut plan = price(4, "USD", 2000, true);
    plan.terms.kind = PriceKind::PaymentPlan;
    plan.terms.installments = Some(3);
    offer(
        vec![price(1, "USD", 4900, false), trial, plan],
        vec![Gateway::Test],
    )
}

fn with(input: CheckoutInput, discount: Option<&Discount>) -> String {
    let mode = Mode::Live { action: "/p/x" };
    let errors = FieldErrors::default();
    let offer = three_options();
    let coupon = discount.map(|d| Applied {
        discount: d.clone(),
        prices: offer.prices.iter().map(|p| p.id).collect(),
    });
    render(
        &summary_page(),
        &offer,
        &input,
        &errors,
        coupon.as_ref(),
        &Default::default(),
        mode,
        NOW,
    )
    .into_string()
}

/// The `data-price` block of the summary for one option, and whether it is hidden.
fn block(html: &str, id: i64) -> (bool, String) {
    let start = html
        .find(&format!("<div class=\"quote\" data-price=\"{id}\""))
        .expect("a summary per option");
    let rest = &html[start..];
    let end = rest[1..]
        .find("<div class=\"quote\"")
        .map_or(rest.len(), |i| i + 1);
    let tag_end = rest.find('>').unwrap();
    (rest[..tag_end].contains("hidden"), rest[..end].to_string())
}

#[test]
fn the_summary_shows_only_the_chosen_option_and_hides_the_others() {
    let html = with(CheckoutInput::default(), None);
    let (hidden, first) = block(&html, 1);
    assert!(!hidden, "the first option is chosen by default");
    assert!(first.contains("<dt>Due today</dt><dd><strong>$49.00</strong></dd>"));
    assert!(
        block(&html, 3).0 && block(&html, 4).0,
        "the others are hidden"
    );
    assert!(!html.contains("price-list"), "no list of every option");
    assert_eq!(html.matches("name=\"price_id\"").count(), 3);
    assert!(
        html.contains("page.js"),
        "the script that follows the radios"
    );

    let picked = CheckoutInput {
        price_id: s("4"),
        ..Default::default()
    };
    let html = with(picked, None);
    let (hidden, plan) = block(&html, 4);
    assert!(!hidden && block(&html, 1).0);
    assert!(plan.contains("3 × $20.00 every month"), "{plan}");
    assert!(
        plan.contains("Then 2 more payments of $20.00 every month."),
        "{plan}"
    );
    assert!(html.contains("value=\"4\" checked"));
}

#[test]
fn a_trial_is_nothing_today_and_names_its_first_charge() {
    let html = with(
        CheckoutInput {
            price_id: s("3"),
            ..Default::default()
        },
        None,
    );
    let (_, trial) = block(&html, 3);
    assert!(trial.contains("free for 14 days, then $19.00 every month"));
    assert!(trial.contains("<strong>$0.00</strong>"), "{trial}");
    assert!(
        trial.contains(
            "Your free trial ends on 5 October 2026, with the first charge of <strong>$19.00</strong>."
        ),
        "{trial}"
    );
}

#[test]
fn the_pay_button_names_the_amount_due_today_per_option() {
    let html = with(CheckoutInput::default(), None);
    assert!(
        html.contains("<span data-price=\"1\">Pay $49.00</span>"),
        "{html}"
    );
    assert!(html.contains("<span data-price=\"3\" hidden>Start free trial · $0.00 today</span>"));
    assert!(html.contains("<span data-price=\"4\" hidden>Pay $20.00</span>"));
    let mut c = summary_page();
    c.sections[1] = Section::CheckoutForm {
        button: s("Join now"),
    };
    let own = live(&c, &three_options());
    assert!(own.contains(">Join now · $49.00<") && own.contains(">Join now · $0.00 today<"));
}

#[test]
fn a_discount_shows_its_code_and_lowers_what_is_due() {
    let d = Discount {
        code: s("LAUNCH"),
        off: Off::Percent(25),
        duration: Duration::Once,
    };
    let html = with(CheckoutInput::default(), Some(&d));
    let (_, first) = block(&html, 1);
    assert!(
        first.contains("<code>LAUNCH</code>") && first.contains("−$12.25"),
        "{first}"
    );
    assert!(first.contains("<strong>$36.75</strong>"));
    assert!(html.contains(">Pay $36.75<"));
}

#[test]
fn a_coupon_shows_only_on_the_options_it_takes_something_off() {
    let d = Discount {
        code: s("TENOFF"),
        off: Off::Amount(1000),
        duration: Duration::Once,
    };
    // A fixed amount in dollars: the euro option (say) is left as it is.
    let coupon = Applied {
        discount: d,
        prices: vec![PriceId(1)],
    };
    let mode = Mode::Live { action: "/p/x" };
    let errors = FieldErrors::default();
    let html = render(
        &summary_page(),
        &three_options(),
        &CheckoutInput::default(),
        &errors,
        Some(&coupon),
        &Default::default(),
        mode,
        NOW,
    )
    .into_string();
    let (_, first) = block(&html, 1);
    assert!(
        first.contains("<code>TENOFF</code>") && first.contains("−$10.00"),
        "{first}"
    );
    let (_, plan) = block(&html, 4);
    assert!(
        !plan.contains("<code>TENOFF</code>") && plan.contains("<strong>$20.00</strong>"),
        "{plan}"
    );
    assert!(
        html.contains(">Pay $39.00<") && html.contains(">Pay $20.00<"),
        "{html}"
    );
}

#[test]
fn without_a_summary_the_form_still_names_the_amount() {
    let c = content("minimal", vec![Section::CheckoutForm { button: s("") }]);
    let html = live(
        &c,
        &offer(vec![price(7, "USD", 4900, false)], vec![Gateway::Test]),
    );
    assert!(html.contains("$49.00</strong>") && html.contains(">Pay $49.00<"));
}
