//! The page editor: the draft's sections beside a live preview, and the publishing bar.
//! Every button is a plain form post, so the editor works without JavaScript.

use super::section_form;
use crate::domain::page::Page;
use crate::domain::section::KINDS;
use crate::domain::validation::FieldErrors;
use crate::views::components::csrf;
use crate::views::layout::{self, Nav};
use maud::{html, Markup};
use serde_json::Value;

/// A section whose form was refused: which one, what was sent, and why.
pub struct Refused<'a> {
    pub index: usize,
    pub value: &'a Value,
    pub errors: &'a FieldErrors,
}

/// The publishing state in words, for the editor's bar and the pages list.
pub fn status(page: &Page) -> Markup {
    html! {
        @match (page.published, page.unpublished_changes) {
            (false, _) => span.pill { "Draft" },
            (true, false) => span.pill.ok { "Published" },
            (true, true) => span.pill.warn { "Unpublished changes" },
        }
    }
}

/// The bar every editor tab shares: title, state, and the publish buttons.
pub fn header(nav: &Nav, page: &Page, tab: &str) -> Markup {
    let base = format!("/admin/pages/{}", page.id);
    let button = |action: &str, label: &str, class: &str| {
        html! {
            form.inline method="post" action=(format!("{base}/{action}")) {
                (csrf(nav.csrf))
                input type="hidden" name="revision" value=(page.revision);
                button class=(class) type="submit" { (label) }
            }
        }
    };
    html! {
        div.heading {
            h1 { (page.draft.title) " " (status(page)) }
            div.actions {
                a.button href=(format!("{base}/preview")) target="_blank" { "Preview" }
                @if page.published && page.unpublished_changes { (button("discard", "Discard changes", "")) }
                @if page.published { (button("unpublish", "Unpublish", "")) }
                @if !page.published || page.unpublished_changes { (button("publish", "Publish", "primary")) }
            }
        }
        p.muted {
            @match (page.published, page.unpublished_changes) {
                (false, _) => { "Not published: buyers get “page not found”. Your changes are saved as a draft; Publish makes them live at " }
                (true, false) => { "Live at " }
                (true, true) => { "Your saved changes are a draft; buyers still see the published version at " }
            }
            @if page.published { a href=(format!("/p/{}", page.slug)) { "/p/" (page.slug) } } @else { "/p/" (page.slug) }
            @if let Some(domain) = &page.custom_domain { " and https://" (domain) "/" }
            "."
        }
        nav.subnav aria-label="Page editor" {
            a href=(base) aria-current=[(tab == "sections").then_some("page")] { "Sections" }
            a href=(format!("{base}/settings")) aria-current=[(tab == "settings").then_some("page")] { "Settings" }
            a href=(format!("{base}/sales")) aria-current=[(tab == "sales").then_some("page")] { "Sales" }
        }
    }
}

/// The Sales tab: the page's own figures (`views::admin::sales`).
pub fn sales(nav: &Nav, page: &Page, dashboard: Markup) -> Markup {
    layout::admin(
        &format!("Sales · {}", page.draft.title),
        nav,
        html! {
            (header(nav, page, "sales"))
            (dashboard)
        },
    )
}

