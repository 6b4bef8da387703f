use super::{render, sections, Mode};
use crate::domain::checkout::CheckoutInput;
use crate::domain::ids::{PriceId, ProductId};
use crate::domain::page::{Offer, PageContent};
use crate::domain::product::{Interval, Price, PriceKind, PriceTerms, Product};
use crate::domain::section::{FaqItem, Section};
use crate::domain::template;
use crate::domain::validation::FieldErrors;
use crate::gateways::Gateway;
use crate::i18n::Locale::{De, En};

const X: &str = "<script>alert(1)</script>";
const NOW: i64 = 1_790_000_000;

fn price(id: i64, currency: &str, amount: i64, monthly: bool) -> Price {
    Price {
        id: PriceId(id),
        terms: PriceTerms {
            kind: if monthly {
                PriceKind::Subscription
            } else {
                PriceKind::OneTime
            },
            currency: currency.into(),
            amount,
            interval: monthly.then_some(Interval::Month),
            interval_count: None,
            installments: None,
            trial_days: None,
        },
    }
}

fn offer(prices: Vec<Price>, gateways: Vec<Gateway>) -> Offer {
    let product = Product {
        id: ProductId(1),
        name: format!("Pro Course {X}"),
        kartra_tag: "pro".into(),
        thank_you_url: None,
        show_receipt: false,
        revoke_on_refund: false,
        on_cancel: Default::default(),
        grace_days: 7,
        payment_failed_tag: None,
        image_url: None,
        prices: prices.clone(),
        created_at: 0,
        updated_at: 0,
    };
    Offer {
        product,
        prices,
        gateways,
        bump: None,
        tax: None,
        terms_url: None,
        waiver: false,
    }
}

fn two_prices() -> Offer {
    let prices = vec![price(1, "USD", 4900, false), price(2, "JPY", 4900, true)];
    offer(prices, vec![Gateway::Test, Gateway::Stripe])
}

fn content(template: &str, sections: Vec<Section>) -> PageContent {
    PageContent {
        title: format!("Title {X}"),
        template: template.into(),
        product_id: ProductId(1),
        price_ids: vec![],
        gateways: vec![Gateway::Test],
        sections,
        language: Default::default(),
        bump: None,
        upsell: None,
        terms_url: None,
        waiver: false,
    }
}

fn page(c: &PageContent, o: &Offer, errors: &FieldErrors, mode: Mode) -> String {
    render(
        c,
        o,
        &CheckoutInput::default(),
        errors,
        None,
        &Default::default(),
        mode,
        NOW,
    )
    .into_string()
}

fn live(c: &PageContent, o: &Offer) -> String {
    page(
        c,
        o,
        &FieldErrors::default(),
        Mode::Live {
            action: "/p/pro/checkout",
        },
    )
}

fn s(text: &str) -> String {
    text.to_string()
}

/// One section of every kind, each text field holding markup.
fn hostile_sections() -> Vec<Section> {
    let x = |label: &str| format!("{label} {X}");
    vec![
        Section::Headline {
            text: x("head"),
            subtext: x("sub"),
        },
        Section::Text {
            paragraphs: vec![
                x("plain"),
                format!("**{X}** *{X}* [{X}](https://example.com/?q=\"><b>)"),
            ],
        },
        Section::Image {
            url: s("https://example.com/a.png?\"><img src=x onerror=alert(1)>"),
            alt: x("alt"),
        },
        Section::Video {
            url: s("https://youtu.be/aqz-KE-bpKQ"),
            title: x("video"),
        },
        Section::Bullets {
            title: x("bullets"),
            items: vec![x("item")],
        },
        Section::Testimonial {
            quote: x("quote"),
            author: x("author"),
            photo_url: s("https://example.com/p.jpg?\"><b>"),
        },
        Section::Guarantee {
            title: x("guarantee"),
            text: x("text"),
        },
        Section::Faq {
            title: x("faq"),
            items: vec![FaqItem {
                q: x("q"),
                a: x("a"),
            }],
        },
        Section::Countdown {
            deadline: NOW + 3600,
            label: x("countdown"),
        },
        Section::OrderSummary {
            title: x("summary"),
        },
        Section::CheckoutForm {
            button: x("button"),
        },
    ]
}

