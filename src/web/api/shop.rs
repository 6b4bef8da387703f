//! `GET/PUT /settings/shop`: the shop profile buyers see. PUT replaces the whole profile: a
//! field left out, null or "" is unset.

use super::ApiClient;
use crate::domain::shop::{ShopInput, ShopProfile};
use crate::error::AppError;
use crate::settings;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde_json::{json, Value};

fn shop_json(shop: &ShopProfile) -> Value {
    json!({
        "name": shop.name,
        "logo_url": shop.logo_url,
        "accent_color": shop.accent_color,
        "support_email": shop.support_email,
        "terms_url": shop.terms_url,
        "privacy_url": shop.privacy_url,
    })
}

pub async fn get(state: web::Data<AppState>, _: ApiClient) -> Result<HttpResponse, AppError> {
    let shop = state.db(|conn| Ok(settings::shop_profile(conn)?)).await?;
    Ok(HttpResponse::Ok().json(shop_json(&shop)))
}

/// Saving writes the settings table, which empties the checkout page cache (`db::catalog`).
pub async fn put(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<ShopInput>,
) -> Result<HttpResponse, AppError> {
    let shop = body.into_inner().validate().map_err(AppError::invalid)?;
    let json = shop_json(&shop);
    state
        .db(move |conn| Ok(settings::save_shop_profile(conn, &shop)?))
        .await?;
    Ok(HttpResponse::Ok().json(json))
}
