//! A processor's keys: the fields it needs, checked here for the dashboard and the API alike,
//! saved in the settings table (secrets sealed), and read back whole or not at all.

use super::Kind;
use crate::crypto::SecretKey;
use crate::domain::validation::FieldErrors;
use crate::settings;
use rusqlite::Connection;

/// One setting a processor needs, as the admin pastes it from the processor's dashboard.
pub struct KeyField {
    pub name: &'static str,
    pub label: &'static str,
    /// Sealed in the database and never shown back.
    pub secret: bool,
    /// The value starts with one of these, when the processor uses prefixes.
    pub prefixes: &'static [&'static str],
    pub min_chars: usize,
    /// Made by tagcart when none is saved; the dashboard does not ask for it.
    pub generate: Option<fn() -> String>,
}

impl KeyField {
    /// A field pasted from the processor, with no rule beyond "one word".
    pub const fn pasted(name: &'static str, label: &'static str, secret: bool) -> KeyField {
        KeyField {
            name,
            label,
            secret,
            prefixes: &[],
            min_chars: 0,
            generate: None,
        }
    }

    pub const fn prefixed(self, prefixes: &'static [&'static str]) -> KeyField {
        KeyField { prefixes, ..self }
    }
}

/// A processor's saved keys, every field present.
#[derive(Clone, PartialEq, Eq)]
pub struct Keys(Vec<(&'static str, String)>);

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|(name, _)| *name).collect();
        f.debug_tuple("Keys").field(&names).finish()
    }
}

impl Keys {
    /// The value of one of the kind's fields.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .expect("a field of this processor")
    }
}

/// Values as submitted: `None` keeps the saved one (a dashboard field left empty, an API field
/// left out).
pub type Submitted = Vec<(&'static KeyField, Option<String>)>;

/// Checks submitted values against the kind's fields: one word, its prefix, its length.
/// `value_of` answers what was submitted for a field.
pub fn validate(
    kind: &'static Kind,
    value_of: impl Fn(&KeyField) -> Option<String>,
) -> Result<Submitted, FieldErrors> {
    let mut errors = FieldErrors::default();
    let submitted = kind
        .keys
        .iter()
        .map(|field| {
            let value = value_of(field).map(|v| v.trim().to_string());
            if let Some(value) = &value {
                check(&mut errors, field, value);
            }
            (field, value)
        })
        .collect();
    errors.into_result(submitted)
}

fn check(errors: &mut FieldErrors, field: &KeyField, value: &str) {
    if value.is_empty()
        || value.len() > 500
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        errors.add(
            field.name,
            "must be the value from the processor's dashboard, without spaces",
        );
    } else if !field.prefixes.is_empty() && !field.prefixes.iter().any(|p| value.starts_with(p)) {
        errors.add(
            field.name,
            format!("must start with {}", field.prefixes.join(" or ")),
        );
    }
    if value.len() < field.min_chars {
        errors.add(
            field.name,
            format!("must be at least {} characters", field.min_chars),
        );
    }
}

/// Saves the values given, leaving the others as they are; then makes any generated field
/// still missing. Answers whether every key is now saved.
pub fn save(
    conn: &Connection,
    key: &SecretKey,
    kind: &Kind,
    submitted: &Submitted,
) -> rusqlite::Result<bool> {
    for (field, value) in submitted {
        match (value, field.secret) {
            (Some(v), true) => {
                settings::set_gateway_secret(conn, key, kind.gateway, field.name, v)?
            }
            (Some(v), false) => settings::set_gateway_value(conn, kind.gateway, field.name, v)?,
            (None, _) => {}
        }
    }
    for field in kind.keys {
        if let Some(generate) = field.generate {
            if saved_value(conn, key, kind, field)?.is_none() {
                settings::set_gateway_secret(conn, key, kind.gateway, field.name, &generate())?;
            }
        }
    }
    Ok(saved(conn, key, kind)?.is_some())
}

fn saved_value(
    conn: &Connection,
    key: &SecretKey,
    kind: &Kind,
    field: &KeyField,
) -> rusqlite::Result<Option<String>> {
    match field.secret {
        true => settings::gateway_secret(conn, key, kind.gateway, field.name),
        false => settings::gateway_value(conn, kind.gateway, field.name),
    }
}

/// Every key of the kind, or `None` until each one is saved.
pub fn saved(conn: &Connection, key: &SecretKey, kind: &Kind) -> rusqlite::Result<Option<Keys>> {
    let mut keys = Vec::with_capacity(kind.keys.len());
    for field in kind.keys {
        match saved_value(conn, key, kind, field)? {
            Some(value) => keys.push((field.name, value)),
            None => return Ok(None),
        }
    }
    Ok(Some(Keys(keys)))
}

/// Each field as the settings page shows it: (field, shown value or "" for a secret, saved).
pub fn shown(
    conn: &Connection,
    key: &SecretKey,
    kind: &Kind,
) -> rusqlite::Result<Vec<(&'static KeyField, String, bool)>> {
    let mut shown = vec![];
    for field in kind.keys.iter().filter(|f| f.generate.is_none()) {
        shown.push(match field.secret {
            true => (
                field,
                String::new(),
                saved_value(conn, key, kind, field)?.is_some(),
            ),
            // A plain value is shown back as it is; it counts as saved.
            false => {
                let value = settings::gateway_value(conn, kind.gateway, field.name)?;
                (field, value.unwrap_or_default(), true)
            }
        });
    }
    Ok(shown)
}
