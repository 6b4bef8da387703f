//! Sign-in, sign-out, and the one-time setup of the first admin.

use super::session::{cookie, csrf_refused, removal, Admin, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::auth::throttle;
use crate::crypto::{random_token, same_secret};
use crate::db;
use crate::domain::validation::{check_password, is_email, FieldErrors};
use crate::error::AppError;
use crate::views::admin::signin as view;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::{header, StatusCode};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use std::time::Duration;

/// One message for every failure, so it tells an attacker nothing about which emails exist.
const SIGN_IN_FAILED: &str =
    "That email and password do not match, or there were too many attempts. Check them, or wait a few minutes and try again.";

/// The double-submit token for forms shown before sign-in: the cookie's, or a new one.
fn login_csrf(req: &HttpRequest) -> String {
    req.cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(random_token)
}

fn check_login_csrf(req: &HttpRequest, form: &Form) -> Result<(), crate::web::HtmlError> {
    let cookie = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let sent = form.get("csrf").unwrap_or("");
    if cookie.is_empty() || !same_secret(&cookie, sent) {
        return Err(csrf_refused());
    }
    Ok(())
}

fn with_login_csrf(
    state: &AppState,
    status: StatusCode,
    csrf: String,
    markup: maud::Markup,
) -> HttpResponse {
    let mut response = html(status, markup);
    let _ = response.add_cookie(&cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        state.config.secure_cookies(),
    ));
    response
}

/// Signs the browser in with a brand-new session id, ending the one it carried (if any).
fn signed_in(state: &AppState, session_token: String) -> HttpResponse {
    let secure = state.config.secure_cookies();
    let mut response = see_other("/admin");
    let _ = response.add_cookie(&cookie(SESSION_COOKIE, session_token, secure));
    let _ = response.add_cookie(&removal(LOGIN_CSRF_COOKIE, secure));
    response
}

pub async fn login_form(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let csrf = login_csrf(&req);
    with_login_csrf(
        &state,
        StatusCode::OK,
        csrf.clone(),
        view::login(&csrf, "", None),
    )
}

/// Said with a 429 to an address past its attempts (see `attempts`).
const TOO_MANY_ATTEMPTS: &str =
    "Too many attempts from your network. Wait a minute, then try again.";
/// Said with a 429 when the hasher had no turn free in time (see `password::Hasher`).
const HASHER_BUSY: &str = "The server is busy checking other sign-ins. Try again in a moment.";

/// 429 with the form again and `Retry-After`.
fn refused(
    state: &AppState,
    req: &HttpRequest,
    wait: Duration,
    form: impl FnOnce(&str) -> maud::Markup,
) -> HttpResponse {
    let csrf = login_csrf(req);
    let markup = form(&csrf);
    let mut response = with_login_csrf(state, StatusCode::TOO_MANY_REQUESTS, csrf, markup);
    response.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(wait.as_secs().max(1)),
    );
    response
}

/// The client address's allowance of attempts, shared by sign-in and setup.
fn attempt_allowed(state: &AppState, req: &HttpRequest) -> Result<(), Duration> {
    let ip = crate::web::client::ip(req, state.config.trust_proxy);
    state.attempts.check(ip).inspect_err(|_| {
        tracing::warn!(ip = ?ip, "sign-in or setup attempts over the limit for this address");
    })
}

pub async fn login(state: web::Data<AppState>, req: HttpRequest, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    check_login_csrf(&req, &form)?;
    let email = form.text("email");
    if let Err(wait) = attempt_allowed(&state, &req) {
        return Ok(refused(&state, &req, wait, |csrf| {
            view::login(csrf, &email, Some(TOO_MANY_ATTEMPTS))
        }));
    }
    let password_sent = form.get("password").unwrap_or("").to_string();
    let now = state.clock.now();
    let lookup = email.clone();
    let admin = state
        .db(move |conn| Ok(db::admins::find_by_email(conn, &lookup)?))
        .await?;
    let stored = admin.as_ref().map(|a| a.password_hash.clone());
    // Spent for unknown emails too, so the answer's timing tells nothing.
    let Ok(matches) = state.hasher.verify(stored, password_sent).await else {
        return Ok(refused(&state, &req, Duration::from_secs(1), |csrf| {
            view::login(csrf, &email, Some(HASHER_BUSY))
        }));
    };
    let old_session = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let outcome = state
        .db(move |conn| {
            let Some(admin) = admin else { return Ok(None) };
            if throttle::is_locked(admin.locked_until, now) {
                return Ok(None);
            }
            if !matches {
                let (failures, locked_until) = throttle::after_failure(admin.failed_logins, now);
                db::admins::record_failure(conn, admin.id, failures, locked_until)?;
                return Ok(None);
            }
            db::admins::record_success(conn, admin.id)?;
            if let Some(old) = old_session {
                db::sessions::delete(conn, &old)?;
            }
            Ok(Some(db::sessions::create(conn, admin.id, now)?))
        })
        .await?;
    match outcome {
        Some(session_token) => {
            tracing::info!(email = %email, "signed in");
            Ok(signed_in(&state, session_token))
        }
        None => {
            tracing::info!("sign-in refused");
            let csrf = login_csrf(&req);
            Ok(with_login_csrf(
                &state,
                StatusCode::UNAUTHORIZED,
                csrf.clone(),
                view::login(&csrf, &email, Some(SIGN_IN_FAILED)),
            ))
        }
    }
}

