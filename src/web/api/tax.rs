//! `GET/PUT /settings/tax`: VAT on or off, how prices are typed, the rates and the seller.
//! PUT replaces the whole settings; `rates` left out are the built-in EU standard rates.

use super::ApiClient;
use crate::domain::tax_settings::TaxInput;
use crate::error::AppError;
use crate::settings;
use crate::web::AppState;
use actix_web::{web, HttpResponse};

pub async fn get(state: web::Data<AppState>, _: ApiClient) -> Result<HttpResponse, AppError> {
    let tax = state.db(|conn| Ok(settings::tax_settings(conn)?)).await?;
    Ok(HttpResponse::Ok().json(tax))
}

/// Saving writes the settings table, which empties the checkout page cache (`db::catalog`):
/// the pages ask for the country and show tax from the next buyer on.
pub async fn put(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<TaxInput>,
) -> Result<HttpResponse, AppError> {
    let tax = body.into_inner().validate().map_err(AppError::invalid)?;
    let saved = tax.clone();
    state
        .db(move |conn| Ok(settings::save_tax_settings(conn, &saved)?))
        .await?;
    Ok(HttpResponse::Ok().json(tax))
}
