//! Dashboard: coupons. The form speaks major units (`10.00`) and UTC times; the domain, minor
//! units and timestamps.

use super::{path_id, Admin};
use crate::clock;
use crate::db;
use crate::domain::coupon::{self, Coupon, CouponInput};
use crate::domain::discount::Off;
use crate::domain::ids::{CouponId, ProductId};
use crate::domain::money::Currency;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::views::admin::coupons::{self as view, CouponForm};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

fn product_names(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(ProductId, String)>> {
    Ok((db::products::list(conn)?.into_iter())
        .map(|p| (p.id, p.name))
        .collect())
}

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let now = state.clock.now();
    let (coupons, names) = state
        .db(move |conn| Ok((db::coupons::list(conn, now)?, product_names(conn)?)))
        .await?;
    Ok(html(
        StatusCode::OK,
        view::list(&admin.nav("coupons"), &coupons, &names, now),
    ))
}

pub async fn new(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let names = state.db(|conn| Ok(product_names(conn)?)).await?;
    let form = CouponForm {
        duration: "once".into(),
        ..Default::default()
    };
    let errors = FieldErrors::default();
    let page = view::form(&admin.nav("coupons"), None, &form, &names, &errors);
    Ok(html(StatusCode::OK, page))
}

/// The coupon with its redemptions and every product's name.
type Loaded = (Coupon, Vec<db::orders::Order>, Vec<(ProductId, String)>);

async fn load(state: &AppState, id: CouponId) -> Result<Loaded, AppError> {
    let now = state.clock.now();
    let found = state
        .db(move |conn| {
            let Some(coupon) = db::coupons::get(conn, id, now)? else {
                return Ok(None);
            };
            let orders = db::coupons::redemptions(conn, id)?;
            Ok(Some((coupon, orders, product_names(conn)?)))
        })
        .await?;
    found.ok_or_else(|| AppError::not_found("coupon"))
}

pub async fn edit(state: web::Data<AppState>, admin: Admin, path: web::Path<String>) -> HtmlResult {
    let id = path_id(&path, "coupon")?;
    let (coupon, orders, names) = load(&state, id).await?;
    let form = form_of(&coupon);
    let errors = FieldErrors::default();
    let nav = admin.nav("coupons");
    let page = view::form(&nav, Some((&coupon, &orders)), &form, &names, &errors);
    Ok(html(StatusCode::OK, page))
}

pub async fn create(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    save(state, admin, None, body).await
}

pub async fn update(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let id = path_id(&path, "coupon")?;
    save(state, admin, Some(id), body).await
}

async fn save(
    state: web::Data<AppState>,
    admin: Admin,
    id: Option<CouponId>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let typed = read_form(&form);
    let loaded = match id {
        Some(id) => Some(load(&state, id).await?),
        None => None,
    };
    let names = match &loaded {
        Some((_, _, names)) => names.clone(),
        None => state.db(|conn| Ok(product_names(conn)?)).await?,
    };
    let nav = admin.nav("coupons");
    let refused = |errors: &FieldErrors| {
        let existing = loaded.as_ref().map(|(c, o, _)| (c, o.as_slice()));
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::form(&nav, existing, &typed, &names, errors),
        )
    };
    let (input, mut errors) = to_input(&typed);
    let draft = match input.validate() {
        Ok(draft) if errors.is_empty() => draft,
        Ok(_) => return Ok(refused(&errors)),
        Err(more) => {
            errors.extend(more);
            return Ok(refused(&errors));
        }
    };
    let now = state.clock.now();
    let saved = state
        .db(move |conn| {
            Ok(match id {
                None => db::coupons::create(conn, &draft, now).map(Some),
                Some(id) => db::coupons::update(conn, id, &draft, now),
            })
        })
        .await?;
    match saved {
        Ok(Some(_)) => Ok(see_other("/admin/coupons")),
        Ok(None) => Err(AppError::not_found("coupon").into()),
        Err(e) => Ok(refused(&e.into_fields()?)),
    }
}

pub async fn pause(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    set_paused(state, admin, path, body, true).await
}

pub async fn resume(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    set_paused(state, admin, path, body, false).await
}

