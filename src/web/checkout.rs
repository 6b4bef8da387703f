//! Buyer pages: `/p/{slug}` (and `/` on a page's own domain), the checkout that places an
//! order, and the default thank-you page.

use super::form::Form;
use super::{html, see_other, AppState, HtmlResult};
use crate::clock::Timestamp;
use crate::db;
use crate::domain::checkout::{CheckoutInput, Consent, Problem};
use crate::domain::coupon::{Applied, Refusal};
use crate::domain::ids::PageId;
use crate::domain::order::OrderStatus;
use crate::domain::page::{Extra, Offer, Page, PageContent};
use crate::domain::product::PriceTerms;
use crate::domain::shop::ShopProfile;
use crate::domain::tax::VatCheck;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::gateways::Item;
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
    /// The page offers an upsell after payment: a Stripe card is kept for it.
    sells_upsell: bool,
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
            let bump = match &live.bump {
                Some(add_on) => Extra::bump(add_on, db::products::get(&conn, add_on.product_id)?),
                None => None,
            };
            let offer = Offer::new(&live, product, &settings::enabled_gateways(&conn)?)
                .with_bump(bump)
                .with_tax(settings::tax_settings(&conn)?);
            // As the card page and the offer decide it: an upsell whose price still stands.
            let sells_upsell = match &live.upsell {
                Some(add_on) => {
                    let product = db::products::get(&conn, add_on.product_id)?;
                    Extra::upsell(add_on, product).is_some()
                }
                None => false,
            };
            let profile = settings::shop_profile(&conn)?;
            Ok(Shop {
                page,
                live,
                offer,
                profile,
                sells_upsell,
            })
        })
        .await
}

