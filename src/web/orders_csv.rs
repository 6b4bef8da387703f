//! The filtered orders as a CSV download (RFC 4180), streamed: pages of rows are read by id
//! cursor, each in its own short query, and sent as they are written, so an export of 100k
//! orders never holds them all and never holds the database for long.

use crate::clock;
use crate::db::order_search::{self, Cursor, OrderFilter};
use crate::db::orders::Order;
use crate::db::Pool;
use crate::domain::ids::ProductId;
use crate::domain::money::Currency;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use std::collections::HashMap;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// Rows per query: small enough to be quick, large enough that 100k orders take 200.
const ROWS_PER_PAGE: i64 = 500;

pub const HEADER: [&str; 16] = [
    "id",
    "created_at",
    "status",
    "email",
    "first_name",
    "last_name",
    "product_id",
    "product_name",
    "price_kind",
    "amount",
    "currency",
    "tax",
    "refunded",
    "gateway",
    "coupon_code",
    "page_id",
];

/// `200 text/csv` as an attachment named after the day, the rows following as they are read.
pub fn response(pool: Pool, filter: OrderFilter, now: clock::Timestamp) -> HttpResponse {
    // Two pages in flight at most: a slow client slows the reading, not the memory.
    let (sender, receiver) = mpsc::channel(2);
    actix_web::rt::task::spawn_blocking(move || write_pages(&pool, &filter, &sender));
    let day = &clock::rfc3339(now)[..10];
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"orders-{day}.csv\""),
        ))
        .streaming(Chunks(receiver))
}

type Chunk = Result<Bytes, std::io::Error>;

/// Reads and sends page after page until the last, or until the client has gone.
fn write_pages(pool: &Pool, filter: &OrderFilter, sender: &mpsc::Sender<Chunk>) {
    let mut out = String::new();
    push_row(&mut out, HEADER.iter().map(|h| h.to_string()));
    let mut cursor = Cursor::Newest;
    loop {
        let page = pool.get().map_err(|e| e.to_string()).and_then(|conn| {
            let orders = order_search::page(&conn, filter, cursor, ROWS_PER_PAGE);
            let names = order_search::product_names(&conn);
            orders
                .and_then(|o| Ok((o, names?)))
                .map_err(|e| e.to_string())
        });
        let (orders, names) = match page {
            Ok(page) => page,
            Err(e) => {
                // The client sees a cut-off download rather than a CSV that looks complete.
                tracing::error!(error = %e, "the orders' CSV stopped: the database failed");
                let _ = sender.blocking_send(Err(std::io::Error::other(e)));
                return;
            }
        };
        for order in &orders {
            push_row(&mut out, row(order, &names));
        }
        let last = orders.len() < ROWS_PER_PAGE as usize;
        if sender
            .blocking_send(Ok(Bytes::from(std::mem::take(&mut out))))
            .is_err()
            || last
        {
            return;
        }
        cursor = Cursor::StartingAfter(orders[orders.len() - 1].id);
    }
}

/// The order's fields in `HEADER`'s order; amounts in the currency's units, as text.
fn row(o: &Order, names: &HashMap<ProductId, String>) -> impl Iterator<Item = String> {
    let money = |minor: i64| match Currency::from_code(&o.currency) {
        Some(currency) => currency.to_major_text(minor),
        None => minor.to_string(),
    };
    [
        o.id.to_string(),
        clock::rfc3339(o.created_at),
        o.status.as_str().to_string(),
        text(&o.buyer.email),
        text(&o.buyer.first_name),
        text(&o.buyer.last_name),
        o.product_id.to_string(),
        text(names.get(&o.product_id).map_or("", String::as_str)),
        o.price_kind.as_str().to_string(),
        money(o.amount),
        o.currency.clone(),
        money(o.tax),
        money(o.refunded),
        o.gateway.as_str().to_string(),
        text(o.coupon_code.as_deref().unwrap_or("")),
        o.page_id.map_or(String::new(), |p| p.to_string()),
    ]
    .into_iter()
}

/// Text someone typed, made inert for spreadsheets: a leading `=`, `+`, `-`, `@` (or tab, CR)
/// would start a formula when the file is opened, and a buyer chooses their own name.
fn text(value: &str) -> String {
    match value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{value}"),
        false => value.to_string(),
    }
}

/// One record, CRLF-terminated; a field with a comma, quote, CR or LF is quoted, its quotes
/// doubled.
fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field.contains([',', '"', '\r', '\n']) {
            true => {
                out.push('"');
                out.push_str(&field.replace('"', "\"\""));
                out.push('"');
            }
            false => out.push_str(&field),
        }
    }
    out.push_str("\r\n");
}

/// The receiving end of the pages, as the body's stream.
struct Chunks(mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> String {
        let mut out = String::new();
        push_row(&mut out, fields.iter().map(|f| f.to_string()));
        out
    }

    #[test]
    fn fields_with_commas_quotes_and_newlines_are_quoted() {
        assert_eq!(
            record(&["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r"]),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n"
        );
    }

    #[test]
    fn typed_text_that_would_start_a_formula_is_made_inert() {
        for bad in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"] {
            assert_eq!(text(bad), format!("'{bad}"));
        }
        assert_eq!(text("Ada"), "Ada");
        assert_eq!(text("a=b"), "a=b");
    }
}
