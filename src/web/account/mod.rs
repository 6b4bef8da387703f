//! The customer portal at `/account`: a buyer signs in with a one-time link sent to their
//! email (`sign_in`), then sees their orders, access and invoices, cancels a subscription at
//! period end, and changes a Stripe subscription's card (`card`).
//!
//! Its session is its own (cookie `tagcart_account`, path `/account`, one hour), never the
//! admin's. Every change is a form carrying the session's CSRF token. Nothing answers
//! differently for an email that has orders and one that has none.

mod card;
mod sign_in;

use card::{card_page, card_saved};
pub use sign_in::LINK_SECS;
use sign_in::{ask_link, link_page, sign_out, use_link};

use crate::db::order_actions::ActionKind;
use crate::db::{self, account::AccountSession, orders::Order};
use crate::domain::ids::OrderId;
use crate::domain::order::OrderStatus;
use crate::domain::shop::ShopProfile;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::orders::actions::Request;
use crate::views::account::{self as view, Notice};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlError, HtmlResult};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};

/// The portal's routes. Its forms refuse a browser's cross-site posts, as the dashboard's do.
pub fn routes() -> actix_web::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope("/account")
        .wrap(actix_web::middleware::from_fn(
            crate::web::middleware::same_origin,
        ))
        .wrap(actix_web::middleware::from_fn(branded_errors))
        .route("", web::get().to(home))
        .route("/sign-in", web::post().to(ask_link))
        .route("/sign-out", web::post().to(sign_out))
        .route("/link/{token}", web::get().to(link_page))
        .route("/link/{token}", web::post().to(use_link))
        .route("/orders/{id}/cancel", web::post().to(cancel))
        .route("/orders/{id}/card", web::get().to(card_page))
        .route("/orders/{id}/card/saved", web::get().to(card_saved))
        .route("/orders/{id}/invoice/{number}", web::get().to(invoice))
}

/// A buyer never sees the dashboard's error page: the portal's errors (its own, and the
/// cross-site refusal) are shown in the shop's brand and the buyer's language.
async fn branded_errors(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let locale = crate::web::shop::buyer_language(req.request());
    let error = match next.call(req).await {
        Ok(res) => match (res.response().error()).and_then(|e| e.as_error::<HtmlError>()) {
            Some(e) => AppError::new(e.0.status, e.0.code, e.0.message.clone()),
            None => return Ok(res),
        },
        Err(e) => match e.as_error::<HtmlError>() {
            Some(e) => AppError::new(e.0.status, e.0.code, e.0.message.clone()),
            None => return Err(e),
        },
    };
    let Some(state) = state else {
        return Err(HtmlError(error).into());
    };
    let profile = state
        .db(|conn| Ok(crate::settings::shop_profile(conn)?))
        .await;
    let Ok(profile) = profile else {
        return Err(HtmlError(error).into());
    };
    let page = crate::views::errors::buyer(error.status, &error.message, &profile, locale);
    Err(BrandedError {
        status: error.status,
        html: page.into_string(),
    }
    .into())
}

/// An error page already rendered in the shop's brand.
#[derive(Debug)]
struct BrandedError {
    status: StatusCode,
    html: String,
}

impl std::fmt::Display for BrandedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status)
    }
}

impl actix_web::ResponseError for BrandedError {
    fn status_code(&self) -> StatusCode {
        self.status
    }
    fn error_response(&self) -> HttpResponse {
        let page = HttpResponse::build(self.status)
            .content_type("text/html; charset=utf-8")
            .body(self.html.clone());
        private(page)
    }
}

pub const COOKIE: &str = "tagcart_account";
/// How long a session lasts from sign-in.
pub const SESSION_SECS: i64 = 60 * 60;

/// The signed-in buyer, if the cookie names a live session.
async fn session(state: &AppState, req: &HttpRequest) -> Result<Option<AccountSession>, AppError> {
    let Some(token) = req.cookie(COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    let now = state.clock.now();
    state
        .db(move |conn| Ok(db::account::find_session(conn, &token, now)?))
        .await
}

/// Where a request without a live session goes.
fn to_sign_in() -> HttpResponse {
    see_other(&format!("/account?notice={}", Notice::SignedOut.as_str()))
}

/// The form's CSRF token must be the session's.
fn check_csrf(session: &AccountSession, form: &Form) -> Result<(), HtmlError> {
    match crate::crypto::same_secret(form.get("csrf").unwrap_or(""), &session.csrf_token) {
        true => Ok(()),
        false => {
            Err(AppError::forbidden("The form expired; reload the page and try again.").into())
        }
    }
}

/// One of the signed-in buyer's orders; another buyer's is not found, as one that does not
/// exist.
async fn own_order(
    state: &AppState,
    session: &AccountSession,
    id: &str,
) -> Result<Order, AppError> {
    let id = id
        .parse::<i64>()
        .map(OrderId)
        .map_err(|_| AppError::not_found("order"))?;
    let email = session.email.clone();
    state
        .db(move |conn| {
            (db::orders::get(conn, id)?)
                .filter(|o| o.buyer.email.eq_ignore_ascii_case(&email))
                .ok_or_else(|| AppError::not_found("order"))
        })
        .await
}

/// `GET /account`: the sign-in form, or the buyer's orders.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let notice = (req.query_string().split('&'))
        .find_map(|pair| pair.strip_prefix("notice="))
        .and_then(Notice::parse);
    let Some(session) = session(&state, &req).await? else {
        let (profile, locale) = shop_and_language(&state, &req, None).await?;
        let page = view::sign_in(&profile, locale, notice);
        return Ok(private(html(StatusCode::OK, page)));
    };
    let email = session.email.clone();
    let data = state.db(move |conn| Ok(dashboard(conn, &email)?)).await?;
    let (profile, locale) = shop_and_language(&state, &req, Some(&session.email)).await?;
    let page = view::dashboard(&profile, locale, &session, &data, notice);
    Ok(private(html(StatusCode::OK, page)))
}

