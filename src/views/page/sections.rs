//! One section each: what a merchant wrote, as semantic HTML. Empty strings are "not given".

use super::{form, Ctx};
use crate::clock::{self, Timestamp};
use crate::domain::rich_text::{self, Span};
use crate::domain::section::{video_embed, FaqItem, Section};
use crate::i18n::{self, Locale};
use maud::{html, Markup};

/// `first_headline`: this headline is the page's `<h1>`; any other is an `<h2>`.
pub(super) fn render(section: &Section, first_headline: bool, ctx: &Ctx) -> Markup {
    match section {
        Section::Headline { text, subtext } => html! {
            header.s.s-headline {
                @if first_headline { h1 { (text) } } @else { h2 { (text) } }
                @if !subtext.is_empty() { p.lead { (lines(subtext)) } }
            }
        },
        Section::Text { paragraphs } => html! {
            div.s.s-text { @for p in paragraphs { p { (rich(p)) } } }
        },
        Section::Image { url, alt } => html! {
            figure.s.s-image { img src=(url) alt=(alt) loading="lazy" decoding="async"; }
        },
        Section::Video { url, title } => video(url, title, ctx.locale),
        Section::Bullets { title, items } => html! {
            section.s.s-bullets {
                @if !title.is_empty() { h2 { (title) } }
                ul.checks { @for item in items { li { (item) } } }
            }
        },
        Section::Testimonial {
            quote,
            author,
            photo_url,
        } => html! {
            figure.s.s-testimonial.box {
                blockquote { p { (lines(quote)) } }
                figcaption {
                    @if !photo_url.is_empty() {
                        img.avatar src=(photo_url) alt="" width="48" height="48" loading="lazy" decoding="async";
                    }
                    span.author { (author) }
                }
            }
        },
        Section::Guarantee { title, text } => html! {
            section.s.s-guarantee {
                (seal())
                div {
                    h2 { (title) }
                    p { (lines(text)) }
                }
            }
        },
        Section::Faq { title, items } => faq(title, items),
        Section::Countdown { deadline, label } => countdown(*deadline, label, ctx.now, ctx.locale),
        Section::OrderSummary { title } => super::summary::render(title, ctx),
        Section::CheckoutForm { button } => form::render(button, ctx),
    }
}

