//! Settings → Email: the SMTP server buyers' emails leave through, and a test email.

use crate::db::emails::EmailKind;
use crate::domain::validation::{is_email, FieldErrors};
use crate::error::AppError;
use crate::mail::template::Template;
use crate::mail::{self, EmailSettings};
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn saved(state: &AppState) -> Result<Option<EmailSettings>, AppError> {
    let key = state.key.clone();
    state
        .db(move |conn| Ok(settings::email_settings(conn, &key)?))
        .await
}

/// Each kind's saved template as the form shows it.
async fn templates(state: &AppState) -> Result<Vec<(EmailKind, String, String)>, AppError> {
    state
        .db(|conn| {
            let mut all = vec![];
            for kind in EmailKind::ALL {
                let t = settings::email_template(conn, kind)?;
                let (subject, body) = t.map(|t| (t.subject, t.body)).unwrap_or_default();
                all.push((kind, subject, body));
            }
            Ok(all)
        })
        .await
}

fn view_of(
    saved: Option<&EmailSettings>,
    templates: Vec<(EmailKind, String, String)>,
) -> view::EmailView {
    view::EmailView {
        templates,
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
    let v = view_of(saved(&state).await?.as_ref(), templates(&state).await?);
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
    if form.get("action") == Some("templates") {
        return save_templates(&state, &admin, &form, old.as_ref()).await;
    }
    if form.get("action") == Some("test") {
        let mut v = view_of(old.as_ref(), templates(&state).await?);
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
                templates: templates(&state).await?,
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
            let mut v = view_of(Some(&e), templates(&state).await?);
            v.notice = Some(Ok(
                "Saved. Emails to buyers go through this server from now on.".into(),
            ));
            Ok(html(StatusCode::OK, view::email(&nav, &v)))
        }
    }
}

/// Saves the five templates at once, or none when any is refused.
async fn save_templates(
    state: &AppState,
    admin: &Admin,
    form: &Form,
    saved: Option<&EmailSettings>,
) -> HtmlResult {
    let mut errors = FieldErrors::default();
    let mut typed = vec![];
    let mut checked = vec![];
    for kind in EmailKind::ALL {
        let subject = form.text(&format!("subject.{}", kind.as_str()));
        let body = form.text(&format!("body.{}", kind.as_str()));
        checked.push((kind, Template::validate(kind, &subject, &body, &mut errors)));
        typed.push((kind, subject, body));
    }
    let nav = admin.nav("settings");
    if !errors.is_empty() {
        let mut v = view_of(saved, typed);
        v.errors = errors;
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::email(&nav, &v),
        ));
    }
    state
        .db(move |conn| {
            for (kind, template) in &checked {
                settings::save_email_template(conn, *kind, template.as_ref())?;
            }
            Ok(())
        })
        .await?;
    let mut v = view_of(saved, templates(state).await?);
    v.notice = Some(Ok("Templates saved. The next emails use them.".into()));
    Ok(html(StatusCode::OK, view::email(&nav, &v)))
}

/// `/admin/settings/email/preview/{kind}`: what a sample buyer would get, its subject and
/// plain text.
pub async fn preview(
    state: web::Data<AppState>,
    admin: Admin,
    kind: web::Path<String>,
) -> HtmlResult {
    let (kind, subject, text, _) = sample(&state, &kind).await?;
    let page = view::email_preview(&admin.nav("settings"), kind, &subject, &text);
    Ok(html(StatusCode::OK, page))
}

/// `…/preview/{kind}/html`: the HTML version, as the buyer's mail program shows it.
pub async fn preview_html(
    state: web::Data<AppState>,
    _: Admin,
    kind: web::Path<String>,
) -> HtmlResult {
    let (_, _, _, html_body) = sample(&state, &kind).await?;
    Ok(actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html_body))
}

/// The kind named in the path, rendered for a sample order with the saved template.
async fn sample(
    state: &AppState,
    kind: &str,
) -> Result<(EmailKind, String, String, String), AppError> {
    let kind = EmailKind::parse(kind).ok_or_else(|| AppError::not_found("email"))?;
    let (shop, template) = state
        .db(move |conn| {
            Ok((
                settings::shop_profile(conn)?,
                settings::email_template(conn, kind)?,
            ))
        })
        .await?;
    let (subject, text, html_body) =
        mail::message::preview(kind, &shop, template.as_ref(), crate::i18n::Locale::En);
    Ok((kind, subject, text, html_body))
}
