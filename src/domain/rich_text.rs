//! The little formatting a text section allows: `**bold**`, `*italic*`, `[a link](https://...)`
//! and line breaks. Everything else is text, shown as typed (and escaped when rendered).

#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Bold(String),
    Italic(String),
    Link { label: String, url: String },
    LineBreak,
}

/// Splits a paragraph into spans. A marker without its closing half is plain text; a link to
/// anything but an https/mailto address is refused, so no script can hide behind a label.
pub fn parse(paragraph: &str) -> Result<Vec<Span>, String> {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut rest = paragraph;
    while let Some(c) = rest.chars().next() {
        let found = if let Some(after) = rest.strip_prefix("**") {
            closed(after, "**").map(|(inner, after)| (Span::Bold(inner.into()), after))
        } else if c == '*' {
            closed(&rest[1..], "*").map(|(inner, after)| (Span::Italic(inner.into()), after))
        } else if c == '[' {
            link(rest)?
        } else if c == '\n' {
            Some((Span::LineBreak, &rest[1..]))
        } else {
            None
        };
        match found {
            Some((span, after)) => {
                if !text.is_empty() {
                    spans.push(Span::Text(std::mem::take(&mut text)));
                }
                spans.push(span);
                rest = after;
            }
            None => {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !text.is_empty() {
        spans.push(Span::Text(text));
    }
    Ok(spans)
}

/// The text up to `marker` on the same line, when there is some and it hugs its markers
/// (as in Markdown: `2 * 3 * 4` has no italics).
fn closed<'a>(rest: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let end = rest.find(marker)?;
    let inner = &rest[..end];
    let hugs = !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace);
    (hugs && !inner.is_empty() && !inner.contains('\n'))
        .then(|| (inner, &rest[end + marker.len()..]))
}

fn link(rest: &str) -> Result<Option<(Span, &str)>, String> {
    let Some((label, after)) = closed(&rest[1..], "](") else {
        return Ok(None);
    };
    let Some(end) = after.find(')') else {
        return Ok(None);
    };
    let url = after[..end].trim();
    let parsed = url::Url::parse(url).ok();
    if !parsed.is_some_and(|u| u.scheme() == "https" || u.scheme() == "mailto") {
        return Err(format!(
            "the link \"{label}\" must point to an https:// or mailto: address"
        ));
    }
    let span = Span::Link {
        label: label.to_string(),
        url: url.to_string(),
    };
    Ok(Some((span, &after[end + 1..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Span {
        Span::Text(s.into())
    }

    #[test]
    fn bold_italic_links_and_breaks() {
        assert_eq!(
            parse("Get **lifetime** access, *today*.\nSee [the plan](https://x.com/p?a=1).")
                .unwrap(),
            vec![
                text("Get "),
                Span::Bold("lifetime".into()),
                text(" access, "),
                Span::Italic("today".into()),
                text("."),
                Span::LineBreak,
                text("See "),
                Span::Link {
                    label: "the plan".into(),
                    url: "https://x.com/p?a=1".into()
                },
                text("."),
            ]
        );
    }

    #[test]
    fn unclosed_markers_and_markup_are_plain_text() {
        assert_eq!(
            parse("2 * 3 = 6 and **not bold <b>").unwrap(),
            vec![text("2 * 3 = 6 and **not bold <b>")]
        );
        assert_eq!(
            parse("[no link] here").unwrap(),
            vec![text("[no link] here")]
        );
        assert_eq!(
            parse("é*ü*").unwrap(),
            vec![text("é"), Span::Italic("ü".into())]
        );
    }

    #[test]
    fn only_https_and_mailto_links() {
        assert!(parse("[ok](mailto:help@example.com)").is_ok());
        for bad in [
            "[x](javascript:alert(1))",
            "[x](http://a.com)",
            "[x](/relative)",
            "[x](data:text/html,hi)",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
