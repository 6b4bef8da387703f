//! The one-click upsell after payment, `/upsell/{payment_ref}` (the main order's reference):
//! the offer, and the buyer's answer. Accepting places the upsell's own order (once) and pays
//! it with the parent's gateway: Stripe charges the saved card off-session, the test gateway
//! completes it, PayPal asks the buyer to approve once more. Its order completes, as every
//! order does, only from the processor's event.

use super::{html, see_other, AppState, HtmlResult};
use crate::clock::Timestamp;
use crate::db::{self, orders::Order};
use crate::domain::order::{OrderStatus, PaymentEvent};
use crate::domain::page::Extra;
use crate::error::AppError;
use crate::gateways::Gateway;
use crate::gateways::{Item, NewPayment, UpsellPayment};
use crate::orders;
use crate::views::upsell::{self as view, Stage, UpsellPage};
use crate::web::form::Form;
use crate::web::pay;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use rusqlite::Connection;

/// How long after the main payment the offer can be accepted.
pub const WINDOW_SECONDS: i64 = 30 * 60;

/// The upsell the order's page offers after it, while it can be bought: the order is a page's
/// own (not an upsell, not free) and the upsell's product still has its one-time price.
pub fn offered(conn: &Connection, order: &Order) -> rusqlite::Result<Option<Extra>> {
    let payable = order.gateway != Gateway::NoProcessor;
    let (Some(page), None, true) = (order.page_id, order.parent_order_id, payable) else {
        return Ok(None);
    };
    let live = db::pages::get(conn, page)?.and_then(|p| p.live);
    let Some(add_on) = live.and_then(|l| l.upsell) else {
        return Ok(None);
    };
    Ok(Extra::upsell(
        &add_on,
        db::products::get(conn, add_on.product_id)?,
    ))
}

/// What `/upsell/{ref}` knows about one main order.
struct Situation {
    parent: Order,
    upsell: Option<Extra>,
    placed: Option<Order>,
    /// Where the buyer goes on: the product's thank-you page or the receipt.
    after: String,
    locale: crate::i18n::Locale,
    shop: crate::domain::shop::ShopProfile,
}

impl Situation {
    fn expired(&self, now: Timestamp) -> bool {
        self.parent
            .completed_at
            .is_some_and(|at| now > at + WINDOW_SECONDS)
    }

    /// The offer, if `placed` can still be paid as it was accepted: in time, after a paid main
    /// order, at the same price.
    fn still_offered(&self, placed: &Order, now: Timestamp) -> Option<&Extra> {
        let upsell = self.upsell.as_ref()?;
        let terms = &upsell.price.terms;
        let same = upsell.price.id == placed.price_id
            && terms.amount == placed.subtotal
            && terms.currency == placed.currency;
        let paid = self.parent.status == OrderStatus::Completed && !self.expired(now);
        (same && paid).then_some(upsell)
    }
}

async fn situation(state: &AppState, payment_ref: String) -> Result<Situation, AppError> {
    state
        .db(move |conn| {
            let parent = db::orders::by_payment_ref(conn, &payment_ref)?
                .ok_or_else(|| AppError::not_found("order"))?;
            let product = db::products::get(conn, parent.product_id)?;
            let locale = pay::order_language(conn, &parent)?;
            Ok(Situation {
                upsell: offered(conn, &parent)?,
                placed: db::orders::upsell_of(conn, parent.id)?,
                after: pay::after_payment(product.as_ref(), &parent.payment_ref),
                locale,
                shop: crate::settings::shop_profile(conn)?,
                parent,
            })
        })
        .await
}

fn render(s: &Situation, stage: Stage) -> HtmlResult {
    let waiting = matches!(stage, Stage::Waiting);
    let page = UpsellPage {
        payment_ref: &s.parent.payment_ref,
        stage,
        continue_url: &s.after,
        locale: s.locale,
        shop: &s.shop,
    };
    let mut response = html(StatusCode::OK, view::page(&page));
    if waiting {
        let every = crate::views::checkout::PENDING_REFRESH.to_string();
        let every = HeaderValue::from_str(&every).expect("digits");
        response.headers_mut().insert(header::REFRESH, every);
    }
    Ok(response)
}

pub async fn show(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    req: HttpRequest,
) -> HtmlResult {
    let answer = show_offer(&state, payment_ref.into_inner()).await;
    super::shop::branded(&state, &req, answer).await
}

