use super::messages::{problems, source};
use super::*;
use crate::domain::money::Currency;
use fluent_bundle::FluentArgs;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Each message id with the `$variables` its text uses.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in source(locale).lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some((id, _)) = line.split_once(" =").filter(|_| !line.starts_with(' ')) {
            assert!(
                found.insert(id.to_string(), BTreeSet::new()).is_none(),
                "{}: '{id}' twice",
                locale.as_str()
            );
            current = Some(id.to_string());
        }
        let vars = found
            .get_mut(current.as_ref().expect("text after an id"))
            .unwrap();
        for (i, _) in line.match_indices('$') {
            let name: String = line[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            vars.insert(name);
        }
    }
    found
}

#[test]
fn every_language_has_exactly_the_english_ids_and_arguments() {
    let english = messages(Locale::En);
    assert!(english.len() > 40);
    for locale in Locale::ALL {
        let theirs = messages(locale);
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .collect();
        let extra: Vec<_> = theirs
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", locale.as_str());
        assert!(extra.is_empty(), "{} has extra {extra:?}", locale.as_str());
        for (id, vars) in &english {
            assert_eq!(
                &theirs[id],
                vars,
                "{}: {id} takes other arguments",
                locale.as_str()
            );
        }
    }
}

#[test]
fn every_message_formats_without_errors_with_its_arguments() {
    for (id, vars) in messages(Locale::En) {
        for locale in Locale::ALL {
            for n in [1, 3] {
                let mut args = FluentArgs::new();
                for var in &vars {
                    args.set(var.as_str(), n);
                }
                let found = problems(locale, &id, &args);
                assert!(found.is_empty(), "{} {id}: {found:?}", locale.as_str());
            }
        }
    }
}

#[test]
fn plurals_follow_the_count() {
    let days = |locale, n: i64| t_with(locale, "countdown-days", &[("count", n.into())]);
    assert_eq!(days(Locale::En, 1), "1 day");
    assert_eq!(days(Locale::En, 3), "3 days");
    assert_eq!(days(Locale::De, 1), "1 Tag");
    assert_eq!(days(Locale::De, 3), "3 Tage");
    assert_eq!(days(Locale::Fr, 3), "3 jours");
    assert_eq!(
        t_with(Locale::Nl, "countdown-hours", &[("count", 3.into())]),
        "3 uur"
    );
    assert_eq!(
        t_with(Locale::En, "card-pay", &[("amount", "$49.00".into())]),
        "Pay $49.00",
        "no Unicode isolation marks around arguments"
    );
}

#[test]
fn locales_parse_their_own_codes_only() {
    for locale in Locale::ALL {
        assert_eq!(Locale::parse(locale.as_str()), Some(locale));
    }
    assert_eq!(Locale::parse("xx"), None);
    assert_eq!(Locale::parse("EN"), None);
    assert_eq!(Locale::default(), Locale::En);
    assert_eq!(Locale::codes(), "en, de, fr, es, pt, it, nl");
}

#[test]
fn money_takes_each_locales_form() {
    let eur = Currency::from_code("EUR").unwrap();
    let usd = Currency::from_code("USD").unwrap();
    assert_eq!(money(Locale::En, 4900, usd), "$49.00");
    assert_eq!(money(Locale::En, 123_456_789, usd), "$1,234,567.89");
    assert_eq!(money(Locale::De, 4900, eur), "49,00\u{a0}€");
    assert_eq!(money(Locale::De, 123_456_789, eur), "1.234.567,89\u{a0}€");
    assert_eq!(money(Locale::Fr, 4900, eur), "49,00\u{a0}€");
    assert_eq!(
        money(Locale::Fr, 123_456_789, eur),
        "1\u{202f}234\u{202f}567,89\u{a0}€"
    );
    assert_eq!(money(Locale::Nl, 4900, eur), "€\u{a0}49,00");
    assert_eq!(money(Locale::Es, 4900, eur), "49,00\u{a0}€");
    assert_eq!(money(Locale::It, 4900, eur), "49,00\u{a0}€");
    assert_eq!(money(Locale::Pt, 4900, eur), "€\u{a0}49,00");
    assert_eq!(money(Locale::En, -4900, usd), "-$49.00");
}

#[test]
fn money_shows_each_currencys_own_decimals() {
    let jpy = Currency::from_code("JPY").unwrap();
    let kwd = Currency::from_code("KWD").unwrap();
    assert_eq!(money(Locale::En, 4900, jpy), "¥4,900");
    assert_eq!(money(Locale::De, 4900, jpy), "4.900\u{a0}¥");
    assert_eq!(money(Locale::En, 49_000, kwd), "KWD\u{a0}49.000");
    // Every currency tagcart takes, in every language: the decimals its exponent says.
    for code in Currency::codes() {
        let currency = Currency::from_code(code).unwrap();
        for locale in Locale::ALL {
            let text = money(locale, 1234, currency);
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(digits, "1234", "{} {code}: {text}", locale.as_str());
            let decimals = text
                .rsplit_once([',', '.'])
                .filter(|_| currency.exponent > 0)
                .map_or(0, |(_, tail)| {
                    tail.chars().take_while(char::is_ascii_digit).count()
                });
            assert_eq!(
                decimals,
                currency.exponent as usize,
                "{} {code}: {text}",
                locale.as_str()
            );
        }
    }
}

