//! One section's fields in the editor: the inputs for its kind, and the JSON they make.
//! Both directions read the same table, so the form and the API cannot drift apart.

use crate::domain::validation::FieldErrors;
use maud::{html, Markup};
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, PartialEq)]
enum Widget {
    Line,
    Url,
    Paragraph,
    /// A list of strings, one per line.
    Lines,
    /// A list of paragraphs, separated by a blank line.
    Paragraphs,
    /// Question and answer pairs, with one blank pair to add another.
    Faq,
    /// A UTC date and time.
    Deadline,
}

struct Field {
    name: &'static str,
    label: &'static str,
    widget: Widget,
    required: bool,
    hint: Option<&'static str>,
}

const fn field(name: &'static str, label: &'static str, widget: Widget) -> Field {
    Field {
        name,
        label,
        widget,
        required: false,
        hint: None,
    }
}

impl Field {
    const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }
    const fn hint(self, hint: &'static str) -> Field {
        Field {
            hint: Some(hint),
            ..self
        }
    }
}

use Widget::*;

fn fields(kind: &str) -> &'static [Field] {
    const HEADLINE: &[Field] = &[
        field("text", "Headline", Line).required(),
        field("subtext", "Subheading", Paragraph),
    ];
    const TEXT: &[Field] = &[field("paragraphs", "Text", Paragraphs)
        .required()
        .hint("Leave a blank line between paragraphs. **bold**, *italic* and [a link](https://…) work; nothing else.")];
    const IMAGE: &[Field] = &[
        field("url", "Image address", Url)
            .required()
            .hint("The https:// address of an image you host, e.g. in your Kartra media library."),
        field("alt", "Description", Line)
            .required()
            .hint("What the image shows, read aloud to buyers who cannot see it."),
    ];
    const VIDEO: &[Field] = &[
        field("url", "YouTube or Vimeo address", Url)
            .required()
            .hint("Buyers load the video from YouTube or Vimeo only when they press play."),
        field("title", "Title", Line),
    ];
    const BULLETS: &[Field] = &[
        field("title", "Title", Line),
        field("items", "Points", Lines)
            .required()
            .hint("One per line."),
    ];
    const TESTIMONIAL: &[Field] = &[
        field("quote", "Quote", Paragraph).required(),
        field("author", "Who said it", Line).required(),
        field("photo_url", "Photo address", Url)
            .hint("Optional: the https:// address of their photo."),
    ];
    const GUARANTEE: &[Field] = &[
        field("title", "Title", Line).required(),
        field("text", "Text", Paragraph).required(),
    ];
    const FAQ: &[Field] = &[
        field("title", "Title", Line),
        field("items", "Questions", Faq).hint("Empty questions are left out."),
    ];
    const COUNTDOWN: &[Field] = &[
        field("deadline", "Deadline (UTC)", Deadline).required(),
        field("label", "Label", Line)
            .hint("Shown before the time left. Empty: \"Offer ends in\" in the page's language."),
    ];
    const SUMMARY: &[Field] =
        &[field("title", "Title", Line).hint("Empty: \"Your order\" in the page's language.")];
    const FORM: &[Field] = &[field("button", "Button label", Line)
        .hint("Empty: \"Pay\" and the amount due today, in the page's language; the amount follows your words.")];
    match kind {
        "headline" => HEADLINE,
        "text" => TEXT,
        "image" => IMAGE,
        "video" => VIDEO,
        "bullets" => BULLETS,
        "testimonial" => TESTIMONIAL,
        "guarantee" => GUARANTEE,
        "faq" => FAQ,
        "countdown" => COUNTDOWN,
        "order_summary" => SUMMARY,
        "checkout_form" => FORM,
        _ => &[],
    }
}

/// The section JSON a submitted editor form makes; `get` reads the form's fields.
pub fn to_json(kind: &str, get: &dyn Fn(&str) -> Option<String>) -> Value {
    let mut object = Map::new();
    object.insert("kind".into(), json!(kind));
    for f in fields(kind) {
        let text = get(f.name).unwrap_or_default();
        let value = match f.widget {
            Line | Url | Paragraph => json!(text),
            Lines => json!(text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()),
            Paragraphs => json!(text
                .replace("\r\n", "\n")
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()),
            Faq => {
                let items: Vec<Value> = (0..)
                    .map_while(|i| {
                        let q = get(&format!("items[{i}].q"))?;
                        let a = get(&format!("items[{i}].a")).unwrap_or_default();
                        Some((q, a))
                    })
                    .filter(|(q, a)| !q.trim().is_empty() || !a.trim().is_empty())
                    .map(|(q, a)| json!({"q": q, "a": a}))
                    .collect();
                json!(items)
            }
            // A datetime-local input says `2026-12-01T18:00`; the label says it is UTC.
            Deadline => match text.trim() {
                "" => json!(""),
                t if t.len() == 16 => json!(format!("{t}:00Z")),
                t if t.len() == 19 => json!(format!("{t}Z")),
                t => json!(t),
            },
        };
        object.insert(f.name.into(), value);
    }
    Value::Object(object)
}