async fn show_offer(state: &AppState, payment_ref: String) -> HtmlResult {
    let s = situation(state, payment_ref).await?;
    let now = state.clock.now();
    let receipt = format!("/thank-you/{}", s.parent.payment_ref);
    match (&s.placed, &s.upsell, s.parent.status) {
        // Accepted: a declined one says so; otherwise the buyer goes on (the receipt lists it).
        (Some(placed), _, _) if placed.status == OrderStatus::Failed => render(&s, Stage::Declined),
        (Some(placed), _, _) if unstarted(placed) => match s.still_offered(placed, now) {
            // Its payment could not be started (the processor was down): offer it again.
            Some(upsell) => render(&s, open(upsell, &s.parent)),
            None => close(state, &s, placed).await,
        },
        (Some(_), _, _) | (None, None, _) => Ok(see_other(&s.after)),
        (None, Some(_), OrderStatus::Pending) => render(&s, Stage::Waiting),
        (None, Some(_), OrderStatus::Completed) if s.expired(now) => Ok(see_other(&s.after)),
        (None, Some(upsell), OrderStatus::Completed) => {
            let id = s.parent.id;
            (state.write(move |conn| Ok(db::orders::mark_upsell_shown(conn, id, now)?))).await?;
            render(&s, open(upsell, &s.parent))
        }
        // Declined, refunded or cancelled: the receipt says where the order stands.
        (None, Some(_), _) => Ok(see_other(&receipt)),
    }
}

/// An accepted upsell whose payment was never started at the processor (it was down).
fn unstarted(placed: &Order) -> bool {
    placed.status == OrderStatus::Pending && placed.processor_ref.is_none()
}

/// An upsell that can no longer be paid as it was accepted (the offer expired, was withdrawn
/// or repriced, or the main order was refunded meanwhile) is closed, never charged later.
async fn close(state: &AppState, s: &Situation, placed: &Order) -> HtmlResult {
    let (id, now) = (placed.id, state.clock.now());
    tracing::info!(
        order = id.0,
        "upsell closed unpaid: the offer no longer stands"
    );
    (state.write(move |conn| Ok(db::orders::set_status(conn, id, OrderStatus::Failed, now)?)))
        .await?;
    Ok(see_other(&s.after))
}

fn open<'a>(upsell: &'a Extra, parent: &Order) -> Stage<'a> {
    Stage::Open {
        upsell,
        gateway: parent.gateway,
        charged: parent.sale_tax.gross(upsell.price.terms.amount),
    }
}

/// "Yes, add it" or "No thanks".
pub async fn answer(
    state: web::Data<AppState>,
    payment_ref: web::Path<String>,
    body: web::Bytes,
    req: HttpRequest,
) -> HtmlResult {
    let form = Form::parse(&body);
    let answer = match form.get("action") {
        Some("accept") => {
            let shown = (form.text("price_id"), form.text("amount"));
            accept(&state, payment_ref.into_inner(), shown).await
        }
        Some("decline") => {
            let s = situation(&state, payment_ref.into_inner()).await?;
            Ok(see_other(&s.after))
        }
        _ => Err(AppError::bad_request(
            "unknown_action",
            "Answer with action=accept or action=decline.",
        )
        .into()),
    };
    super::shop::branded(&state, &req, answer).await
}

/// `shown`: the price option and amount the buyer's page showed; an offer changed since is
/// shown again as it now stands, never charged at a price the buyer did not see.
async fn accept(state: &AppState, payment_ref: String, shown: (String, String)) -> HtmlResult {
    let s = situation(state, payment_ref).await?;
    let now = state.clock.now();
    if let Some(placed) = &s.placed {
        return match (unstarted(placed), s.still_offered(placed, now)) {
            (true, Some(upsell)) => pay_for(state, &s, placed, upsell).await,
            (true, None) => close(state, &s, placed).await,
            (false, _) => show_offer(state, s.parent.payment_ref.clone()).await,
        };
    }
    let Some(upsell) = s.upsell.clone() else {
        return Ok(see_other(&s.after));
    };
    if s.parent.status != OrderStatus::Completed {
        return show_offer(state, s.parent.payment_ref.clone()).await;
    }
    if s.expired(now) {
        return render(&s, Stage::Expired);
    }
    let current = (
        upsell.price.id.to_string(),
        upsell.price.terms.amount.to_string(),
    );
    if shown != current {
        return render(&s, open(&upsell, &s.parent));
    }
    // Placed once: a reload, a second click or a racing request finds the first order.
    let parent = s.parent.clone();
    let extra = upsell.clone();
    let placed = state
        .write(move |conn| Ok(orders::place_upsell(conn, &parent, &extra, now)?))
        .await?;
    if !unstarted(&placed) {
        return show_offer(state, s.parent.payment_ref.clone()).await;
    }
    tracing::info!(
        order = placed.id.0,
        parent = s.parent.id.0,
        gateway = placed.gateway.as_str(),
        "upsell accepted"
    );
    pay_for(state, &s, &placed, &upsell).await
}