async fn set_paused(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
    paused: bool,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id = path_id(&path, "coupon")?;
    let now = state.clock.now();
    let found = state
        .db(move |conn| Ok(db::coupons::set_paused(conn, id, paused, now)?))
        .await?;
    match found {
        true => Ok(see_other("/admin/coupons")),
        false => Err(AppError::not_found("coupon").into()),
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id = path_id(&path, "coupon")?;
    let deleted = state
        .db(move |conn| Ok(db::coupons::delete(conn, id)?))
        .await?;
    match deleted {
        true => Ok(see_other("/admin/coupons")),
        false => Err(AppError::not_found("coupon").into()),
    }
}

/// `2026-12-31T23:59` as the datetime field sends it, read as UTC.
fn form_time(ts: clock::Timestamp) -> String {
    clock::rfc3339(ts).chars().take(16).collect()
}

fn form_of(c: &Coupon) -> CouponForm {
    let (percent_off, amount_off) = match c.off {
        Off::Percent(p) => (p.to_string(), String::new()),
        Off::Amount(a) => {
            let currency = c.currency.as_deref().and_then(Currency::from_code);
            let text = currency.map(|cur| cur.to_major_text(a));
            (String::new(), text.unwrap_or_else(|| a.to_string()))
        }
    };
    let (duration, months) = coupon::duration_parts(c.duration);
    CouponForm {
        code: c.code.clone(),
        percent_off,
        amount_off,
        currency: c.currency.clone().unwrap_or_default(),
        product_ids: c.product_ids.clone(),
        expires_at: c.expires_at.map(form_time).unwrap_or_default(),
        max_redemptions: c.max_redemptions.map(|m| m.to_string()).unwrap_or_default(),
        duration: duration.into(),
        duration_in_months: months.map(|m| m.to_string()).unwrap_or_default(),
        paused: c.paused,
    }
}

fn read_form(form: &Form) -> CouponForm {
    CouponForm {
        code: form.text("code"),
        percent_off: form.text("percent_off"),
        amount_off: form.text("amount_off"),
        currency: form.text("currency").to_ascii_uppercase(),
        product_ids: (form.all("product_ids").into_iter())
            .filter_map(|id| id.parse().ok())
            .collect(),
        expires_at: form.text("expires_at"),
        max_redemptions: form.text("max_redemptions"),
        duration: form.text("duration"),
        duration_in_months: form.text("duration_in_months"),
        paused: form.checked("paused"),
    }
}

/// Form text to the API's input; the months are sent only with "repeating", because the
/// form shows the field whatever the duration.
fn to_input(f: &CouponForm) -> (CouponInput, FieldErrors) {
    let mut errors = FieldErrors::default();
    let mut number = |name: &str, text: &str| -> Option<i64> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        (text
            .parse()
            .map_err(|_| errors.add(name, "must be a whole number")))
        .ok()
    };
    let percent_off = number("percent_off", &f.percent_off);
    let max_redemptions = number("max_redemptions", &f.max_redemptions);
    let months = number("duration_in_months", &f.duration_in_months);
    let amount_off = match (f.amount_off.trim(), Currency::from_code(f.currency.trim())) {
        ("", _) => None,
        (text, Some(currency)) => (currency.parse_major(text))
            .map_err(|m| errors.add("amount_off", m))
            .ok(),
        // Validation names the missing or unknown currency.
        (_, None) => Some(1),
    };
    let expires_at = match f.expires_at.trim() {
        "" => None,
        // A datetime field leaves out the seconds and the zone: UTC, as the hint says.
        text if text.len() == 16 => Some(format!("{text}:00Z")),
        text => Some(text.to_string()),
    };
    let input = CouponInput {
        code: Some(f.code.clone()),
        percent_off,
        amount_off,
        currency: Some(f.currency.clone()),
        product_ids: Some(f.product_ids.clone()),
        expires_at,
        max_redemptions,
        duration: Some(f.duration.clone()),
        duration_in_months: (f.duration == "repeating").then_some(months).flatten(),
        paused: Some(f.paused),
        ..Default::default()
    };
    (input, errors)
}
