//! Dashboard: checkout pages' basic settings. Sections are kept as they are; the builder edits them.

use super::{path_id, Admin};
use crate::clock;
use crate::db;
use crate::domain::gateway::Gateway;
use crate::domain::page::{Page, PageInput};
use crate::domain::product::Product;
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::views::admin::pages::{self as view, PageForm};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

async fn products(state: &AppState) -> Result<Vec<Product>, AppError> {
    state.db(|conn| Ok(db::products::list(conn)?)).await
}

pub async fn list(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let (pages, products) = state
        .db(|conn| Ok((db::pages::list(conn)?, db::products::list(conn)?)))
        .await?;
    Ok(html(
        StatusCode::OK,
        view::list(&admin.nav("pages"), &pages, &products),
    ))
}

pub async fn new(state: web::Data<AppState>, admin: Admin) -> HtmlResult {
    let products = products(&state).await?;
    let form = PageForm {
        product_id: products
            .first()
            .map(|p| p.id.to_string())
            .unwrap_or_default(),
        gateways: vec![Gateway::Test.as_str().into()],
        ..Default::default()
    };
    Ok(html(
        StatusCode::OK,
        view::form(
            &admin.nav("pages"),
            None,
            &form,
            &products,
            &FieldErrors::default(),
        ),
    ))
}

pub async fn edit(state: web::Data<AppState>, admin: Admin, path: web::Path<String>) -> HtmlResult {
    let id = path_id(&path, "page")?;
    let page = state
        .db(move |conn| Ok(db::pages::get(conn, id)?))
        .await?
        .ok_or_else(|| AppError::not_found("page"))?;
    let products = products(&state).await?;
    Ok(html(
        StatusCode::OK,
        view::form(
            &admin.nav("pages"),
            Some(id),
            &form_of(&page),
            &products,
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
    let id = path_id(&path, "page")?;
    save(state, admin, Some(id), body).await
}

async fn save(
    state: web::Data<AppState>,
    admin: Admin,
    id: Option<i64>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let typed = PageForm {
        title: form.text("title"),
        slug: form.text("slug"),
        product_id: form.text("product_id"),
        template: form.text("template"),
        gateways: Gateway::ALL
            .iter()
            .filter(|g| form.checked(&format!("gateways.{}", g.as_str())))
            .map(|g| g.as_str().into())
            .collect(),
        custom_domain: form.text("custom_domain"),
        published: form.checked("published"),
    };
    // The form does not edit sections: an update keeps the page's own.
    let sections = match id {
        Some(id) => Some(
            state
                .db(move |conn| Ok(db::pages::get(conn, id)?))
                .await?
                .ok_or_else(|| AppError::not_found("page"))?
                .sections,
        ),
        None => None,
    };
    let input = PageInput {
        title: Some(typed.title.clone()),
        slug: Some(typed.slug.clone()),
        product_id: typed.product_id.parse().ok(),
        template: Some(typed.template.clone()),
        gateways: Some(typed.gateways.clone()),
        custom_domain: Some(typed.custom_domain.clone()),
        sections,
        published: Some(typed.published),
    };
    let nav = admin.nav("pages");
    let refused = |errors: FieldErrors, products: Vec<Product>| {
        html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::form(&nav, id, &typed, &products, &errors),
        )
    };
    let draft = match input.validate() {
        Ok(draft) => draft,
        Err(errors) => return Ok(refused(errors, products(&state).await?)),
    };
    let now = clock::now();
    let saved = state
        .db(move |conn| {
            Ok(match id {
                None => db::pages::create(conn, &draft, now).map(Some),
                Some(id) => db::pages::update(conn, id, &draft, now),
            })
        })
        .await?;
    match saved {
        Ok(Some(_)) => Ok(see_other("/admin/pages")),
        Ok(None) => Err(AppError::not_found("page").into()),
        Err(e) => Ok(refused(e.into_fields()?, products(&state).await?)),
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id = path_id(&path, "page")?;
    if !state
        .db(move |conn| Ok(db::pages::delete(conn, id)?))
        .await?
    {
        return Err(AppError::not_found("page").into());
    }
    Ok(see_other("/admin/pages"))
}

fn form_of(p: &Page) -> PageForm {
    PageForm {
        title: p.title.clone(),
        slug: p.slug.clone(),
        product_id: p.product_id.to_string(),
        template: p.template.clone(),
        gateways: p.gateways.iter().map(|g| g.as_str().to_string()).collect(),
        custom_domain: p.custom_domain.clone().unwrap_or_default(),
        published: p.published,
    }
}
