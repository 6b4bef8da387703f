//! Payment processors ("gateways" in the schema, the API and on pages). Each one implements
//! `Processor`; `registry` lists them and holds one client per processor for the saved keys.
//! Each turns its own webhook into the same `Event`, after checking it on the raw bytes; the
//! order and fulfillment code never sees a processor's format.

pub mod keys;
pub mod mollie;
pub mod paypal;
pub mod paystack;
pub mod registry;
pub mod signature;
pub mod stripe;
pub mod test;

pub use crate::domain::payment_match::Paid;
pub use registry::{Gateway, Kind, Registry};

use crate::clock::Timestamp;
use crate::domain::discount::Discount;
use crate::domain::order::PaymentEvent;
use crate::domain::product::{PriceKind, PriceTerms};

/// What every processor does for tagcart. Every method may call the processor: blocking, so
/// run it on `web::block` or the worker thread.
pub trait Processor: Send + Sync {
    /// Creates the payment for a just-placed order, and says where the buyer goes next.
    fn start(&self, payment: &NewPayment) -> Result<Started, String>;
    /// Reconciliation: how the payment behind `processor_ref` went; `None` while still open.
    fn look_up(&self, processor_ref: &str) -> Result<Option<LookedUp>, String>;
    /// Proves the saved keys with a harmless call.
    fn verify_keys(&self) -> Result<(), String>;
    /// Verifies one delivery and reads it; `None` for an event acknowledged but not acted on.
    fn read_webhook(
        &self,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Result<Option<Event>, WebhookError>;
    /// The processor stops a payment plan after its installments by itself (PayPal's billing
    /// cycles); otherwise tagcart counts them and calls `end_plan` after the last.
    fn ends_plans_itself(&self) -> bool;
    /// Ends a payment plan paid in full.
    fn end_plan(&self, processor_ref: &str) -> Result<(), String>;
    /// Refuses, before any order exists, a price the processor cannot take (currency, amount).
    fn check_price(&self, terms: &PriceTerms) -> Result<(), String>;
    /// An upsell's payment after the order paid by `paid_with` (that order's processor
    /// reference): charged to the same card where the processor keeps it, else started like
    /// any payment for the buyer to approve once more.
    fn start_upsell(&self, paid_with: &str, payment: &NewPayment) -> Result<UpsellPayment, String> {
        let _ = paid_with;
        self.start(payment).map(UpsellPayment::Started)
    }
    /// The buyer came back from the processor's page (`/pay/{name}/return`) to a still-pending
    /// order: finish what the processor leaves to us (PayPal's capture) and, where it can say at
    /// once, how the payment stands, settled as reconciliation would, so that a slow webhook does
    /// not keep the buyer waiting. The webhook still arrives, and counts once.
    fn returned(&self, processor_ref: &str, kind: PriceKind) -> Result<Option<LookedUp>, String> {
        let _ = (processor_ref, kind);
        Ok(None)
    }
    /// Refunds all or part of a payment. The order changes only when the processor's refund
    /// event arrives, as for a refund made in the processor's dashboard.
    fn refund(&self, refund: &ToRefund) -> Answer;
    /// Cancels a subscription or payment plan, now or at the end of the paid period.
    fn cancel(&self, cancel: &ToCancel) -> Answer;
    /// The page of this payment or subscription in the processor's own dashboard
    /// (`payment_id`: the order's newest payment, where the processor links payments by it).
    fn dashboard_url(&self, processor_ref: &str, payment_id: Option<&str>) -> Option<String> {
        let _ = (processor_ref, payment_id);
        None
    }
}

/// The sentence refusing a currency the processor does not take, beside the payment method on
/// the checkout page, naming those it does.
pub fn currency_refused<'a>(
    processor: &str,
    code: &str,
    taken: impl Iterator<Item = &'a str>,
) -> String {
    let taken: Vec<&str> = taken.collect();
    format!(
        "{processor} does not take payments in {code}. Please choose another payment method; \
         {processor} only takes {}.",
        taken.join(", ")
    )
}

/// A refund asked of the processor.
pub struct ToRefund<'a> {
    pub payment_ref: &'a str,
    /// The order's processor reference (a payment, or a subscription).
    pub processor_ref: &'a str,
    /// The payment to refund where the order has several (a subscription's newest).
    pub payment_id: Option<&'a str>,
    /// In minor units; `None`: all that is left of the payment.
    pub amount: Option<i64>,
    pub currency: &'a str,
    /// The merchant's words, kept with the refund at the processor.
    pub reason: &'a str,
    /// The same on every retry of one request: the processor does it once.
    pub idempotency_key: &'a str,
    pub now: Timestamp,
}

/// A cancellation asked of the processor.
pub struct ToCancel<'a> {
    pub payment_ref: &'a str,
    pub processor_ref: &'a str,
    /// Keep the subscription until its paid period ends; else end it now.
    pub at_period_end: bool,
    /// When the paid period ends, as tagcart knows it (the test gateway's).
    pub period_end: Option<Timestamp>,
    pub idempotency_key: &'a str,
    pub now: Timestamp,
}

/// How the processor took a refund or cancellation.
#[derive(Debug, Clone)]
pub enum Answer {
    Accepted {
        /// The processor's id of what it did (a refund's id).
        processor_ref: Option<String>,
        /// A cancellation at period end: when it takes effect.
        effective_at: Option<Timestamp>,
        /// The processor's event about it, when it sends none of its own: the test gateway's
        /// signed event, or a delivery that the processor's `read_webhook` verifies by asking
        /// (Mollie's cancelled subscription). Read and ingested as if it had been delivered.
        event: Option<Delivery>,
    },
    /// The processor said no; asking again would not help.
    Refused(String),
    /// No answer (unreachable, timeout, 5xx, 429): asked again later with the same key.
    Unreachable(String),
}