/// Pays an upsell's just-placed (or not yet started) order with the parent's gateway.
async fn pay_for(state: &AppState, s: &Situation, placed: &Order, upsell: &Extra) -> HtmlResult {
    if placed.gateway == Gateway::Test {
        // The simulated processor takes the payment at once, as a card on file would; one event
        // id per upsell, so a second accept is the same event again.
        let paid = Some((placed.amount, placed.currency.as_str()));
        let event_id = format!("evt_{}", placed.payment_ref);
        let (kind, payment_ref) = (PaymentEvent::Completed, placed.payment_ref.as_str());
        pay::test::deliver(state, &event_id, payment_ref, kind, paid, None).await?;
        return Ok(see_other(&s.after));
    }
    let processor = state.processors.get(placed.gateway);
    let (pool, public) = (state.pool.clone(), state.config.public_url().to_string());
    let (order, parent) = (placed.clone(), s.parent.clone());
    let upsell = upsell.clone();
    let name = upsell.product.name.clone();
    let now = state.clock.now();
    // A buyer who cancels at the processor comes back to the offer, which leads on from there.
    let cancel_path = format!("/upsell/{}", parent.payment_ref);
    let gateway = order.gateway;
    let outcome = web::block(move || -> Result<UpsellPayment, AppError> {
        let processor = processor.ok_or_else(|| pay::unavailable(gateway))?;
        // The amount and currency the order was placed with, not the price's as edited since.
        let terms = crate::domain::product::PriceTerms {
            amount: order.amount,
            currency: order.currency.clone(),
            ..upsell.price.terms
        };
        let items = [Item {
            name: name.clone(),
            amount: order.amount - order.tax_added(),
        }];
        let payment = NewPayment {
            payment_ref: &order.payment_ref,
            email: &order.buyer.email,
            terms: &terms,
            discount: None,
            product_name: &name,
            items: &items,
            tax_added: order.tax_added(),
            save_card: false,
            public_url: &public,
            cancel_path: &cancel_path,
        };
        // A price this processor cannot take is refused here, as at checkout: nothing charged.
        let outcome = match processor.check_price(&terms) {
            Err(reason) => UpsellPayment::Declined(reason),
            Ok(()) => {
                let paid_with = parent.processor_ref.as_deref().unwrap_or_default();
                processor.start_upsell(paid_with, &payment).map_err(|e| {
                    tracing::error!(error = %e, order = order.id.0, gateway = gateway.as_str(), "starting the upsell's payment failed");
                    pay::unavailable(gateway)
                })?
            }
        };
        let conn = pool.get()?;
        match &outcome {
            UpsellPayment::Started(started) | UpsellPayment::Charged(started) => {
                if let Some(processor_ref) = &started.processor_ref {
                    let secret = started.client_secret.as_deref();
                    db::orders::set_processor_ref(&conn, order.id, processor_ref, secret)?;
                }
            }
            UpsellPayment::Declined(reason) => {
                tracing::info!(order = order.id.0, reason = %reason, "the upsell's payment was declined");
                db::orders::set_status(&conn, order.id, OrderStatus::Failed, now)?;
            }
        }
        Ok(outcome)
    })
    .await
    .map_err(AppError::from)??;
    match outcome {
        UpsellPayment::Started(started) => Ok(see_other(&started.next)),
        UpsellPayment::Charged(_) => Ok(see_other(&s.after)),
        UpsellPayment::Declined(_) => render(s, Stage::Declined),
    }
}
