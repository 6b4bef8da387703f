//! Dashboard: the page editor's Sections tab and the draft's preview. Each change is saved
//! to the draft at once; buyers see it only once the page is published.

use super::pages::{load, revision, save, STALE};
use super::{path_id, Admin};
use crate::db;
use crate::domain::page::{Offer, Page, PageDraft};
use crate::domain::section::{self, Section};
use crate::domain::validation::FieldErrors;
use crate::error::AppError;
use crate::settings;
use crate::views;
use crate::views::admin::editor::{self as view, Refused};
use crate::views::admin::section_form;
use crate::web::form::Form;
use crate::web::{checkout::PAGE_CSP, html, see_other, AppState, HtmlResult};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};

#[derive(serde::Deserialize)]
pub struct Focus {
    /// The section to show opened.
    open: Option<usize>,
}

pub async fn show(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    focus: web::Query<Focus>,
) -> HtmlResult {
    let page = load(&state, path_id(&path, "page")?).await?;
    Ok(html(
        StatusCode::OK,
        view::editor(&admin.nav("pages"), &page, focus.open, None, None),
    ))
}

/// The draft as buyers would see it, framed by the editor; its form cannot be sent.
pub async fn preview(state: web::Data<AppState>, _: Admin, path: web::Path<String>) -> HtmlResult {
    let page = load(&state, path_id(&path, "page")?).await?;
    let product_id = page.draft.product_id;
    let (product, enabled, profile) = state
        .db(move |conn| {
            Ok((
                db::products::get(conn, product_id)?,
                settings::enabled_gateways(conn)?,
                settings::shop_profile(conn)?,
            ))
        })
        .await?;
    let product = product.ok_or_else(|| AppError::not_found("product"))?;
    let offer = Offer::new(&page.draft, product, &enabled);
    let markup = views::page::render(
        &page.draft,
        &offer,
        &Default::default(),
        &FieldErrors::default(),
        None,
        &profile,
        views::page::Mode::Preview,
        state.clock.now(),
    );
    let mut response = html(StatusCode::OK, markup);
    let headers = response.headers_mut();
    let csp = PAGE_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).expect("a valid header"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    Ok(response)
}

/// What an editor post does to the draft's list of sections.
enum Change {
    Add { kind: String, position: usize },
    Save { index: usize, kind: String },
    Move { index: usize, up: bool },
    Remove { index: usize },
}

pub async fn add(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    let change = Change::Add {
        kind: form.text("kind"),
        position: form.text("position").parse().unwrap_or(usize::MAX),
    };
    apply(state, admin, path_id(&path, "page")?, form, change).await
}

pub async fn change(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(String, String, String)>,
    body: Bytes,
) -> HtmlResult {
    let (id, index, action) = path.into_inner();
    let id = path_id(&web::Path::from(id), "page")?;
    let index: usize = index.parse().map_err(|_| AppError::not_found("section"))?;
    let form = Form::parse(&body);
    let change = match action.as_str() {
        "save" => Change::Save {
            index,
            kind: form.text("kind"),
        },
        "move" => Change::Move {
            index,
            up: form.text("direction") == "up",
        },
        "remove" => Change::Remove { index },
        _ => return Err(AppError::not_found("section").into()),
    };
    apply(state, admin, id, form, change).await
}

async fn apply(
    state: web::Data<AppState>,
    admin: Admin,
    id: crate::domain::ids::PageId,
    form: Form,
    change: Change,
) -> HtmlResult {
    admin.check_csrf(&form)?;
    let page = load(&state, id).await?;
    let nav = admin.nav("pages");
    let refuse = |page: &Page, refused: Option<Refused>, message: &str| {
        Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::editor(&nav, page, None, refused, Some(message)),
        ))
    };
    let mut sections = page.draft.sections.clone();
    let stale = STALE;
    if revision(&form) != page.revision {
        return refuse(&page, None, stale);
    }
    // Where the editor shows the change; a new section opens, ready for its own text.
    let mut added = false;
    let focus = match change {
        Change::Add { kind, position } => {
            let Some(new) = Section::example(&kind, state.clock.now()) else {
                return Err(AppError::bad_request(
                    "unknown_kind",
                    format!("'{kind}' is not a section kind"),
                )
                .into());
            };
            let position = position.min(sections.len());
            sections.insert(position, new);
            added = true;
            position
        }
        Change::Save { index, kind } => {
            match sections.get(index) {
                Some(s) if s.kind() == kind => {}
                _ => return refuse(&page, None, stale),
            }
            let value = section_form::to_json(&kind, &|name| form.get(name).map(String::from));
            match section::parse(&value) {
                Ok(saved) => sections[index] = saved,
                Err(errors) => {
                    let refused = Refused {
                        index,
                        value: &value,
                        errors: &errors,
                    };
                    return refuse(
                        &page,
                        Some(refused),
                        "The section was not saved: please fix the highlighted fields.",
                    );
                }
            }
            index
        }
        Change::Move { index, up } => {
            let other = if up {
                index.checked_sub(1)
            } else {
                Some(index + 1)
            };
            match other.filter(|o| *o < sections.len() && index < sections.len()) {
                Some(other) => sections.swap(index, other),
                None => return refuse(&page, None, "That section cannot move further."),
            }
            other.unwrap_or(index)
        }
        Change::Remove { index } => {
            if index >= sections.len() {
                return refuse(&page, None, stale);
            }
            sections.remove(index);
            index.saturating_sub(1)
        }
    };
    if let Err(message) = section::check_arrangement(&sections) {
        return refuse(&page, None, &format!("Not changed: the page {message}."));
    }
    let mut content = page.draft.clone();
    content.sections = sections;
    let draft = PageDraft {
        slug: page.slug.clone(),
        custom_domain: page.custom_domain.clone(),
        content,
        publish: None,
    };
    match save(&state, id, draft, page.revision).await? {
        Ok(_) => {
            let open = if added {
                format!("?open={focus}")
            } else {
                String::new()
            };
            Ok(see_other(&format!(
                "/admin/pages/{id}{open}#section-{focus}"
            )))
        }
        Err(e) => {
            let errors = e.into_fields()?;
            let message = errors
                .iter()
                .map(|(f, m)| format!("{f} {m}"))
                .collect::<Vec<_>>()
                .join("; ");
            refuse(&page, None, &message)
        }
    }
}