pub async fn logout(
    state: web::Data<AppState>,
    admin: Admin,
    req: HttpRequest,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        state
            .db(move |conn| Ok(db::sessions::delete(conn, &token)?))
            .await?;
    }
    let mut response = see_other("/admin/login");
    let _ = response.add_cookie(&removal(SESSION_COOKIE, state.config.secure_cookies()));
    Ok(response)
}

#[derive(serde::Deserialize)]
pub struct SetupQuery {
    token: Option<String>,
}

async fn setup_open(state: &AppState, token: String) -> Result<bool, AppError> {
    let now = state.clock.now();
    state
        .db(move |conn| {
            Ok(db::admins::count(conn)? == 0 && db::setup_tokens::is_valid(conn, &token, now)?)
        })
        .await
}

pub async fn setup_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SetupQuery>,
) -> HtmlResult {
    let token = query.into_inner().token.unwrap_or_default();
    if !setup_open(&state, token.clone()).await? {
        return Ok(html(StatusCode::NOT_FOUND, view::setup_closed()));
    }
    let csrf = login_csrf(&req);
    Ok(with_login_csrf(
        &state,
        StatusCode::OK,
        csrf.clone(),
        view::setup(&token, &csrf, "", &FieldErrors::default()),
    ))
}

pub async fn setup(state: web::Data<AppState>, req: HttpRequest, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    check_login_csrf(&req, &form)?;
    let token = form.text("token");
    let email = form.text("email");
    if let Err(wait) = attempt_allowed(&state, &req) {
        let mut errors = FieldErrors::default();
        errors.add("form", TOO_MANY_ATTEMPTS);
        return Ok(refused(&state, &req, wait, |csrf| {
            view::setup(&token, csrf, &email, &errors)
        }));
    }
    if !setup_open(&state, token.clone()).await? {
        return Ok(html(StatusCode::NOT_FOUND, view::setup_closed()));
    }
    let password_sent = form.get("password").unwrap_or("").to_string();
    let mut errors = FieldErrors::default();
    if !is_email(&email) {
        errors.add("email", "must be an email address");
    }
    check_password(&mut errors, "password", &password_sent, &[&email]);
    if form.get("password_repeat") != Some(password_sent.as_str()) {
        errors.add("password_repeat", "does not match the password");
    }
    if !errors.is_empty() {
        let csrf = login_csrf(&req);
        return Ok(with_login_csrf(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            csrf.clone(),
            view::setup(&token, &csrf, &email, &errors),
        ));
    }
    let Ok(hash) = state.hasher.hash(password_sent).await else {
        let mut errors = FieldErrors::default();
        errors.add("form", HASHER_BUSY);
        return Ok(refused(&state, &req, Duration::from_secs(1), |csrf| {
            view::setup(&token, csrf, &email, &errors)
        }));
    };
    let now = state.clock.now();
    let session = state
        .db(move |conn| {
            db::immediate(conn, |tx| {
                // Checked again inside the transaction: two tabs must not both create a first admin.
                if db::admins::count(tx)? > 0 || !db::setup_tokens::is_valid(tx, &token, now)? {
                    return Ok(None);
                }
                let id = db::admins::create(tx, &email, &hash, now)?;
                db::setup_tokens::clear(tx)?;
                Ok(Some(db::sessions::create(tx, id, now)?))
            })
        })
        .await?;
    match session {
        Some(token) => Ok(signed_in(&state, token)),
        None => Ok(html(StatusCode::NOT_FOUND, view::setup_closed())),
    }
}
