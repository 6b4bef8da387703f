//! Dashboard: API tokens.

use super::{path_id, Admin};
use crate::db;
use crate::domain::validation::{required_text, FieldErrors};
use crate::error::AppError;
use crate::views::admin::tokens as view;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let tokens = state.db(|conn| Ok(db::api_tokens::list(conn)?)).await?;
    Ok(html(
        StatusCode::OK,
        view::page(
            &admin.nav("tokens"),
            &tokens,
            None,
            "",
            &FieldErrors::default(),
        ),
    ))
}

pub async fn create(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let mut errors = FieldErrors::default();
    let name = required_text(&mut errors, "name", form.get("name"), 100);
    let now = state.clock.now();
    let (created, status) = if errors.is_empty() {
        let name = name.clone();
        let (_, token) = state
            .db(move |conn| Ok(db::api_tokens::create(conn, &name, now)?))
            .await?;
        (Some(token), StatusCode::OK)
    } else {
        (None, StatusCode::UNPROCESSABLE_ENTITY)
    };
    let tokens = state.db(|conn| Ok(db::api_tokens::list(conn)?)).await?;
    let shown_name = if created.is_some() { "" } else { name.as_str() };
    Ok(html(
        status,
        view::page(
            &admin.nav("tokens"),
            &tokens,
            created.as_deref(),
            shown_name,
            &errors,
        ),
    ))
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id = path_id(&path, "token")?;
    if !state
        .db(move |conn| Ok(db::api_tokens::delete(conn, id)?))
        .await?
    {
        return Err(AppError::not_found("token").into());
    }
    Ok(see_other("/admin/tokens"))
}