#[test]
fn merchant_text_is_escaped_in_every_section_kind() {
    let mut errors = FieldErrors::default();
    errors.add("email", format!("bad {X}"));
    let input = CheckoutInput {
        last_name: s("\"><img src=x onerror=alert(1)>"),
        ..Default::default()
    };
    for t in template::TEMPLATES {
        let c = content(t.id, hostile_sections());
        let mode = Mode::Live {
            action: "/p/pro/checkout",
        };
        let html = render(
            &c,
            &two_prices(),
            &input,
            &errors,
            None,
            &Default::default(),
            mode,
            NOW,
        )
        .into_string();
        assert!(
            !html.contains("<script>alert")
                && !html.contains("<img src=x")
                && !html.contains("\"><b>"),
            "{html}"
        );
        for label in [
            "head",
            "sub",
            "plain",
            "alt",
            "video",
            "bullets",
            "item",
            "quote",
            "author",
            "guarantee",
            "text",
            "faq",
            "q",
            "a",
            "countdown",
            "summary",
            "button",
            "bad",
        ] {
            assert!(
                html.contains(&format!("{label} &lt;script&gt;alert(1)&lt;/script&gt;")),
                "{label} in {}",
                t.id
            );
        }
        assert!(html.contains("<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>"));
        assert!(html.contains("Pro Course &lt;script&gt;"));
    }
}