/// The first error about `name` or anything inside it (`items[2].q`).
fn error_of<'e>(errors: &'e FieldErrors, name: &str) -> Option<&'e str> {
    errors
        .iter()
        .find(|(f, _)| *f == name || f.starts_with(&format!("{name}[")))
        .map(|(_, m)| m)
}

fn shown(value: &Value, f: &Field) -> String {
    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(String::from))
            .collect()
    };
    match f.widget {
        Lines => list(&value[f.name]).join("\n"),
        Paragraphs => list(&value[f.name]).join("\n\n"),
        Deadline => {
            // What a datetime-local input can show: no zone, seconds only when there are some.
            let text = value[f.name].as_str().unwrap_or_default();
            match (text.strip_suffix(":00Z"), text.strip_suffix('Z')) {
                (Some(minutes), _) if minutes.len() == 16 => minutes.to_string(),
                (_, Some(seconds)) if seconds.len() == 19 => seconds.to_string(),
                _ => text.to_string(),
            }
        }
        _ => value[f.name].as_str().unwrap_or_default().to_string(),
    }
}

/// The inputs of a section whose JSON is `value`; ids start with `prefix` to stay unique
/// among the page's other sections.
pub fn inputs(kind: &str, value: &Value, errors: &FieldErrors, prefix: &str) -> Markup {
    html! {
        @for f in fields(kind) {
            @let id = format!("{prefix}-{}", f.name);
            @let error = error_of(errors, f.name);
            @let described = error.map(|_| format!("{id}-error"));
            @if f.widget == Faq {
                fieldset.field.invalid[error.is_some()] {
                    legend { (f.label) }
                    @let items = value[f.name].as_array().cloned().unwrap_or_default();
                    @for (i, item) in items.iter().chain([&json!({})]).enumerate() {
                        div.pair {
                            div.field {
                                label for=(format!("{id}-{i}-q")) { "Question " (i + 1) }
                                input id=(format!("{id}-{i}-q")) name=(format!("items[{i}].q")) value=(item["q"].as_str().unwrap_or_default());
                            }
                            div.field {
                                label for=(format!("{id}-{i}-a")) { "Answer " (i + 1) }
                                textarea id=(format!("{id}-{i}-a")) name=(format!("items[{i}].a")) rows="2" { (item["a"].as_str().unwrap_or_default()) }
                            }
                        }
                    }
                    @if let Some(hint) = f.hint { small.hint { (hint) } }
                    @if let Some(message) = error { small.error id=(format!("{id}-error")) { (message) } }
                }
            } @else {
                div.field.invalid[error.is_some()] {
                    label for=(id) { (f.label) }
                    @let text = shown(value, f);
                    @match f.widget {
                        Paragraph | Lines | Paragraphs => {
                            textarea id=(id) name=(f.name) rows=(if f.widget == Paragraph { 3 } else { 6 }) required[f.required]
                                aria-invalid=[error.map(|_| "true")] aria-describedby=[described] { (text) }
                        }
                        _ => {
                            input id=(id) name=(f.name) value=(text) required[f.required]
                                type=(match f.widget { Url => "url", Deadline => "datetime-local", _ => "text" })
                                aria-invalid=[error.map(|_| "true")] aria-describedby=[described];
                        }
                    }
                    @if let Some(hint) = f.hint { small.hint { (hint) } }
                    @if let Some(message) = error { small.error id=(format!("{id}-error")) { (message) } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::section::{self, Section, KINDS};

    /// The form shows a section's JSON; sending it back unchanged must give the same section.
    #[test]
    fn every_kind_survives_a_round_trip_through_its_form() {
        for (kind, _) in KINDS {
            let original = Section::example(kind, 1_800_000_000).unwrap();
            let value = original.to_json();
            let shown: Vec<(String, String)> = fields(kind)
                .iter()
                .flat_map(|f| match f.widget {
                    Faq => value[f.name]
                        .as_array()
                        .unwrap()
                        .iter()
                        .enumerate()
                        .flat_map(|(i, item)| {
                            [
                                (
                                    format!("items[{i}].q"),
                                    item["q"].as_str().unwrap().to_string(),
                                ),
                                (
                                    format!("items[{i}].a"),
                                    item["a"].as_str().unwrap().to_string(),
                                ),
                            ]
                        })
                        .chain([("items[9].q".to_string(), String::new())])
                        .collect::<Vec<_>>(),
                    _ => vec![(f.name.to_string(), shown(&value, f))],
                })
                .collect();
            let get = |name: &str| {
                shown
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            assert_eq!(section::parse(&to_json(kind, &get)), Ok(original), "{kind}");
        }
    }

    #[test]
    fn errors_inside_a_list_show_on_its_input() {
        let mut errors = FieldErrors::default();
        errors.add("items[1].a", "is required");
        let html = inputs(
            "faq",
            &json!({"items": [{"q": "A?", "a": "B"}]}),
            &errors,
            "s0",
        )
        .into_string();
        assert!(html.contains("is required") && html.contains("s0-items-1-q"));
    }
}
