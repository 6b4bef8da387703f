//! Settings → Payment gateways: the test gateway, and each processor's keys.

use crate::error::AppError;
use crate::gateways::Gateway;
use crate::gateways::{keys, registry};
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn gateways_page(
    state: &AppState,
    admin: &Admin,
    status: StatusCode,
    notice: Option<Result<String, String>>,
) -> HtmlResult {
    let key = state.key.clone();
    let public = state.config.public_url().to_string();
    let (test_enabled, saved) = state
        .db(move |conn| {
            let mut saved = vec![];
            for kind in registry::KINDS.into_iter().filter(|k| !k.simulated) {
                saved.push((
                    kind,
                    settings::gateway_enabled(conn, kind.gateway)?,
                    keys::saved(conn, &key, kind)?.is_some(),
                    keys::shown(conn, &key, kind)?,
                ));
            }
            Ok((settings::gateway_enabled(conn, Gateway::Test)?, saved))
        })
        .await?;
    let url = |g: Gateway| format!("{public}/webhooks/{}", g.as_str());
    let processors: Vec<view::GatewayView> = saved
        .into_iter()
        .map(|(kind, enabled, configured, shown)| view::GatewayView {
            name: kind.gateway.as_str(),
            title: kind.title,
            enabled,
            configured,
            webhook_url: url(kind.gateway),
            events: kind.webhook_events,
            webhook_note: kind.webhook_note,
            fields: shown
                .into_iter()
                .map(|(field, value, saved)| (field.name, field.label, value, field.secret, saved))
                .collect(),
        })
        .collect();
    let notice = notice
        .as_ref()
        .map(|n| n.as_ref().map(String::as_str).map_err(String::as_str));
    Ok(html(
        status,
        view::gateways(
            &admin.nav("settings"),
            test_enabled,
            &url(Gateway::Test),
            &processors,
            notice,
        ),
    ))
}

pub async fn gateways(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    gateways_page(&state, &admin, StatusCode::OK, None).await
}

pub async fn save_gateways(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let gateway =
        Gateway::parse(&form.text("gateway")).ok_or_else(|| AppError::not_found("gateway"))?;
    if form.get("action") == Some("verify") {
        let verified = match state.processors.get(gateway) {
            Some(processor) => web::block(move || processor.verify_keys())
                .await
                .map_err(AppError::from)?,
            None => Err("Save every key first.".into()),
        };
        let notice = verified
            .map(|_| format!("{} accepted the keys.", gateway.label()))
            .map_err(|e| format!("The keys were refused: {e}"));
        return gateways_page(&state, &admin, StatusCode::OK, Some(notice)).await;
    }
    let on = form.checked("enabled");
    let kind = registry::kind(gateway);
    // The same rules as the API's; a field left empty keeps its saved value.
    let submitted = keys::validate(kind, |field| {
        let asked = field.generate.is_none();
        Some(form.text(field.name)).filter(|v| asked && !v.is_empty())
    });
    let submitted = match submitted {
        Ok(submitted) => submitted,
        Err(errors) => {
            let notice = Err(format!("Not saved. {}", errors.summary()));
            return gateways_page(
                &state,
                &admin,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(notice),
            )
            .await;
        }
    };
    let (key, processors) = (state.key.clone(), state.processors.clone());
    let saved = state
        .db(move |conn| {
            let saved = crate::db::immediate::<_, AppError>(conn, |tx| {
                let ready = keys::save(tx, &key, kind, &submitted)?;
                if on && !ready {
                    return Ok(Err(
                        "Saved, but not enabled: every key is needed first.".to_string()
                    ));
                }
                settings::set_gateway_enabled(tx, gateway, on)?;
                Ok(Ok("Saved.".to_string()))
            })?;
            processors.reload(conn, &key)?;
            Ok(saved)
        })
        .await?;
    gateways_page(&state, &admin, StatusCode::OK, Some(saved)).await
}