#[test]
fn a_video_loads_nothing_from_its_provider_before_play() {
    let c = content(
        "minimal",
        vec![
            Section::Video {
                url: s("https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
                title: s("Intro"),
            },
            Section::Video {
                url: s("https://vimeo.com/76979871"),
                title: s(""),
            },
            Section::CheckoutForm { button: s("") },
        ],
    );
    let html = live(&c, &two_prices());
    assert!(!html.contains("<iframe"), "{html}");
    assert!(
        !html.contains("<img"),
        "no thumbnail from the provider either"
    );
    assert!(html.contains("href=\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\""));
    assert!(html
        .contains("data-embed=\"https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1\""));
    assert!(html.contains("href=\"https://vimeo.com/76979871\""));
    assert!(html
        .contains("data-embed=\"https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1\""));
    assert!(html.contains("Plays from YouTube") && html.contains("Plays from Vimeo"));
    assert!(
        html.contains("page.js") && html.contains("defer"),
        "the play button's script"
    );
}

#[test]
fn countdowns_say_the_time_left_or_that_the_offer_ended() {
    assert_eq!(
        sections::remaining(En, 2 * 86_400 + 4 * 3600 + 59),
        "2 days 4 hours"
    );
    assert_eq!(sections::remaining(En, 86_400 + 120), "1 day");
    assert_eq!(
        sections::remaining(En, 3 * 3600 + 12 * 60 + 5),
        "3 hours 12 minutes"
    );
    assert_eq!(sections::remaining(En, 3600), "1 hour");
    assert_eq!(sections::remaining(En, 12 * 60), "12 minutes");
    assert_eq!(sections::remaining(En, 30), "less than a minute");
    let deadline = time::macros::datetime!(2026-12-01 18:00 UTC).unix_timestamp();
    assert_eq!(sections::ends(En, deadline), "Ends 1 Dec 2026, 18:00 UTC");
    assert_eq!(
        sections::remaining(De, 2 * 86_400 + 3600),
        "2 Tage 1 Stunde"
    );
    assert_eq!(
        sections::ends(De, deadline),
        "Endet am 01.12.2026, 18:00 UTC"
    );

    let section = |deadline| Section::Countdown {
        deadline,
        label: s(""),
    };
    let form = Section::CheckoutForm { button: s("") };
    let future = live(
        &content(
            "minimal",
            vec![section(NOW + 2 * 86_400 + 4 * 3600), form.clone()],
        ),
        &two_prices(),
    );
    assert!(
        future.contains("Offer ends in") && future.contains("2 days 4 hours"),
        "{future}"
    );
    assert!(
        future.contains("data-deadline=\"2026-09-") && future.contains("<time datetime=\"2026-09-")
    );
    assert!(future.contains("aria-live=\"off\""));
    let past = live(
        &content("minimal", vec![section(NOW - 1), form]),
        &two_prices(),
    );
    assert!(
        past.contains("This offer has ended.") && !past.contains("data-deadline"),
        "{past}"
    );
}

#[test]
fn a_preview_says_so_and_cannot_be_sent() {
    let c = content(
        "minimal",
        template::find("minimal").unwrap().sections("Pro"),
    );
    let preview = page(&c, &two_prices(), &FieldErrors::default(), Mode::Preview);
    assert!(
        preview.contains("Preview of the draft")
            && preview.contains("buyers do not see this until you publish")
    );
    assert!(
        preview.contains("action=\"#\"") && preview.contains("type=\"submit\" disabled"),
        "{preview}"
    );
    let buyers = live(&c, &two_prices());
    assert!(!buyers.contains("Preview of the draft") && !buyers.contains("disabled"));
    assert!(buyers.contains("action=\"/p/pro/checkout\"") && buyers.contains(">Pay $49.00<"));
}

#[test]
fn two_columns_put_the_summary_and_form_in_an_aside() {
    let c = content(
        "two-column",
        template::find("two-column").unwrap().sections("Pro"),
    );
    let html = live(&c, &two_prices());
    let (start, end) = (html.find("<aside").unwrap(), html.find("</aside>").unwrap());
    let aside = &html[start..end];
    assert!(
        aside.contains("s-summary") && aside.contains("<form"),
        "{aside}"
    );
    assert!(!aside.contains("s-bullets") && html[..start].contains("<h1>Pro</h1>"));
    assert!(html.contains("class=\"page two-column\""));
    for t in ["minimal", "long-form"] {
        let html = live(
            &content(t, template::find(t).unwrap().sections("Pro")),
            &two_prices(),
        );
        assert!(!html.contains("<aside") && html.contains(&format!("class=\"page {t}\"")));
    }
}

#[test]
fn every_page_has_exactly_one_h1() {
    let headline = |t: &str| Section::Headline {
        text: s(t),
        subtext: s(""),
    };
    let form = Section::CheckoutForm { button: s("") };
    let two = live(
        &content(
            "long-form",
            vec![headline("One"), headline("Two"), form.clone()],
        ),
        &two_prices(),
    );
    assert_eq!(two.matches("<h1").count(), 1);
    assert!(two.contains("<h1>One</h1>") && two.contains("<h2>Two</h2>"));
    let none = live(&content("minimal", vec![form]), &two_prices());
    assert_eq!(none.matches("<h1").count(), 1);
    assert!(none.contains("<h1 class=\"visually-hidden\">Title &lt;script&gt;"));
}

#[test]
fn the_form_keeps_its_fields_and_shows_errors_beside_them() {
    let c = content(
        "minimal",
        template::find("minimal").unwrap().sections("Pro"),
    );
    let mut errors = FieldErrors::default();
    errors.add("email", "must be an email address like name@example.com");
    errors.add("gateway", "choose one of the payment methods shown");
    let input = CheckoutInput {
        email: s("jane@localhost"),
        last_name: s("Doe"),
        ..Default::default()
    };
    let mode = Mode::Live {
        action: "/p/pro/checkout",
    };
    let html = render(
        &c,
        &two_prices(),
        &input,
        &errors,
        None,
        &Default::default(),
        mode,
        NOW,
    )
    .into_string();
    assert_eq!(html.matches("role=\"alert\"").count(), 1);
    assert!(html.contains("Please check the highlighted fields."));
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"f-email-error\""),
        "{html}"
    );
    assert!(html.contains("id=\"f-email-error\">must be an email address"));
    assert!(html.contains("id=\"f-gateway-error\">choose one"));
    assert!(
        html.contains(">Email must be an email address like name@example.com</a>"),
        "{html}"
    );
    assert!(html.contains("value=\"Doe\"") && html.contains("value=\"jane@localhost\""));
    // In the list above the form, Spanish and Italian put a colon after the field's label
    // (its gender and number would otherwise have to agree with the message).
    let mut spanish = c.clone();
    spanish.language = crate::i18n::Locale::Es;
    let es = render(
        &spanish,
        &two_prices(),
        &input,
        &errors,
        None,
        &Default::default(),
        Mode::Live {
            action: "/p/pro/checkout",
        },
        NOW,
    )
    .into_string();
    assert!(
        es.contains(
            ">Correo electrónico: debe ser un correo electrónico como name@example.com</a>"
        ),
        "{es}"
    );
    for (name, autocomplete) in [
        ("email", "email"),
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("phone", "tel"),
        ("address", "street-address"),
        ("city", "address-level2"),
        ("zip", "postal-code"),
        ("state", "address-level1"),
        ("country", "country"),
    ] {
        assert!(
            html.contains(&format!("name=\"{name}\""))
                && html.contains(&format!("autocomplete=\"{autocomplete}\"")),
            "{name}"
        );
    }
    assert!(html.contains("type=\"email\" name=\"email\""));
    assert_eq!(html.matches("name=\"price_id\"").count(), 2);
    assert!(html.contains("¥4,900 every month") && html.contains("$49.00"));
    // Required fields say nothing more; every optional one says so in its label.
    for label in ["Email", "First name", "Last name"] {
        assert!(html.contains(&format!(">{label}</label>")), "{label}");
    }
    for label in [
        "Phone",
        "Address",
        "City",
        "ZIP / postal code",
        "State / region",
        "Country",
    ] {
        let optional = format!(r#">{label} <span class="optional">(optional)</span></label>"#);
        assert!(html.contains(&optional), "{label}");
    }
    assert_eq!(html.matches("(optional)").count(), 6);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only page.js, to follow the option picked"
    );
    assert!(html.contains("page.js"));
}

