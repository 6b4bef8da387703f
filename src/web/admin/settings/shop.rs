//! Settings → Shop: the name, logo, colour and contacts buyers see on every buyer page.

use crate::domain::shop::ShopInput;
use crate::domain::validation::FieldErrors;
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

pub async fn shop(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let saved = state.db(|conn| Ok(settings::shop_profile(conn)?)).await?;
    let v = view::ShopView {
        input: &ShopInput::from(&saved),
        saved: false,
        errors: &FieldErrors::default(),
    };
    Ok(html(StatusCode::OK, view::shop(&admin.nav("settings"), &v)))
}

/// Saving writes the settings table, which empties the checkout page cache (`db::catalog`).
pub async fn save_shop(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let field = |name: &str| Some(form.text(name));
    let typed = ShopInput {
        name: field("name"),
        logo_url: field("logo_url"),
        accent_color: field("accent_color"),
        support_email: field("support_email"),
        terms_url: field("terms_url"),
        privacy_url: field("privacy_url"),
    };
    let nav = admin.nav("settings");
    match typed.validate() {
        Err(errors) => {
            let v = view::ShopView {
                input: &typed,
                saved: false,
                errors: &errors,
            };
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view::shop(&nav, &v)))
        }
        Ok(profile) => {
            let shown = ShopInput::from(&profile);
            state
                .db(move |conn| Ok(settings::save_shop_profile(conn, &profile)?))
                .await?;
            let v = view::ShopView {
                input: &shown,
                saved: true,
                errors: &FieldErrors::default(),
            };
            Ok(html(StatusCode::OK, view::shop(&nav, &v)))
        }
    }
}
