use super::*;
use crate::domain::money::MAX_AMOUNT;
use proptest::prelude::*;

#[test]
fn prices_without_tax_get_it_added_and_prices_with_it_are_split() {
    // €100.00 at Germany's 19%.
    assert_eq!(
        Taxed::of(10_000, 1900, Prices::ExcludeTax),
        Taxed {
            net: 10_000,
            rate: 1900,
            tax: 1900,
            total: 11_900
        }
    );
    // €119.00 including 19%: €100.00 and €19.00.
    assert_eq!(
        Taxed::of(11_900, 1900, Prices::IncludeTax),
        Taxed {
            net: 10_000,
            rate: 1900,
            tax: 1900,
            total: 11_900
        }
    );
}

#[test]
fn half_a_minor_unit_rounds_up() {
    // €0.50 × 21% = 10.5 cents: 11.
    assert_eq!(Taxed::of(50, 2100, Prices::ExcludeTax).tax, 11);
    // €0.49 × 21% = 10.29 cents: 10.
    assert_eq!(Taxed::of(49, 2100, Prices::ExcludeTax).tax, 10);
    // €49.00 including Finland's 25.5%: net 3904.38… → 3904, tax 996.
    let fi = Taxed::of(4900, 2550, Prices::IncludeTax);
    assert_eq!((fi.net, fi.tax), (3904, 996));
}

#[test]
fn zero_decimal_currencies_round_to_the_whole_unit() {
    // ¥4,900 with 10%: ¥490; ¥999 with 10% included: net 908.18… → 908, tax 91.
    assert_eq!(Taxed::of(4900, 1000, Prices::ExcludeTax).tax, 490);
    let yen = Taxed::of(999, 1000, Prices::IncludeTax);
    assert_eq!((yen.net, yen.tax, yen.total), (908, 91, 999));
}

#[test]
fn a_zero_rate_leaves_the_amount_alone() {
    for prices in [Prices::IncludeTax, Prices::ExcludeTax] {
        let t = Taxed::of(4900, 0, prices);
        assert_eq!((t.net, t.tax, t.total), (4900, 0, 4900));
    }
}

#[test]
fn every_member_state_has_a_rate_and_a_vat_format() {
    assert_eq!(EU_STANDARD_RATES.len(), 27);
    for (country, rate) in EU_STANDARD_RATES {
        assert!(*rate > 0 && *rate <= MAX_RATE, "{country}");
        assert!(FORMATS.iter().any(|(c, ..)| c == country), "{country}");
        assert!(crate::domain::country::name(country).is_some(), "{country}");
    }
    assert!(in_eu("DE") && !in_eu("GB") && !in_eu("EL"));
}

#[test]
fn vat_ids_are_read_with_or_without_prefix_spaces_and_dots() {
    let ok = |country: &str, typed: &str| VatId::parse(country, typed).map(|v| v.0);
    assert_eq!(ok("DE", "DE 123 456 789"), Ok("DE123456789".into()));
    assert_eq!(ok("DE", "123456789"), Ok("DE123456789".into()));
    assert_eq!(ok("NL", "nl123456789b01"), Ok("NL123456789B01".into()));
    assert_eq!(ok("AT", "ATU12345678"), Ok("ATU12345678".into()));
    assert_eq!(ok("FR", "FR 40 303 265 045"), Ok("FR40303265045".into()));
    assert_eq!(ok("IE", "IE1234567WA"), Ok("IE1234567WA".into()));
    assert_eq!(ok("BE", "BE0.123.456.789"), Ok("BE0123456789".into()));
    // Greece's VAT prefix is EL, not its ISO code.
    let greek = VatId::parse("GR", "EL094259216").unwrap();
    assert_eq!((greek.prefix(), greek.number()), ("EL", "094259216"));
    assert_eq!(ok("GR", "094259216"), Ok("EL094259216".into()));
}

#[test]
fn a_vat_id_of_the_wrong_shape_or_outside_the_eu_is_refused_with_the_format() {
    assert_eq!(
        VatId::parse("DE", "DE12345678"),
        Err(VatIdProblem::Format("9 digits"))
    );
    assert_eq!(
        VatId::parse("AT", "AT12345678"),
        Err(VatIdProblem::Format("U and 8 digits"))
    );
    assert!(VatId::parse("BE", "BE2123456789").is_err());
    assert!(VatId::parse("SE", "SE123456789012").is_err());
    assert!(VatId::parse("DE", "FR40303265045").is_err());
    assert_eq!(VatId::parse("GB", "GB123456789"), Err(VatIdProblem::NotEu));
    assert_eq!(
        VatId::parse("DE", ""),
        Err(VatIdProblem::Format("9 digits"))
    );
}

#[test]
fn businesses_in_another_member_state_are_reverse_charged_everyone_else_pays_their_countrys_rate() {
    let rules = Rules {
        origin_country: "DE".into(),
        rates: default_rates(),
        reverse_charge: true,
    };
    assert_eq!(rules.treatment("FR", false), Treatment::Charged(2000));
    assert_eq!(rules.treatment("FR", true), Treatment::ReverseCharge);
    // A German business buying from a German seller pays German VAT.
    assert_eq!(rules.treatment("DE", true), Treatment::Charged(1900));
    // Outside the EU, unless the merchant keeps a rate there.
    assert_eq!(rules.treatment("US", true), Treatment::NotTaxed);
    let mut with_norway = rules.clone();
    with_norway.rates.insert("NO".into(), 2500);
    assert_eq!(with_norway.treatment("NO", true).rate(), 2500);
    let no_reverse = Rules {
        reverse_charge: false,
        ..rules
    };
    assert_eq!(no_reverse.treatment("FR", true), Treatment::Charged(2000));
}

