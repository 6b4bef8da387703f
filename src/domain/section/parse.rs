//! Reading one section from its JSON, field by field, each problem noted under its field.

use super::{rich_text, video_embed, FaqItem, Section, KINDS, MAX_ITEMS, MAX_LINE, MAX_PARAGRAPH};
use crate::clock::Timestamp;
use crate::domain::validation::FieldErrors;
use serde_json::{Map, Value};

/// One section; errors are keyed by field name (`""` for the section itself).
pub fn parse(value: &Value) -> Result<Section, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(object) = value.as_object() else {
        errors.add("", "must be an object with a \"kind\"");
        return Err(errors);
    };
    let kind = match object.get("kind") {
        Some(Value::String(kind)) => kind.as_str(),
        Some(_) => {
            errors.add("kind", "must be a string");
            return Err(errors);
        }
        None => {
            errors.add("kind", "is required");
            return Err(errors);
        }
    };
    let Some(allowed) = fields_of(kind) else {
        let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        errors.add(
            "kind",
            format!(
                "'{kind}' is not a section kind: use one of {}",
                kinds.join(", ")
            ),
        );
        return Err(errors);
    };
    for key in object.keys() {
        if key != "kind" && !allowed.contains(&key.as_str()) {
            let hint = if allowed.is_empty() {
                "this kind has no fields".to_string()
            } else {
                format!("{kind} takes {}", allowed.join(", "))
            };
            errors.add(key.as_str(), format!("is not a field of {kind}: {hint}"));
        }
    }
    let mut f = Fields {
        object,
        errors: &mut errors,
    };
    let section = match kind {
        "headline" => Section::Headline {
            text: f.line("text", true, MAX_LINE),
            subtext: f.paragraph("subtext", false, 500),
        },
        "text" => Section::Text {
            paragraphs: f.paragraphs(),
        },
        "image" => Section::Image {
            url: f.https_url("url", true),
            alt: f.line("alt", true, MAX_LINE),
        },
        "video" => {
            let url = f.line("url", true, 500);
            if !url.is_empty() && video_embed(&url).is_none() {
                f.errors.add(
                    "url",
                    "must be a YouTube or Vimeo video address, like https://www.youtube.com/watch?v=… or https://vimeo.com/123456",
                );
            }
            Section::Video {
                url,
                title: f.line("title", false, MAX_LINE),
            }
        }
        "bullets" => Section::Bullets {
            title: f.line("title", false, MAX_LINE),
            items: f.lines("items", 500),
        },
        "testimonial" => Section::Testimonial {
            quote: f.paragraph("quote", true, 1000),
            author: f.line("author", true, MAX_LINE),
            photo_url: f.https_url("photo_url", false),
        },
        "guarantee" => Section::Guarantee {
            title: f.line("title", true, MAX_LINE),
            text: f.paragraph("text", true, 1000),
        },
        "faq" => Section::Faq {
            title: f.line("title", false, MAX_LINE),
            items: f.faq_items(),
        },
        "countdown" => Section::Countdown {
            deadline: f.deadline(),
            label: f.line("label", false, 100),
        },
        "order_summary" => Section::OrderSummary {
            title: f.line("title", false, MAX_LINE),
        },
        "checkout_form" => Section::CheckoutForm {
            button: f.line("button", false, 60),
        },
        _ => unreachable!("fields_of knows every kind"),
    };
    errors.into_result(section)
}

fn fields_of(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "headline" => &["text", "subtext"],
        "text" => &["paragraphs", "text"],
        "image" => &["url", "alt"],
        "video" => &["url", "title"],
        "bullets" => &["title", "items"],
        "testimonial" => &["quote", "author", "photo_url"],
        "guarantee" => &["title", "text"],
        "faq" => &["title", "items"],
        "countdown" => &["deadline", "label"],
        "order_summary" => &["title"],
        "checkout_form" => &["button"],
        _ => return None,
    })
}

/// Reads one section's fields, noting each problem under the field's name.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    errors: &'a mut FieldErrors,
}

