//! Orders and the processor events applied to them.

use crate::clock::Timestamp;
use crate::db::order_lines::{self, NewLine};
use crate::domain::checkout::{Buyer, Consent};
use crate::domain::coupon;
use crate::domain::discount::{Discount, Off};
use crate::domain::ids::{CouponId, OrderId, PageId, PriceId, ProcessorEventId, ProductId};
use crate::domain::order::{LineKind, OrderStatus, PaymentEvent, Renewal};
use crate::domain::payment_match::NOT_APPLIED;
use crate::domain::product::{PriceKind, PriceTerms};
use crate::domain::tax::{Prices, SaleTax, Taxed, Treatment, VatCheck};
use crate::gateways::Gateway;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: OrderId,
    #[serde(serialize_with = "status_str")]
    pub status: OrderStatus,
    pub page_id: Option<PageId>,
    pub product_id: ProductId,
    pub price_id: PriceId,
    pub price_kind: PriceKind,
    pub amount: i64,
    pub currency: String,
    #[serde(skip)]
    pub buyer: Buyer,
    pub gateway: Gateway,
    pub payment_ref: String,
    pub processor_ref: Option<String>,
    #[serde(skip)]
    pub client_secret: Option<String>,
    pub installments: Option<i64>,
    pub installments_paid: i64,
    pub created_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// Cancelled: the paid access ends then.
    pub access_until: Option<Timestamp>,
    /// A renewal is failing since then.
    pub renewal_failed_at: Option<Timestamp>,
    /// The price's amount, before the discount.
    pub subtotal: i64,
    /// What the coupon took off the first charge.
    pub discount: i64,
    pub coupon_code: Option<String>,
    /// The coupon's terms as they were when the order was placed: its renewals follow these.
    #[serde(skip)]
    pub coupon: Option<Discount>,
    /// An upsell's order: the order it was offered after.
    pub parent_order_id: Option<OrderId>,
    /// The part of `amount` that is tax (0 when untaxed).
    pub tax: i64,
    /// How it was taxed when placed; its renewals are taxed the same way.
    #[serde(skip)]
    pub sale_tax: SaleTax,
    /// The buyer's consents, as ticked at checkout.
    #[serde(skip)]
    pub consent: Consent,
    /// What its processor has refunded so far, all its payments together.
    pub refunded: i64,
    /// Pending, with the payment at the processor but not yet cleared (a SEPA debit takes
    /// days): a `processing` event arrived.
    pub processing: bool,
}

impl Order {
    /// What charge `n` of the order costs (0 is the first), by the coupon terms copied onto
    /// it: less the first charge's discount while covered (the coupon is on the main line, the
    /// same each charge), then the lines' full price the order was placed at.
    /// With tax added when the order's prices exclude it.
    pub fn charge(&self, terms: &PriceTerms, n: u32) -> i64 {
        self.sale_tax.gross(self.charge_before_tax(terms, n))
    }

    /// Charge `n` at the prices as typed, before tax is added to them.
    fn charge_before_tax(&self, terms: &PriceTerms, n: u32) -> i64 {
        match &self.coupon {
            Some(discount) if discount.covers_charge(terms, n) => self.subtotal - self.discount,
            _ => self.subtotal,
        }
    }

    /// A charge of `total` (tax included) split into net and tax: as one of the order's own
    /// charges (discounted or full) when it is one, so the split is the one the buyer was shown.
    pub fn taxed_charge(&self, total: i64) -> Taxed {
        let known = [self.subtotal - self.discount, self.subtotal]
            .map(|amount| self.sale_tax.taxed(amount))
            .into_iter()
            .find(|t| t.total == total);
        known.unwrap_or_else(|| match self.sale_tax.applied {
            // Not one of its own: split as a price that includes the tax.
            Some((treatment, _)) => Taxed::of(total, treatment.rate(), Prices::IncludeTax),
            None => self.sale_tax.taxed(total),
        })
    }

    /// The part of today's charge that tax added on top of the prices (0 when prices include
    /// the tax).
    pub fn tax_added(&self) -> i64 {
        self.sale_tax.added(self.tax)
    }

    /// A payment plan whose last installment is paid: its end is not a revoke.
    pub fn plan_finished(&self) -> bool {
        self.installments
            .is_some_and(|n| self.installments_paid >= n)
    }
}

fn status_str<S: serde::Serializer>(status: &OrderStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_str())
}

