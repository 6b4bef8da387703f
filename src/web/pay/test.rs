//! The built-in test gateway's processor page, `/pay/test/{payment_ref}`: it plays the
//! processor, and its buttons send signed events through the same webhook code as real ones.

use super::{order_language, order_of};
use crate::clock::Timestamp;
use crate::crypto::random_token;
use crate::db::{self, orders::Order};
use crate::domain::order::PaymentEvent;
use crate::domain::product::{PriceKind, Product};
use crate::error::AppError;
use crate::gateways::test::{self as test_gateway, Simulated, TestProcessor, SIGNATURE_HEADER};
use crate::gateways::Gateway;
use crate::gateways::{Delivery, WebhookError};
use crate::views;
use crate::views::test_gateway::NextPeriod;
use crate::web::form::Form;
use crate::web::{html, see_other, webhooks, AppState, HtmlResult};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/pay/test/{payment_ref}").get(show).post(act));
}

/// The paid period that starts now: one billing interval of the order's price. `None` for a
/// one-time price, or a price no longer on the product.
fn next_period(order: &Order, product: &Product, now: Timestamp) -> Option<NextPeriod> {
    let price = product.prices.iter().find(|p| p.id == order.price_id)?;
    let interval = price.terms.interval?;
    let interval_count = price.terms.interval_count.unwrap_or(1).max(1);
    Some(NextPeriod {
        ends_at: test_gateway::period_after(now, interval, interval_count),
        interval,
        interval_count,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = show_page(&state, payment_ref.into_inner()).await;
    crate::web::shop::branded(&state, &req, answer).await
}

async fn show_page(state: &AppState, payment_ref: String) -> HtmlResult {
    let (order, product, language, profile) = state
        .db(move |conn| {
            let order = order_of(conn, &payment_ref, Gateway::Test)?;
            let product = db::products::get(conn, order.product_id)?
                .ok_or_else(|| AppError::not_found("payment"))?;
            let language = order_language(conn, &order)?;
            Ok((
                order,
                product,
                language,
                crate::settings::shop_profile(conn)?,
            ))
        })
        .await?;
    let next_period = next_period(&order, &product, state.clock.now());
    Ok(html(
        StatusCode::OK,
        views::test_gateway::page(&order, &product, next_period.as_ref(), language, &profile),
    ))
}

/// A button press: sign the event with the test gateway's secret and deliver it.
pub async fn act(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    body: web::Bytes,
) -> HtmlResult {
    let payment_ref = payment_ref.into_inner();
    let form = Form::parse(&body);
    let at_period_end = form.get("action") == Some("cancel_at_period_end");
    let kind = match form.get("action") {
        Some("complete") => Some(PaymentEvent::Completed),
        Some("decline") => Some(PaymentEvent::Failed),
        Some("refund") => Some(PaymentEvent::Refunded),
        Some("renew") => Some(PaymentEvent::Renewed),
        Some("renewal_failed") => Some(PaymentEvent::RenewalFailed),
        Some("recover") => Some(PaymentEvent::Recovered),
        Some("cancel" | "cancel_at_period_end") => Some(PaymentEvent::Cancelled),
        Some("pending") => None,
        _ => {
            return Err(
                AppError::bad_request("unknown_action", "Choose one of the buttons.").into(),
            )
        }
    };
    let lookup = payment_ref.clone();
    let (order, product, renewals) = state
        .db(move |conn| {
            let order = order_of(conn, &lookup, Gateway::Test)?;
            let product = db::products::get(conn, order.product_id)?;
            let renewals = (db::orders::applied_kinds(conn, order.id)?.into_iter())
                .filter(|k| *k == PaymentEvent::Renewed)
                .count() as u32;
            Ok((order, product, renewals))
        })
        .await?;
    let now = state.clock.now();
    let period_end = match at_period_end {
        false => None,
        true => {
            let period = product
                .as_ref()
                .and_then(|product| next_period(&order, product, now));
            let period = period.ok_or_else(|| {
                AppError::bad_request(
                    "no_billing_interval",
                    "This order's price has no billing interval, so it has no period to end: use Cancel now.",
                )
            })?;
            Some(period.ends_at)
        }
    };
    if let Some(kind) = kind {
        // A payment states what was paid, as a real processor's event does.
        // A renewal is charge 1, 2, ... (after a free trial, which charged nothing, 0, 1, ...):
        // discounted while the order's coupon covers it.
        let terms = (product.as_ref())
            .and_then(|p| p.prices.iter().find(|p| p.id == order.price_id))
            .map(|p| &p.terms);
        let amount = match (kind, terms) {
            (PaymentEvent::Renewed, Some(terms)) => {
                let trial =
                    terms.kind == PriceKind::Subscription && terms.trial_days.unwrap_or(0) > 0;
                order.charge(terms, renewals + u32::from(!trial))
            }
            _ => order.amount,
        };
        let paid = matches!(kind, PaymentEvent::Completed | PaymentEvent::Renewed)
            .then_some((amount, order.currency.as_str()));
        let event_id = format!("evt_{}", random_token());
        deliver(
            &state,
            &event_id,
            &order.payment_ref,
            kind,
            paid,
            period_end,
        )
        .await?;
    }
    let next = match kind {
        Some(PaymentEvent::Completed) => {
            let order = order.clone();
            state
                .db(move |conn| super::next_after(conn, &order))
                .await?
        }
        None | Some(PaymentEvent::Failed) => format!("/thank-you/{payment_ref}"),
        _ => format!("/pay/test/{payment_ref}"),
    };
    Ok(see_other(&next))
}

/// The test gateway's event about one order, signed with its secret and delivered through
/// the same webhook code as a real processor's. The same `event_id` twice is one event.
pub async fn deliver(
    state: &AppState,
    event_id: &str,
    payment_ref: &str,
    kind: PaymentEvent,
    paid: Option<(i64, &str)>,
    period_end: Option<Timestamp>,
) -> Result<(), AppError> {
    let simulated = state.processors.concrete::<TestProcessor>();
    let secret = simulated.ok_or(WebhookError::NotConfigured)?;
    let event = Simulated {
        id: event_id,
        kind,
        payment_ref,
        paid,
        period_end,
    };
    let (body, signature) = event.sign(secret.webhook_secret(), state.clock.now());
    let delivery = Delivery::new(vec![(SIGNATURE_HEADER.into(), signature)], body);
    webhooks::ingest(state, Gateway::Test, delivery).await?;
    Ok(())
}
