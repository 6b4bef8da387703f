//! The blocks a checkout page is built from, stored as a JSON list of `{"kind": ..., fields}`.
//! Everything a merchant types is checked here, field by field, so a bad section is refused
//! with the section and field named (`sections[2].url`) and never reaches a buyer.

use super::rich_text;
use super::validation::FieldErrors;
use crate::clock::{self, Timestamp};
use serde::Serialize;
use serde_json::Value;

mod parse;
mod placeholder;
#[cfg(test)]
mod tests;
mod video;

pub use parse::parse;
pub use placeholder::check_placeholders;
pub use video::{video_embed, VideoEmbed};

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
                label: String::new(),
            },
            "order_summary" => Section::OrderSummary {
                title: String::new(),
            },
            "checkout_form" => Section::CheckoutForm {
                button: String::new(),
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