#[test]
fn dates_are_written_out_in_each_language() {
    let ts = 1_796_479_200; // 2026-12-05 14:00 UTC
    let expected = [
        (Locale::En, "5 December 2026"),
        (Locale::De, "5. Dezember 2026"),
        (Locale::Fr, "5 décembre 2026"),
        (Locale::Es, "5 de diciembre de 2026"),
        (Locale::Pt, "5 de dezembro de 2026"),
        (Locale::It, "5 dicembre 2026"),
        (Locale::Nl, "5 december 2026"),
    ];
    for (locale, text) in expected {
        assert_eq!(date(locale, ts), text);
    }
    assert_eq!(date_time(Locale::En, ts), "5 Dec 2026, 14:00");
    assert_eq!(date_time(Locale::De, ts), "05.12.2026, 14:00");
}

#[test]
fn rendering_a_message_or_an_amount_is_cheap() {
    init();
    let usd = Currency::from_code("USD").unwrap();
    let started = Instant::now();
    for n in 0..10_000 {
        t_with(Locale::De, "countdown-days", &[("count", n.into())]);
        t(Locale::Fr, "page-secure-checkout");
        money(Locale::Nl, n, usd);
    }
    // Tens of microseconds unoptimized; a page renders a few dozen of each.
    let each = started.elapsed() / 10_000;
    assert!(
        each.as_micros() < 200,
        "{each:?} for a message, a plural and an amount"
    );
}

#[test]
fn checkout_problems_read_in_english_as_the_form_says_them() {
    use crate::domain::checkout::Problem;
    for problem in Problem::ALL {
        let max = problem.max().map(|n| ("max", n.into()));
        let text = t_with(Locale::En, problem.id(), &Vec::from_iter(max));
        assert_eq!(text, problem.english());
    }
    let long = Problem::TooLong { max: 254 };
    assert_eq!(
        t_with(Locale::De, long.id(), &[("max", 254_usize.into())]),
        "darf höchstens 254 Zeichen lang sein"
    );
}

#[test]
fn markup_arguments_go_in_as_markup_and_everything_else_is_escaped() {
    let email = maud::html! { strong { "<jane>@example.com" } };
    let html = t_markup(
        Locale::En,
        "receipt-contact",
        &[("seller", "Tom & <Jerry>".into())],
        &[("email", email)],
    )
    .into_string();
    assert_eq!(
        html,
        "Questions about your order? Write to Tom &amp; &lt;Jerry&gt; at <strong>&lt;jane&gt;@example.com</strong>."
    );
}

#[test]
fn prices_in_words_follow_the_language_and_its_plurals() {
    use crate::domain::product::{Interval, PriceKind, PriceTerms};
    let terms = |kind, interval, count, trial, installments| PriceTerms {
        kind,
        currency: "EUR".into(),
        amount: 1900,
        interval: Some(interval),
        interval_count: Some(count),
        trial_days: trial,
        installments,
    };
    let monthly = terms(PriceKind::Subscription, Interval::Month, 1, None, None);
    let quarterly = terms(PriceKind::Subscription, Interval::Month, 3, Some(1), None);
    let plan = terms(PriceKind::PaymentPlan, Interval::Week, 2, None, Some(3));
    assert_eq!(words::price(Locale::En, &monthly), "€19.00 every month");
    assert_eq!(
        words::price(Locale::En, &quarterly),
        "free for 1 day, then €19.00 every 3 months"
    );
    assert_eq!(words::price(Locale::En, &plan), "3 × €19.00 every 2 weeks");
    for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
        for t in [&monthly, &quarterly, &plan] {
            let said = words::price(locale, t);
            assert!(said.contains("19,00") || said.contains("19.00"), "{said}");
            assert!(
                !said.contains("every") && !said.contains("free for"),
                "{said}"
            );
        }
    }
}

#[test]
fn the_browsers_first_language_we_have_wins_and_q_0_refuses_one() {
    let pick = Locale::from_accept_language;
    assert_eq!(pick("de-CH, de;q=0.9, en;q=0.8"), Some(Locale::De));
    assert_eq!(pick("ja, fr-CA;q=0.5"), Some(Locale::Fr));
    assert_eq!(pick("fr;q=0, de"), Some(Locale::De));
    assert_eq!(pick("nl; Q=0.000"), None);
    assert_eq!(pick("ja, zh;q=0.5"), None);
    assert!(crate::i18n::refused("gzip;q=0") && !crate::i18n::refused("gzip;q=0.5"));
}