pub struct NewOrder<'a> {
    pub page_id: Option<PageId>,
    pub product_id: ProductId,
    pub price_id: PriceId,
    pub price_kind: PriceKind,
    pub amount: i64,
    pub currency: &'a str,
    pub buyer: &'a Buyer,
    pub gateway: Gateway,
    pub payment_ref: &'a str,
    pub installments: Option<i64>,
    pub subtotal: i64,
    pub discount: i64,
    pub coupon: Option<(CouponId, &'a Discount)>,
    /// The first line's kind: `main`, or `upsell` for an upsell's own order.
    pub kind: LineKind,
    /// The order bump's line, ticked at checkout.
    pub bump: Option<NewLine<'a>>,
    /// An upsell's order: the order it was offered after.
    pub parent_order_id: Option<OrderId>,
    /// Its checkout offered the bump beside the chosen option.
    pub bump_offered: bool,
    /// The part of `amount` that is tax.
    pub tax: i64,
    pub sale_tax: &'a SaleTax,
    pub consent: &'a Consent,
}

pub(super) const COLUMNS: &str = "id, status, page_id, product_id, price_id, price_kind, amount, currency, email, first_name, last_name,
    phone, address, city, zip, state, country, gateway, payment_ref, processor_ref, created_at, completed_at,
    client_secret, installments, installments_paid, access_until, renewal_failed_at, subtotal, discount, coupon_code,
    coupon_percent_off, coupon_amount_off, coupon_duration, coupon_duration_in_months, parent_order_id,
    tax, tax_rate, prices_include_tax, tax_treatment, company, vat_id, vat_id_check, terms_accepted_at, terms_url,
    waiver_text, waiver_at, refunded,
    status = 'pending' AND EXISTS (SELECT 1 FROM processor_events e WHERE e.order_id = orders.id AND e.kind = 'processing')";

pub(super) fn from_row(r: &Row) -> rusqlite::Result<Order> {
    let status: String = r.get(1)?;
    Ok(Order {
        id: r.get(0)?,
        status: OrderStatus::parse(&status).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(1, "status".into(), rusqlite::types::Type::Text)
        })?,
        page_id: r.get(2)?,
        product_id: r.get(3)?,
        price_id: r.get(4)?,
        price_kind: r.get(5)?,
        amount: r.get(6)?,
        currency: r.get(7)?,
        buyer: Buyer {
            email: r.get(8)?,
            first_name: r.get(9)?,
            last_name: r.get(10)?,
            phone: r.get(11)?,
            address: r.get(12)?,
            city: r.get(13)?,
            zip: r.get(14)?,
            state: r.get(15)?,
            country: r.get(16)?,
        },
        gateway: r.get(17)?,
        payment_ref: r.get(18)?,
        processor_ref: r.get(19)?,
        created_at: r.get(20)?,
        completed_at: r.get(21)?,
        client_secret: r.get(22)?,
        installments: r.get(23)?,
        installments_paid: r.get(24)?,
        access_until: r.get(25)?,
        renewal_failed_at: r.get(26)?,
        subtotal: r.get(27)?,
        discount: r.get(28)?,
        coupon_code: r.get(29)?,
        coupon: coupon_terms(r)?,
        parent_order_id: r.get(34)?,
        tax: r.get(35)?,
        sale_tax: sale_tax(r)?,
        consent: Consent {
            terms_accepted_at: r.get(42)?,
            terms_url: r.get(43)?,
            waiver_text: r.get(44)?,
            waiver_at: r.get(45)?,
        },
        refunded: r.get(46)?,
        processing: r.get(47)?,
    })
}

/// How the order was taxed (columns 36 to 41 of `COLUMNS`).
fn sale_tax(r: &Row) -> rusqlite::Result<SaleTax> {
    let rate: Option<u32> = r.get(36)?;
    let include: Option<bool> = r.get(37)?;
    let treatment: Option<String> = r.get(38)?;
    let applied = match (rate, include, treatment) {
        (Some(rate), Some(include), Some(word)) => Treatment::parse(&word, rate).map(|t| {
            let prices = match include {
                true => Prices::IncludeTax,
                false => Prices::ExcludeTax,
            };
            (t, prices)
        }),
        _ => None,
    };
    let check: Option<String> = r.get(41)?;
    Ok(SaleTax {
        applied,
        company: r.get(39)?,
        vat_id: r.get(40)?,
        vat_id_check: check.as_deref().and_then(VatCheck::parse),
    })
}