/// Text with its line breaks kept, as `<br>`.
fn lines(text: &str) -> Markup {
    html! {
        @for (i, line) in text.split('\n').enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// `**bold**`, `*italic*`, `[links](https://…)` and line breaks; anything else as typed.
fn rich(paragraph: &str) -> Markup {
    let Ok(spans) = rich_text::parse(paragraph) else {
        return lines(paragraph);
    };
    html! {
        @for span in &spans {
            @match span {
                Span::Text(text) => (text),
                Span::Bold(text) => strong { (text) },
                Span::Italic(text) => em { (text) },
                Span::Link { label, url } => {
                    @if url.starts_with("https:") {
                        a href=(url) target="_blank" rel="noopener" { (label) }
                    } @else {
                        a href=(url) rel="noopener" { (label) }
                    }
                }
                Span::LineBreak => br;
            }
        }
    }
}

/// A click-to-load facade: nothing is fetched from the provider until the buyer presses
/// play. Without JavaScript the play control opens the video on the provider's site; with
/// it, page.js swaps in the provider's player (`data-embed`).
fn video(url: &str, title: &str, locale: Locale) -> Markup {
    let Some(embed) = video_embed(url) else {
        return html! {};
    };
    let join = if embed.embed_url.contains('?') {
        '&'
    } else {
        '?'
    };
    let autoplay = format!("{}{join}autoplay=1", embed.embed_url);
    let default_name = i18n::t(locale, "video-default-title");
    let name = if title.is_empty() {
        &default_name
    } else {
        title
    };
    let provider = ("provider", embed.provider.into());
    let label = i18n::t_with(
        locale,
        "video-play-label",
        &[("title", name.into()), provider],
    );
    html! {
        figure.s.s-video {
            div.video-box {
                a.video-play href=(embed.watch_url) target="_blank" rel="noopener"
                    data-embed=(autoplay) data-title=(name) aria-label=(label) {
                    span.play-icon aria-hidden="true" {}
                    @if !title.is_empty() { span.video-title { (title) } }
                    span.video-note { (i18n::t_with(locale, "video-plays-from", &[provider])) }
                }
            }
        }
    }
}

fn faq(title: &str, items: &[FaqItem]) -> Markup {
    html! {
        section.s.s-faq {
            @if !title.is_empty() { h2 { (title) } }
            div.faq-list {
                @for item in items {
                    details {
                        summary { (item.q) }
                        div.answer { p { (lines(&item.a)) } }
                    }
                }
            }
        }
    }
}

fn countdown(deadline: Timestamp, label: &str, now: Timestamp, locale: Locale) -> Markup {
    let default_label = i18n::t(locale, "countdown-label");
    let label = if label.is_empty() {
        &default_label
    } else {
        label
    };
    let ended = i18n::t(locale, "countdown-ended");
    // page.js ticks the clock with these words under its numbers.
    let units = ["days", "hours", "minutes", "seconds"]
        .map(|unit| i18n::t(locale, &format!("countdown-unit-{unit}")))
        .join("|");
    html! {
        @if deadline <= now {
            div.s.s-countdown.countdown.ended { p.countdown-remaining { (ended) } }
        } @else {
            div.s.s-countdown.countdown data-deadline=(clock::rfc3339(deadline)) data-units=(units)
                data-ended=(ended) aria-live="off" {
                p.countdown-label { (label) }
                p.countdown-remaining role="timer" { (remaining(locale, deadline - now)) }
                p.countdown-ends {
                    time datetime=(clock::rfc3339(deadline)) { (ends(locale, deadline)) }
                }
            }
        }
    }
}

/// Time left in words, at most two units: "2 days 4 hours", "3 hours 12 minutes", "12 minutes".
pub(super) fn remaining(locale: Locale, seconds: i64) -> String {
    let unit = |n: i64, name: &str| {
        i18n::t_with(
            locale,
            &format!("countdown-{name}s"),
            &[("count", n.into())],
        )
    };
    let (days, hours, minutes) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => i18n::t(locale, "countdown-less-than-minute"),
        (0, 0, m) => unit(m, "minute"),
        (0, h, 0) => unit(h, "hour"),
        (0, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
        (d, 0, _) => unit(d, "day"),
        (d, h, _) => format!("{} {}", unit(d, "day"), unit(h, "hour")),
    }
}

/// "Ends 1 Dec 2026, 18:00 UTC".
pub(super) fn ends(locale: Locale, ts: Timestamp) -> String {
    let date = i18n::date_time(locale, ts);
    i18n::t_with(locale, "countdown-ends", &[("date", date.as_str().into())])
}

/// A rosette with a check mark, for the guarantee.
fn seal() -> Markup {
    html! {
        svg.seal viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false" {
            path fill="currentColor" d="M32 2l6.2 5.6 8.3-1 3.4 7.6 7.6 3.4-1 8.3L62 32l-5.6 6.2 1 8.3-7.6 3.4-3.4 7.6-8.3-1L32 62l-6.2-5.6-8.3 1-3.4-7.6-7.6-3.4 1-8.3L2 32l5.6-6.2-1-8.3 7.6-3.4 3.4-7.6 8.3 1z" {}
            circle cx="32" cy="32" r="19" fill="none" stroke="#fff" stroke-width="2" stroke-opacity=".6" {}
            path d="M23 32.5l6 6 12-13" fill="none" stroke="#fff" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round" {}
        }
    }
}

pub(super) fn padlock() -> Markup {
    html! {
        svg.padlock viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" {
            path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v6a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 14.5v-6A1.5 1.5 0 0 1 3.5 7H4zm2 0h4V5a2 2 0 1 0-4 0v2z" {}
        }
    }
}