proptest! {
    #[test]
    fn net_and_tax_always_add_up_to_the_total(
        amount in 0..=MAX_AMOUNT,
        rate in 0..=MAX_RATE,
        include in any::<bool>(),
    ) {
        let prices = if include { Prices::IncludeTax } else { Prices::ExcludeTax };
        let t = Taxed::of(amount, rate, prices);
        prop_assert_eq!(t.net + t.tax, t.total);
        prop_assert!(t.net >= 0 && t.tax >= 0);
        match prices {
            Prices::IncludeTax => prop_assert_eq!(t.total, amount),
            Prices::ExcludeTax => prop_assert_eq!(t.net, amount),
        }
    }

    #[test]
    fn the_tax_is_the_exact_tax_rounded_to_the_nearest_minor_unit(
        amount in 0..=MAX_AMOUNT,
        rate in 0..=MAX_RATE,
        include in any::<bool>(),
    ) {
        let prices = if include { Prices::IncludeTax } else { Prices::ExcludeTax };
        let t = Taxed::of(amount, rate, prices);
        // Exactly, in units of 1/(10000 + rate) (inclusive) or 1/10000 (exclusive) of a cent:
        // the rounded figure is within half a minor unit of the exact one.
        let (a, r) = (i128::from(amount), i128::from(rate));
        let (exact_num, den) = match prices {
            Prices::ExcludeTax => (a * r, 10_000),
            Prices::IncludeTax => (a * 10_000, 10_000 + r),
        };
        let rounded = match prices {
            Prices::ExcludeTax => i128::from(t.tax),
            Prices::IncludeTax => i128::from(t.net),
        };
        prop_assert!((2 * (rounded * den - exact_num)).abs() <= den);
    }

    #[test]
    fn a_dearer_price_never_has_less_tax(
        amount in 0..MAX_AMOUNT,
        rate in 0..=MAX_RATE,
        include in any::<bool>(),
    ) {
        let prices = if include { Prices::IncludeTax } else { Prices::ExcludeTax };
        let (a, b) = (Taxed::of(amount, rate, prices), Taxed::of(amount + 1, rate, prices));
        prop_assert!(b.total >= a.total && b.net >= a.net);
        if !include {
            prop_assert!(b.tax >= a.tax);
        }
    }
}

fn sale(rate: BasisPoints, prices: Prices) -> SaleTax {
    SaleTax {
        applied: Some((Treatment::Charged(rate), prices)),
        ..SaleTax::default()
    }
}

fn half_for_two_months() -> Discount {
    Discount {
        code: "HALF".into(),
        off: Off::Percent(50),
        duration: crate::domain::discount::Duration::Repeating { months: 2 },
    }
}

#[test]
fn billed_whole_charges_without_tax_take_the_coupon_off_the_main_line_only() {
    let half = half_for_two_months();
    let untaxed = SaleTax::default();
    // One line: as it is, a percentage stays one.
    assert_eq!(
        untaxed.billed(&[1999], Some(&half)),
        (vec![1999], Some(half.clone()))
    );
    // With a bump: the main line's 50% as a fixed amount that leaves the bump whole.
    let (lines, fixed) = untaxed.billed(&[1999, 900], Some(&half));
    let fixed = fixed.unwrap();
    assert_eq!(lines, [1999, 900]);
    assert_eq!(
        (fixed.off, fixed.duration),
        (Off::Amount(1000), half.duration)
    );
    let too_much = Discount {
        off: Off::Amount(5000),
        ..half
    };
    let (_, capped) = untaxed.billed(&[1999, 900], Some(&too_much));
    assert_eq!(capped.unwrap().off, Off::Amount(1999));
    // Prices that include the tax bill the same amounts.
    let included = sale(1900, Prices::IncludeTax);
    assert_eq!(included.billed(&[1999], None), (vec![1999], None));
}

#[test]
fn billed_whole_charges_with_tax_added_are_each_charge_taxed_once() {
    let vat = sale(1900, Prices::ExcludeTax);
    let (lines, off) = vat.billed(&[1999, 900], Some(&half_for_two_months()));
    // 28.99 net → 34.50 with 19% (5.508 rounds to 5.51: 34.50); the discounted 18.99 → 22.60.
    assert_eq!(lines.iter().sum::<i64>(), vat.gross(2899));
    assert_eq!(lines[1], vat.gross(900));
    let off = off.unwrap().off_amount(lines.iter().sum());
    assert_eq!(lines.iter().sum::<i64>() - off, vat.gross(2899 - 1000));
}

proptest! {
    /// Whatever the lines, rate and coupon, the processor's full and discounted charges are
    /// exactly what `Taxed::of` says the buyer pays.
    #[test]
    fn billed_charges_are_the_taxed_totals(
        main in 0..1_000_000i64,
        bump in proptest::option::of(0..1_000_000i64),
        rate in 0..=MAX_RATE,
        percent in 0..=100u8,
        include in any::<bool>(),
    ) {
        let prices = if include { Prices::IncludeTax } else { Prices::ExcludeTax };
        let sale = sale(rate, prices);
        let mut amounts = vec![main];
        amounts.extend(bump);
        let coupon = Discount { off: Off::Percent(percent), ..half_for_two_months() };
        let (lines, off) = sale.billed(&amounts, Some(&coupon));
        let whole: i64 = amounts.iter().sum();
        prop_assert_eq!(lines.iter().sum::<i64>(), sale.gross(whole));
        let discounted = lines.iter().sum::<i64>() - off.unwrap().off_amount(lines.iter().sum());
        prop_assert_eq!(discounted, sale.gross(whole - coupon.off_amount(main)));
    }
}