/// The copy of the coupon's terms an order keeps (columns 29 to 33 of `COLUMNS`).
fn coupon_terms(r: &Row) -> rusqlite::Result<Option<Discount>> {
    let Some(code) = r.get::<_, Option<String>>(29)? else {
        return Ok(None);
    };
    let off = match (r.get::<_, Option<i64>>(30)?, r.get::<_, Option<i64>>(31)?) {
        (Some(p), _) => Off::Percent(p.clamp(0, 100) as u8),
        (None, Some(a)) => Off::Amount(a),
        (None, None) => return Ok(None),
    };
    let word: String = r.get::<_, Option<String>>(32)?.unwrap_or_default();
    let months: Option<u32> = r.get(33)?;
    Ok(coupon::duration_of(&word, months).map(|duration| Discount {
        code,
        off,
        duration,
    }))
}

pub fn create(conn: &Connection, o: &NewOrder, now: Timestamp) -> rusqlite::Result<OrderId> {
    let (b, t, c) = (o.buyer, o.sale_tax, o.consent);
    let (coupon_id, code, percent, amount_off, duration, months) = match o.coupon {
        None => (None, None, None, None, None, None),
        Some((id, d)) => {
            let (word, months) = coupon::duration_parts(d.duration);
            let (percent, amount) = match d.off {
                Off::Percent(p) => (Some(i64::from(p)), None),
                Off::Amount(a) => (None, Some(a)),
            };
            (
                Some(id),
                Some(d.code.as_str()),
                percent,
                amount,
                Some(word),
                months,
            )
        }
    };
    conn.prepare_cached(
        "INSERT INTO orders (status, page_id, product_id, price_id, price_kind, amount, currency, email, first_name, last_name,
            phone, address, city, zip, state, country, gateway, payment_ref, created_at, updated_at, installments,
            subtotal, discount, coupon_id, coupon_code, coupon_percent_off, coupon_amount_off, coupon_duration,
            coupon_duration_in_months, parent_order_id, bump_offered, tax, tax_rate, prices_include_tax, tax_treatment,
            company, vat_id, vat_id_check, terms_accepted_at, terms_url, waiver_text, waiver_at)
         VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19,
            ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40)",
    )?
    .execute(params![
        o.page_id, o.product_id, o.price_id, o.price_kind, o.amount, o.currency, b.email, b.first_name, b.last_name,
        b.phone, b.address, b.city, b.zip, b.state, b.country, o.gateway, o.payment_ref, now, o.installments,
        o.subtotal, o.discount, coupon_id, code, percent, amount_off, duration, months, o.parent_order_id,
        o.bump_offered, o.tax, t.rate(), t.applied.map(|(_, p)| p == Prices::IncludeTax),
        t.applied.map(|(treatment, _)| treatment.as_str()), t.company, t.vat_id,
        t.vat_id_check.map(VatCheck::as_str), c.terms_accepted_at, c.terms_url, c.waiver_text, c.waiver_at
    ])?;
    let id = OrderId(conn.last_insert_rowid());
    let bump = o.bump.as_ref().map_or(0, |b| b.amount);
    let first = NewLine {
        kind: o.kind,
        product_id: o.product_id,
        price_id: o.price_id,
        price_kind: o.price_kind,
        amount: o.subtotal - bump,
        currency: o.currency,
    };
    order_lines::add(conn, id, &first)?;
    if let Some(bump) = &o.bump {
        order_lines::add(conn, id, bump)?;
    }
    Ok(id)
}

pub fn get(conn: &Connection, id: OrderId) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The orders placed with a coupon, newest first.
pub fn with_coupon(conn: &Connection, coupon: CouponId) -> rusqlite::Result<Vec<Order>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders WHERE coupon_id = ?1 ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([coupon], from_row)?;
    rows.collect()
}

/// The order a processor event names by the processor's own reference (subscription, payment).
pub fn by_processor_ref(
    conn: &Connection,
    gateway: Gateway,
    processor_ref: &str,
) -> rusqlite::Result<Option<Order>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM orders WHERE gateway = ?1 AND processor_ref = ?2"),
        params![gateway, processor_ref],
        from_row,
    )
    .optional()
}

