//! The blocks a checkout page is built from, stored as a JSON list of `{"kind": ..., fields}`.
//! Everything a merchant types is checked here, field by field, so a bad section is refused
//! with the section and field named (`sections[2].url`) and never reaches a buyer.

use super::rich_text;
use super::validation::FieldErrors;
use crate::clock::{self, Timestamp};
use serde::Serialize;
use serde_json::{Map, Value};

pub const MAX_SECTIONS: usize = 50;
const MAX_ITEMS: usize = 30;
const MAX_LINE: usize = 200;
const MAX_PARAGRAPH: usize = 3000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Section {
    Headline {
        text: String,
        subtext: String,
    },
    /// Paragraphs with `**bold**`, `*italic*` and `[links](https://...)`; nothing else.
    Text {
        paragraphs: Vec<String>,
    },
    Image {
        url: String,
        alt: String,
    },
    /// A YouTube or Vimeo video, loaded from its provider only when the buyer presses play.
    Video {
        url: String,
        title: String,
    },
    Bullets {
        title: String,
        items: Vec<String>,
    },
    Testimonial {
        quote: String,
        author: String,
        photo_url: String,
    },
    Guarantee {
        title: String,
        text: String,
    },
    Faq {
        title: String,
        items: Vec<FaqItem>,
    },
    Countdown {
        #[serde(serialize_with = "clock::serialize_rfc3339")]
        deadline: Timestamp,
        label: String,
    },
    OrderSummary {
        title: String,
    },
    CheckoutForm {
        button: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaqItem {
    pub q: String,
    pub a: String,
}

/// Every kind, as stored and in the order the editor offers them, with its label.
pub const KINDS: &[(&str, &str)] = &[
    ("headline", "Headline"),
    ("text", "Text"),
    ("image", "Image"),
    ("video", "Video"),
    ("bullets", "Bullet points"),
    ("testimonial", "Testimonial"),
    ("guarantee", "Guarantee"),
    ("faq", "Questions and answers"),
    ("countdown", "Countdown"),
    ("order_summary", "Order summary"),
    ("checkout_form", "Checkout form"),
];

/// A video the page can embed without tracking: where it plays inline and where it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoEmbed {
    pub provider: &'static str,
    pub embed_url: String,
    pub watch_url: String,
}

impl Section {
    pub fn kind(&self) -> &'static str {
        match self {
            Section::Headline { .. } => "headline",
            Section::Text { .. } => "text",
            Section::Image { .. } => "image",
            Section::Video { .. } => "video",
            Section::Bullets { .. } => "bullets",
            Section::Testimonial { .. } => "testimonial",
            Section::Guarantee { .. } => "guarantee",
            Section::Faq { .. } => "faq",
            Section::Countdown { .. } => "countdown",
            Section::OrderSummary { .. } => "order_summary",
            Section::CheckoutForm { .. } => "checkout_form",
        }
    }

    pub fn label(&self) -> &'static str {
        label_of(self.kind()).unwrap_or("Section")
    }

    /// A new section of `kind` with text that says what to put there; `None` for unknown kinds.
    pub fn example(kind: &str, now: Timestamp) -> Option<Section> {
        let s = String::from;
        Some(match kind {
            "headline" => Section::Headline {
                text: s("Your headline: the result your buyer wants"),
                subtext: s("One sentence on who this is for and what they get."),
            },
            "text" => Section::Text {
                paragraphs: vec![s("Tell your buyer what is inside and why it works. Use **bold** for what matters.")],
            },
            "image" => Section::Image {
                url: s("https://example.com/cover.jpg"),
                alt: s("Describe the image for buyers who cannot see it"),
            },
            "video" => Section::Video {
                url: s("https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
                title: s("Watch the introduction"),
            },
            "bullets" => Section::Bullets {
                title: s("What you get"),
                items: vec![s("The first thing your buyer gets"), s("The second"), s("The third")],
            },
            "testimonial" => Section::Testimonial {
                quote: s("What a happy customer said, in their words."),
                author: s("Their name, their role"),
                photo_url: String::new(),
            },
            "guarantee" => Section::Guarantee {
                title: s("30-day money-back guarantee"),
                text: s("If it is not right for you, write to us within 30 days for a full refund."),
            },
            "faq" => Section::Faq {
                title: s("Questions and answers"),
                items: vec![FaqItem {
                    q: s("How do I get access?"),
                    a: s("Right after your payment you receive an email with your login."),
                }],
            },
            "countdown" => Section::Countdown {
                deadline: (now / 3600 + 7 * 24) * 3600,
                label: s("Offer ends in"),
            },
            "order_summary" => Section::OrderSummary {
                title: s("Your order"),
            },
            "checkout_form" => Section::CheckoutForm {
                button: s("Continue to payment"),
            },
            _ => return None,
        })
    }

    /// The section as the JSON API shows it.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("sections serialize")
    }
}

