//! Template placeholders: the sample texts and URLs a new page or section starts with, which
//! say what to write there. A page still holding one cannot be published.

use super::{FaqItem, Section, KINDS};
use crate::domain::template::TEMPLATES;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Starting texts that read as real content, so a page may go live with them as they are.
const FINE_AS_IS: &[&str] = &[
    "Your order",
    "Continue to payment",
    "Complete your order below.",
    "What you get",
    "Questions and answers",
    "How do I get access?",
    "Right after your payment you receive an email with your login.",
    "How long do I have access?",
    "As long as your membership is active.",
    "30-day money-back guarantee",
    "If it is not right for you, write to us within 30 days for a full refund.",
    "Offer ends in",
    "Watch the introduction",
];

/// Every text and URL a section holds, with whether it is a URL.
fn texts(section: &Section) -> Vec<(&str, bool)> {
    fn t(s: &str) -> (&str, bool) {
        (s, false)
    }
    fn url(s: &str) -> (&str, bool) {
        (s, true)
    }
    match section {
        Section::Headline { text, subtext } => vec![t(text), t(subtext)],
        Section::Text { paragraphs } => paragraphs.iter().map(String::as_str).map(t).collect(),
        Section::Image { url: u, alt } => vec![url(u), t(alt)],
        Section::Video { url: u, title } => vec![url(u), t(title)],
        Section::Bullets { title, items } => std::iter::once(t(title))
            .chain(items.iter().map(String::as_str).map(t))
            .collect(),
        Section::Testimonial {
            quote,
            author,
            photo_url,
        } => vec![t(quote), t(author), url(photo_url)],
        Section::Guarantee { title, text } => vec![t(title), t(text)],
        Section::Faq { title, items } => std::iter::once(t(title))
            .chain(items.iter().flat_map(|FaqItem { q, a }| [t(q), t(a)]))
            .collect(),
        Section::Countdown { label, .. } => vec![t(label)],
        Section::OrderSummary { title } => vec![t(title)],
        Section::CheckoutForm { button } => vec![t(button)],
    }
}

/// The sample texts of every template and of every new section, less those fine as they are.
fn placeholders() -> &'static HashSet<String> {
    static ALL: OnceLock<HashSet<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let templates = TEMPLATES.iter().flat_map(|t| t.sections(""));
        let examples = KINDS
            .iter()
            .filter_map(|(kind, _)| Section::example(kind, 0));
        templates
            .chain(examples)
            .flat_map(|s| {
                texts(&s)
                    .into_iter()
                    .map(|(text, _)| text.to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|text| !text.is_empty() && !FINE_AS_IS.contains(&text.as_str()))
            .collect()
    })
}

/// "1st", "2nd", "3rd", "4th", … "11th", "12th", "13th", "21st".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The first section still holding a placeholder, said so a merchant can find it.
pub fn check_placeholders(sections: &[Section]) -> Result<(), String> {
    let samples = placeholders();
    for (i, section) in sections.iter().enumerate() {
        if let Some((_, is_url)) = texts(section)
            .into_iter()
            .find(|(text, _)| samples.contains(text.trim()))
        {
            let what = if is_url { "sample URL" } else { "sample text" };
            return Err(format!(
                "The {} section ({}) still holds the template's {what}: replace it or remove the section",
                section.label(),
                ordinal(i + 1)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::template::find;

    #[test]
    fn template_samples_are_found_and_named_by_section_and_place() {
        let long_form = find("long-form").unwrap().sections("Pro Course");
        assert_eq!(
            check_placeholders(&long_form),
            Err("The Headline section (1st) still holds the template's sample text: replace it or remove the section".into())
        );
        let mut filled = long_form.clone();
        filled[0] = Section::Headline {
            text: "Pro Course".into(),
            subtext: "For bakers who want to sell their bread.".into(),
        };
        filled.remove(1); // the Text section
        filled.remove(1); // the Bullets section
        assert_eq!(
            check_placeholders(&filled),
            Err("The Testimonial section (2nd) still holds the template's sample text: replace it or remove the section".into())
        );
        filled.remove(1);
        assert_eq!(check_placeholders(&filled), Ok(()));
        let image = Section::example("image", 0).unwrap();
        let with_image = [filled[0].clone(), image];
        assert!(check_placeholders(&with_image)
            .unwrap_err()
            .starts_with("The Image section (2nd) still holds the template's sample URL"));
    }

    #[test]
    fn the_minimal_template_and_real_content_can_be_published_as_they_are() {
        assert_eq!(
            check_placeholders(&find("minimal").unwrap().sections("Pro Course")),
            Ok(())
        );
        for kind in [
            "order_summary",
            "checkout_form",
            "guarantee",
            "faq",
            "countdown",
        ] {
            let section = Section::example(kind, 0).unwrap();
            assert_eq!(check_placeholders(&[section]), Ok(()), "{kind}");
        }
        for kind in [
            "headline",
            "text",
            "image",
            "video",
            "bullets",
            "testimonial",
        ] {
            let section = Section::example(kind, 0).unwrap();
            assert!(check_placeholders(&[section]).is_err(), "{kind}");
        }
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
    }
}
