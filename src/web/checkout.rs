//! Buyer pages: `/p/{slug}` (and `/` on a page's own domain), the checkout that places an
//! order, and the default thank-you page.

use super::form::Form;
use super::{html, see_other, AppState, HtmlResult};
use crate::clock::Timestamp;
use crate::db;
use crate::domain::checkout::CheckoutInput;
use crate::domain::page::{Offer, Page, PageContent};
use crate::domain::shop::ShopProfile;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::orders;
use crate::settings;
use crate::views;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// A published page as buyers see it, with what it sells right now.
struct Shop {
    page: Page,
    live: PageContent,
    offer: Offer,
    profile: ShopProfile,
}

async fn load(
    state: &AppState,
    find: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<Option<Page>> + Send + 'static,
) -> Result<Shop, AppError> {
    state
        .db(move |conn| {
            // One snapshot for its reads (page, product, prices, the gateway switches).
            let conn = conn.transaction()?;
            let mut page = find(&conn)?.ok_or_else(|| AppError::not_found("page"))?;
            let live = page
                .live
                .take()
                .ok_or_else(|| AppError::not_found("page"))?;
            let product = db::products::get(&conn, live.product_id)?
                .ok_or_else(|| AppError::not_found("page"))?;
            let offer = Offer::new(&live, product, &settings::enabled_gateways(&conn)?);
            let profile = settings::shop_profile(&conn)?;
            Ok(Shop {
                page,
                live,
                offer,
                profile,
            })
        })
        .await
}

/// `now` places a countdown section's clock.
fn markup(shop: &Shop, form: &CheckoutInput, errors: &FieldErrors, now: Timestamp) -> maud::Markup {
    let action = format!("/p/{}/checkout", shop.page.slug);
    let mode = views::page::Mode::Live { action: &action };
    views::page::render(
        &shop.live,
        &shop.offer,
        form,
        errors,
        None,
        &shop.profile,
        mode,
        now,
    )
}

/// Checkout pages may play the videos their sections embed.
fn with_page_csp(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    response
}

fn render(
    shop: &Shop,
    form: &CheckoutInput,
    errors: &FieldErrors,
    status: StatusCode,
    now: Timestamp,
) -> HtmlResult {
    Ok(with_page_csp(html(status, markup(shop, form, errors, now))))
}

/// The default policy, plus the video players a page may embed once the buyer presses play.
pub const PAGE_CSP: &str = "default-src 'self'; img-src 'self' https: data:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

pub async fn show(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let slug = slug.into_inner();
    let key = format!("slug:{slug}");
    let answer = cached(&state, key, buyer_country(&req), move |conn| {
        db::pages::published_by_slug(conn, &slug)
    })
    .await;
    super::shop::branded(&state, answer).await
}

/// The country `Accept-Language` names (`de-CH`: CH), preselected in the form.
fn buyer_country(req: &HttpRequest) -> Option<&'static str> {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::domain::country::from_accept_language)
}

/// The page as a buyer first sees it, from the page cache or rendered and kept there: one
/// entry per preselected country (only known codes, so the keys stay few).
async fn cached(
    state: &AppState,
    key: String,
    country: Option<&'static str>,
    find: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<Option<Page>> + Send + 'static,
) -> HtmlResult {
    let key = match country {
        Some(code) => format!("{key}|{code}"),
        None => key,
    };
    let html = match state.pages.get(&key) {
        Some(html) => html,
        None => {
            let version = state.pages.version();
            let shop = load(state, find).await?;
            let form = CheckoutInput {
                country: country.unwrap_or_default().to_string(),
                ..CheckoutInput::default()
            };
            let markup = markup(&shop, &form, &FieldErrors::default(), state.clock.now());
            let html = web::Bytes::from(markup.into_string());
            state.pages.put(key, version, html.clone());
            html
        }
    };
    Ok(with_page_csp(
        HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html),
    ))
}

