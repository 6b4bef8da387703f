//! Field-level errors shared by the JSON API (422 with `fields`) and the dashboard forms
//! (shown beside the input). Field names are the API's: `name`, `prices[0].amount`.

use serde_json::{Map, Value};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// The first problem found with a field is the one reported; later ones add nothing.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if self.get(&field).is_none() {
            self.0.push((field, message.into()));
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }
    pub fn extend(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.add(field, message);
        }
    }
    /// `Ok(value)` when nothing was added.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        format!("Invalid values: {}.", parts.join("; "))
    }
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        for (field, message) in &self.0 {
            map.entry(field.clone())
                .or_insert_with(|| Value::String(message.clone()));
        }
        Value::Object(map)
    }
}

/// A required, trimmed, single-line text of at most `max` characters.
pub fn required_text(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    max: usize,
) -> String {
    let text = value.unwrap_or("").trim();
    if text.is_empty() {
        errors.add(field, "is required");
    } else if text.chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    } else if text.chars().any(char::is_control) {
        errors.add(field, "must be a single line without control characters");
    }
    text.to_string()
}

/// A plausible email address: one `@`, a dotted domain, no spaces; at most 254 characters.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && text.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
        && !domain.contains('@')
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// Admin passwords: hard to guess by zxcvbn's estimate (at least "safely unguessable"), long
/// enough, and short enough to hash quickly. `known` holds what an attacker would try first,
/// such as the admin's email.
pub fn check_password(errors: &mut FieldErrors, field: &str, password: &str, known: &[&str]) {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        errors.add(field, format!("must be at least {PASSWORD_MIN} characters"));
        return;
    }
    if length > PASSWORD_MAX {
        errors.add(field, format!("must be at most {PASSWORD_MAX} characters"));
        return;
    }
    let estimate = zxcvbn::zxcvbn(password, known);
    if estimate.score() < zxcvbn::Score::Three {
        let mut reason = String::from("is too easy to guess");
        if let Some(feedback) = estimate.feedback() {
            if let Some(warning) = feedback.warning() {
                reason.push_str(&format!(" ({})", warning.to_string().trim_end_matches('.')));
            }
            if let Some(suggestion) = feedback.suggestions().first() {
                reason.push_str(&format!(": {suggestion}"));
            }
        }
        if !reason.contains(':') {
            reason.push_str(": add a few uncommon words");
        }
        errors.add(field, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessable_passwords_are_refused_with_a_reason() {
        for weak in [
            "aaaaaaaaaa",
            "          ",
            "password123",
            "qwertyuiop",
            "jane@example.com1",
        ] {
            let mut errors = FieldErrors::default();
            check_password(&mut errors, "password", weak, &["jane@example.com"]);
            let reason = errors
                .get("password")
                .unwrap_or_else(|| panic!("{weak:?} accepted"));
            assert!(reason.starts_with("is too easy to guess"), "{reason}");
        }
        let mut errors = FieldErrors::default();
        check_password(&mut errors, "password", "short", &[]);
        assert_eq!(
            errors.get("password"),
            Some("must be at least 10 characters")
        );
        let mut errors = FieldErrors::default();
        check_password(&mut errors, "password", "correct horse battery", &[]);
        check_password(&mut errors, "password", "vivid-otter-rides-71-trams", &[]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn emails_are_checked_for_shape() {
        for good in ["a@b.co", "jane.doe+vip@example.com"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b.co.", "<x>@b.co", "a@b@c.co",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn required_text_reports_missing_long_and_multiline() {
        let mut errors = FieldErrors::default();
        assert_eq!(required_text(&mut errors, "a", Some("  x "), 5), "x");
        required_text(&mut errors, "b", None, 5);
        required_text(&mut errors, "c", Some("toolong"), 5);
        required_text(&mut errors, "d", Some("a\nb"), 5);
        assert_eq!(errors.get("a"), None);
        assert_eq!(errors.get("b"), Some("is required"));
        assert!(errors.get("c").unwrap().contains("at most 5"));
        assert!(errors.get("d").is_some());
        assert_eq!(errors.to_json()["b"], "is required");
    }
}
