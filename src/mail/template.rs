//! The merchant's own words for an email: a subject and a body with placeholders, used in
//! place of the built-in text (which speaks the page's language) for every buyer.

use crate::db::emails::EmailKind;
use crate::domain::validation::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub subject: String,
    /// Paragraphs separated by a blank line.
    pub body: String,
}

/// What a template may name, and what each stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("name", "the buyer's first name"),
    ("product", "what was bought"),
    ("amount", "the amount paid or refunded"),
    ("number", "the invoice or credit note number"),
    ("date", "the day access ends (cancellation)"),
    ("shop", "the shop's name"),
];

impl Template {
    /// Both fields empty: no template (the built-in text). `kind` names the form's fields.
    pub fn validate(
        kind: EmailKind,
        subject: &str,
        body: &str,
        errors: &mut FieldErrors,
    ) -> Option<Template> {
        let (subject, body) = (subject.trim(), body.trim().replace('\r', ""));
        if subject.is_empty() && body.is_empty() {
            return None;
        }
        let field = |f: &str| format!("{f}.{}", kind.as_str());
        if subject.is_empty() || body.is_empty() {
            let missing = if subject.is_empty() {
                "subject"
            } else {
                "body"
            };
            errors.add(
                field(missing),
                "is required when the other is written (leave both empty for the built-in text)",
            );
        }
        if subject.chars().count() > 200 || subject.contains('\n') {
            errors.add(
                field("subject"),
                "must be one line of at most 200 characters",
            );
        }
        if body.chars().count() > 5000 {
            errors.add(field("body"), "must be at most 5000 characters");
        }
        for (f, text) in [("subject", subject), ("body", body.as_str())] {
            if let Some(unknown) = unknown_placeholder(text) {
                let known: Vec<String> = PLACEHOLDERS
                    .iter()
                    .map(|(p, _)| format!("{{{p}}}"))
                    .collect();
                errors.add(
                    field(f),
                    format!(
                        "{{{unknown}}} is not a placeholder: use {}",
                        known.join(", ")
                    ),
                );
            }
        }
        Some(Template {
            subject: subject.to_string(),
            body,
        })
    }
}

/// The first `{word}` that is not one of `PLACEHOLDERS`.
fn unknown_placeholder(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let word = &after[..end];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == word) {
            return Some(word.to_string());
        }
        rest = &after[end + 1..];
    }
    None
}

/// `text` with each `{placeholder}` replaced by its value.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_refused() {
        assert_eq!(
            fill(
                "Danke, {name}: {product} für {amount}",
                &[("name", "Jana"), ("product", "Kurs"), ("amount", "€58.31")]
            ),
            "Danke, Jana: Kurs für €58.31"
        );
        let mut errors = FieldErrors::default();
        assert_eq!(
            Template::validate(EmailKind::Receipt, " ", "", &mut errors),
            None
        );
        let t = Template::validate(
            EmailKind::Receipt,
            "Hi {name}",
            "Thanks for {prodcut}",
            &mut errors,
        );
        assert!(t.is_some());
        assert!(errors
            .get("body.receipt")
            .unwrap()
            .starts_with("{prodcut} is not a placeholder"));
        let mut errors = FieldErrors::default();
        Template::validate(EmailKind::Refund, "Refund", "", &mut errors);
        assert!(errors.get("body.refund").is_some());
    }
}
