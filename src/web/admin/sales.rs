//! The sales dashboard's figures over the range asked for: on the Overview for the whole shop,
//! and on each page's Sales tab (README, "Sales figures").

use super::{pages, path_id, Admin};
use crate::db;
use crate::domain::ids::PageId;
use crate::domain::sales::{self, Days, DEFAULT_DAYS};
use crate::error::AppError;
use crate::views;
use crate::views::admin::sales::Sales;
use crate::web::{html, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::web;
use maud::Markup;

/// `?from=2026-11-01&to=2026-11-30`; either may be left out, other parameters are ignored.
#[derive(serde::Deserialize, Default)]
pub struct Range {
    from: Option<String>,
    to: Option<String>,
}

/// The dashboard for the whole shop (`page: None`) or one page, linking to `base`. A range
/// that does not parse is named in an alert, and the default range shown instead.
pub async fn dashboard(
    state: &AppState,
    range: Range,
    page: Option<PageId>,
    base: &str,
) -> Result<Markup, AppError> {
    let today = sales::today(state.clock.now());
    let (days, errors) = match Days::parse(range.from.as_deref(), range.to.as_deref(), today) {
        Ok(days) => (days, None),
        Err(errors) => (Days::last(DEFAULT_DAYS, today), Some(errors)),
    };
    let report = state
        .db(move |conn| Ok(db::stats::report(conn, days, page)?))
        .await?;
    let refused = errors.as_ref().map(|errors| {
        let typed = |s: &Option<String>| s.clone().unwrap_or_default();
        (typed(&range.from), typed(&range.to), errors)
    });
    Ok(views::admin::sales::dashboard(&Sales {
        report: &report,
        base,
        today,
        refused: refused
            .as_ref()
            .map(|(f, t, e)| (f.as_str(), t.as_str(), *e)),
        whole_shop: page.is_none(),
    }))
}

/// `GET /admin/pages/{id}/sales`: the page's own figures, in the editor's Sales tab.
pub async fn page(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    range: web::Query<Range>,
) -> HtmlResult {
    let page = pages::load(&state, path_id(&path, "page")?).await?;
    let base = format!("/admin/pages/{}/sales", page.id);
    let sales = dashboard(&state, range.into_inner(), Some(page.id), &base).await?;
    Ok(html(
        StatusCode::OK,
        views::admin::editor::sales(&admin.nav("pages"), &page, sales),
    ))
}