/// `open`: the section to show opened, e.g. one just added; a refused one always is.
pub fn editor(
    nav: &Nav,
    page: &Page,
    open: Option<usize>,
    refused: Option<Refused>,
    notice: Option<&str>,
) -> Markup {
    let base = format!("/admin/pages/{}", page.id);
    let sections = &page.draft.sections;
    let last = sections.len().saturating_sub(1);
    let no_errors = FieldErrors::default();
    layout::admin(
        &page.draft.title,
        nav,
        html! {
            (header(nav, page, "sections"))
            @if let Some(message) = notice { div.alert.error role="alert" { p { (message) } } }
            div.editor {
                section.sections-pane aria-labelledby="sections-title" {
                    h2 #sections-title { "Sections" }
                    ol.sections {
                        @for (i, s) in sections.iter().enumerate() {
                            @let mine = refused.as_ref().filter(|r| r.index == i);
                            @let value = mine.map_or_else(|| s.to_json(), |r| r.value.clone());
                            @let errors = mine.map_or(&no_errors, |r| r.errors);
                            @let name = format!("{} {}", s.label(), i + 1);
                            li #(format!("section-{i}")) {
                                details open[mine.is_some() || open == Some(i)] {
                                    summary { span.kind { (s.label()) } " " span.excerpt { (excerpt(&value)) } }
                                    form.stack method="post" action=(format!("{base}/sections/{i}/save")) novalidate {
                                        (csrf(nav.csrf))
                                        input type="hidden" name="revision" value=(page.revision);
                                        input type="hidden" name="kind" value=(s.kind());
                                        @if !errors.is_empty() { p.error role="alert" { "Please fix the highlighted fields." } }
                                        (section_form::inputs(s.kind(), &value, errors, &format!("s{i}")))
                                        div.actions { button.primary type="submit" { "Save section" } }
                                    }
                                }
                                div.section-actions {
                                    (move_button(&base, nav.csrf, page.revision, i, "up", &name, i == 0))
                                    (move_button(&base, nav.csrf, page.revision, i, "down", &name, i == last))
                                    form.inline method="post" action=(format!("{base}/sections/{i}/remove")) {
                                        (csrf(nav.csrf))
                                        input type="hidden" name="revision" value=(page.revision);
                                        button.danger.small type="submit" aria-label=(format!("Remove {name}")) { "Remove" }
                                    }
                                }
                            }
                        }
                    }
                    form.add-section method="post" action=(format!("{base}/sections")) {
                        (csrf(nav.csrf))
                        input type="hidden" name="revision" value=(page.revision);
                        div.field {
                            label for="add-kind" { "New section" }
                            select #add-kind name="kind" {
                                @for (kind, label) in KINDS { option value=(kind) { (label) } }
                            }
                        }
                        div.field {
                            label for="add-position" { "Where" }
                            select #add-position name="position" {
                                option value=(sections.len()) { "At the end" }
                                @for (i, s) in sections.iter().enumerate() {
                                    option value=(i) { "Before " (i + 1) ". " (s.label()) }
                                }
                            }
                        }
                        button type="submit" { "Add section" }
                    }
                }
                section.preview-pane aria-labelledby="preview-title" {
                    h2 #preview-title { "Preview" " " a.small href=(format!("{base}/preview")) target="_blank" { "open in a new tab" } }
                    iframe src=(format!("{base}/preview")) title="Preview of the draft" loading="lazy" {}
                }
            }
        },
    )
}

fn move_button(
    base: &str,
    token: &str,
    revision: i64,
    i: usize,
    direction: &str,
    name: &str,
    disabled: bool,
) -> Markup {
    let label = if direction == "up" {
        "Move up"
    } else {
        "Move down"
    };
    html! {
        form.inline method="post" action=(format!("{base}/sections/{i}/move")) {
            (csrf(token))
            input type="hidden" name="revision" value=(revision);
            input type="hidden" name="direction" value=(direction);
            button.small type="submit" disabled[disabled] aria-label=(format!("{label}: {name}")) { (label) }
        }
    }
}

/// A few words of the section, so the list can be read without opening each one.
fn excerpt(value: &Value) -> String {
    let text = ["text", "quote", "url", "button"]
        .iter()
        .find_map(|k| value[k].as_str().filter(|s| !s.is_empty()))
        .or_else(|| value["items"][0]["q"].as_str())
        .or_else(|| value["title"].as_str().filter(|s| !s.is_empty()))
        .or_else(|| {
            ["paragraphs", "items"]
                .iter()
                .find_map(|k| value[k][0].as_str())
        })
        .or_else(|| value["deadline"].as_str())
        .unwrap_or_default();
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
