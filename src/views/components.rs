//! Form pieces shared by the dashboard pages: every input has a label and shows its error.

use crate::domain::validation::FieldErrors;
use maud::{html, Markup};

pub fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A banner when anything is wrong; it spells out only the errors in `loose`, the fields that
/// have no input of their own to show them beside (e.g. `prices`).
pub fn error_summary(errors: &FieldErrors, loose: &[&str]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.alert.error role="alert" {
                p { "Please fix the highlighted fields." }
                ul { @for (field, message) in errors.iter().filter(|(f, _)| loose.contains(f)) { li { code { (field) } " " (message) } } }
            }
        }
    }
}

pub struct Input<'a> {
    pub label: &'a str,
    pub name: &'a str,
    pub value: &'a str,
    pub kind: &'a str,
    pub hint: Option<&'a str>,
    pub required: bool,
    /// The id of a `<datalist>` of suggestions.
    pub list: Option<&'a str>,
}

impl<'a> Input<'a> {
    pub fn text(label: &'a str, name: &'a str, value: &'a str) -> Input<'a> {
        Input {
            label,
            name,
            value,
            kind: "text",
            hint: None,
            required: false,
            list: None,
        }
    }
    pub fn kind(self, kind: &'a str) -> Input<'a> {
        Input { kind, ..self }
    }
    pub fn hint(self, hint: &'a str) -> Input<'a> {
        Input {
            hint: Some(hint),
            ..self
        }
    }
    pub fn list(self, list: &'a str) -> Input<'a> {
        Input {
            list: Some(list),
            ..self
        }
    }
    pub fn required(self) -> Input<'a> {
        Input {
            required: true,
            ..self
        }
    }

    pub fn render(&self, errors: &FieldErrors) -> Markup {
        field(self.label, self.name, self.hint, errors, |c| {
            html! {
                input id=(c.id) type=(self.kind) name=(self.name) value=(self.value) required[self.required] list=[self.list]
                    aria-invalid=[c.invalid] aria-describedby=[c.described_by.as_deref()];
            }
        })
    }
}

/// A `<select>`; `options` are (value, label).
pub fn select(
    label: &str,
    name: &str,
    selected: &str,
    options: &[(String, String)],
    errors: &FieldErrors,
) -> Markup {
    field(label, name, None, errors, |c| {
        html! {
            select id=(c.id) name=(name) aria-invalid=[c.invalid] aria-describedby=[c.described_by.as_deref()] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    })
}

/// A `<textarea>` for a paragraph, with its hint and error like an `Input`.
pub fn textarea(
    label: &str,
    name: &str,
    value: &str,
    hint: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    field(label, name, hint, errors, |c| {
        html! {
            textarea id=(c.id) name=(name) rows="3" aria-invalid=[c.invalid]
                aria-describedby=[c.described_by.as_deref()] { (value) }
        }
    })
}

/// What a field's control needs to be labelled and to point at its error.
struct Control {
    id: String,
    invalid: Option<&'static str>,
    described_by: Option<String>,
}

/// One dashboard field: its label, the control `control` makes, its hint and its error.
fn field(
    label: &str,
    name: &str,
    hint: Option<&str>,
    errors: &FieldErrors,
    control: impl FnOnce(&Control) -> Markup,
) -> Markup {
    let error = errors.get(name);
    let id = field_id(name);
    let c = Control {
        invalid: error.map(|_| "true"),
        described_by: error.map(|_| format!("{id}-error")),
        id,
    };
    html! {
        div.field.invalid[error.is_some()] {
            label for=(c.id) { (label) }
            (control(&c))
            @if let Some(hint) = hint { small.hint { (hint) } }
            @if let Some(message) = error { small.error id=(format!("{}-error", c.id)) { (message) } }
        }
    }
}

pub fn checkbox(label: &str, name: &str, checked: bool, hint: Option<&str>) -> Markup {
    let id = field_id(name);
    html! {
        div.field.check {
            input id=(id) type="checkbox" name=(name) value="on" checked[checked];
            label for=(id) { (label) }
            @if let Some(hint) = hint { small.hint { (hint) } }
        }
    }
}

/// `prices[0].amount` → `f-prices-0-amount`: a valid, unique element id.
pub fn field_id(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{}", cleaned.trim_matches('-').replace("--", "-"))
}

/// A button that posts a one-field form (delete, revoke), asking first without JavaScript
/// being required for it to work.
pub fn post_button(action: &str, csrf_token: &str, label: &str, class: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf(csrf_token))
            button class=(class) type="submit" { (label) }
        }
    }
}
