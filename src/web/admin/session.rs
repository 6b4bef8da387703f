//! The signed-in admin, read from the session cookie; and the CSRF checks.

use crate::auth;
use crate::crypto::same_secret;
use crate::db;
use crate::error::AppError;
use crate::views::layout::Nav;
use crate::web::form::Form;
use crate::web::{AppState, HtmlError};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

pub const SESSION_COOKIE: &str = "tagcart_session";
/// Before sign-in there is no session to hold the CSRF token, so the sign-in and setup forms
/// use a double-submit cookie instead.
pub const LOGIN_CSRF_COOKIE: &str = "tagcart_login_csrf";

pub struct Admin {
    pub id: crate::domain::ids::AdminId,
    pub email: String,
    pub csrf: String,
}

impl Admin {
    pub fn nav<'a>(&'a self, active: &'a str) -> Nav<'a> {
        Nav {
            email: &self.email,
            csrf: &self.csrf,
            active,
        }
    }

    /// Every dashboard form carries the session's CSRF token.
    pub fn check_csrf(&self, form: &Form) -> Result<(), HtmlError> {
        if same_secret(form.get("csrf").unwrap_or(""), &self.csrf) {
            Ok(())
        } else {
            Err(csrf_refused())
        }
    }
}

pub fn csrf_refused() -> HtmlError {
    HtmlError(AppError::forbidden("This form has expired or did not come from this site. Go back, reload the page, and try again."))
}

impl FromRequest for Admin {
    type Error = HtmlError;
    type Future = Pin<Box<dyn Future<Output = Result<Admin, HtmlError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
        Box::pin(async move {
            let signed_out = || HtmlError(AppError::unauthorized("Sign in first."));
            let (Some(state), Some(token)) = (state, token) else {
                return Err(signed_out());
            };
            let now = state.clock.now();
            let session = state
                .db(move |conn| {
                    let Some((session, created_at, last_seen_at)) =
                        db::sessions::find(conn, &token)?
                    else {
                        return Ok(None);
                    };
                    if !auth::session_alive(created_at, last_seen_at, now) {
                        db::sessions::delete(conn, &token)?;
                        return Ok(None);
                    }
                    // Bumping it on every request would make every page view a write.
                    if now - last_seen_at >= auth::SESSION_TOUCH_SECS {
                        db::sessions::touch(conn, &token, now)?;
                    }
                    Ok(Some(session))
                })
                .await?;
            let session = session.ok_or_else(signed_out)?;
            Ok(Admin {
                id: session.admin_id,
                email: session.email,
                csrf: session.csrf_token,
            })
        })
    }
}

/// `HttpOnly; SameSite=Strict; Path=/`, and `Secure` when the public URL is https.
pub fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

pub fn removal(name: &'static str, secure: bool) -> Cookie<'static> {
    let mut c = cookie(name, String::new(), secure);
    c.make_removal();
    c
}