/// `POST /account/orders/{id}/cancel`: the confirmation first, then the cancellation at the
/// period's end, asked of the processor as the merchant's would be.
pub async fn cancel(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let Some(session) = session(&state, &req).await? else {
        return Ok(to_sign_in());
    };
    let form = Form::parse(&body);
    check_csrf(&session, &form)?;
    let order = own_order(&state, &session, &path).await?;
    if form.get("confirm") != Some("yes") {
        let (profile, locale) = shop_and_language(&state, &req, Some(&session.email)).await?;
        let product = product_name(&state, &order).await?;
        let page = view::confirm_cancel(&profile, locale, &session, &order, &product);
        return Ok(private(html(StatusCode::OK, page)));
    }
    let request = Request::Cancel {
        at_period_end: true,
    };
    crate::web::order_actions::ask(&state, order.id, request, "buyer".into()).await?;
    Ok(see_other(&format!(
        "/account?notice={}",
        Notice::Cancelled.as_str()
    )))
}

/// `GET /account/orders/{id}/invoice/{number}`: one of the buyer's documents.
pub async fn invoice(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, HtmlError> {
    let Some(session) = session(&state, &req).await? else {
        return Ok(to_sign_in());
    };
    let (id, number) = path.into_inner();
    let order = own_order(&state, &session, &id).await?;
    let document = state
        .db(move |conn| {
            db::invoices::by_number(conn, &number)?
                .filter(|d| d.order_id == order.id)
                .map(|d| d.document)
                .ok_or_else(|| AppError::not_found("invoice"))
        })
        .await?;
    Ok(crate::web::pdf_response(&document).await?)
}

/// The shop's brand, and the language of the buyer's newest order's page (before sign-in,
/// the browser's).
async fn shop_and_language(
    state: &AppState,
    req: &HttpRequest,
    email: Option<&str>,
) -> Result<(ShopProfile, Locale), AppError> {
    let email = email.map(str::to_string);
    let browser = crate::web::shop::buyer_language(req);
    state
        .db(move |conn| {
            let profile = crate::settings::shop_profile(conn)?;
            let locale = match email {
                Some(email) => db::orders::newest_language(conn, &email)?,
                None => browser,
            };
            Ok((profile, locale))
        })
        .await
}

async fn product_name(state: &AppState, order: &Order) -> Result<String, AppError> {
    let id = order.id;
    state
        .db(move |conn| {
            let lines = db::order_lines::of_order(conn, id)?;
            Ok(lines
                .into_iter()
                .map(|l| l.product_name)
                .collect::<Vec<_>>()
                .join(" + "))
        })
        .await
}

/// The portal's pages are the buyer's alone: never cached, never framed, and no referrer to
/// another site (a sign-in link must not leak; `no-referrer` would also make the browser send
/// `Origin: null` on our own forms, which the same-origin check refuses).
fn private(mut response: HttpResponse) -> HttpResponse {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = HeaderValue::from_static(crate::web::checkout::PAGE_CSP);
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// The buyer's paid orders (placed but never paid ones are left out), newest first.
fn dashboard(conn: &rusqlite::Connection, email: &str) -> rusqlite::Result<view::Dashboard> {
    let mut orders = vec![];
    for order in db::orders::list(conn, None, Some(email), 200)? {
        if matches!(order.status, OrderStatus::Pending | OrderStatus::Failed) {
            continue;
        }
        let lines = db::order_lines::of_order(conn, order.id)?;
        let documents = (db::invoices::of_order(conn, order.id)?.into_iter())
            .map(|d| (d.document.number, d.document.kind))
            .collect();
        let cancelling = (db::order_actions::of_order(conn, order.id)?.into_iter())
            .rfind(|a| a.action == ActionKind::Cancel && a.state.open());
        orders.push(view::OrderCard {
            product: (lines.into_iter().map(|l| l.product_name))
                .collect::<Vec<_>>()
                .join(" + "),
            order,
            documents,
            cancelling,
        });
    }
    Ok(view::Dashboard { orders })
}