pub fn label_of(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

/// A page's sections: at most one order summary and exactly one checkout form.
pub fn parse_list(value: &Value) -> Result<Vec<Section>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(list) = value.as_array() else {
        errors.add("sections", "must be a list of sections");
        return Err(errors);
    };
    if list.len() > MAX_SECTIONS {
        errors.add(
            "sections",
            format!("may hold at most {MAX_SECTIONS} sections"),
        );
        return Err(errors);
    }
    let mut sections = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        match parse(item) {
            Ok(section) => sections.push(section),
            Err(found) => {
                for (field, message) in found.iter() {
                    let key = match field {
                        "" => format!("sections[{i}]"),
                        field => format!("sections[{i}].{field}"),
                    };
                    errors.add(key, message);
                }
            }
        }
    }
    if errors.is_empty() {
        if let Err(message) = check_arrangement(&sections) {
            errors.add("sections", message);
        }
    }
    errors.into_result(sections)
}

/// What a page needs to sell: one checkout form, and no second summary to confuse the buyer.
pub fn check_arrangement(sections: &[Section]) -> Result<(), String> {
    let count = |kind: &str| sections.iter().filter(|s| s.kind() == kind).count();
    match (count("checkout_form"), count("order_summary")) {
        (0, _) => Err("needs a checkout_form section: it holds the buyer's order form".into()),
        (2.., _) => Err("may hold only one checkout_form section".into()),
        (_, 2..) => Err("may hold only one order_summary section".into()),
        _ => Ok(()),
    }
}

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

