//! Sign-in and first-admin setup.

use crate::domain::validation::{FieldErrors, PASSWORD_MIN};
use crate::views::components::Input;
use crate::views::layout;
use maud::{html, Markup};

pub fn login(csrf: &str, email: &str, error: Option<&str>) -> Markup {
    layout::bare(
        "Sign in",
        html! {
            h1 { "Sign in" }
            @if let Some(error) = error { div.alert.error role="alert" { (error) } }
            form method="post" action="/admin/login" {
                input type="hidden" name="csrf" value=(csrf);
                (Input::text("Email", "email", email).kind("email").required().render(&FieldErrors::default()))
                (Input::text("Password", "password", "").kind("password").required().render(&FieldErrors::default()))
                button.primary type="submit" { "Sign in" }
            }
        },
    )
}

pub fn setup(token: &str, csrf: &str, email: &str, errors: &FieldErrors) -> Markup {
    layout::bare(
        "Create the first admin",
        html! {
            h1 { "Welcome to tagcart" }
            p { "Create the first admin account. This link works once." }
            @if let Some(error) = errors.get("form") { div.alert.error role="alert" { (error) } }
            form method="post" action="/admin/setup" {
                input type="hidden" name="token" value=(token);
                input type="hidden" name="csrf" value=(csrf);
                (Input::text("Email", "email", email).kind("email").required().render(errors))
                (Input::text("Password", "password", "").kind("password").required()
                    .hint(&format!("At least {PASSWORD_MIN} characters and hard to guess: a few uncommon words work well.")).render(errors))
                (Input::text("Repeat the password", "password_repeat", "").kind("password").required().render(errors))
                button.primary type="submit" { "Create admin and sign in" }
            }
        },
    )
}

pub fn setup_closed() -> Markup {
    layout::bare(
        "Setup link not valid",
        html! {
            h1 { "This setup link is not valid" }
            p { "It was used already, has expired, or an admin exists. Sign in instead, or restart "
                code { "tagcart serve" } " with no admin to get a new link, or add one with "
                code { "tagcart user add EMAIL" } "." }
            p { a href="/admin/login" { "Sign in" } }
        },
    )
}
