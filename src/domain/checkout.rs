//! The buyer's checkout form: who is buying, which price option, which gateway.
//! Amounts never come from here: the order takes them from the chosen price in the database.

use super::ids::PriceId;
use super::page::{Extra, Offer};
use super::product::Price;
use super::tax::{SaleTax, VatCheck, VatId, VatIdProblem};
use super::validation::{is_email, FieldErrors};
use crate::gateways::Gateway;

/// The buyer as stored on the order and sent to Kartra.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Buyer {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
}

/// What the buyer agreed to at checkout, with when: stored on the order and repeated in the
/// receipt email.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    pub terms_accepted_at: Option<crate::clock::Timestamp>,
    /// The terms the checkbox linked to.
    pub terms_url: Option<String>,
    /// The EU digital-content waiver, in the words the buyer ticked.
    pub waiver_text: Option<String>,
    pub waiver_at: Option<crate::clock::Timestamp>,
}

/// A checkout the buyer may pay for.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub buyer: Buyer,
    pub price: Price,
    pub gateway: Gateway,
    /// The order bump, ticked.
    pub bump: Option<Extra>,
    /// The page offered a bump beside the chosen option (ticked or not): the take rate's base.
    pub bump_offered: bool,
    /// How the sale is taxed, as far as the form tells; `with_vat_check` settles a VAT ID.
    pub sale_tax: SaleTax,
    /// A business buyer's VAT ID in the country's format, still to be asked of VIES.
    pub vat_id: Option<VatId>,
    pub consent: Consent,
}

impl Consent {
    /// What the buyer agreed to at `now`: the page's terms, and the waiver in the words the
    /// page showed (`waiver_text`), as far as the page asked for them.
    pub fn given(offer: &Offer, waiver_text: &str, now: crate::clock::Timestamp) -> Consent {
        Consent {
            terms_accepted_at: offer.terms_url.as_ref().map(|_| now),
            terms_url: offer.terms_url.clone(),
            waiver_text: offer.waiver.then(|| waiver_text.to_string()),
            waiver_at: offer.waiver.then_some(now),
        }
    }
}

impl Checkout {
    /// The sale once VIES has answered for the buyer's VAT ID: reverse-charged when it is
    /// valid and the rules say so, taxed otherwise (also when VIES did not answer).
    pub fn with_vat_check(mut self, offer: &Offer, check: VatCheck) -> Checkout {
        self.sale_tax.vat_id_check = Some(check);
        if let Some(settings) = &offer.tax {
            let rules = settings.rules().expect("tax is on");
            let treatment = rules.treatment(&self.buyer.country, check == VatCheck::Valid);
            self.sale_tax.applied = Some((treatment, settings.prices()));
        }
        self
    }
}

/// The form's fields as sent (the field names are public: README, "Buyers and webhooks").
#[derive(Debug, Clone, Default)]
pub struct CheckoutInput {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub address: String,
    pub city: String,
    pub zip: String,
    pub state: String,
    pub country: String,
    pub price_id: String,
    pub gateway: String,
    /// A coupon code as typed (checked against the database, not here).
    pub coupon: String,
    /// The order bump's tick box (`bump=1`).
    pub bump: bool,
    /// "Buying as a business?": the company's name and VAT ID (asked only with tax on).
    pub company: String,
    pub vat_id: String,
    /// The consent checkboxes ticked (`terms=on`, `waiver=on`).
    pub terms: bool,
    pub waiver: bool,
}

/// What is wrong with a buyer's field, as the form says it. Each has a message id of the
/// buyer pages (`assets/i18n`), so a page in another language says it in its own; the
/// English text is what `FieldErrors` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong { max: usize },
    SingleLine,
    Email,
    NameMarkup,
    Phone,
    Price,
    Gateway,
    Bump,
    VatIdFormat,
    VatIdOutsideEu,
    VatIdNotRegistered,
    Consent,
}

