//! Settings → Webhooks: add (the secret shown once), delete, and each endpoint's delivery log
//! with Resend.

use crate::db;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::views::admin::webhooks as view;
use crate::web::admin::{path_id, Admin};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use crate::webhooks_out::{self, EndpointInput, Refused, MAX_ENDPOINTS};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

/// Deliveries shown per endpoint.
const LOG_ROWS: i64 = 20;

async fn webhooks_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    created_secret: Option<&str>,
    typed: (&str, &[String]),
    errors: &FieldErrors,
) -> HtmlResult {
    let endpoints = state
        .db(|conn| {
            let mut out = vec![];
            for endpoint in db::webhooks::endpoints(conn)? {
                let log = db::webhooks::log(conn, endpoint.id, LOG_ROWS)?;
                out.push((endpoint, log));
            }
            Ok(out)
        })
        .await?;
    let v = view::WebhooksView {
        endpoints: &endpoints,
        created_secret,
        typed_url: typed.0,
        typed_events: typed.1,
        errors,
    };
    Ok(html(status, view::page(&admin.nav("settings"), &v)))
}

pub async fn webhooks(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let none = FieldErrors::default();
    webhooks_page(&state, &admin, StatusCode::OK, None, ("", &[]), &none).await
}

pub async fn add_webhook(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let url = form.text("url");
    let events: Vec<String> = form.all("events").into_iter().map(str::to_string).collect();
    let input = EndpointInput {
        url: Some(url.clone()),
        events: Some(events.clone()),
    };
    let (key, now) = (state.key.clone(), state.clock.now());
    let added = state
        .db(move |conn| Ok(webhooks_out::add(conn, &key, &input, now)?))
        .await?;
    let errors = match added {
        Ok((_, secret)) => {
            let none = FieldErrors::default();
            let page = webhooks_page(
                &state,
                &admin,
                StatusCode::OK,
                Some(&secret),
                ("", &[]),
                &none,
            );
            return page.await;
        }
        Err(Refused::Invalid(errors)) => errors,
        Err(Refused::TooMany) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "url",
                format!("there are {MAX_ENDPOINTS} endpoints already; delete one first"),
            );
            errors
        }
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    webhooks_page(&state, &admin, status, None, (&url, &events), &errors).await
}

pub async fn delete_webhook(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id: i64 = path_id(&path, "webhook endpoint")?;
    let deleted = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| Ok(db::webhooks::delete_endpoint(tx, id)?))
        })
        .await?;
    if !deleted {
        return Err(AppError::not_found("webhook endpoint").into());
    }
    Ok(see_other("/admin/settings/webhooks"))
}

/// Sends the delivery again at the scheduler's next pass, and enables its endpoint again.
pub async fn resend_delivery(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id: i64 = path_id(&path, "delivery")?;
    let now = state.clock.now();
    let found = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| Ok(db::webhooks::resend(tx, id, now)?))
        })
        .await?;
    if !found {
        return Err(AppError::not_found("delivery").into());
    }
    state.fulfillment.wake();
    Ok(see_other("/admin/settings/webhooks"))
}
