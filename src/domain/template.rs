//! Page templates: a named style and the sections a new page starts with.

use super::section::{FaqItem, Section};
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Template {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        id: "minimal",
        name: "Minimal",
        description: "One narrow column: the headline, the order summary and the form. For buyers who already know what they want.",
    },
    Template {
        id: "long-form",
        name: "Long-form sales page",
        description: "A full sales letter: headline, story, what they get, proof, questions and a guarantee, with the form at the end.",
    },
    Template {
        id: "two-column",
        name: "Two columns",
        description: "The offer on the left; the order summary and the form stay beside it on a wide screen.",
    },
];

pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

pub fn ids() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.id).collect()
}

impl Template {
    /// The sections a new page starts with: placeholders that say what to write, headed
    /// by the page's title.
    pub fn sections(&self, title: &str) -> Vec<Section> {
        let s = String::from;
        let headline = |subtext: &str| Section::Headline {
            text: title.to_string(),
            subtext: subtext.to_string(),
        };
        let summary = Section::OrderSummary {
            title: String::new(),
        };
        let form = Section::CheckoutForm {
            button: String::new(),
        };
        let guarantee = Section::Guarantee {
            title: s("30-day money-back guarantee"),
            text: s("If it is not right for you, write to us within 30 days for a full refund."),
        };
        let bullets = Section::Bullets {
            title: s("What you get"),
            items: vec![
                s("The main result your buyer walks away with"),
                s("What is inside: modules, lessons, templates"),
                s("Support, community or bonuses"),
            ],
        };
        let testimonial = Section::Testimonial {
            quote: s("A buyer's words about the result they got. Short and specific works best."),
            author: s("Their name, their role"),
            photo_url: String::new(),
        };
        match self.id {
            "long-form" => vec![
                headline("Say who it is for and the change it brings."),
                Section::Text {
                    paragraphs: vec![
                        s("Start with the problem your buyer has today, in their words."),
                        s("Then tell them how this course solves it, and why **now** is the time."),
                    ],
                },
                bullets,
                testimonial,
                Section::Faq {
                    title: s("Questions and answers"),
                    items: vec![
                        FaqItem {
                            q: s("How do I get access?"),
                            a: s("Right after your payment you receive an email with your login."),
                        },
                        FaqItem {
                            q: s("How long do I have access?"),
                            a: s("As long as your membership is active."),
                        },
                    ],
                },
                guarantee,
                summary,
                form,
            ],
            "two-column" => vec![
                headline("One sentence on what the buyer gets."),
                bullets,
                testimonial,
                guarantee,
                summary,
                form,
            ],
            _ => vec![headline("Complete your order below."), summary, form],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::section::check_arrangement;

    #[test]
    fn every_template_starts_with_a_page_that_can_sell() {
        for t in TEMPLATES {
            let sections = t.sections("Pro Course");
            assert_eq!(check_arrangement(&sections), Ok(()), "{}", t.id);
            assert!(matches!(&sections[0], Section::Headline { text, .. } if text == "Pro Course"));
        }
        assert!(find("long-form").is_some() && find("fancy").is_none());
    }
}