impl Problem {
    /// Every kind, with an example length.
    pub const ALL: [Problem; 13] = [
        Problem::Required,
        Problem::TooLong { max: 100 },
        Problem::SingleLine,
        Problem::Email,
        Problem::NameMarkup,
        Problem::Phone,
        Problem::Price,
        Problem::Gateway,
        Problem::Bump,
        Problem::VatIdFormat,
        Problem::VatIdOutsideEu,
        Problem::VatIdNotRegistered,
        Problem::Consent,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Problem::Required => "checkout-required",
            Problem::TooLong { .. } => "checkout-too-long",
            Problem::SingleLine => "checkout-single-line",
            Problem::Email => "checkout-email",
            Problem::NameMarkup => "checkout-name-markup",
            Problem::Phone => "checkout-phone",
            Problem::Price => "checkout-price",
            Problem::Gateway => "checkout-gateway",
            Problem::Bump => "checkout-bump",
            Problem::VatIdFormat => "checkout-vat-id-format",
            Problem::VatIdOutsideEu => "checkout-vat-id-outside-eu",
            Problem::VatIdNotRegistered => "checkout-vat-id-not-registered",
            Problem::Consent => "checkout-consent",
        }
    }

    /// The message's `$max` argument.
    pub fn max(self) -> Option<usize> {
        match self {
            Problem::TooLong { max } => Some(max),
            _ => None,
        }
    }

    pub fn english(self) -> String {
        match self {
            Problem::Required => "is required".into(),
            Problem::TooLong { max } => format!("must be at most {max} characters"),
            Problem::SingleLine => "must be a single line".into(),
            Problem::Email => "must be an email address like name@example.com".into(),
            Problem::NameMarkup => "must not contain < > = { } [ ] or \\".into(),
            Problem::Phone => "may hold only digits, spaces and + - ( ) .".into(),
            Problem::Price => "choose one of the options shown".into(),
            Problem::Gateway => "choose one of the payment methods shown".into(),
            Problem::Bump => "this offer cannot be added to the option chosen".into(),
            Problem::VatIdFormat => "is not a VAT ID of the country chosen".into(),
            Problem::VatIdOutsideEu => "is asked for only from buyers in the EU".into(),
            Problem::Consent => "tick this box to go on".into(),
            Problem::VatIdNotRegistered => {
                "is not registered in the EU's VIES: check it, or leave it empty to pay with VAT"
                    .into()
            }
        }
    }

    /// The problem an English message from `validate` names.
    pub fn from_message(message: &str) -> Option<Problem> {
        let max = message
            .strip_prefix("must be at most ")
            .and_then(|rest| rest.strip_suffix(" characters"))
            .and_then(|n| n.parse().ok());
        if let Some(max) = max {
            return Some(Problem::TooLong { max });
        }
        Problem::ALL
            .into_iter()
            .filter(|p| p.max().is_none())
            .find(|p| p.english() == message)
    }
}

/// Kartra's firewall is reported to refuse names holding these, which would strand a paid buyer.
const MARKUP: &[char] = &['<', '>', '=', '{', '}', '[', ']', '\\'];

fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize, required: bool) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.add(field, Problem::Required.english());
    } else if value.chars().count() > max {
        errors.add(field, Problem::TooLong { max }.english());
    } else if value.chars().any(char::is_control) {
        errors.add(field, Problem::SingleLine.english());
    }
    value.to_string()
}

/// An ISO 3166-1 alpha-2 code from the form's list, or nothing.
fn country(errors: &mut FieldErrors, value: &str) -> String {
    let code = value.trim().to_ascii_uppercase();
    if code.is_empty() {
        return code;
    }
    match super::country::name(&code) {
        Some(_) => code,
        None => {
            errors.add("country", "must be a country from the list");
            String::new()
        }
    }
}