/// `now` places a countdown section's clock.
fn markup(
    shop: &Shop,
    form: &CheckoutInput,
    errors: &FieldErrors,
    coupon: Option<&Applied>,
    now: Timestamp,
) -> maud::Markup {
    let action = format!("/p/{}/checkout", shop.page.slug);
    let mode = views::page::Mode::Live { action: &action };
    views::page::render(
        &shop.live,
        &shop.offer,
        form,
        errors,
        coupon,
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
    coupon: Option<&Applied>,
    status: StatusCode,
    now: Timestamp,
) -> HtmlResult {
    Ok(with_page_csp(html(
        status,
        markup(shop, form, errors, coupon, now),
    )))
}

/// The coupon the form names, as it would apply to the chosen price option (or the first), and
/// the page's options it applies to: `Ok(None)` without a code, `Err` with the sentence saying
/// why it is refused for the chosen option.
async fn preview_coupon(
    state: &AppState,
    shop: &Shop,
    form: &CheckoutInput,
    now: Timestamp,
) -> Result<Result<Option<Applied>, String>, AppError> {
    let code = form.coupon.trim().to_string();
    if code.is_empty() {
        return Ok(Ok(None));
    }
    let prices = &shop.offer.prices;
    let Some(price) = (prices.iter())
        .find(|p| p.id.to_string() == form.price_id.trim())
        .or(prices.first())
    else {
        return Ok(Ok(None));
    };
    let (terms, product_id) = (price.terms.clone(), shop.offer.product.id);
    let options: Vec<_> = (prices.iter()).map(|p| (p.id, p.terms.clone())).collect();
    let l = shop.live.language;
    state
        .db(move |conn| {
            let Some(coupon) = db::coupons::by_code(conn, &code, now)? else {
                return Ok(Err(Refusal::Unknown.message_in(l, &code)));
            };
            let discount = match coupon.apply(product_id, &terms, now) {
                Ok(discount) => discount,
                Err(refusal) => return Ok(Err(refusal.message_in(l, &code))),
            };
            let prices = (options.iter())
                .filter(|(_, t)| coupon.apply(product_id, t, now).is_ok())
                .map(|(id, _)| *id)
                .collect();
            Ok(Ok(Some(Applied { discount, prices })))
        })
        .await
}

/// The page with the form's coupon applied, or (422) with the reason it is refused.
async fn with_coupon(
    state: &AppState,
    shop: &Shop,
    form: &CheckoutInput,
    mut errors: FieldErrors,
    status: StatusCode,
    now: Timestamp,
) -> HtmlResult {
    match preview_coupon(state, shop, form, now).await? {
        Ok(coupon) => render(shop, form, &errors, coupon.as_ref(), status, now),
        Err(reason) => {
            errors.add("coupon", reason);
            render(
                shop,
                form,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                now,
            )
        }
    }
}

/// The default policy, plus the video players a page may embed once the buyer presses play.
pub const PAGE_CSP: &str = "default-src 'self'; img-src 'self' https: data:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

pub async fn show(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let slug = slug.into_inner();
    let answer = page(&state, &req, format!("slug:{slug}"), move |conn| {
        db::pages::published_by_slug(conn, &slug)
    })
    .await;
    super::shop::branded(&state, &req, answer).await
}

/// The page a buyer opens: from the cache, or with `?coupon=CODE` applied or `?country=XX`
/// chosen, rendered for this buyer (never cached).
async fn page(
    state: &AppState,
    req: &HttpRequest,
    key: String,
    find: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<Option<Page>> + Send + 'static,
) -> HtmlResult {
    let query = Form::parse(&web::Bytes::copy_from_slice(req.query_string().as_bytes()));
    let coupon = query.text("coupon");
    // `?country=DE`: the page for a buyer who chose that country (page.js asks for it to show
    // the tax of the country chosen). Only known codes; anything else is the browser's.
    let chosen = query.text("country").trim().to_ascii_uppercase();
    let chosen = crate::domain::country::all()
        .iter()
        .find(|(code, _)| *code == chosen)
        .map(|(code, _)| *code);
    let country = chosen.or_else(|| buyer_country(req));
    // page.js asks for the page again when the buyer picks a country: the same view.
    let counted = query.get("country").is_none() && is_view(req);
    if coupon.trim().is_empty() && chosen.is_none() {
        let (page, response) = cached(state, req, key, country, find).await?;
        if counted {
            state.page_views.record(page, state.clock.now());
        }
        return Ok(response);
    }
    let shop = load(state, find).await?;
    let form = CheckoutInput {
        coupon,
        country: country.unwrap_or_default().to_string(),
        ..CheckoutInput::default()
    };
    let now = state.clock.now();
    let response = with_coupon(
        state,
        &shop,
        &form,
        FieldErrors::default(),
        StatusCode::OK,
        now,
    )
    .await?;
    if counted {
        state.page_views.record(shop.page.id, now);
    }
    Ok(response)
}

/// Whether this request is a person opening the page (README, "Sales figures"): no cookie is
/// read or set and nothing about the visitor is kept.
fn is_view(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    // Chrome and Firefox say `Sec-Purpose: prefetch`, older ones `Purpose` or `X-Moz`.
    let purpose = (header("sec-purpose").or_else(|| header("purpose"))).or_else(|| header("x-moz"));
    crate::page_views::is_view(
        super::middleware::sent_method(req).as_str(),
        header("user-agent"),
        purpose,
    )
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
    req: &HttpRequest,
    key: String,
    country: Option<&'static str>,
    find: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<Option<Page>> + Send + 'static,
) -> Result<(PageId, HttpResponse), super::HtmlError> {
    let key = match country {
        Some(code) => format!("{key}|{code}"),
        None => key,
    };
    let page = match state.pages.get(&key) {
        Some(page) => page,
        None => {
            let version = state.pages.version();
            let shop = load(state, find).await?;
            let form = CheckoutInput {
                country: country.unwrap_or_default().to_string(),
                ..CheckoutInput::default()
            };
            let markup = markup(
                &shop,
                &form,
                &FieldErrors::default(),
                None,
                state.clock.now(),
            );
            let html = web::Bytes::from(markup.into_string());
            let page = super::page_cache::Rendered::new(shop.page.id, html);
            state.pages.put(key, version, page.clone());
            page
        }
    };
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/html; charset=utf-8")
        // The preselected country comes from Accept-Language; a shared cache must not mix them.
        .insert_header((header::VARY, "Accept-Encoding, Accept-Language"));
    let body = match accepts_gzip(req) {
        true => {
            response.insert_header((header::CONTENT_ENCODING, "gzip"));
            page.gzip
        }
        false => page.html,
    };
    Ok((page.page, with_page_csp(response.body(body))))
}

/// Whether the buyer's browser takes gzip (every browser does): `gzip` listed without `q=0`.
/// A plain scan rather than a full negotiation, as this runs for every page a buyer opens.
fn accepts_gzip(req: &HttpRequest) -> bool {
    let Some(header) = req.headers().get(header::ACCEPT_ENCODING) else {
        return false;
    };
    let Ok(header) = header.to_str() else {
        return false;
    };
    header.split(',').any(|item| {
        let coding = item.split(';').next().unwrap_or_default().trim();
        coding.eq_ignore_ascii_case("gzip") && !crate::i18n::refused(item)
    })
}

/// A page's custom domain serves it at `/`; anywhere else `/` leads to the dashboard.
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> HtmlResult {
    let domain = super::client::host(&req, state.config.trust_proxy);
    let key = format!("domain:{domain}");
    let lookup = domain.clone();
    match page(&state, &req, key, move |conn| {
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
                true => super::shop::branded(&state, &req, Err(e)).await,
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
    req: HttpRequest,
) -> HtmlResult {
    let answer = place(&state, slug.into_inner(), &body).await;
    super::shop::branded(&state, &req, answer).await
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
        bump: !form.text("bump").trim().is_empty(),
        company: form.text("company"),
        vat_id: form.text("vat_id"),
        terms: !form.text("terms").trim().is_empty(),
        waiver: !form.text("waiver").trim().is_empty(),
    };
    let now = state.clock.now();
    // "Apply" shows the page again with the coupon applied; nothing is placed.
    if form.get("apply_coupon").is_some() {
        return with_coupon(
            state,
            &shop,
            &typed,
            FieldErrors::default(),
            StatusCode::OK,
            now,
        )
        .await;
    }
    let checkout = match typed.validate(&shop.offer) {
        Ok(mut checkout) => {
            let waiver = crate::i18n::t(shop.live.language, "consent-waiver");
            checkout.consent = Consent::given(&shop.offer, &waiver, now);
            checkout
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return with_coupon(state, &shop, &typed, errors, status, now).await;
        }
    };
    // A business buyer's VAT ID is asked of VIES before anything is placed.
    let checkout = match checkout.vat_id.clone() {
        None => checkout,
        Some(id) => {
            let base = state.config.vies_url.to_string();
            let check = web::block(move || crate::vies::check(&base, &id)).await?;
            if check == VatCheck::Invalid {
                let mut errors = FieldErrors::default();
                errors.add("vat_id", Problem::VatIdNotRegistered.english());
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return with_coupon(state, &shop, &typed, errors, status, now).await;
            }
            checkout.with_vat_check(&shop.offer, check)
        }
    };
    let refuse = |errors: &FieldErrors| {
        render(
            &shop,
            &typed,
            errors,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            now,
        )
    };
    let gateway = checkout.gateway;
    let terms = checkout.price.terms.clone();
    let bump = checkout.bump.as_ref().map_or(0, |b| b.price.terms.amount);
    // A bump joins a one-time price's one charge.
    let with_bump = |t: &PriceTerms| PriceTerms {
        amount: t.amount + bump,
        ..t.clone()
    };
    let email = checkout.buyer.email.clone();
    let bumped = checkout.bump.clone();
    let sale_tax = checkout.sale_tax.clone();
    let (page_id, product_id) = (shop.page.id, shop.offer.product.id);
    let code = typed.coupon.trim().to_string();
    // Each processor takes its own currencies and amounts: say so before anything is created,
    // for the price and for what the coupon leaves of it.
    if let Some(processor) = state.processors.get(checkout.gateway) {
        if let Err(message) = processor.check_price(&with_bump(&terms)) {
            let mut errors = FieldErrors::default();
            errors.add("gateway", message);
            return refuse(&errors);
        }
        let (lookup, at_terms) = (code.clone(), terms.clone());
        let discount = state
            .db(move |conn| {
                let coupon = match lookup.is_empty() {
                    true => None,
                    false => db::coupons::by_code(conn, &lookup, now)?,
                };
                Ok(coupon.and_then(|c| c.apply(product_id, &at_terms, now).ok()))
            })
            .await?;
        for charge in discount.iter().flat_map(|d| d.charges_to_check(&terms)) {
            if let Err(message) = processor.check_price(&with_bump(&charge)) {
                let mut errors = FieldErrors::default();
                errors.add("coupon", message);
                return refuse(&errors);
            }
        }
    }
    // Through the group commit: buyers checking out together share one fsync instead of
    // queueing for the write lock. Only this write goes there, never a processor's call.
    // The coupon's use is taken in this same transaction (see `orders::place_order`).
    let placed = state
        .write(move |conn| {
            let code = Some(code.as_str()).filter(|c| !c.is_empty());
            Ok(orders::place_order(
                conn, page_id, product_id, &checkout, code, now,
            )?)
        })
        .await?;
    let placed = match placed {
        Ok(placed) => placed,
        Err(refusal) => {
            let mut errors = FieldErrors::default();
            let message = refusal.message_in(shop.live.language, typed.coupon.trim());
            errors.add("coupon", message);
            return refuse(&errors);
        }
    };
    tracing::info!(
        order = placed.order_id.0,
        gateway = gateway.as_str(),
        coupon = placed.discount.as_ref().map(|d| d.code.as_str()),
        "order placed"
    );
    if placed.completed {
        // A coupon made it free: completed and its grant queued with the order; no processor.
        state.fulfillment.wake();
        let payment_ref = placed.payment_ref.clone();
        let next = state
            .db(move |conn| {
                let product = db::products::get(conn, product_id)?;
                Ok(super::pay::after_payment(product.as_ref(), &payment_ref))
            })
            .await?;
        return Ok(see_other(&next));
    }
    let mut items = vec![Item {
        name: shop.offer.product.name.clone(),
        amount: terms.amount,
    }];
    items.extend(bumped.map(|b| Item {
        name: b.product.name,
        amount: b.price.terms.amount,
    }));
    let placed = super::pay::Placed {
        order_id: placed.order_id,
        payment_ref: placed.payment_ref,
        email,
        gateway,
        terms,
        amount: placed.amount,
        discount: placed.discount,
        items,
        sale_tax,
        tax_added: placed.tax_added,
        cancel_path: format!("/p/{}", shop.page.slug),
        save_card: shop.sells_upsell,
    };
    super::pay::start(state, placed).await
}

/// How long the receipt reloads itself while an accepted upsell is unconfirmed.
const UPSELL_RELOADS_SECONDS: i64 = 10 * 60;

/// The receipt, where a buyer lands after paying unless the product sends them to its own
/// thank-you URL. Addressed only by the order's unguessable `payment_ref`.
pub async fn thank_you(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = thank_you_page(&state, payment_ref.into_inner(), &req).await;
    super::shop::branded(&state, &req, answer).await
}

async fn thank_you_page(state: &AppState, payment_ref: String, req: &HttpRequest) -> HtmlResult {
    let (order, page, product, shop, lines, upsell, documents) = state
        .db(move |conn| {
            let order = db::orders::by_payment_ref(conn, &payment_ref)?
                .ok_or_else(|| AppError::not_found("order"))?;
            let page = match order.page_id {
                Some(id) => db::pages::get(conn, id)?,
                None => None,
            };
            let product = db::products::get(conn, order.product_id)?;
            let lines = db::order_lines::of_order(conn, order.id)?;
            let upsell = match db::orders::upsell_of(conn, order.id)? {
                Some(u) => {
                    let name = (db::order_lines::of_order(conn, u.id)?.into_iter())
                        .next()
                        .map(|l| l.product_name)
                        .unwrap_or_default();
                    Some((u, name))
                }
                None => None,
            };
            let shop = settings::shop_profile(conn)?;
            let documents: Vec<String> = (db::invoices::of_order(conn, order.id)?.into_iter())
                .map(|d| d.document.number)
                .collect();
            Ok((order, page, product, shop, lines, upsell, documents))
        })
        .await?;
    let terms = product
        .as_ref()
        .and_then(|p| p.prices.iter().find(|price| price.id == order.price_id))
        .map(|price| &price.terms);
    let receipt = views::checkout::Receipt {
        order: &order,
        product_name: product.as_ref().map_or("", |p| p.name.as_str()),
        terms,
        lines: &lines,
        upsell: upsell.as_ref().map(|(u, name)| (u, name.as_str())),
        shop: &shop,
        // The page's language; once the page is gone, the buyer's browser's.
        locale: (page.as_ref().map(Page::language))
            .unwrap_or_else(|| super::shop::buyer_language(req)),
        page_slug: page.as_ref().map(|p| p.slug.as_str()),
        continue_url: product
            .as_ref()
            .filter(|p| p.show_receipt)
            .and_then(|p| p.thank_you_url.as_deref()),
        now: state.clock.now(),
        documents: &documents,
    };
    let mut response = html(StatusCode::OK, views::checkout::thank_you(&receipt));
    // An upsell just charged is confirmed in seconds; one the buyer left at PayPal's approval
    // page may stay pending for hours (until reconciliation), so the reloads stop after a while.
    let now = state.clock.now();
    let upsell_pending = upsell.as_ref().is_some_and(|(u, _)| {
        u.status == OrderStatus::Pending && now - u.created_at < UPSELL_RELOADS_SECONDS
    });
    // A payment the bank is still clearing takes days: no reloads for it.
    let waiting = order.status == OrderStatus::Pending && !order.processing;
    if waiting || upsell_pending {
        // Reload until the processor's event completes (or fails) the order.
        let every = views::checkout::PENDING_REFRESH.to_string();
        response.headers_mut().insert(
            header::REFRESH,
            HeaderValue::from_str(&every).expect("digits"),
        );
    }
    Ok(response)
}

/// `/thank-you/{payment_ref}/invoice/{number}`: one of the order's invoices or credit notes as
/// a PDF, for the buyer who holds the receipt's unguessable address.
pub async fn invoice(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (payment_ref, number) = path.into_inner();
    let document = state
        .db(move |conn| {
            let order = db::orders::by_payment_ref(conn, &payment_ref)?
                .ok_or_else(|| AppError::not_found("invoice"))?;
            db::invoices::by_number(conn, &number)?
                .filter(|d| d.order_id == order.id)
                .map(|d| d.document)
                .ok_or_else(|| AppError::not_found("invoice"))
        })
        .await?;
    super::pdf_response(&document).await
}