/// YouTube (`watch?v=`, `youtu.be/`, `embed/`, `shorts/`) and Vimeo (`vimeo.com/ID`, with an
/// unlisted video's hash) addresses, embedded from the providers' no-tracking hosts.
pub fn video_embed(text: &str) -> Option<VideoEmbed> {
    let url = url::Url::parse(text).ok()?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return None;
    }
    let host = url
        .host_str()?
        .trim_start_matches("www.")
        .trim_start_matches("m.");
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let youtube = |id: &str| {
        let ok = id.len() == 11
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| VideoEmbed {
            provider: "YouTube",
            embed_url: format!("https://www.youtube-nocookie.com/embed/{id}"),
            watch_url: format!("https://www.youtube.com/watch?v={id}"),
        })
    };
    match (host, segments.as_slice()) {
        ("youtube.com" | "youtube-nocookie.com", ["watch"]) => {
            let id = url.query_pairs().find(|(k, _)| k == "v")?.1;
            youtube(&id)
        }
        ("youtube.com" | "youtube-nocookie.com", ["embed" | "shorts" | "live", id]) => youtube(id),
        ("youtu.be", [id]) => youtube(id),
        ("vimeo.com", [id, rest @ ..]) | ("player.vimeo.com", ["video", id, rest @ ..])
            if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) =>
        {
            let hash = match rest {
                [] => url
                    .query_pairs()
                    .find(|(k, _)| k == "h")
                    .map(|(_, v)| v.to_string()),
                [hash] if hash.chars().all(|c| c.is_ascii_alphanumeric()) => Some(hash.to_string()),
                _ => return None,
            };
            let hash_param = hash
                .as_deref()
                .map(|h| format!("&h={h}"))
                .unwrap_or_default();
            let hash_path = hash.as_deref().map(|h| format!("/{h}")).unwrap_or_default();
            Some(VideoEmbed {
                provider: "Vimeo",
                embed_url: format!("https://player.vimeo.com/video/{id}?dnt=1{hash_param}"),
                watch_url: format!("https://vimeo.com/{id}{hash_path}"),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> Value {
        json!({"kind": "checkout_form"})
    }

    #[test]
    fn every_kind_round_trips_through_its_json() {
        for (kind, _) in KINDS {
            let section = Section::example(kind, 1_800_000_000).unwrap();
            assert_eq!(section.kind(), *kind);
            assert_eq!(parse(&section.to_json()), Ok(section), "{kind}");
        }
    }

    #[test]
    fn unknown_kinds_and_fields_are_named() {
        let errors = parse_list(&json!([
            {"kind": "headline", "text": "Hi"},
            {"kind": "carousel"},
            {"kind": "image", "url": "http://x.com/a.png", "alt": "A", "width": 3},
            form(),
        ]))
        .unwrap_err();
        assert!(errors.get("sections[1].kind").unwrap().contains("carousel"));
        assert!(errors.get("sections[2].url").unwrap().contains("https"));
        assert!(errors
            .get("sections[2].width")
            .unwrap()
            .contains("not a field"));
        assert_eq!(errors.get("sections[0].text"), None);
    }

    #[test]
    fn fields_are_checked_by_type_length_and_shape() {
        let errors = parse_list(&json!([
            {"kind": "headline", "text": 5},
            {"kind": "bullets", "items": []},
            {"kind": "faq", "items": [{"q": "Why?"}, {"q": "How?", "a": "So.", "extra": 1}]},
            {"kind": "countdown", "deadline": "tomorrow"},
            {"kind": "testimonial", "quote": "Great", "author": "x".repeat(201)},
            {"kind": "text", "paragraphs": ["see [this](javascript:alert(1))"]},
            {"kind": "video", "url": "https://example.com/v/1"},
            "headline",
            form(),
        ]))
        .unwrap_err();
        for field in [
            "sections[0].text",
            "sections[1].items",
            "sections[2].items[0].a",
            "sections[2].items[1].extra",
            "sections[3].deadline",
            "sections[4].author",
            "sections[5].paragraphs[0]",
            "sections[6].url",
            "sections[7]",
        ] {
            assert!(errors.get(field).is_some(), "{field}: {errors:?}");
        }
    }

    #[test]
    fn a_page_needs_exactly_one_form_and_at_most_one_summary() {
        let errors = parse_list(&json!([{"kind": "headline", "text": "Hi"}])).unwrap_err();
        assert!(errors.get("sections").unwrap().contains("checkout_form"));
        assert!(parse_list(&json!([form(), form()])).is_err());
        let summary = json!({"kind": "order_summary"});
        assert!(parse_list(&json!([summary, summary, form()])).is_err());
        assert_eq!(parse_list(&json!([summary, form()])).unwrap().len(), 2);
        assert!(parse_list(&json!({"kind": "headline"})).is_err());
    }

    #[test]
    fn text_may_come_as_one_string_with_blank_lines() {
        let section = parse(&json!({"kind": "text", "text": "One.\r\n\r\nTwo\nlines.\n\n\n"}));
        assert_eq!(
            section,
            Ok(Section::Text {
                paragraphs: vec!["One.".into(), "Two\nlines.".into()]
            })
        );
    }

    #[test]
    fn deadlines_take_any_offset_and_are_kept_in_utc() {
        let section =
            parse(&json!({"kind": "countdown", "deadline": "2026-12-01T19:00:00+01:00"})).unwrap();
        assert_eq!(section.to_json()["deadline"], "2026-12-01T18:00:00Z");
    }

    #[test]
    fn videos_embed_from_the_no_tracking_hosts() {
        let yt = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ";
        for url in [
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=10",
            "https://youtu.be/aqz-KE-bpKQ",
            "https://m.youtube.com/shorts/aqz-KE-bpKQ",
            "https://www.youtube.com/embed/aqz-KE-bpKQ",
        ] {
            assert_eq!(video_embed(url).unwrap().embed_url, yt, "{url}");
        }
        let vimeo = video_embed("https://vimeo.com/76979871/abc123").unwrap();
        assert_eq!(
            vimeo.embed_url,
            "https://player.vimeo.com/video/76979871?dnt=1&h=abc123"
        );
        assert_eq!(vimeo.watch_url, "https://vimeo.com/76979871/abc123");
        for bad in [
            "https://youtube.com/watch?v=short",
            "https://vimeo.com/channels/staff",
            "javascript:alert(1)",
            "https://example.com/watch?v=aqz-KE-bpKQ",
            "ftp://youtu.be/aqz-KE-bpKQ",
        ] {
            assert!(video_embed(bad).is_none(), "{bad}");
        }
    }
}