#[test]
fn a_single_price_is_sent_and_totalled_and_a_closed_page_has_no_form() {
    let c = content(
        "minimal",
        template::find("minimal").unwrap().sections("Pro"),
    );
    let one = offer(vec![price(7, "USD", 4900, false)], vec![Gateway::Test]);
    let html = live(&c, &one);
    assert!(html.contains("type=\"hidden\" name=\"price_id\" value=\"7\""));
    assert!(
        html.contains("<dt>Due today</dt><dd><strong>$49.00</strong></dd>"),
        "{html}"
    );
    assert!(html.contains(">Pay $49.00</span>") && !html.contains(" hidden>"));
    assert!(
        !html.contains("<script"),
        "one option: nothing for a script to follow"
    );
    let closed = live(&c, &offer(vec![price(7, "USD", 4900, false)], vec![]));
    assert!(closed.contains("not taking payments") && !closed.contains("<form"));
}

#[path = "summary_tests.rs"]
mod summary_tests;

#[test]
fn the_product_image_stands_beside_its_name_in_the_summary_or_else_in_the_form() {
    let mut o = two_prices();
    o.product.image_url = Some("https://cdn.example.org/course.png".into());
    let img = format!(
        r#"<img class="product-image" src="https://cdn.example.org/course.png" alt="Pro Course {}" width="64" height="64""#,
        maud::html! { (X) }.into_string()
    );
    let summary = Section::OrderSummary { title: s("") };
    let form = Section::CheckoutForm { button: s("") };
    let with_summary = live(&content("minimal", vec![summary, form.clone()]), &o);
    assert_eq!(with_summary.matches(&img).count(), 1, "{with_summary}");
    let summary_at = with_summary.find("s-summary").unwrap();
    assert!(
        with_summary.find(&img).unwrap() > summary_at,
        "in the summary"
    );
    let form_only = live(&content("minimal", vec![form]), &o);
    assert_eq!(form_only.matches(&img).count(), 1, "{form_only}");
    o.product.image_url = None;
    let without = live(&content("minimal", vec![]), &o);
    assert!(!without.contains("product-image"));
}

#[test]
fn country_is_a_list_of_iso_countries_with_an_empty_first_choice_and_the_buyers_selected() {
    let c = content("minimal", vec![Section::CheckoutForm { button: s("") }]);
    let input = CheckoutInput {
        country: s("CH"),
        ..Default::default()
    };
    let html = render(
        &c,
        &two_prices(),
        &input,
        &FieldErrors::default(),
        None,
        &Default::default(),
        Mode::Preview,
        NOW,
    )
    .into_string();
    let select = &html[html
        .find(r#"<select id="f-country" name="country""#)
        .unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains(r#"><option value="">—</option><option value="AF">Afghanistan</option>"#),
        "{select}"
    );
    assert!(select.contains(r#"<option value="CH" selected>Switzerland</option>"#));
    assert_eq!(select.matches(" selected").count(), 1);
    assert!(select.matches("<option").count() >= 250);
}
