//! Dashboard: products. The form speaks major units (`49.00`); the domain, minor units.

use super::{path_id, Admin};
use crate::db;
use crate::domain::money::Currency;
use crate::domain::product::{
    OnCancel, PriceInput, Product, ProductInput, GRACE_DAYS_DEFAULT, MAX_PRICES,
};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::settings;
use crate::views::admin::products::{self as view, PriceRow, ProductForm};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let (products, tags) = state
        .db(|conn| Ok((db::products::list(conn)?, settings::account_tags(conn)?)))
        .await?;
    Ok(html(
        StatusCode::OK,
        view::list(&admin.nav("products"), &products, tags.as_deref()),
    ))
}

/// The tags of the last Kartra connection test, to pick from.
async fn account_tags(state: &AppState) -> Result<Option<Vec<String>>, AppError> {
    state.db(|conn| Ok(settings::account_tags(conn)?)).await
}

pub async fn new(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let tags = account_tags(&state).await?;
    let form = ProductForm {
        revoke_on_refund: true,
        on_cancel: OnCancel::default().as_str().into(),
        grace_days: GRACE_DAYS_DEFAULT.to_string(),
        prices: vec![PriceRow::default()],
        ..Default::default()
    };
    Ok(html(
        StatusCode::OK,
        view::form(
            &admin.nav("products"),
            None,
            &form,
            tags.as_deref(),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn edit(state: web::Data<AppState>, admin: Admin, path: web::Path<String>) -> HtmlResult {
    let id = path_id(&path, "product")?;
    let product = state
        .db(move |conn| Ok(db::products::get(conn, id)?))
        .await?
        .ok_or_else(|| AppError::not_found("product"))?;
    let tags = account_tags(&state).await?;
    let mut form = form_of(&product);
    form.prices.push(PriceRow::default());
    Ok(html(
        StatusCode::OK,
        view::form(
            &admin.nav("products"),
            Some(id),
            &form,
            tags.as_deref(),
            &FieldErrors::default(),
        ),
    ))
}

pub async fn create(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    save(state, admin, None, body).await
}

pub async fn update(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let id = path_id(&path, "product")?;
    save(state, admin, Some(id), body).await
}

async fn save(
    state: web::Data<AppState>,
    admin: Admin,
    id: Option<crate::domain::ids::ProductId>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let mut typed = read_form(&form);
    let tags = account_tags(&state).await?;
    let nav = admin.nav("products");
    if form.get("action") == Some("add_row") && typed.prices.len() < MAX_PRICES {
        typed.prices.push(PriceRow::default());
        return Ok(html(
            StatusCode::OK,
            view::form(&nav, id, &typed, tags.as_deref(), &FieldErrors::default()),
        ));
    }
    let (input, mut errors) = to_input(&typed);
    let draft = match input.validate() {
        Ok(draft) if errors.is_empty() => draft,
        Ok(_) => {
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::form(&nav, id, &typed, tags.as_deref(), &errors),
            ))
        }
        Err(more) => {
            errors.extend(more);
            return Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::form(&nav, id, &typed, tags.as_deref(), &errors),
            ));
        }
    };
    let now = state.clock.now();
    let saved = state
        .db(move |conn| {
            Ok(match id {
                None => db::products::create(conn, &draft, now).map(Some),
                Some(id) => db::products::update(conn, id, &draft, now),
            })
        })
        .await?;
    match saved {
        Ok(Some(_)) => {
            state.fulfillment.wake();
            Ok(see_other("/admin/products"))
        }
        Ok(None) => Err(AppError::not_found("product").into()),
        Err(e) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::form(&nav, id, &typed, tags.as_deref(), &e.into_fields()?),
        )),
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id = path_id(&path, "product")?;
    match state
        .db(move |conn| Ok(db::products::delete(conn, id)))
        .await?
    {
        Ok(true) => Ok(see_other("/admin/products")),
        Ok(false) => Err(AppError::not_found("product").into()),
        Err(e) => Err(AppError::from(e).into()),
    }
}

