//! Checkout pages: where a product is sold, at `/p/{slug}` or on the page's own domain.

use super::ids::{PageId, PriceId, ProductId};
use super::product::{Price, PriceKind, Product};
use super::section::{self, Section};
use super::template::{self, TEMPLATES};
use super::validation::{required_text, FieldErrors};
use crate::clock::Timestamp;
use crate::gateways::Gateway;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Paths of our own that a slug must not shadow, now or later.
pub const RESERVED_SLUGS: &[&str] = &[
    "admin",
    "api",
    "assets",
    "p",
    "pay",
    "webhooks",
    "healthz",
    "metrics",
    "login",
    "logout",
    "setup",
    "static",
    "thank-you",
    "checkout",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageContent {
    pub title: String,
    pub template: String,
    pub product_id: ProductId,
    /// The product's price options the page offers; empty offers them all.
    pub price_ids: Vec<PriceId>,
    pub gateways: Vec<Gateway>,
    pub sections: Vec<Section>,
    /// The language buyers read the page, its pay pages and its thank-you page in.
    pub language: Locale,
    /// A second product offered as a tick box on the checkout, paid with the main one.
    pub bump: Option<AddOn>,
    /// A product offered after payment, bought with one click as its own order.
    pub upsell: Option<AddOn>,
    /// A required "I accept the terms" checkbox linking here.
    pub terms_url: Option<String>,
    /// The EU digital-content waiver checkbox, required when asked.
    pub waiver: bool,
}

/// Another product a page offers beside its own: the order bump or the upsell. Its price is a
/// one-time price of that product (checked against the database when the page is saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddOn {
    pub product_id: ProductId,
    pub price_id: PriceId,
    pub headline: String,
    /// One paragraph saying why; may be empty.
    pub text: String,
}

/// An add-on as the API sends it; each field is checked by `AddOnInput::validate`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddOnInput {
    pub product_id: Option<ProductId>,
    pub price_id: Option<PriceId>,
    pub headline: Option<String>,
    pub text: Option<String>,
}

impl AddOnInput {
    /// Its errors go under `field.product_id`, `field.headline`, ...
    fn validate(self, errors: &mut FieldErrors, field: &str) -> AddOn {
        let name = |part: &str| format!("{field}.{part}");
        let product_id = self.product_id.unwrap_or_else(|| {
            errors.add(name("product_id"), "is required");
            ProductId(0)
        });
        let price_id = self.price_id.unwrap_or_else(|| {
            errors.add(name("price_id"), "is required");
            PriceId(0)
        });
        let headline = required_text(errors, &name("headline"), self.headline.as_deref(), 120);
        let text = self.text.unwrap_or_default().trim().to_string();
        if text.chars().count() > 600 {
            errors.add(name("text"), "must be at most 600 characters");
        }
        AddOn {
            product_id,
            price_id,
            headline,
            text,
        }
    }
}

/// A page is edited as a draft; publishing copies the draft to the live version buyers see.
/// The address (slug, custom domain) is not versioned: it changes when saved.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: PageId,
    pub slug: String,
    pub custom_domain: Option<String>,
    #[serde(flatten)]
    pub draft: PageContent,
    pub published: bool,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339_opt")]
    pub published_at: Option<Timestamp>,
    /// Published, and the draft differs from what buyers see.
    pub unpublished_changes: bool,
    /// Counts saves, so an editor form made from an older draft is refused, not applied.
    pub revision: i64,
    #[serde(skip)]
    pub live: Option<PageContent>,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub updated_at: Timestamp,
}

impl Page {
    /// The language of its buyer pages: what buyers see now, else the draft's.
    pub fn language(&self) -> Locale {
        self.live.as_ref().unwrap_or(&self.draft).language
    }
}

/// What a page sells right now: its product, the price options it shows, and the gateways
/// it offers that are switched on in the settings.
#[derive(Debug, Clone)]
pub struct Offer {
    pub product: Product,
    pub prices: Vec<Price>,
    pub gateways: Vec<Gateway>,
    /// The order bump, while its product still has its price.
    pub bump: Option<Extra>,
    /// The shop's tax settings while tax is on: the form asks for the country and a business
    /// buyer's VAT ID, and the summary shows the tax.
    pub tax: Option<super::tax_settings::TaxSettings>,
    /// The page's required consent checkboxes: the terms (linking here) and the waiver.
    pub terms_url: Option<String>,
    pub waiver: bool,
}