/// The order one processor payment belongs to (see `record_payment`).
pub fn by_payment_id(
    conn: &Connection,
    gateway: Gateway,
    payment_id: &str,
) -> rusqlite::Result<Option<Order>> {
    let id: Option<OrderId> = conn
        .query_row(
            "SELECT order_id FROM order_payments WHERE gateway = ?1 AND payment_id = ?2",
            params![gateway, payment_id],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => get(conn, id),
        None => Ok(None),
    }
}

/// Remembers which order a processor payment paid for, so its refund can find it. A renewal
/// recorded in the same second as the order's newest payment is put a second after it: the
/// newest payment is the one a refund of what is left goes to (`newest_payment`), and a renewal
/// must not pass for the first payment in the sales figures (`paid_at > completed_at`).
pub fn record_payment(
    conn: &Connection,
    gateway: Gateway,
    payment_id: &str,
    order_id: OrderId,
    now: Timestamp,
    renewal: bool,
) -> rusqlite::Result<()> {
    // `WHERE true`: SQLite's documented way to let an INSERT ... SELECT take ON CONFLICT.
    conn.prepare_cached(
        "INSERT INTO order_payments (gateway, payment_id, order_id, paid_at)
             SELECT ?1, ?2, ?3, CASE WHEN ?5 THEN max(?4, coalesce(
                 (SELECT max(paid_at) + 1 FROM order_payments WHERE order_id = ?3), ?4)) ELSE ?4 END
             WHERE true
         ON CONFLICT DO NOTHING",
    )?
    .execute(params![gateway, payment_id, order_id, now, renewal])
    .map(|_| ())
}

/// The processor's id of the order's newest payment, when it reported one.
pub fn newest_payment(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached(
        "SELECT payment_id FROM order_payments WHERE order_id = ?1 ORDER BY paid_at DESC NULLS LAST LIMIT 1",
    )?
    .query_row([order_id], |r| r.get(0))
    .optional()
}

/// What the processor said when the payment was started.
pub fn set_processor_ref(
    conn: &Connection,
    id: OrderId,
    processor_ref: &str,
    client_secret: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orders SET processor_ref = ?2, client_secret = ?3 WHERE id = ?1",
        params![id, processor_ref, client_secret],
    )
    .map(|_| ())
}

/// Counts one more paid installment of a payment plan; returns how many are paid now.
pub fn record_installment(conn: &Connection, id: OrderId) -> rusqlite::Result<i64> {
    conn.query_row(
        "UPDATE orders SET installments_paid = installments_paid + 1 WHERE id = ?1 RETURNING installments_paid",
        [id],
        |r| r.get(0),
    )
}

/// Finished payment plans whose subscription the processor has not yet been told to end.
pub fn plans_to_end(conn: &Connection) -> rusqlite::Result<Vec<Order>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders WHERE installments IS NOT NULL AND installments_paid >= installments
           AND plan_ended_at IS NULL AND processor_ref IS NOT NULL AND gateway = 'stripe'"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

pub fn mark_plan_ended(conn: &Connection, id: OrderId, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orders SET plan_ended_at = ?2 WHERE id = ?1",
        params![id, now],
    )
    .map(|_| ())
}

/// Pending orders of a processor, placed between the two times: candidates for reconciliation.
pub fn pending_between(
    conn: &Connection,
    gateway: Gateway,
    from: Timestamp,
    to: Timestamp,
) -> rusqlite::Result<Vec<Order>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders WHERE status = 'pending' AND gateway = ?1 AND processor_ref IS NOT NULL
           AND created_at >= ?2 AND created_at < ?3 ORDER BY created_at LIMIT 50"
    ))?;
    let rows = stmt.query_map(params![gateway, from, to], from_row)?;
    rows.collect()
}

/// Ids of the orders completed in `[since, until)`, oldest first.
pub fn completed_between(
    conn: &Connection,
    since: Timestamp,
    until: Timestamp,
) -> rusqlite::Result<Vec<OrderId>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM orders WHERE status = 'completed' AND completed_at >= ?1 AND completed_at < ?2 ORDER BY completed_at",
    )?;
    let rows = stmt.query_map(params![since, until], |r| r.get(0))?;
    rows.collect()
}

pub fn by_payment_ref(conn: &Connection, payment_ref: &str) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM orders WHERE payment_ref = ?1"
    ))?
    .query_row([payment_ref], from_row)
    .optional()
}