fn form_of(p: &Product) -> ProductForm {
    let prices = p
        .prices
        .iter()
        .map(|price| {
            let t = &price.terms;
            let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
            PriceRow {
                id: price.id.to_string(),
                kind: t.kind.as_str().into(),
                currency: t.currency.clone(),
                amount: t.currency().to_major_text(t.amount),
                interval: t
                    .interval
                    .map(|i| i.as_str().to_string())
                    .unwrap_or_else(|| "month".into()),
                interval_count: number(t.interval_count.or(Some(1))),
                installments: number(t.installments),
                trial_days: number(t.trial_days.filter(|d| *d > 0)),
            }
        })
        .collect();
    ProductForm {
        name: p.name.clone(),
        kartra_tag: p.kartra_tag.clone(),
        thank_you_url: p.thank_you_url.clone().unwrap_or_default(),
        show_receipt: p.show_receipt,
        image_url: p.image_url.clone().unwrap_or_default(),
        revoke_on_refund: p.revoke_on_refund,
        on_cancel: p.on_cancel.as_str().into(),
        grace_days: p.grace_days.to_string(),
        payment_failed_tag: p.payment_failed_tag.clone().unwrap_or_default(),
        prices,
    }
}

/// The submitted rows, minus the ones marked for removal and new rows left blank.
fn read_form(form: &Form) -> ProductForm {
    let mut prices = Vec::new();
    for i in 0..=MAX_PRICES {
        let key = |name: &str| format!("prices[{i}].{name}");
        if !form.has_prefix(&format!("prices[{i}].")) {
            continue;
        }
        let row = PriceRow {
            id: form.text(&key("id")),
            kind: form.text(&key("kind")),
            currency: form.text(&key("currency")).to_ascii_uppercase(),
            amount: form.text(&key("amount")),
            interval: form.text(&key("interval")),
            interval_count: form.text(&key("interval_count")),
            installments: form.text(&key("installments")),
            trial_days: form.text(&key("trial_days")),
        };
        let removed = form.checked(&key("remove"));
        let blank = row.id.is_empty() && row.amount.is_empty();
        if !removed && !blank {
            prices.push(row);
        }
    }
    ProductForm {
        name: form.text("name"),
        kartra_tag: form.text("kartra_tag"),
        thank_you_url: form.text("thank_you_url"),
        show_receipt: form.checked("show_receipt"),
        image_url: form.text("image_url"),
        revoke_on_refund: form.checked("revoke_on_refund"),
        on_cancel: form.text("on_cancel"),
        grace_days: form.text("grace_days"),
        payment_failed_tag: form.text("payment_failed_tag"),
        prices,
    }
}

/// Form text to the API's input. The interval fields are sent only for the kinds they apply to,
/// because the form shows every field on every row.
fn to_input(f: &ProductForm) -> (ProductInput, FieldErrors) {
    let mut errors = FieldErrors::default();
    let prices = f
        .prices
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let at = |name: &str| format!("prices[{i}].{name}");
            let mut number = |name: &str, text: &str| -> Option<i64> {
                if text.is_empty() {
                    return None;
                }
                text.parse()
                    .map_err(|_| errors.add(at(name), "must be a whole number"))
                    .ok()
            };
            let recurring = row.kind != "one_time";
            let interval_count = number("interval_count", &row.interval_count);
            let installments = number("installments", &row.installments);
            let trial_days = number("trial_days", &row.trial_days);
            let amount = match Currency::from_code(&row.currency) {
                Some(currency) => currency
                    .parse_major(&row.amount)
                    .map_err(|m| errors.add(at("amount"), m))
                    .ok(),
                None => None,
            };
            PriceInput {
                id: row.id.parse().ok(),
                kind: Some(row.kind.clone()),
                currency: Some(row.currency.clone()),
                amount,
                interval: recurring.then(|| row.interval.clone()),
                interval_count: if recurring { interval_count } else { None },
                installments: if row.kind == "payment_plan" {
                    installments
                } else {
                    None
                },
                trial_days: if row.kind == "subscription" {
                    trial_days
                } else {
                    None
                },
            }
        })
        .collect();
    let input = ProductInput {
        name: Some(f.name.clone()),
        kartra_tag: Some(f.kartra_tag.clone()),
        thank_you_url: Some(f.thank_you_url.clone()),
        show_receipt: Some(f.show_receipt),
        image_url: Some(f.image_url.clone()),
        revoke_on_refund: Some(f.revoke_on_refund),
        on_cancel: Some(f.on_cancel.clone()),
        grace_days: match f.grace_days.trim() {
            "" => None,
            text => text.parse().map(Some).unwrap_or_else(|_| {
                errors.add("grace_days", "must be a whole number of days, 0 to 60");
                None
            }),
        },
        payment_failed_tag: Some(f.payment_failed_tag.clone()),
        prices: Some(prices),
        ..ProductInput::default()
    };
    (input, errors)
}
