//! Checkout pages: where a product is sold, at `/p/{slug}` or on the page's own domain.

use super::gateway::Gateway;
use super::validation::{required_text, FieldErrors};
use crate::clock::Timestamp;
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

/// The page templates; the page builder gives each its sections and style.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("minimal", "Minimal: one column, the offer and the form"),
    ("long-form", "Long-form sales page"),
    (
        "two-column",
        "Two columns: the order summary beside the form",
    ),
];

pub const MAX_SECTIONS: usize = 50;

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: i64,
    pub title: String,
    pub slug: String,
    pub product_id: i64,
    pub template: String,
    pub gateways: Vec<Gateway>,
    pub custom_domain: Option<String>,
    pub sections: Value,
    pub published: bool,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub created_at: Timestamp,
    #[serde(serialize_with = "crate::clock::serialize_rfc3339")]
    pub updated_at: Timestamp,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageInput {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub product_id: Option<i64>,
    pub template: Option<String>,
    pub gateways: Option<Vec<String>>,
    pub custom_domain: Option<String>,
    pub sections: Option<Value>,
    pub published: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct PageDraft {
    pub title: String,
    pub slug: String,
    pub product_id: i64,
    pub template: String,
    pub gateways: Vec<Gateway>,
    pub custom_domain: Option<String>,
    pub sections: Value,
    pub published: bool,
}

impl PageInput {
    /// Defaults: template `minimal`, gateways `["test"]`, no custom domain, no sections, unpublished.
    pub fn validate(self) -> Result<PageDraft, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = required_text(&mut errors, "title", self.title.as_deref(), 200);
        let slug = self.slug.unwrap_or_default().trim().to_string();
        if let Err(message) = check_slug(&slug) {
            errors.add("slug", message);
        }
        let product_id = self.product_id.unwrap_or_else(|| {
            errors.add("product_id", "is required");
            0
        });
        let template = self.template.unwrap_or_else(|| TEMPLATES[0].0.to_string());
        if !TEMPLATES.iter().any(|(id, _)| *id == template) {
            let names: Vec<&str> = TEMPLATES.iter().map(|(id, _)| *id).collect();
            errors.add("template", format!("must be one of {}", names.join(", ")));
        }
        let mut gateways = Vec::new();
        for name in self.gateways.unwrap_or_else(|| vec!["test".into()]) {
            match Gateway::parse(&name) {
                Some(g) if gateways.contains(&g) => {
                    errors.add("gateways", format!("lists '{name}' twice"))
                }
                Some(g) => gateways.push(g),
                None => errors.add(
                    "gateways",
                    format!("'{name}' is not a gateway: use test, stripe or paypal"),
                ),
            }
        }
        if gateways.is_empty() && errors.get("gateways").is_none() {
            errors.add("gateways", "needs at least one gateway");
        }
        let custom_domain = match self.custom_domain.as_deref().map(normalize_domain) {
            None | Some(Ok(None)) => None,
            Some(Ok(Some(domain))) => Some(domain),
            Some(Err(message)) => {
                errors.add("custom_domain", message);
                None
            }
        };
        let sections = self.sections.unwrap_or_else(|| Value::Array(vec![]));
        if let Err(message) = check_sections(&sections) {
            errors.add("sections", message);
        }
        let draft = PageDraft {
            title,
            slug,
            product_id,
            template,
            gateways,
            custom_domain,
            sections,
            published: self.published.unwrap_or(false),
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
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(
            "must be a domain name like pay.example.com, without https:// or a path".into(),
        );
    }
    Ok(Some(domain))
}

/// The builder validates each kind's fields; here only the shape: a list of `{"kind": ...}`.
fn check_sections(sections: &Value) -> Result<(), String> {
    let list = sections.as_array().ok_or("must be a list of sections")?;
    if list.len() > MAX_SECTIONS {
        return Err(format!("may hold at most {MAX_SECTIONS} sections"));
    }
    for (i, section) in list.iter().enumerate() {
        if !section.get("kind").is_some_and(Value::is_string) {
            return Err(format!("section {i} needs a \"kind\""));
        }
    }
    Ok(())
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
    }

    #[test]
    fn page_defaults_and_errors() {
        let draft = PageInput {
            title: Some("Buy".into()),
            slug: Some("buy".into()),
            product_id: Some(1),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.template, "minimal");
        assert_eq!(draft.gateways, vec![Gateway::Test]);
        assert!(!draft.published);
        let errors = PageInput {
            gateways: Some(vec!["test".into(), "test".into(), "bitcoin".into()]),
            template: Some("fancy".into()),
            sections: Some(serde_json::json!([{"no_kind": 1}])),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        for field in [
            "title",
            "slug",
            "product_id",
            "template",
            "gateways",
            "sections",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
