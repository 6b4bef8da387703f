//! Coupons: `POST/GET /api/v1/coupons`, `GET/PUT/DELETE /api/v1/coupons/{id}`.

use super::{id, ApiClient};
use crate::clock;
use crate::db;
use crate::domain::coupon::{self, Coupon, CouponInput};
use crate::domain::discount::Off;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

type ApiResult = Result<HttpResponse, AppError>;

/// The coupon as the JSON API shows it; a `PUT` of this same object is accepted.
pub fn coupon_json(c: &Coupon) -> Value {
    let (percent_off, amount_off) = match c.off {
        Off::Percent(p) => (Some(i64::from(p)), None),
        Off::Amount(a) => (None, Some(a)),
    };
    let (duration, months) = coupon::duration_parts(c.duration);
    json!({
        "id": c.id,
        "code": c.code,
        "percent_off": percent_off,
        "amount_off": amount_off,
        "currency": c.currency,
        "product_ids": c.product_ids,
        "expires_at": c.expires_at.map(clock::rfc3339),
        "max_redemptions": c.max_redemptions,
        "duration": duration,
        "duration_in_months": months,
        "paused": c.paused,
        "times_redeemed": c.times_redeemed,
        "created_at": clock::rfc3339(c.created_at),
        "updated_at": clock::rfc3339(c.updated_at),
    })
}

pub async fn list(state: web::Data<AppState>, _: ApiClient) -> ApiResult {
    let now = state.clock.now();
    let coupons = state
        .db(move |conn| Ok(db::coupons::list(conn, now)?))
        .await?;
    Ok(HttpResponse::Ok().json(coupons.iter().map(coupon_json).collect::<Vec<_>>()))
}

pub async fn get(state: web::Data<AppState>, _: ApiClient, path: web::Path<String>) -> ApiResult {
    let id = id(path, "coupon")?;
    let now = state.clock.now();
    let coupon = state
        .db(move |conn| Ok(db::coupons::get(conn, id, now)?))
        .await?
        .ok_or_else(|| AppError::not_found("coupon"))?;
    Ok(HttpResponse::Ok().json(coupon_json(&coupon)))
}

pub async fn create(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<CouponInput>,
) -> ApiResult {
    let draft = body.into_inner().validate().map_err(AppError::invalid)?;
    let now = state.clock.now();
    let coupon = state
        .db(move |conn| Ok(db::coupons::create(conn, &draft, now)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/coupons/{}", coupon.id)))
        .json(coupon_json(&coupon)))
}

pub async fn update(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
    body: web::Json<CouponInput>,
) -> ApiResult {
    let id = id(path, "coupon")?;
    let draft = body.into_inner().validate().map_err(AppError::invalid)?;
    let now = state.clock.now();
    let coupon = state
        .db(move |conn| Ok(db::coupons::update(conn, id, &draft, now)?))
        .await?
        .ok_or_else(|| AppError::not_found("coupon"))?;
    Ok(HttpResponse::Ok().json(coupon_json(&coupon)))
}

/// Orders placed with it keep its code and a copy of its terms.
pub async fn delete(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
) -> ApiResult {
    let id = id(path, "coupon")?;
    let deleted = state
        .db(move |conn| Ok(db::coupons::delete(conn, id)?))
        .await?;
    if !deleted {
        return Err(AppError::not_found("coupon"));
    }
    Ok(HttpResponse::NoContent().finish())
}
