use super::{id, ApiClient};
use crate::db;
use crate::domain::product::ProductInput;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};

type ApiResult = Result<HttpResponse, AppError>;

pub async fn list(state: web::Data<AppState>, _: ApiClient) -> ApiResult {
    let products = state.db(|conn| Ok(db::products::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(products))
}

pub async fn get(state: web::Data<AppState>, _: ApiClient, path: web::Path<String>) -> ApiResult {
    let id = id(path, "product")?;
    let product = state
        .db(move |conn| Ok(db::products::get(conn, id)?))
        .await?;
    Ok(HttpResponse::Ok().json(product.ok_or_else(|| AppError::not_found("product"))?))
}

pub async fn create(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<ProductInput>,
) -> ApiResult {
    let draft = body.into_inner().validate().map_err(AppError::invalid)?;
    let now = state.clock.now();
    let product = state
        .db(move |conn| Ok(db::products::create(conn, &draft, now)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/products/{}", product.id)))
        .json(product))
}

pub async fn update(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
    body: web::Json<ProductInput>,
) -> ApiResult {
    let id = id(path, "product")?;
    let draft = body.into_inner().validate().map_err(AppError::invalid)?;
    let now = state.clock.now();
    let product = state
        .db(move |conn| Ok(db::products::update(conn, id, &draft, now)?))
        .await?;
    state.fulfillment.wake();
    Ok(HttpResponse::Ok().json(product.ok_or_else(|| AppError::not_found("product"))?))
}

pub async fn delete(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
) -> ApiResult {
    let id = id(path, "product")?;
    let deleted = state
        .db(move |conn| Ok(db::products::delete(conn, id)?))
        .await?;
    if !deleted {
        return Err(AppError::not_found("product"));
    }
    Ok(HttpResponse::NoContent().finish())
}
