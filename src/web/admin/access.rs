//! Dashboard: "Re-apply" for entitlements Kartra disagrees with (Needs attention, the buyer's
//! access view): their state is queued again for Kartra, whatever the queue already did.

use super::{path_id, Admin};
use crate::db;
use crate::domain::ids::EntitlementId;
use crate::error::AppError;
use crate::orders::access::{settle, Mode};
use crate::views::admin::access::buyer_href;
use crate::web::form::Form;
use crate::web::{see_other, AppState, HtmlResult};
use actix_web::web::{self, Bytes};

/// Re-applies one entitlement, then returns to where the button was (`back`: `buyer` or
/// Needs attention). One Kartra no longer disagrees with is left alone: a second click, or a
/// page older than the last read-back, queues nothing.
pub async fn reapply(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<String>,
    body: Bytes,
) -> HtmlResult {
    let form = Form::parse(&body);
    admin.check_csrf(&form)?;
    let id: EntitlementId = path_id(&path, "entitlement")?;
    let now = state.clock.now();
    let email = state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| {
                let e = db::entitlements::by_id(tx, id)?
                    .ok_or_else(|| AppError::not_found("entitlement"))?;
                if e.drifted() {
                    settle(tx, &e.email, &e.kartra_tag, None, Mode::Reapply, now)?;
                }
                Ok(e.email)
            })
        })
        .await?;
    state.fulfillment.wake();
    Ok(match form.get("back") {
        Some("buyer") => see_other(&buyer_href(&email)),
        _ => see_other("/admin/attention"),
    })
}

/// "Re-apply all": every entitlement Kartra disagrees with, in one transaction.
pub async fn reapply_all(state: web::Data<AppState>, admin: Admin, body: Bytes) -> HtmlResult {
    admin.check_csrf(&Form::parse(&body))?;
    let now = state.clock.now();
    state
        .db(move |conn| {
            db::immediate::<_, AppError>(conn, |tx| {
                for e in db::entitlements::drifted(tx)? {
                    settle(tx, &e.email, &e.kartra_tag, None, Mode::Reapply, now)?;
                }
                Ok(())
            })
        })
        .await?;
    state.fulfillment.wake();
    Ok(see_other("/admin/attention"))
}