impl Answer {
    pub fn accepted() -> Answer {
        Answer::Accepted {
            processor_ref: None,
            effective_at: None,
            event: None,
        }
    }
}

/// How an upsell's payment went at the processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpsellPayment {
    /// The buyer goes on to `next`: an approval at the processor, or 3-D Secure on our card page.
    Started(Started),
    /// Charged to the saved card; the processor's event completes the order.
    Charged(Started),
    /// Refused, nothing charged: the processor's reason.
    Declined(String),
}

/// A just-placed order's payment, as a processor is asked to start it.
pub struct NewPayment<'a> {
    pub payment_ref: &'a str,
    pub email: &'a str,
    /// The price; for a one-time price, its amount is the order's total: the lines' sum with
    /// the discount taken off. For a subscription with a bump, its amount is both lines' each
    /// period.
    pub terms: &'a PriceTerms,
    /// A coupon's discount on a subscription's or payment plan's charges (and on a one-time
    /// price, already taken off `terms`). With a subscription bump it is the main line's
    /// discount as a fixed amount, so it does not come off the bump.
    pub discount: Option<&'a Discount>,
    /// What the payment is for, in words ("Course + Workbook").
    pub product_name: &'a str,
    /// The order's lines at their full prices: the main product, then the bump.
    pub items: &'a [Item],
    /// A one-time payment's tax added on top of its lines (prices that exclude tax), included
    /// in `terms.amount`; 0 when prices include it or no tax is charged.
    pub tax_added: i64,
    /// Keep the card for an upsell charged after this payment (Stripe `setup_future_usage`).
    pub save_card: bool,
    /// Our public URL without a trailing slash, for the processor's return links.
    pub public_url: &'a str,
    /// Where a buyer who cancels at the processor goes back to (a path): the checkout page, or
    /// for an upsell its offer.
    pub cancel_path: &'a str,
}

/// One line of a payment as a processor lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    /// Before any discount, in the payment's currency.
    pub amount: i64,
}

/// A started payment: what to store on the order and where the buyer goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// The processor's reference for the payment; `None` when it keeps none.
    pub processor_ref: Option<String>,
    /// What the buyer's browser needs to confirm the payment (Stripe's client secret).
    pub client_secret: Option<String>,
    /// Our processor page or the processor's own.
    pub next: String,
}

/// One webhook delivery as it arrived: its headers and raw body.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Delivery {
    pub fn new(headers: Vec<(String, String)>, body: Vec<u8>) -> Delivery {
        Delivery { headers, body }
    }

    /// A header's value, "" when it is missing; names are case-insensitive.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A processor event, verified and normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The processor's event id: the same id twice is the same event.
    pub id: String,
    pub kind: PaymentEvent,
    /// Its type as the processor names it, for the timeline.
    pub type_name: String,
    /// Our `payment_ref`, when the processor carries it back (metadata, custom_id).
    pub payment_ref: Option<String>,
    /// Otherwise the processor's own reference we stored on the order (subscription, payment).
    pub processor_ref: Option<String>,
    /// The processor's id of this one payment, remembered so that its refund finds the order.
    pub payment_id: Option<String>,
    /// What a payment event says was paid, checked against the order before it completes it.
    pub paid: Paid,
    /// A cancellation's end of the period already paid for (Unix seconds), when the processor
    /// says: with the product's `on_cancel` = `period_end`, access lasts until then.
    pub period_end: Option<Timestamp>,
    /// A refund's figures, when the processor states them.
    pub refund: Option<Refund>,
}

/// What a refund event says was refunded. Whether that is the whole payment (the order is
/// refunded) or part of it (the order keeps its status and access) is decided by the ledger,
/// the same way for every processor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    /// The processor's id of this refund; or, where the processor reports a payment's refunded
    /// total (Stripe's charge), that payment: its figure only grows.
    pub key: String,
    /// The payment refunded, when the event names it.
    pub payment_id: Option<String>,
    /// In minor units.
    pub amount: i64,
    /// `None`: the order's.
    pub currency: Option<String>,
    /// The processor says whether the payment is now refunded in full; `None`: the ledger
    /// compares what the payment has had refunded with what the order charges.
    pub full: Option<bool>,
}

/// What reconciliation learnt by asking the processor about a pending order's payment.
#[derive(Debug, Clone, PartialEq)]
pub struct LookedUp {
    pub kind: PaymentEvent,
    pub paid: Paid,
    /// The processor's id of what it looked up, as it answered.
    pub processor_ref: Option<String>,
}

impl Event {
    /// A processor's event in our words; `None` for a type we acknowledge but do not act on.
    pub fn of(
        id: String,
        type_name: String,
        kind: Option<PaymentEvent>,
        payment_ref: Option<String>,
        processor_ref: Option<String>,
        payment_id: Option<String>,
        paid: Paid,
    ) -> Option<Event> {
        Some(Event {
            id,
            kind: kind?,
            type_name,
            payment_ref,
            processor_ref,
            payment_id,
            paid,
            period_end: None,
            refund: None,
        })
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WebhookError {
    #[error("the signature header is missing or malformed")]
    MalformedSignature,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the event is too old or from the future (more than {0} s away)")]
    Stale(i64),
    #[error("the event body is not understood: {0}")]
    BadBody(String),
    #[error("this gateway is switched off or not set up")]
    NotConfigured,
    /// The processor verifies its own events and could not answer: it will deliver again.
    #[error("{0}")]
    Unverifiable(String),
}