/// The buyer saw the upsell's offer (the first time counts).
pub fn mark_upsell_shown(conn: &Connection, id: OrderId, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orders SET upsell_shown_at = ?2 WHERE id = ?1 AND upsell_shown_at IS NULL",
        params![id, now],
    )?;
    Ok(())
}

/// The upsell's order placed after `parent`, if the buyer accepted it.
pub fn upsell_of(conn: &Connection, parent: OrderId) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM orders WHERE parent_order_id = ?1"
    ))?
    .query_row([parent], from_row)
    .optional()
}

/// Newest first, at most `limit`, optionally filtered; the email compares case-insensitively
/// (the column's collation).
pub fn list(
    conn: &Connection,
    status: Option<OrderStatus>,
    email: Option<&str>,
    limit: i64,
) -> rusqlite::Result<Vec<Order>> {
    let mut stmt = conn.prepare_cached(&list_sql(status.is_some(), email.is_some()))?;
    let rows = stmt.query_map(
        params![status.map(OrderStatus::as_str), email, limit],
        from_row,
    )?;
    rows.collect()
}

/// Only the filters given are in the SQL (`?1 IS NULL OR status = ?1` would scan the table);
/// `?1` and `?2` are bound either way, so each stays numbered as `list` binds it.
fn list_sql(by_status: bool, by_email: bool) -> String {
    let filters: Vec<&str> = [(by_status, "status = ?1"), (by_email, "email = ?2")]
        .into_iter()
        .filter_map(|(on, filter)| on.then_some(filter))
        .collect();
    let filter = match filters.is_empty() {
        true => String::new(),
        false => format!("WHERE {}", filters.join(" AND ")),
    };
    format!("SELECT {COLUMNS} FROM orders {filter} ORDER BY id DESC LIMIT ?3")
}

/// At most this many stuck orders are read.
pub const STUCK_LISTED: usize = 100;

/// Orders still pending that were placed before `placed_before`, oldest first.
pub fn stuck_pending(conn: &Connection, placed_before: Timestamp) -> rusqlite::Result<Vec<Order>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders WHERE status = 'pending' AND created_at < ?1 ORDER BY created_at LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![placed_before, STUCK_LISTED as i64], from_row)?;
    rows.collect()
}

pub fn set_status(
    conn: &Connection,
    id: OrderId,
    status: OrderStatus,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE orders SET status = ?2, updated_at = ?3,
             completed_at = CASE WHEN ?2 != 'pending' AND ?2 != 'failed' AND completed_at IS NULL THEN ?3 ELSE completed_at END
         WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), now])
    .map(|_| ())
}

/// What an event changed about the order's access: a cancellation's end of access, and its
/// renewals failing (since the first failure of a streak) or paid up.
pub fn record_access(
    conn: &Connection,
    id: OrderId,
    access_until: Option<Timestamp>,
    renewal: Renewal,
    now: Timestamp,
) -> rusqlite::Result<()> {
    if let Some(until) = access_until {
        conn.prepare_cached("UPDATE orders SET access_until = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, until, now])?;
    }
    let failing = match renewal {
        Renewal::Unchanged => return Ok(()),
        Renewal::Failing => "coalesce(renewal_failed_at, ?2)",
        Renewal::PaidUp => "NULL",
    };
    conn.prepare_cached(&format!(
        "UPDATE orders SET renewal_failed_at = {failing}, updated_at = ?2 WHERE id = ?1"
    ))?
    .execute(params![id, now])
    .map(|_| ())
}

/// One received event, as the order's timeline shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    pub gateway: Gateway,
    pub event_id: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub outcome: String,
    pub received_at: Timestamp,
}

/// A processor's event as it is stored: its id, its type in the processor's words, what it
/// means for the order, and the raw payload.
pub struct NewEvent<'a> {
    pub gateway: Gateway,
    pub event_id: &'a str,
    pub type_name: &'a str,
    pub kind: PaymentEvent,
    pub payload: &'a str,
}