impl Fields<'_> {
    fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.object.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.errors.add(key, "is required");
                }
                None
            }
            Some(Value::String(s)) => {
                let s = s.trim();
                if s.is_empty() && required {
                    self.errors.add(key, "is required");
                }
                Some(s.to_string())
            }
            Some(_) => {
                self.errors.add(key, "must be a string");
                None
            }
        }
    }

    fn checked(&mut self, key: &str, text: String, max: usize, multiline: bool) -> String {
        if text.chars().count() > max {
            self.errors
                .add(key, format!("must be at most {max} characters"));
        } else if text
            .chars()
            .any(|c| c.is_control() && !(multiline && c == '\n'))
        {
            self.errors
                .add(key, "must be a single line without control characters");
        }
        text
    }

    fn line(&mut self, key: &str, required: bool, max: usize) -> String {
        let text = self.string(key, required).unwrap_or_default();
        self.checked(key, text, max, false)
    }

    fn paragraph(&mut self, key: &str, required: bool, max: usize) -> String {
        let text = self.string(key, required).unwrap_or_default();
        self.checked(key, text.replace("\r\n", "\n"), max, true)
    }

    fn https_url(&mut self, key: &str, required: bool) -> String {
        let url = self.line(key, required, 1000);
        if !url.is_empty() && !is_https_url(&url) {
            self.errors.add(
                key,
                "must be an https:// address (a page served over https cannot show http images)",
            );
        }
        url
    }

    /// `paragraphs: [...]`, or `text: "..."` with blank lines between paragraphs.
    fn paragraphs(&mut self) -> Vec<String> {
        let paragraphs = match (self.object.get("paragraphs"), self.object.get("text")) {
            (Some(_), Some(_)) => {
                self.errors
                    .add("text", "give either paragraphs or text, not both");
                return vec![];
            }
            (None, Some(_)) => {
                let text = self.paragraph("text", true, MAX_PARAGRAPH * 10);
                split_paragraphs(&text)
            }
            _ => self.strings("paragraphs", MAX_PARAGRAPH, true),
        };
        for (i, p) in paragraphs.iter().enumerate() {
            if let Err(message) = rich_text::parse(p) {
                self.errors.add(format!("paragraphs[{i}]"), message);
            }
        }
        paragraphs
    }

    fn lines(&mut self, key: &str, max: usize) -> Vec<String> {
        self.strings(key, max, false)
    }

    fn strings(&mut self, key: &str, max: usize, multiline: bool) -> Vec<String> {
        let Some(items) = self.list(key) else {
            return vec![];
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let field = format!("{key}[{i}]");
            match item.as_str().map(str::trim) {
                Some("") => self.errors.add(field, "must not be empty"),
                Some(text) => {
                    let text = self.checked(&field, text.replace("\r\n", "\n"), max, multiline);
                    out.push(text);
                }
                None => self.errors.add(field, "must be a string"),
            }
        }
        out
    }

    fn list(&mut self, key: &str) -> Option<Vec<Value>> {
        match self.object.get(key) {
            None | Some(Value::Null) => {
                self.errors.add(key, "is required");
                None
            }
            Some(Value::Array(items)) if items.is_empty() => {
                self.errors.add(key, "needs at least one item");
                None
            }
            Some(Value::Array(items)) if items.len() > MAX_ITEMS => {
                self.errors
                    .add(key, format!("may hold at most {MAX_ITEMS} items"));
                None
            }
            Some(Value::Array(items)) => Some(items.clone()),
            Some(_) => {
                self.errors.add(key, "must be a list");
                None
            }
        }
    }

    fn faq_items(&mut self) -> Vec<FaqItem> {
        let Some(items) = self.list("items") else {
            return vec![];
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Some(pair) = item.as_object() else {
                self.errors
                    .add(format!("items[{i}]"), "must be an object with q and a");
                continue;
            };
            if let Some(key) = pair.keys().find(|k| *k != "q" && *k != "a") {
                self.errors.add(
                    format!("items[{i}].{key}"),
                    "is not a field of a question: use q and a",
                );
            }
            let mut read = |key: &str, max: usize| {
                let field = format!("items[{i}].{key}");
                match pair.get(key).and_then(Value::as_str).map(str::trim) {
                    Some("") | None => {
                        self.errors.add(field, "is required");
                        String::new()
                    }
                    Some(text) => self.checked(&field, text.replace("\r\n", "\n"), max, true),
                }
            };
            let q = read("q", 300);
            let a = read("a", 2000);
            out.push(FaqItem { q, a });
        }
        out
    }

    fn deadline(&mut self) -> Timestamp {
        let text = self.line("deadline", true, 64);
        if text.is_empty() {
            return 0;
        }
        match time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339) {
            Ok(t) => t.unix_timestamp(),
            Err(_) => {
                self.errors.add(
                    "deadline",
                    "must be a date and time with its offset, like 2026-12-01T18:00:00Z",
                );
                0
            }
        }
    }
}

fn split_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn is_https_url(text: &str) -> bool {
    url::Url::parse(text)
        .is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()))
}
