//! Dashboard: the pages list, new pages, the editor's Settings tab, and publishing.

use super::{path_id, Admin};
use crate::db::{self, pages::Release, SaveError};
use crate::domain::ids::{PageId, PriceId};
use crate::domain::page::{AddOn, AddOnInput, Page, PageDraft, PageInput};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::gateways::Gateway;
use crate::settings;
use crate::views::admin::editor as editor_view;
use crate::views::admin::pages::{self as view, AddOnForm, PageForm};
use crate::web::form::Form;
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

/// Shown with the latest draft when a form was made from an older one.
pub const STALE: &str = "This page was changed elsewhere since you opened it; here is the latest version. Make your change again.";

pub async fn load(state: &AppState, id: PageId) -> Result<Page, AppError> {
    state
        .db(move |conn| Ok(db::pages::get(conn, id)?))
        .await?
        .ok_or_else(|| AppError::not_found("page"))
}

/// The draft's revision an editor form was made from; a missing one never matches.
pub fn revision(form: &Form) -> i64 {
    form.text("revision").parse().unwrap_or(-1)
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
    let products = state.db(|conn| Ok(db::products::list(conn)?)).await?;
    let form = PageForm {
        product_id: products
            .first()
            .map(|p| p.id.to_string())
            .unwrap_or_default(),
        template: "minimal".into(),
        ..Default::default()
    };
    let nav = admin.nav("pages");
    Ok(html(
        StatusCode::OK,
        view::new(&nav, &form, &products, &FieldErrors::default()),
    ))
}

/// A new page starts as an unpublished draft with its template's sections.
pub async fn create(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let typed = PageForm {
        title: form.text("title"),
        slug: form.text("slug"),
        product_id: form.text("product_id"),
        template: form.text("template"),
        ..Default::default()
    };
    let input = PageInput {
        title: Some(typed.title.clone()),
        slug: Some(typed.slug.clone()),
        product_id: typed.product_id.parse().ok(),
        template: Some(typed.template.clone()),
        ..Default::default()
    };
    let saved = match input.validate(state.config.public_host().as_deref()) {
        Ok(draft) => {
            let now = state.clock.now();
            state
                .db(move |conn| Ok(db::pages::create(conn, &draft, now)))
                .await?
        }
        Err(errors) => Err(SaveError::Invalid(errors)),
    };
    match saved {
        Ok(page) => Ok(see_other(&format!("/admin/pages/{}", page.id))),
        Err(e) => {
            let errors = e.into_fields()?;
            let products = state.db(|conn| Ok(db::products::list(conn)?)).await?;
            let nav = admin.nav("pages");
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                view::new(&nav, &typed, &products, &errors),
            ))
        }
    }
}

fn form_of(p: &Page) -> PageForm {
    PageForm {
        title: p.draft.title.clone(),
        slug: p.slug.clone(),
        custom_domain: p.custom_domain.clone().unwrap_or_default(),
        template: p.draft.template.clone(),
        product_id: p.draft.product_id.to_string(),
        price_ids: p.draft.price_ids.iter().map(PriceId::to_string).collect(),
        gateways: p
            .draft
            .gateways
            .iter()
            .map(|g| g.as_str().to_string())
            .collect(),
        language: p.draft.language.as_str().into(),
        bump: add_on_form(p.draft.bump.as_ref()),
        upsell: add_on_form(p.draft.upsell.as_ref()),
        terms_url: p.draft.terms_url.clone().unwrap_or_default(),
        waiver: p.draft.waiver,
    }
}

fn add_on_form(add_on: Option<&AddOn>) -> AddOnForm {
    match add_on {
        None => AddOnForm::default(),
        Some(a) => AddOnForm {
            offered: true,
            choice: view::choice(a.product_id, a.price_id),
            headline: a.headline.clone(),
            text: a.text.clone(),
        },
    }
}

/// The order bump's or the upsell's form as sent; `field` is `bump` or `upsell`.
fn typed_add_on(form: &Form, field: &str) -> AddOnForm {
    let name = |part: &str| format!("{field}.{part}");
    AddOnForm {
        offered: form.checked(&name("offered")),
        choice: form.text(&name("price")),
        headline: form.text(&name("headline")),
        text: form.text(&name("text")),
    }
}

/// Not offered saves none. A choice that is not two ids leaves both out, so the page's
/// validation says they are required.
fn add_on_input(f: &AddOnForm) -> Option<AddOnInput> {
    let (product, price) = f.choice.split_once(':').unwrap_or_default();
    f.offered.then(|| AddOnInput {
        product_id: product.parse().ok(),
        price_id: price.parse().ok(),
        headline: Some(f.headline.clone()),
        text: Some(f.text.clone()),
    })
}

async fn render_settings(
    state: &AppState,
    admin: &Admin,
    page: &Page,
    form: &PageForm,
    errors: &FieldErrors,
) -> HtmlResult {
    let (products, enabled) = state
        .db(|conn| Ok((db::products::list(conn)?, settings::enabled_gateways(conn)?)))
        .await?;
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let nav = admin.nav("pages");
    Ok(html(
        status,
        view::settings(&nav, page, form, &products, &enabled, errors),
    ))
}