/// A page's custom domain serves it at `/`; anywhere else `/` leads to the dashboard.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let domain = super::client::host(&req, state.config.trust_proxy);
    let key = format!("domain:{domain}");
    let lookup = domain.clone();
    match cached(&state, key, buyer_country(&req), move |conn| {
        db::pages::published_by_domain(conn, &lookup)
    })
    .await
    {
        Err(e) if e.0.status == StatusCode::NOT_FOUND => {
            // A buyer on an unpublished page's own domain gets "not found", not our sign-in.
            let known = state
                .db(move |conn| Ok(db::pages::domain_in_use(conn, &domain)?))
                .await?;
            match known {
                true => super::shop::branded(&state, Err(e)).await,
                false => Ok(see_other("/admin")),
            }
        }
        answer => answer,
    }
}

/// Places a pending order and sends the buyer to the processor. Amounts come from the
/// database price the buyer chose, never from the form.
pub async fn submit(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: web::Bytes,
) -> HtmlResult {
    let answer = place(&state, slug.into_inner(), &body).await;
    super::shop::branded(&state, answer).await
}

async fn place(state: &web::Data<AppState>, slug: String, body: &web::Bytes) -> HtmlResult {
    let form = Form::parse(body);
    let shop = load(state, move |conn| db::pages::published_by_slug(conn, &slug)).await?;
    let typed = CheckoutInput {
        email: form.text("email"),
        first_name: form.text("first_name"),
        last_name: form.text("last_name"),
        phone: form.text("phone"),
        address: form.text("address"),
        city: form.text("city"),
        zip: form.text("zip"),
        state: form.text("state"),
        country: form.text("country"),
        price_id: form.text("price_id"),
        gateway: form.text("gateway"),
        coupon: form.text("coupon"),
    };
    let now = state.clock.now();
    let refuse =
        |errors: &FieldErrors| render(&shop, &typed, errors, StatusCode::UNPROCESSABLE_ENTITY, now);
    let checkout = match typed.validate(&shop.offer) {
        Ok(checkout) => checkout,
        Err(errors) => return refuse(&errors),
    };
    // Each processor takes its own currencies: say so before anything is created.
    if let Some(processor) = state.processors.get(checkout.gateway) {
        if let Err(message) = processor.check_price(&checkout.price.terms) {
            let mut errors = FieldErrors::default();
            errors.add("gateway", message);
            return refuse(&errors);
        }
    }
    let gateway = checkout.gateway;
    let terms = checkout.price.terms.clone();
    let email = checkout.buyer.email.clone();
    let (page_id, product_id) = (shop.page.id, shop.offer.product.id);
    // Through the group commit: buyers checking out together share one fsync instead of
    // queueing for the write lock. Only this write goes there, never a processor's call.
    let (order_id, payment_ref) = state
        .write(move |conn| {
            Ok(orders::place_order(
                conn, page_id, product_id, &checkout, now,
            )?)
        })
        .await?;
    tracing::info!(
        order = order_id.0,
        gateway = gateway.as_str(),
        "order placed"
    );
    let placed = super::pay::Placed {
        order_id,
        payment_ref,
        email,
        gateway,
        terms,
        product_name: shop.offer.product.name.clone(),
        page_slug: shop.page.slug.clone(),
    };
    super::pay::start(state, placed).await
}

/// Where a buyer lands after paying when the product has no thank-you URL of its own.
pub async fn thank_you(state: web::Data<AppState>, payment_ref: web::Path<String>) -> HtmlResult {
    let answer = thank_you_page(&state, payment_ref.into_inner()).await;
    super::shop::branded(&state, answer).await
}

async fn thank_you_page(state: &AppState, payment_ref: String) -> HtmlResult {
    let (order, page, profile) = state
        .db(move |conn| {
            let order = db::orders::by_payment_ref(conn, &payment_ref)?
                .ok_or_else(|| AppError::not_found("order"))?;
            let page = match order.page_id {
                Some(id) => db::pages::get(conn, id)?,
                None => None,
            };
            Ok((order, page, settings::shop_profile(conn)?))
        })
        .await?;
    Ok(html(
        StatusCode::OK,
        views::checkout::thank_you(&order, page.as_ref(), &profile),
    ))
}
