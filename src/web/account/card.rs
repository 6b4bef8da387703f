//! A Stripe subscription's card, changed by its buyer: a SetupIntent confirmed on our page
//! with Stripe.js (the checkout's card script), then made the card the subscription is
//! charged with; a renewal left unpaid is charged to it at once.

use super::{own_order, private, session, to_sign_in};
use crate::error::AppError;
use crate::gateways::stripe::{CardChange, StripeProcessor};
use crate::views::account::{self as view, Notice};
use crate::web::{html, see_other, AppState, HtmlResult};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};

/// The Stripe subscription behind one of the buyer's orders, and Stripe's client.
async fn subscription(
    state: &AppState,
    req: &HttpRequest,
    id: &str,
) -> Result<
    Option<(
        crate::db::orders::Order,
        String,
        std::sync::Arc<StripeProcessor>,
    )>,
    AppError,
> {
    let Some(session) = session(state, req).await? else {
        return Ok(None);
    };
    let order = own_order(state, &session, id).await?;
    let subscription = (order.processor_ref.clone()).filter(|r| r.starts_with("sub_"));
    let stripe = state.processors.concrete::<StripeProcessor>();
    match (subscription, stripe) {
        (Some(subscription), Some(stripe)) => Ok(Some((order, subscription, stripe))),
        _ => Err(AppError::not_found("card")),
    }
}

/// `GET /account/orders/{id}/card`: the card form.
pub async fn card_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HtmlResult {
    let Some((order, subscription, stripe)) = subscription(&state, &req, &path).await? else {
        return Ok(to_sign_in());
    };
    let started = web::block(move || {
        let started = stripe.client().start_card_change(&subscription);
        (started, stripe)
    })
    .await
    .map_err(AppError::from)?;
    let (started, stripe) = started;
    let started = started.map_err(|e| {
        tracing::warn!(error = %e, "stripe: a card change could not start");
        AppError::new(
            StatusCode::BAD_GATEWAY,
            "processor_unavailable",
            "The card processor could not be reached. Try again in a minute.",
        )
    })?;
    let (profile, locale) =
        super::shop_and_language(&state, &req, Some(&order.buyer.email)).await?;
    let product = super::product_name(&state, &order).await?;
    let next = format!(
        "/account/orders/{}/card/saved?setup_intent={}",
        order.id, started.processor_ref
    );
    let form = view::CardForm {
        order: &order,
        product: &product,
        publishable_key: stripe.publishable_key(),
        client_secret: &started.client_secret,
        stripe_js_url: state.config.stripe_js_url.as_str(),
        next: &next,
    };
    let mut response = private(html(StatusCode::OK, view::card(&profile, locale, &form)));
    let csp = crate::web::pay::stripe::payment_csp(&state);
    (response.headers_mut()).insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).map_err(AppError::internal)?,
    );
    Ok(response)
}

#[derive(serde::Deserialize)]
pub struct Saved {
    setup_intent: String,
}

/// `GET /account/orders/{id}/card/saved?setup_intent=seti_...`: where Stripe.js sends the
/// buyer once the card is confirmed. Only a SetupIntent made for this subscription is taken.
pub async fn card_saved(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<Saved>,
) -> HtmlResult {
    let Some((order, subscription, stripe)) = subscription(&state, &req, &path).await? else {
        return Ok(to_sign_in());
    };
    let setup_intent = query.into_inner().setup_intent;
    if !setup_intent.starts_with("seti_") {
        return Err(
            AppError::bad_request("invalid_setup_intent", "This is no card confirmation.").into(),
        );
    }
    let changed = web::block(move || {
        stripe
            .client()
            .finish_card_change(&subscription, &setup_intent)
    })
    .await
    .map_err(AppError::from)?;
    let notice = match changed {
        Ok(CardChange::Changed) => Notice::CardUpdated,
        Ok(CardChange::ChangedAndRetried) => Notice::CardRetried,
        Ok(CardChange::NotConfirmed) => {
            return Ok(see_other(&format!("/account/orders/{}/card", order.id)))
        }
        Ok(CardChange::NotThisSubscriptions) => {
            let why = "This card confirmation is not for this subscription.";
            return Err(AppError::bad_request("invalid_setup_intent", why).into());
        }
        Err(e) => {
            tracing::warn!(order = order.id.0, error = %e, "stripe: a card change was not finished");
            return Err(AppError::new(
                StatusCode::BAD_GATEWAY,
                "card_not_changed",
                "The card could not be saved. Try again in a minute.",
            )
            .into());
        }
    };
    Ok(see_other(&format!("/account?notice={}", notice.as_str())))
}
