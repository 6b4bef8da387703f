use super::{id, ApiClient};
use crate::db;
use crate::domain::page::PageInput;
use crate::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};

type ApiResult = Result<HttpResponse, AppError>;

/// The page templates: `id`, `name`, `description`.
pub async fn templates(_: ApiClient) -> ApiResult {
    Ok(HttpResponse::Ok().json(crate::domain::template::TEMPLATES))
}

pub async fn list(state: web::Data<AppState>, _: ApiClient) -> ApiResult {
    let pages = state.db(|conn| Ok(db::pages::list(conn)?)).await?;
    Ok(HttpResponse::Ok().json(pages))
}

pub async fn get(state: web::Data<AppState>, _: ApiClient, path: web::Path<String>) -> ApiResult {
    let id = id(path, "page")?;
    let page = state.db(move |conn| Ok(db::pages::get(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(page.ok_or_else(|| AppError::not_found("page"))?))
}

pub async fn create(
    state: web::Data<AppState>,
    _: ApiClient,
    body: web::Json<PageInput>,
) -> ApiResult {
    let draft = body
        .into_inner()
        .validate(state.config.public_host().as_deref())
        .map_err(AppError::invalid)?;
    let now = state.clock.now();
    let page = state
        .db(move |conn| Ok(db::pages::create(conn, &draft, now)?))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/pages/{}", page.id)))
        .json(page))
}

pub async fn update(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
    body: web::Json<PageInput>,
) -> ApiResult {
    let id = id(path, "page")?;
    let draft = body
        .into_inner()
        .validate(state.config.public_host().as_deref())
        .map_err(AppError::invalid)?;
    let now = state.clock.now();
    let page = state
        .db(move |conn| Ok(db::pages::update(conn, id, &draft, None, now)?))
        .await?;
    Ok(HttpResponse::Ok().json(page.ok_or_else(|| AppError::not_found("page"))?))
}

pub async fn delete(
    state: web::Data<AppState>,
    _: ApiClient,
    path: web::Path<String>,
) -> ApiResult {
    let id = id(path, "page")?;
    let deleted = state
        .db(move |conn| Ok(db::pages::delete(conn, id)?))
        .await?;
    if !deleted {
        return Err(AppError::not_found("page"));
    }
    Ok(HttpResponse::NoContent().finish())
}