/// A page's bump or upsell as a buyer is offered it: the merchant's words with the product
/// and its price as they are now.
#[derive(Debug, Clone)]
pub struct Extra {
    pub headline: String,
    pub text: String,
    pub product: Product,
    pub price: Price,
}

impl Extra {
    /// The page's bump as offered now: a one-time price, or a subscription billed with a
    /// subscription option (see `fits`). `None` once the product or that price is gone or
    /// is no longer such a price (the merchant may edit a product after the page was saved):
    /// nothing is offered then.
    pub fn bump(add_on: &AddOn, product: Option<Product>) -> Option<Extra> {
        Extra::new(
            add_on,
            product,
            &[PriceKind::OneTime, PriceKind::Subscription],
        )
    }

    /// The page's upsell as offered now: a one-time price charged once after the payment.
    pub fn upsell(add_on: &AddOn, product: Option<Product>) -> Option<Extra> {
        Extra::new(add_on, product, &[PriceKind::OneTime])
    }

    fn new(add_on: &AddOn, product: Option<Product>, kinds: &[PriceKind]) -> Option<Extra> {
        let product = product?;
        let price = (product.prices.iter())
            .find(|p| p.id == add_on.price_id && kinds.contains(&p.terms.kind))?
            .clone();
        Some(Extra {
            headline: add_on.headline.clone(),
            text: add_on.text.clone(),
            product,
            price,
        })
    }

    /// Whether a bump can join a checkout of `main`, paid by the same charges in the same
    /// currency: a one-time bump with a one-time price (one payment); a subscription bump
    /// with a subscription billed at the same interval after the same trial (one
    /// subscription, so both lines renew, fail and end together).
    pub fn fits(&self, main: &Price) -> bool {
        let (bump, main) = (&self.price.terms, &main.terms);
        bump.currency == main.currency
            && match (main.kind, bump.kind) {
                (PriceKind::OneTime, PriceKind::OneTime) => true,
                (PriceKind::Subscription, PriceKind::Subscription) => {
                    bump.interval == main.interval
                        && bump.interval_count.unwrap_or(1) == main.interval_count.unwrap_or(1)
                        && bump.trial_days.unwrap_or(0) == main.trial_days.unwrap_or(0)
                }
                _ => false,
            }
    }
}

impl Offer {
    pub fn new(content: &PageContent, product: Product, enabled: &[Gateway]) -> Offer {
        let shown = |p: &&Price| content.price_ids.is_empty() || content.price_ids.contains(&p.id);
        Offer {
            prices: product.prices.iter().filter(shown).cloned().collect(),
            gateways: (content.gateways.iter().copied())
                .filter(|g| enabled.contains(g))
                .collect(),
            product,
            bump: None,
            tax: None,
            terms_url: content.terms_url.clone(),
            waiver: content.waiver,
        }
    }

    /// With the shop's tax settings: they apply only while tax is on.
    pub fn with_tax(self, settings: super::tax_settings::TaxSettings) -> Offer {
        Offer {
            tax: settings.enabled.then_some(settings),
            ..self
        }
    }

    pub fn with_bump(self, bump: Option<Extra>) -> Offer {
        Offer { bump, ..self }
    }

    /// The bump, when it can be added to `price`.
    pub fn bump_for(&self, price: &Price) -> Option<&Extra> {
        self.bump.as_ref().filter(|b| b.fits(price))
    }

    /// Whether a buyer can pay here at all.
    pub fn is_open(&self) -> bool {
        !self.prices.is_empty() && !self.gateways.is_empty()
    }
}

/// A page as the API and the dashboard submit it. The read-only fields of a GET answer are
/// accepted so that it can be PUT back, and ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub product_id: Option<ProductId>,
    pub template: Option<String>,
    pub price_ids: Option<Vec<PriceId>>,
    pub gateways: Option<Vec<String>>,
    pub custom_domain: Option<String>,
    pub sections: Option<Value>,
    pub published: Option<bool>,
    pub language: Option<String>,
    pub bump: Option<AddOnInput>,
    pub upsell: Option<AddOnInput>,
    pub terms_url: Option<String>,
    pub waiver: Option<bool>,
    #[serde(default, rename = "id")]
    pub _id: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "created_at")]
    pub _created_at: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "updated_at")]
    pub _updated_at: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "revision")]
    pub _revision: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "published_at")]
    pub _published_at: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "unpublished_changes")]
    pub _unpublished_changes: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Clone)]