/// Stores an event once; `None` when this (gateway, event id) was stored before.
pub fn insert_event(
    conn: &Connection,
    event: &NewEvent,
    now: Timestamp,
) -> rusqlite::Result<Option<ProcessorEventId>> {
    let inserted = conn.prepare_cached(
        "INSERT INTO processor_events (gateway, event_id, type, kind, outcome, payload, received_at)
         VALUES (?1, ?2, ?3, ?4, '', ?5, ?6) ON CONFLICT (gateway, event_id) DO NOTHING",
    )?
    .execute(params![
            event.gateway,
            event.event_id,
            event.type_name,
            event.kind.as_str(),
            event.payload,
            now
        ])?;
    Ok((inserted == 1).then(|| ProcessorEventId(conn.last_insert_rowid())))
}

pub fn record_event_outcome(
    conn: &Connection,
    event_row: ProcessorEventId,
    order_id: Option<OrderId>,
    outcome: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE processor_events SET order_id = ?2, outcome = ?3 WHERE id = ?1")?
        .execute(params![event_row, order_id, outcome])
        .map(|_| ())
}

/// What a stored event turned out to be once applied (a refund found to be of part of its
/// payment).
pub fn set_event_kind(
    conn: &Connection,
    event_row: ProcessorEventId,
    kind: PaymentEvent,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE processor_events SET kind = ?2 WHERE id = ?1")?
        .execute(params![event_row, kind.as_str()])
        .map(|_| ())
}

pub fn events(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<StoredEvent>> {
    let mut stmt = conn.prepare(
        "SELECT gateway, event_id, type, outcome, received_at FROM processor_events WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([order_id], |r| {
        Ok(StoredEvent {
            gateway: r.get(0)?,
            event_id: r.get(1)?,
            type_name: r.get(2)?,
            outcome: r.get(3)?,
            received_at: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The kinds of the events already applied to an order, to honour out-of-order delivery
/// (a payment that did not match its order was never applied).
pub fn applied_kinds(conn: &Connection, order_id: OrderId) -> rusqlite::Result<Vec<PaymentEvent>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind FROM processor_events WHERE order_id = ?1 AND substr(outcome, 1, length(?2)) != ?2 ORDER BY id")?;
    let kinds = stmt
        .query_map(params![order_id, NOT_APPLIED], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(kinds
        .iter()
        .filter_map(|k| PaymentEvent::parse(k))
        .collect())
}

/// A payment event that did not match its order, for Needs attention.
#[derive(Debug, Clone)]
pub struct MismatchedEvent {
    pub order_id: OrderId,
    pub email: String,
    pub order_status: String,
    pub gateway: Gateway,
    pub event_id: String,
    pub type_name: String,
    /// What did not match, without the `NOT_APPLIED` prefix.
    pub why: String,
    pub received_at: Timestamp,
}

/// Spelled as the partial index `processor_events_not_applied` is, so that it is used.
pub(crate) const MISMATCHED_EVENTS: &str =
    "SELECT e.order_id, o.email, o.status, e.gateway, e.event_id, e.type, e.outcome, e.received_at
     FROM processor_events e JOIN orders o ON o.id = e.order_id
     WHERE e.outcome LIKE 'not applied: %' AND e.received_at >= ?1
     ORDER BY e.received_at DESC, e.id DESC LIMIT ?2";

/// The payment events received since `since` that did not match their order, newest first.
pub fn mismatched_events(
    conn: &Connection,
    since: Timestamp,
    limit: i64,
) -> rusqlite::Result<Vec<MismatchedEvent>> {
    let mut stmt = conn.prepare(MISMATCHED_EVENTS)?;
    let rows = stmt.query_map(params![since, limit], |r| {
        let outcome: String = r.get(6)?;
        Ok(MismatchedEvent {
            order_id: r.get(0)?,
            email: r.get(1)?,
            order_status: r.get(2)?,
            gateway: r.get(3)?,
            event_id: r.get(4)?,
            type_name: r.get(5)?,
            why: outcome
                .strip_prefix(NOT_APPLIED)
                .unwrap_or(&outcome)
                .to_string(),
            received_at: r.get(7)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
#[path = "orders_tests.rs"]
mod tests;

/// The language of the page the buyer last ordered on: the portal and its emails speak it.
pub fn newest_language(conn: &Connection, email: &str) -> rusqlite::Result<crate::i18n::Locale> {
    let page: Option<Option<crate::domain::ids::PageId>> = conn
        .prepare_cached("SELECT page_id FROM orders WHERE email = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([email], |r| r.get(0))
        .optional()?;
    match page.flatten() {
        Some(page) => super::pages::language(conn, page),
        None => Ok(crate::i18n::Locale::default()),
    }
}
