//! Settings → Kartra: credentials, with a connection test that lists the account's tags.

use crate::domain::validation::FieldErrors;
use crate::settings;
use crate::views::admin::settings::{self as view, KartraView};
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::kartra::{test_connection, validate_kartra};
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn kartra_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    app_id: Option<String>,
    tested: Option<Result<Vec<String>, String>>,
    errors: &FieldErrors,
) -> HtmlResult {
    let (stored, auto_reapply) = state
        .db(|conn| {
            Ok((
                settings::kartra_app_id(conn)?,
                settings::auto_reapply(conn)?,
            ))
        })
        .await?;
    let health = state.fulfillment.health();
    let tested_ref = tested
        .as_ref()
        .map(|r| r.as_ref().map(|t| t.as_slice()).map_err(|e| e.as_str()));
    let v = KartraView {
        app_id: app_id.as_deref().or(stored.as_deref()).unwrap_or(""),
        configured: stored.is_some(),
        state: health.state,
        last_error: health.last_error.as_deref(),
        tested: tested_ref,
        errors,
        auto_reapply,
    };
    Ok(html(status, view::kartra(&admin.nav("settings"), &v)))
}

pub async fn kartra(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    kartra_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        None,
        &FieldErrors::default(),
    )
    .await
}

pub async fn save_kartra(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    if form.get("action") == Some("test") {
        let tested = test_connection(&state)
            .await?
            .map_err(|(_, message)| message);
        return kartra_page(
            &state,
            &admin,
            StatusCode::OK,
            None,
            Some(tested),
            &FieldErrors::default(),
        )
        .await;
    }
    // Empty secret fields keep what is saved: they are never shown back.
    let key = state.key.clone();
    let saved = state
        .db(move |conn| Ok(settings::kartra_credentials(conn, &key)?))
        .await?;
    let pick =
        |field: &str, old: Option<String>| Some(form.text(field)).filter(|v| !v.is_empty()).or(old);
    let app_id = form.text("app_id");
    let creds = validate_kartra(
        Some(&app_id),
        pick("api_key", saved.as_ref().map(|c| c.api_key.clone())).as_deref(),
        pick(
            "api_password",
            saved.as_ref().map(|c| c.api_password.clone()),
        )
        .as_deref(),
    );
    let creds = match creds {
        Ok(creds) => creds,
        Err(errors) => {
            return kartra_page(
                &state,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(app_id),
                None,
                &errors,
            )
            .await
        }
    };
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::save_kartra_credentials(conn, &key, &creds)?))
        .await?;
    state.fulfillment.credentials_changed();
    // Saving proves nothing yet: test straight away so the admin sees the tags or the problem.
    let tested = test_connection(&state)
        .await?
        .map_err(|(_, message)| message);
    kartra_page(
        &state,
        &admin,
        StatusCode::OK,
        None,
        Some(tested),
        &FieldErrors::default(),
    )
    .await
}

/// "Re-apply automatically when Kartra disagrees": read-backs (the audit's among them) that
/// find a tag missing, or still there after its revoke, queue the access again by themselves.
pub async fn save_auto_reapply(
    state: web::Data<AppState>,
    admin: Admin,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let on = form.checked("auto_reapply");
    state
        .db(move |conn| Ok(settings::set_auto_reapply(conn, on)?))
        .await?;
    Ok(see_other("/admin/settings/kartra#audit"))
}
