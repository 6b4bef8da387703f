//! Settings → Tax: VAT on or off, how prices are typed, the rates, the seller on invoices.

use crate::domain::tax_settings::{parse_rates, SellerInput, TaxInput};
use crate::domain::validation::FieldErrors;
use crate::settings;
use crate::views::admin::settings as view;
use crate::web::admin::Admin;
use crate::web::form::Form;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

pub async fn tax(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let saved = state.db(|conn| Ok(settings::tax_settings(conn)?)).await?;
    let v = view::TaxView::of(&saved, false, FieldErrors::default());
    Ok(html(StatusCode::OK, view::tax(&admin.nav("settings"), &v)))
}

/// Saving writes the settings table, which empties the checkout page cache (`db::catalog`).
pub async fn save_tax(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let nav = admin.nav("settings");
    let text = |name: &str| Some(form.text(name));
    let mut errors = FieldErrors::default();
    let rates = parse_rates(&form.text("rates")).unwrap_or_else(|message| {
        errors.add("rates", message);
        Default::default()
    });
    let typed = TaxInput {
        enabled: form.get("enabled").is_some(),
        prices_include_tax: Some(form.text("prices") != "exclude"),
        origin_country: text("origin_country"),
        rates: Some(rates),
        reverse_charge: Some(form.get("reverse_charge").is_some()),
        seller: Some(SellerInput {
            name: text("seller.name"),
            address: text("seller.address"),
            vat_id: text("seller.vat_id"),
            support_email: text("seller.support_email"),
        }),
    };
    let checked = typed.validate();
    match (checked, errors.is_empty()) {
        (Ok(tax), true) => {
            let v = view::TaxView::of(&tax, true, FieldErrors::default());
            state
                .db(move |conn| Ok(settings::save_tax_settings(conn, &tax)?))
                .await?;
            Ok(html(StatusCode::OK, view::tax(&nav, &v)))
        }
        (checked, _) => {
            if let Err(more) = checked {
                // A rate's own error ("rates.DE") is shown beside the one rates field.
                for (field, message) in more.iter() {
                    match field.strip_prefix("rates.") {
                        Some(code) => errors.add("rates", format!("{code}: {message}")),
                        None => errors.add(field, message),
                    }
                }
            }
            let v = view::TaxView::typed(&form, errors);
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view::tax(&nav, &v)))
        }
    }
}
