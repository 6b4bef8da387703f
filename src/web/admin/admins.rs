//! Dashboard: admins.

use super::{path_id, Admin};
use crate::db;
use crate::domain::ids::AdminId;
use crate::domain::validation::{check_password, is_email, FieldErrors};
use crate::error::AppError;
use crate::views::admin::admins as view;
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn render(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    email: &str,
    errors: &FieldErrors,
) -> HtmlResult {
    let admins = state.db(|conn| Ok(db::admins::list(conn)?)).await?;
    Ok(html(
        status,
        view::page(&admin.nav("admins"), admin.id, &admins, email, errors),
    ))
}

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    render(&state, &admin, StatusCode::OK, "", &FieldErrors::default()).await
}

pub async fn create(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let email = form.text("email");
    let password_sent = form.get("password").unwrap_or("").to_string();
    let mut errors = FieldErrors::default();
    if !is_email(&email) {
        errors.add("email", "must be an email address");
    }
    check_password(&mut errors, "password", &password_sent, &[&email]);
    if !errors.is_empty() {
        return render(
            &state,
            &admin,
            StatusCode::UNPROCESSABLE_ENTITY,
            &email,
            &errors,
        )
        .await;
    }
    let hash = state.hasher.hash(password_sent).await.map_err(|_| {
        AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "busy",
            "The server is busy checking sign-ins. Try again in a moment.",
        )
    })?;
    let (new_email, now) = (email.clone(), state.clock.now());
    let created = state
        .db(move |conn| Ok(db::admins::create(conn, &new_email, &hash, now)))
        .await?;
    match created {
        Ok(_) => Ok(see_other("/admin/admins")),
        Err(e) => {
            render(
                &state,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                &email,
                &e.into_fields()?,
            )
            .await
        }
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id: AdminId = path_id(&path, "admin")?;
    if id == admin.id {
        return Err(AppError::conflict(
            "own_account",
            "You cannot remove your own account; ask another admin.",
        )
        .into());
    }
    match state
        .db(move |conn| Ok(db::admins::delete(conn, id)))
        .await?
    {
        Ok(true) => Ok(see_other("/admin/admins")),
        Ok(false) => Err(AppError::not_found("admin").into()),
        Err(e) => Err(AppError::from(e).into()),
    }
}
