//! Signing in to the portal: an email address in, a one-time link out (30 minutes, one use,
//! rate-limited per email and per client address), then a session of its own.

use super::{private, session, COOKIE, SESSION_SECS};
use crate::db;
use crate::domain::validation::is_email;
use crate::error::AppError;
use crate::mail::message::SIGN_IN_SEAL;
use crate::views::account::{self as view, Notice};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::HttpRequest;

/// A link works this long.
pub const LINK_SECS: i64 = 30 * 60;
/// The rate limits' window.
const WINDOW_SECS: i64 = 15 * 60;
/// Links emailed to one address per window; more asks get the same answer and no email.
const PER_EMAIL: i64 = 3;
/// Links asked from one client address per window; more are refused (429).
const PER_ADDRESS: i64 = 10;

/// `POST /account/sign-in`: emails a sign-in link when the address has orders. The answer
/// is the same either way.
pub async fn ask_link(state: web::Data<AppState>, req: HttpRequest, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    let email = form.get("email").unwrap_or("").trim().to_lowercase();
    let (profile, locale) = super::shop_and_language(&state, &req, None).await?;
    if !is_email(&email) || email.len() > 254 {
        let page = view::sign_in_with_error(&profile, locale, &email);
        return Ok(private(html(StatusCode::UNPROCESSABLE_ENTITY, page)));
    }
    let trust_proxy = state.config.trust_proxy;
    let address =
        crate::web::client::ip(&req, trust_proxy).map_or("unknown".into(), |ip| ip.to_string());
    let now = state.clock.now();
    let (key, public_url) = (state.key.clone(), state.config.public_url().to_string());
    let lookup = email.clone();
    let answer = state
        .write(move |conn| {
            let (for_email, from_address) =
                db::account::links_since(conn, &lookup, &address, now - WINDOW_SECS)?;
            if from_address >= PER_ADDRESS {
                return Ok(Asked::TooMany);
            }
            // Every ask counts, with orders or without, so the limits say nothing either.
            let token = db::account::create_link(conn, &lookup, &address, now, now + LINK_SECS)?;
            let has_orders = !db::orders::list(conn, None, Some(&lookup), 1)?.is_empty();
            if for_email >= PER_EMAIL || !has_orders {
                return Ok(Asked::Answered { emailed: false });
            }
            if !crate::settings::email_configured(conn)? {
                tracing::warn!(
                    "a buyer asked to sign in to the portal, but no SMTP server is set up"
                );
                return Ok(Asked::Answered { emailed: false });
            }
            let link = format!("{public_url}/account/link/{token}");
            let sealed = key.seal(SIGN_IN_SEAL, &link);
            db::emails::queue_sign_in(conn, &lookup, &sealed, now)?;
            Ok(Asked::Answered { emailed: true })
        })
        .await?;
    match answer {
        Asked::TooMany => {
            let page = view::sign_in(&profile, locale, Some(Notice::TooMany));
            Ok(private(html(StatusCode::TOO_MANY_REQUESTS, page)))
        }
        Asked::Answered { emailed } => {
            if emailed {
                // The scheduler sends it on its next pass, within a second.
                state.fulfillment.wake();
            }
            Ok(private(html(
                StatusCode::OK,
                view::link_sent(&profile, locale, &email),
            )))
        }
    }
}

enum Asked {
    TooMany,
    Answered { emailed: bool },
}

/// `GET /account/link/{token}`: a button that signs in. The GET itself changes nothing, so a
/// mail scanner that opens links does not use the buyer's link up.
pub async fn link_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> HtmlResult {
    let (profile, locale) = super::shop_and_language(&state, &req, None).await?;
    Ok(private(html(
        StatusCode::OK,
        view::link_page(&profile, locale, &token),
    )))
}

/// `POST /account/link/{token}`: uses the link (once, within 30 minutes) and starts a session.
pub async fn use_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> HtmlResult {
    let token = token.into_inner();
    let now = state.clock.now();
    let started = state
        .write(move |conn| {
            let Some(email) = db::account::use_link(conn, &token, now)? else {
                return Ok(None);
            };
            db::account::sweep(conn, now - 24 * 60 * 60)?;
            Ok(Some(db::account::create_session(
                conn,
                &email,
                now,
                now + SESSION_SECS,
            )?))
        })
        .await?;
    let Some(session) = started else {
        let (profile, locale) = super::shop_and_language(&state, &req, None).await?;
        let page = view::sign_in(&profile, locale, Some(Notice::LinkInvalid));
        return Ok(private(html(StatusCode::GONE, page)));
    };
    let mut response = see_other("/account");
    response
        .add_cookie(&cookie(
            session,
            state.config.secure_cookies(),
            SESSION_SECS,
        ))
        .map_err(AppError::internal)?;
    Ok(response)
}

/// `POST /account/sign-out`.
pub async fn sign_out(state: web::Data<AppState>, req: HttpRequest, body: Bytes) -> HtmlResult {
    if let Some(signed_in) = session(&state, &req).await? {
        super::check_csrf(&signed_in, &Form::parse(&body))?;
        let token = req
            .cookie(COOKIE)
            .map(|c| c.value().to_string())
            .unwrap_or_default();
        state
            .db(move |conn| Ok(db::account::end_session(conn, &token)?))
            .await?;
    }
    let mut response = see_other("/account");
    let mut removal = cookie(String::new(), state.config.secure_cookies(), 0);
    removal.make_removal();
    response.add_cookie(&removal).map_err(AppError::internal)?;
    Ok(response)
}

/// The portal's own cookie: only sent to `/account`, never readable by scripts; `Lax` so a
/// buyer following the payment-failed email's link arrives signed in.
fn cookie(value: String, secure: bool, max_age: i64) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/account")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::seconds(max_age))
        .finish()
}