pub async fn settings(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
) -> HtmlResult {
    let page = load(&state, path_id(&path, "page")?).await?;
    render_settings(
        &state,
        &admin,
        &page,
        &form_of(&page),
        &FieldErrors::default(),
    )
    .await
}

/// The Settings forms (checkout, page settings, order bump, upsell): each sends its own fields
/// and keeps the rest of the page as it is.
pub async fn save_settings(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> HtmlResult {
    let (id, which) = path.into_inner();
    let page = load(&state, path_id(&web::Path::from(id), "page")?).await?;
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let mut typed = form_of(&page);
    match which.as_str() {
        "checkout" => {
            typed.product_id = form.text("product_id");
            // Price options belong to one product: another product starts with all of its own.
            typed.price_ids = match typed.product_id == page.draft.product_id.to_string() {
                true => form
                    .all("price_ids")
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                false => vec![],
            };
            typed.gateways = Gateway::ALL
                .iter()
                .filter(|g| form.checked(&format!("gateways.{}", g.as_str())))
                .map(|g| g.as_str().into())
                .collect();
            typed.terms_url = form.text("terms_url");
            typed.waiver = form.checked("waiver");
        }
        "settings" => {
            typed.title = form.text("title");
            typed.template = form.text("template");
            typed.language = form.text("language");
            typed.slug = form.text("slug");
            typed.custom_domain = form.text("custom_domain");
        }
        "bump" => typed.bump = typed_add_on(&form, "bump"),
        "upsell" => typed.upsell = typed_add_on(&form, "upsell"),
        _ => return Err(AppError::not_found("page").into()),
    }
    let mut errors = FieldErrors::default();
    let price_ids = typed
        .price_ids
        .iter()
        .filter_map(|p| match p.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("price_ids", "must be price option ids");
                None
            }
        })
        .collect();
    let input = PageInput {
        title: Some(typed.title.clone()),
        slug: Some(typed.slug.clone()),
        product_id: typed.product_id.parse().ok(),
        template: Some(typed.template.clone()),
        price_ids: Some(price_ids),
        gateways: Some(typed.gateways.clone()),
        custom_domain: Some(typed.custom_domain.clone()),
        sections: Some(serde_json::to_value(&page.draft.sections).expect("sections serialize")),
        published: None,
        language: Some(typed.language.clone()),
        // The form's own as typed, the others' as the page has them (`form_of`).
        bump: add_on_input(&typed.bump),
        upsell: add_on_input(&typed.upsell),
        terms_url: Some(typed.terms_url.clone()),
        waiver: Some(typed.waiver),
        ..PageInput::default()
    };
    let draft = match input.validate(state.config.public_host().as_deref()) {
        Ok(draft) if errors.is_empty() => draft,
        Ok(_) => return render_settings(&state, &admin, &page, &typed, &errors).await,
        Err(found) => {
            errors.extend(found);
            return render_settings(&state, &admin, &page, &typed, &errors).await;
        }
    };
    match save(&state, page.id, draft, revision(&form)).await? {
        Ok(saved) => Ok(see_other(&format!("/admin/pages/{}/settings", saved.id))),
        Err(e) => {
            let errors = e.into_fields()?;
            render_settings(&state, &admin, &page, &typed, &errors).await
        }
    }
}

/// Saves the page's draft (and address), leaving what buyers see as it is.
pub async fn save(
    state: &AppState,
    id: PageId,
    draft: PageDraft,
    revision: i64,
) -> Result<Result<Page, SaveError>, AppError> {
    let now = state.clock.now();
    let saved = state
        .db(move |conn| Ok(db::pages::update(conn, id, &draft, Some(revision), now)))
        .await?;
    Ok(match saved {
        Ok(Some(page)) => Ok(page),
        Ok(None) => return Err(AppError::not_found("page")),
        Err(e) => Err(e),
    })
}

/// Publish, Unpublish and Discard changes.
pub async fn release(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> HtmlResult {
    let (id, action) = path.into_inner();
    let id: PageId = path_id(&web::Path::from(id), "page")?;
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let action = match action.as_str() {
        "publish" => Release::Publish,
        "unpublish" => Release::Unpublish,
        "discard" => Release::Discard,
        _ => return Err(AppError::not_found("page").into()),
    };
    let (revision, now) = (revision(&form), state.clock.now());
    let released = state
        .db(move |conn| Ok(db::pages::release(conn, id, action, revision, now)))
        .await?;
    match released {
        Ok(Some(_)) => Ok(see_other(&format!("/admin/pages/{id}"))),
        Ok(None) => Err(AppError::not_found("page").into()),
        Err(SaveError::Conflict { .. }) => {
            let page = load(&state, id).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                editor_view::editor(&admin.nav("pages"), &page, None, None, Some(STALE)),
            ))
        }
        // A template placeholder left in a section: the editor says which.
        Err(SaveError::Invalid(errors)) if errors.get("sections").is_some() => {
            let page = load(&state, id).await?;
            let message = errors.get("sections").unwrap_or_default().to_string();
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                editor_view::editor(&admin.nav("pages"), &page, None, None, Some(&message)),
            ))
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

pub async fn delete(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let id: PageId = path_id(&path, "page")?;
    if !state
        .db(move |conn| Ok(db::pages::delete(conn, id)?))
        .await?
    {
        return Err(AppError::not_found("page").into());
    }
    Ok(see_other("/admin/pages"))
}
