//! API tokens: list, create (shown once), revoke.

use crate::clock;
use crate::db::api_tokens::ApiToken;
use crate::domain::validation::FieldErrors;
use crate::views::components::{csrf, post_button, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

pub fn page(
    nav: &Nav,
    tokens: &[ApiToken],
    created: Option<&str>,
    name: &str,
    errors: &FieldErrors,
) -> Markup {
    layout::admin(
        "API tokens",
        nav,
        html! {
            h1 { "API tokens" }
            p { "Scripts use the JSON API at " code { "/api/v1" } " with " code { "Authorization: Bearer <token>" } "." }
            @if let Some(token) = created {
                div.alert.ok role="status" {
                    p { strong { "Copy this token now. " } "It is shown only once; tagcart stores only its hash." }
                    input.token readonly value=(token) aria-label="New API token";
                }
            }
            form.inline-form method="post" action="/admin/tokens" {
                (csrf(nav.csrf))
                (Input::text("Name", "name", name).required().hint("What uses it, e.g. \"zapier\".").render(errors))
                button.primary type="submit" { "Create token" }
            }
            @if !tokens.is_empty() {
                table.list {
                    thead { tr { th { "Name" } th { "Created" } th { "Last used" } th { } } }
                    tbody {
                        @for t in tokens {
                            tr {
                                td data-label="Name" { (t.name) }
                                td data-label="Created" { (clock::display(t.created_at)) }
                                td data-label="Last used" { (t.last_used_at.map(clock::display).unwrap_or_else(|| "never".into())) }
                                td { (post_button(&format!("/admin/tokens/{}/delete", t.id), nav.csrf, "Revoke", "danger small")) }
                            }
                        }
                    }
                }
            }
        },
    )
}