pub struct PageDraft {
    pub slug: String,
    pub custom_domain: Option<String>,
    pub content: PageContent,
    /// `Some(true)` publishes this content, `Some(false)` takes the page offline, `None`
    /// saves the draft and leaves what buyers see as it is.
    pub publish: Option<bool>,
}

impl PageInput {
    /// Defaults: template `minimal` with its sections, every price option, gateways
    /// `["test"]`, no custom domain. `own_host` is the public URL's host, which no page may
    /// take as its domain (its `/` would hide the dashboard's).
    pub fn validate(self, own_host: Option<&str>) -> Result<PageDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = required_text(&mut errors, "title", self.title.as_deref(), 200);
        let slug = self.slug.unwrap_or_default().trim().to_string();
        if let Err(message) = check_slug(&slug) {
            errors.add("slug", message);
        }
        let product_id = self.product_id.unwrap_or_else(|| {
            errors.add("product_id", "is required");
            ProductId(0)
        });
        let template_id = self.template.unwrap_or_else(|| TEMPLATES[0].id.to_string());
        let template = template::find(&template_id);
        if template.is_none() {
            errors.add(
                "template",
                format!("must be one of {}", template::ids().join(", ")),
            );
        }
        let mut gateways = Vec::new();
        for name in self.gateways.unwrap_or_else(|| vec!["test".into()]) {
            match Gateway::parse(&name) {
                Some(g) if gateways.contains(&g) => {
                    errors.add("gateways", format!("lists '{name}' twice"))
                }
                Some(g) => gateways.push(g),
                None => {
                    let names: Vec<&str> = Gateway::ALL.iter().map(|g| g.as_str()).collect();
                    errors.add(
                        "gateways",
                        format!("'{name}' is not a gateway: use {}", names.join(", ")),
                    )
                }
            }
        }
        if gateways.is_empty() && errors.get("gateways").is_none() {
            errors.add("gateways", "needs at least one gateway");
        }
        let language = match self.language.as_deref().map(str::trim) {
            None | Some("") => Locale::En,
            Some(code) => Locale::parse(code).unwrap_or_else(|| {
                errors.add(
                    "language",
                    format!("'{code}' is not a language: use one of {}", Locale::codes()),
                );
                Locale::En
            }),
        };
        let terms_url = match self.terms_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) => super::shop::check_https_url(url)
                .map_err(|message| errors.add("terms_url", message))
                .ok(),
        };
        let bump = self.bump.map(|b| b.validate(&mut errors, "bump"));
        let upsell = self.upsell.map(|u| u.validate(&mut errors, "upsell"));
        let price_ids = self.price_ids.unwrap_or_default();
        if (1..price_ids.len()).any(|i| price_ids[..i].contains(&price_ids[i])) {
            errors.add("price_ids", "lists a price option twice");
        }
        let custom_domain = match self.custom_domain.as_deref().map(normalize_domain) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(domain))) if Some(domain.as_str()) == own_host => {
                errors.add(
                    "custom_domain",
                    format!("is tagcart's own address ({domain}); use another domain for the page"),
                );
                None
            }
            Some(Ok(Some(domain))) => Some(domain),
            Some(Err(message)) => {
                errors.add("custom_domain", message);
                None
            }
        };
        // No sections: the template's, so that a new page can sell at once.
        let sections = match self.sections {
            None => vec![],
            Some(Value::Array(list)) if list.is_empty() => vec![],
            Some(value) => section::parse_list(&value).unwrap_or_else(|found| {
                errors.extend(found);
                vec![]
            }),
        };
        let sections = match (sections.is_empty(), template) {
            (true, Some(t)) => t.sections(&title),
            _ => sections,
        };
        // A draft may keep the template's samples; buyers never see them.
        if self.published == Some(true) {
            if let Err(message) = section::check_placeholders(&sections) {
                errors.add("sections", message);
            }
        }
        let draft = PageDraft {
            slug,
            custom_domain,
            content: PageContent {
                title,
                template: template_id,
                product_id,
                price_ids,
                gateways,
                sections,
                language,
                bump,
                upsell,
                terms_url,
                waiver: self.waiver.unwrap_or(false),
            },
            publish: self.published,
        };
        errors.into_result(draft)
    }
}

