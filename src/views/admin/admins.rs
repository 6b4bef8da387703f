//! Admins: list, add, remove.

use crate::clock;
use crate::db::admins::Admin;
use crate::domain::ids::AdminId;
use crate::domain::validation::{FieldErrors, PASSWORD_MIN};
use crate::views::components::{csrf, error_summary, post_button, Input};
use crate::views::layout::{self, Nav};
use maud::{html, Markup};

pub fn page(nav: &Nav, me: AdminId, admins: &[Admin], email: &str, errors: &FieldErrors) -> Markup {
    layout::admin(
        "Admins",
        nav,
        html! {
            h1 { "Admins" }
            (error_summary(errors, &["admin"]))
            table.list {
                thead { tr { th { "Email" } th { "Since" } th { } } }
                tbody {
                    @for a in admins {
                        tr {
                            td data-label="Email" { (a.email) @if a.id == me { " " span.pill { "you" } } }
                            td data-label="Since" { (clock::display(a.created_at)) }
                            td {
                                @if a.id != me && admins.len() > 1 {
                                    (post_button(&format!("/admin/admins/{}/delete", a.id), nav.csrf, "Remove", "danger small"))
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Add an admin" }
            form.stack method="post" action="/admin/admins" novalidate {
                (csrf(nav.csrf))
                (Input::text("Email", "email", email).kind("email").required().render(errors))
                (Input::text("Password", "password", "").kind("password").required()
                    .hint(&format!("At least {PASSWORD_MIN} characters. Share it with them privately.")).render(errors))
                button.primary type="submit" { "Add admin" }
            }
        },
    )
}