impl CheckoutInput {
    /// Only the price options and gateways the page offers right now are accepted.
    pub fn validate(&self, offer: &Offer) -> Result<Checkout, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = text(&mut errors, "email", &self.email, 254, true);
        if errors.get("email").is_none() && !is_email(&email) {
            errors.add("email", Problem::Email.english());
        }
        let mut name = |field: &str, value: &str| {
            let value = text(&mut errors, field, value, 100, true);
            if value.contains(MARKUP) {
                errors.add(field, Problem::NameMarkup.english());
            }
            value
        };
        let first_name = name("first_name", &self.first_name);
        let last_name = name("last_name", &self.last_name);
        let phone = text(&mut errors, "phone", &self.phone, 40, false);
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            errors.add("phone", Problem::Phone.english());
        }
        let buyer = Buyer {
            email,
            first_name,
            last_name,
            phone,
            address: text(&mut errors, "address", &self.address, 200, false),
            city: text(&mut errors, "city", &self.city, 100, false),
            zip: text(&mut errors, "zip", &self.zip, 20, false),
            state: text(&mut errors, "state", &self.state, 100, false),
            country: country(&mut errors, &self.country),
        };
        let taxed = offer.tax.is_some();
        if taxed && buyer.country.is_empty() && errors.get("country").is_none() {
            errors.add("country", Problem::Required.english());
        }
        // A business buyer's details are asked only with tax on; sent anyway, they are ignored.
        let company = match taxed {
            true => text(&mut errors, "company", &self.company, 200, false),
            false => String::new(),
        };
        let typed_vat_id = match taxed {
            true => text(&mut errors, "vat_id", &self.vat_id, 40, false),
            false => String::new(),
        };
        let vat_id = match typed_vat_id.is_empty() || buyer.country.is_empty() {
            true => None,
            false => match VatId::parse(&buyer.country, &typed_vat_id) {
                Ok(id) => Some(id),
                Err(problem) => {
                    let problem = match problem {
                        VatIdProblem::NotEu => Problem::VatIdOutsideEu,
                        VatIdProblem::Format(_) => Problem::VatIdFormat,
                    };
                    errors.add("vat_id", problem.english());
                    None
                }
            },
        };
        let sale_tax = SaleTax {
            applied: (offer.tax.as_ref()).map(|settings| {
                let rules = settings.rules().expect("tax is on");
                (rules.treatment(&buyer.country, false), settings.prices())
            }),
            vat_id: vat_id
                .as_ref()
                .map(|id| id.as_str().to_string())
                .unwrap_or_default(),
            company,
            vat_id_check: None,
        };
        let price = self
            .price_id
            .trim()
            .parse::<PriceId>()
            .ok()
            .and_then(|id| offer.prices.iter().find(|p| p.id == id));
        if price.is_none() {
            errors.add("price_id", Problem::Price.english());
        }
        let gateway = Gateway::parse(self.gateway.trim()).filter(|g| offer.gateways.contains(g));
        if gateway.is_none() {
            errors.add("gateway", Problem::Gateway.english());
        }
        // The page's consent checkboxes are required where it shows them.
        if offer.terms_url.is_some() && !self.terms {
            errors.add("terms", Problem::Consent.english());
        }
        if offer.waiver && !self.waiver {
            errors.add("waiver", Problem::Consent.english());
        }
        let bump_offered = price.is_some_and(|p| offer.bump_for(p).is_some());
        // The tick box shows only beside options the bump fits; a form sent anyway is refused.
        let bump = match (self.bump, price) {
            (true, Some(price)) => {
                let bump = offer.bump_for(price);
                if bump.is_none() {
                    errors.add("bump", Problem::Bump.english());
                }
                bump.cloned()
            }
            _ => None,
        };
        match (price, gateway) {
            (Some(price), Some(gateway)) if errors.is_empty() => Ok(Checkout {
                buyer,
                price: price.clone(),
                gateway,
                bump,
                bump_offered,
                sale_tax,
                vat_id,
                consent: Consent::default(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::ProductId;
    use crate::domain::page::PageContent;
    use crate::domain::product::{PriceKind, PriceTerms, Product};

    /// A page offering the test gateway and Stripe, with `enabled` switched on.
    fn offer(enabled: &[Gateway]) -> Offer {
        let terms = PriceTerms {
            kind: PriceKind::OneTime,
            currency: "USD".into(),
            amount: 4900,
            interval: None,
            interval_count: None,
            installments: None,
            trial_days: None,
        };
        let product = Product {
            id: ProductId(1),
            name: "Course".into(),
            kartra_tag: "t".into(),
            thank_you_url: None,
            show_receipt: false,
            revoke_on_refund: true,
            on_cancel: Default::default(),
            grace_days: 7,
            payment_failed_tag: None,
            image_url: None,
            prices: vec![Price {
                id: PriceId(7),
                terms,
            }],
            created_at: 0,
            updated_at: 0,
        };
        let content = PageContent {
            title: "T".into(),
            template: "minimal".into(),
            product_id: ProductId(1),
            price_ids: vec![],
            gateways: vec![Gateway::Test, Gateway::Stripe],
            sections: vec![],
            language: Default::default(),
            bump: None,
            upsell: None,
            terms_url: None,
            waiver: false,
        };
        Offer::new(&content, product, enabled)
    }

    fn input() -> CheckoutInput {
        CheckoutInput {
            email: " jane@example.com ".into(),
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            price_id: "7".into(),
            gateway: "test".into(),
            ..Default::default()
        }
    }

    #[test]
    fn problems_are_found_again_from_their_english_text() {
        for problem in Problem::ALL {
            assert_eq!(Problem::from_message(&problem.english()), Some(problem));
        }
        assert_eq!(
            Problem::from_message("must be at most 254 characters"),
            Some(Problem::TooLong { max: 254 })
        );
        assert_eq!(Problem::from_message("this code has expired"), None);
        assert_eq!(
            Problem::NameMarkup.english(),
            r"must not contain < > = { } [ ] or \"
        );
    }

    #[test]
    fn a_complete_form_becomes_a_checkout_with_the_stored_price() {
        let checkout = input().validate(&offer(&[Gateway::Test])).unwrap();
        assert_eq!(checkout.buyer.email, "jane@example.com");
        assert_eq!(checkout.price.terms.amount, 4900);
        assert_eq!(checkout.gateway, Gateway::Test);
    }

    #[test]
    fn refuses_bad_fields_unknown_prices_and_gateways_not_offered_or_enabled() {
        let bad = CheckoutInput {
            email: "jane".into(),
            first_name: "<b>Jane</b>".into(),
            last_name: "".into(),
            phone: "call me".into(),
            zip: "1".repeat(21),
            price_id: "8".into(),
            gateway: "paypal".into(),
            ..Default::default()
        };
        let errors = bad.validate(&offer(&Gateway::ALL)).unwrap_err();
        for field in [
            "email",
            "first_name",
            "last_name",
            "phone",
            "zip",
            "price_id",
            "gateway",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let stripe_off = CheckoutInput {
            gateway: "stripe".into(),
            ..input()
        };
        assert!(stripe_off
            .validate(&offer(&[Gateway::Test]))
            .unwrap_err()
            .get("gateway")
            .is_some());
    }

    /// `offer` with a one-time $19 workbook as its bump, and a monthly option beside the
    /// course's one-time price.
    fn offer_with_bump() -> Offer {
        use crate::domain::page::Extra;
        let mut offer = offer(&[Gateway::Test]);
        let monthly = PriceTerms {
            kind: PriceKind::Subscription,
            interval: Some(crate::domain::product::Interval::Month),
            interval_count: Some(1),
            ..offer.prices[0].terms.clone()
        };
        offer.prices.push(Price {
            id: PriceId(8),
            terms: monthly,
        });
        let workbook = Price {
            id: PriceId(20),
            terms: PriceTerms {
                amount: 1900,
                ..offer.prices[0].terms.clone()
            },
        };
        let bump = Extra {
            headline: "Add the workbook".into(),
            text: String::new(),
            product: Product {
                id: ProductId(2),
                prices: vec![workbook.clone()],
                ..offer.product.clone()
            },
            price: workbook,
        };
        offer.with_bump(Some(bump))
    }

    #[test]
    fn a_ticked_bump_joins_a_one_time_option_and_is_refused_beside_a_subscription() {
        let offer = offer_with_bump();
        let ticked = CheckoutInput {
            bump: true,
            ..input()
        };
        let checkout = ticked.validate(&offer).unwrap();
        assert_eq!(checkout.bump.map(|b| b.price.terms.amount), Some(1900));
        assert!(input().validate(&offer).unwrap().bump.is_none());
        let monthly = CheckoutInput {
            price_id: "8".into(),
            ..ticked.clone()
        };
        assert_eq!(
            monthly.validate(&offer).unwrap_err().get("bump"),
            Some(Problem::Bump.english().as_str())
        );
        let no_bump = offer.with_bump(None);
        assert!(ticked.validate(&no_bump).unwrap_err().get("bump").is_some());
    }

    #[test]
    fn a_subscription_bump_joins_a_subscription_of_the_same_rhythm_only() {
        use crate::domain::product::Interval;
        let offer = offer_with_bump();
        let mut bump = offer.bump.clone().unwrap();
        bump.price.terms = offer.prices[1].terms.clone(); // monthly, in the same currency
        bump.price.terms.amount = 900;
        let (one_time, monthly) = (&offer.prices[0], &offer.prices[1]);
        assert!(bump.fits(monthly) && !bump.fits(one_time));
        let fits_with = |change: &dyn Fn(&mut PriceTerms)| {
            let mut other = bump.clone();
            change(&mut other.price.terms);
            other.fits(monthly)
        };
        assert!(!fits_with(&|t| t.interval = Some(Interval::Year)));
        assert!(!fits_with(&|t| t.interval_count = Some(3)));
        assert!(!fits_with(&|t| t.trial_days = Some(7)));
        assert!(!fits_with(&|t| t.currency = "EUR".into()));
        assert!(!fits_with(&|t| {
            t.kind = PriceKind::PaymentPlan;
            t.installments = Some(3);
        }));
        let offer = offer.with_bump(Some(bump));
        let ticked = CheckoutInput {
            bump: true,
            price_id: "8".into(),
            ..input()
        };
        let checkout = ticked.validate(&offer).unwrap();
        assert_eq!(checkout.bump.map(|b| b.price.terms.amount), Some(900));
        let one_time = CheckoutInput {
            price_id: offer.prices[0].id.to_string(),
            ..ticked
        };
        assert!(one_time.validate(&offer).unwrap_err().get("bump").is_some());
    }

    #[test]
    fn country_is_a_known_alpha_2_code_or_nothing() {
        let with = |country: &str| CheckoutInput {
            country: country.into(),
            ..input()
        };
        let offer = offer(&[Gateway::Test]);
        assert_eq!(with("CH").validate(&offer).unwrap().buyer.country, "CH");
        assert_eq!(with(" de ").validate(&offer).unwrap().buyer.country, "DE");
        assert_eq!(with("").validate(&offer).unwrap().buyer.country, "");
        for bad in ["United States", "XX", "USA"] {
            let errors = with(bad).validate(&offer).unwrap_err();
            assert_eq!(
                errors.get("country"),
                Some("must be a country from the list"),
                "{bad}"
            );
        }
    }
}