/// Lowercase letters, digits and single dashes inside; not one of our own paths.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("is required".into());
    }
    if slug.len() > 60 {
        return Err("must be at most 60 characters".into());
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("may hold only lowercase letters, digits and dashes".into());
    }
    if slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Err("must not start or end with a dash or hold two in a row".into());
    }
    if RESERVED_SLUGS.contains(&slug) {
        return Err(format!("'{slug}' is reserved by tagcart; choose another"));
    }
    Ok(())
}

/// A bare host name such as `pay.example.com` (no scheme, port or path); empty means none.
pub fn normalize_domain(text: &str) -> Result<Option<String>, String> {
    let domain = text.trim().trim_end_matches('.').to_ascii_lowercase();
    if domain.is_empty() {
        return Ok(None);
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if domain.parse::<std::net::IpAddr>().is_ok()
        || domain
            .trim_matches(['[', ']'])
            .parse::<std::net::Ipv6Addr>()
            .is_ok()
        || labels
            .last()
            .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
    {
        return Err("must be a domain name, not an IP address".into());
    }
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(
            "must be a domain name like pay.example.com, without https:// or a path".into(),
        );
    }
    Ok(Some(domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_dashed_and_not_reserved() {
        assert!(check_slug("my-course-2").is_ok());
        for bad in [
            "",
            "My-Course",
            "a b",
            "-a",
            "a-",
            "a--b",
            "admin",
            "api",
            "assets",
            "p",
            "webhooks",
            "ça",
            "a/b",
            "../x",
        ] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug(&"a".repeat(61)).is_err());
    }

    #[test]
    fn custom_domains_are_bare_host_names() {
        assert_eq!(
            normalize_domain(" Pay.Example.com. "),
            Ok(Some("pay.example.com".into()))
        );
        assert_eq!(normalize_domain(""), Ok(None));
        for bad in [
            "localhost",
            "https://pay.example.com",
            "pay.example.com/x",
            "pay.example.com:8080",
            "-a.com",
            "a..com",
        ] {
            assert!(normalize_domain(bad).is_err(), "{bad}");
        }
        for ip in ["203.0.113.7", "10.0.0.1", "[2001:db8::1]", "2001:db8::1"] {
            assert_eq!(
                normalize_domain(ip),
                Err("must be a domain name, not an IP address".into()),
                "{ip}"
            );
        }
    }

    #[test]
    fn a_page_cannot_take_tagcarts_own_host() {
        let input = |domain: &str| PageInput {
            title: Some("Buy".into()),
            slug: Some("buy".into()),
            product_id: Some(ProductId(1)),
            custom_domain: Some(domain.into()),
            ..Default::default()
        };
        let errors = input("Shop.Example.com")
            .validate(Some("shop.example.com"))
            .unwrap_err();
        assert!(errors.get("custom_domain").unwrap().contains("own address"));
        assert!(input("pay.example.com")
            .validate(Some("shop.example.com"))
            .is_ok());
    }

    #[test]
    fn page_defaults_and_errors() {
        let draft = PageInput {
            title: Some("Buy".into()),
            slug: Some("buy".into()),
            product_id: Some(ProductId(1)),
            ..Default::default()
        }
        .validate(None)
        .unwrap();
        assert_eq!(draft.content.template, "minimal");
        assert_eq!(draft.content.gateways, vec![Gateway::Test]);
        assert_eq!(draft.content.language, Locale::En);
        assert_eq!(draft.publish, None);
        assert_eq!(
            draft.content.sections,
            template::find("minimal").unwrap().sections("Buy"),
            "no sections: the template's"
        );
        let errors = PageInput {
            gateways: Some(vec!["test".into(), "test".into(), "bitcoin".into()]),
            template: Some("fancy".into()),
            sections: Some(serde_json::json!([{"no_kind": 1}])),
            price_ids: Some([3, 4, 3].map(PriceId).to_vec()),
            language: Some("xx".into()),
            ..Default::default()
        }
        .validate(None)
        .unwrap_err();
        for field in [
            "title",
            "slug",
            "product_id",
            "template",
            "gateways",
            "sections[0].kind",
            "price_ids",
            "language",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
