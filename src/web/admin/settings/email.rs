//! Settings → Email: the SMTP server buyers' emails leave through, and a test email.

use crate::domain::validation::{is_email, FieldErrors};
use crate::mail::{self, EmailSettings};
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn saved(state: &AppState) -> Result<Option<EmailSettings>, crate::error::AppError> {
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::email_settings(conn, &key)?))
        .await
}

fn view_of(saved: Option<&EmailSettings>) -> view::EmailView {
    view::EmailView {
        smtp_url: saved
            .map(|s| mail::shown_url(&s.smtp_url))
            .unwrap_or_default(),
        from: saved.map(|s| s.from.clone()).unwrap_or_default(),
        reply_to: (saved.and_then(|s| s.reply_to.clone())).unwrap_or_default(),
        configured: saved.is_some(),
        notice: None,
        errors: FieldErrors::default(),
    }
}

pub async fn email(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let v = view_of(saved(&state).await?.as_ref());
    Ok(html(
        StatusCode::OK,
        view::email(&admin.nav("settings"), &v),
    ))
}

pub async fn save_email(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let nav = admin.nav("settings");
    let old = saved(&state).await?;
    if form.get("action") == Some("test") {
        let mut v = view_of(old.as_ref());
        let to = form.text("to").trim().to_string();
        let Some(settings) = old.filter(|_| is_email(&to)) else {
            v.errors
                .add("to", "must be an email address like you@example.com");
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::email(&nav, &v),
            ));
        };
        let shop = state.db(|conn| Ok(settings::shop_profile(conn)?)).await?;
        let sent_to = to.clone();
        let sent = web::block(move || mail::send_test(&settings, &shop, &sent_to))
            .await
            .map_err(crate::error::AppError::from)?;
        v.notice = Some(match sent {
            Ok(()) => Ok(format!("The SMTP server took the test email to {to}.")),
            Err(e) => Err(format!("The test email was not sent: {e}")),
        });
        return Ok(html(StatusCode::OK, view::email(&nav, &v)));
    }
    let (url, from, reply_to) = (
        form.text("smtp_url"),
        form.text("from"),
        form.text("reply_to"),
    );
    match EmailSettings::validate(&url, &from, &reply_to, old.as_ref()) {
        Err(errors) => {
            let v = view::EmailView {
                smtp_url: url,
                from,
                reply_to,
                configured: old.is_some(),
                notice: None,
                errors,
            };
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::email(&nav, &v),
            ))
        }
        Ok(e) => {
            let (key, stored) = (state.key.clone(), e.clone());
            state
                .db(move |conn| Ok(settings::save_email_settings(conn, &key, &stored)?))
                .await?;
            let mut v = view_of(Some(&e));
            v.notice = Some(Ok(
                "Saved. Emails to buyers go through this server from now on.".into(),
            ));
            Ok(html(StatusCode::OK, view::email(&nav, &v)))
        }
    }
}
