//! The sales dashboard, on the Overview for the whole shop and on each page's Sales tab: the
//! range with its presets, the totals, revenue per currency over time, the funnel, and the
//! bump and upsell take rates (README, "Sales figures").

use crate::domain::money::Currency;
use crate::domain::sales::{percent, PageFunnel, Report, TakeRates};
use crate::domain::validation::FieldErrors;
use crate::views::admin::charts::{self, Bar};
use maud::{html, Markup};
use time::macros::format_description;
use time::{Date, Duration};

/// Ranges longer than this are drawn by week rather than by day, so bars stay wide enough to
/// see on a phone.
const DAILY_UP_TO: i64 = 92;

/// The presets: a label and the number of days ending today.
const PRESETS: &[(&str, i64)] = &[
    ("Today", 1),
    ("7 days", 7),
    ("30 days", 30),
    ("90 days", 90),
    ("12 months", 365),
];

pub struct Sales<'a> {
    pub report: &'a Report,
    /// Where the range form and the presets lead: the Overview or a page's Sales tab.
    pub base: &'a str,
    pub today: Date,
    /// A refused range, as typed, and why: the report is then of the default range.
    pub refused: Option<(&'a str, &'a str, &'a FieldErrors)>,
    /// The whole shop (with a row per page), or one page.
    pub whole_shop: bool,
}

pub fn dashboard(s: &Sales) -> Markup {
    let r = s.report;
    let (from, to) = match s.refused {
        Some((from, to, _)) => (from.to_string(), to.to_string()),
        None => (r.days.from.to_string(), r.days.to.to_string()),
    };
    let views: i64 = r.pages.iter().map(|p| p.views).sum();
    let quiet = r.currencies.is_empty() && r.orders.placed == 0 && views == 0;
    html! {
        section.sales aria-labelledby="sales" {
            h2 #sales { "Sales " small.muted { (range_words(r.days.from, r.days.to)) " (UTC)" } }
            nav.presets aria-label="Date range" {
                @for (label, count) in PRESETS {
                    @let preset_from = s.today - Duration::days(count - 1);
                    @let current = s.refused.is_none() && r.days.from == preset_from && r.days.to == s.today;
                    a href=(format!("{}?from={preset_from}&to={}", s.base, s.today)) aria-current=[current.then_some("true")] { (label) }
                }
            }
            form.range method="get" action=(s.base) {
                div { label for="range-from" { "From" } input #range-from type="date" name="from" value=(from) max=(s.today); }
                div { label for="range-to" { "To" } input #range-to type="date" name="to" value=(to) max=(s.today); }
                button type="submit" { "Show" }
            }
            @if let Some((_, _, errors)) = s.refused {
                div.alert.error role="alert" {
                    @for (field, message) in errors.iter() { p { "“" (field_label(field)) "” " (message) "." } }
                    p { "Showing the last 30 days instead." }
                }
            }
            @if quiet {
                p.empty { "Nothing sold and no page views in these days." }
            } @else {
                (totals(r))
                @for c in &r.currencies { (revenue_chart(r, c)) }
                (funnel(&r.pages))
                @if s.whole_shop && r.pages.len() > 1 { (pages_table(&r.pages)) }
            }
            (take_rates(&r.take_rates))
        }
    }
}

fn field_label(field: &str) -> &str {
    match field {
        "from" => "From",
        _ => "To",
    }
}

fn money(code: &str, minor: i64) -> String {
    Currency::from_code(code).map_or_else(|| format!("{minor} {code}"), |c| c.format(minor))
}

fn short(day: Date) -> String {
    day.format(format_description!("[day padding:none] [month repr:short]"))
        .unwrap_or_default()
}

fn long(day: Date) -> String {
    day.format(format_description!(
        "[day padding:none] [month repr:short] [year]"
    ))
    .unwrap_or_default()
}

fn range_words(from: Date, to: Date) -> String {
    match from == to {
        true => long(from),
        false => format!("{} – {}", long(from), long(to)),
    }
}

fn totals(r: &Report) -> Markup {
    html! {
        div.cards.figures {
            @for c in &r.currencies {
                div.card {
                    strong { (money(&c.code, c.net)) }
                    span { "net revenue, " (c.code) }
                    small { (money(&c.code, c.revenue)) " in · " (money(&c.code, c.refunded)) " refunded" }
                }
            }
            div.card {
                strong { (r.orders.paid) }
                span { "orders paid" }
                small { (r.orders.placed) " placed · " (r.orders.refunded) " refunded · " (r.orders.failed) " failed" }
            }
            div.card {
                strong { (r.active_subscriptions) }
                span { "active subscriptions" }
                small {
                    @if r.mrr.is_empty() { "no recurring revenue" }
                    @for (i, (code, amount)) in r.mrr.iter().enumerate() {
                        @if i > 0 { " · " }
                        (money(code, *amount)) " a month"
                    }
                }
            }
        }
    }
}

/// One currency's revenue over the range, by day (or by week over long ranges), with the same
/// figures in a table.
fn revenue_chart(r: &Report, c: &crate::domain::sales::CurrencyFigures) -> Markup {
    let by_week = r.days.count() > DAILY_UP_TO;
    let step = if by_week { 7 } else { 1 };
    let rows: Vec<(Date, Date, i64, i64)> = (c.by_day.chunks(step).enumerate())
        .map(|(i, days)| {
            let first = r.days.day(i * step);
            let last = first + Duration::days(days.len() as i64 - 1);
            let revenue = days.iter().map(|d| d.0).sum();
            let paid = days.iter().map(|d| d.1).sum();
            (first, last, revenue, paid)
        })
        .collect();
    let bars: Vec<Bar> = (rows.iter())
        .map(|&(first, last, revenue, _)| Bar {
            label: match by_week {
                true => format!("{} – {}", short(first), short(last)),
                false => short(first),
            },
            value: revenue,
            text: money(&c.code, revenue),
        })
        .collect();
    let top = rows.iter().map(|r| r.2).max().unwrap_or(0);
    let period = if by_week { "week" } else { "day" };
    html! {
        figure.chart {
            figcaption { "Revenue in " (c.code) " by " (period) }
            (charts::columns(&bars, &money(&c.code, top)))
            details {
                summary { "The figures by " (period) }
                table.figures {
                    caption.visually-hidden { "Revenue in " (c.code) " by " (period) }
                    thead { tr { th scope="col" { (if by_week { "Week" } else { "Day" }) } th scope="col" { "Revenue" } th scope="col" { "Orders paid" } } }
                    tbody {
                        @for (bar, row) in bars.iter().zip(&rows) {
                            tr { th scope="row" { (bar.label) } td { (bar.text) } td { (row.3) } }
                        }
                    }
                }
            }
        }
    }
}

/// The steps from a page view to access, for the pages in the report together.
fn funnel(pages: &[PageFunnel]) -> Markup {
    let sum = |f: fn(&PageFunnel) -> i64| pages.iter().map(f).sum::<i64>();
    let steps = [
        ("Page views", sum(|p| p.views)),
        ("Checkouts started", sum(|p| p.checkouts_started)),
        ("Paid", sum(|p| p.paid)),
        ("Access granted", sum(|p| p.access_granted)),
    ];
    let widest = steps.iter().map(|s| s.1).max().unwrap_or(0);
    html! {
        figure.funnel {
            figcaption { "Funnel" }
            table.funnel {
                thead { tr { th scope="col" { "Step" } th scope="col" { span.visually-hidden { "Bar" } } th scope="col" { "Count" } th scope="col" { "Of the step before" } } }
                tbody {
                    @for (i, (label, count)) in steps.iter().enumerate() {
                        tr {
                            th scope="row" { (label) }
                            td.bar { (charts::meter(*count, widest)) }
                            td.count { (count) }
                            td.rate {
                                @match i.checked_sub(1).and_then(|before| percent(*count, steps[before].1)) {
                                    Some(p) => { (p) "%" }
                                    None => { "–" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pages_table(pages: &[PageFunnel]) -> Markup {
    html! {
        figure.by-page {
            figcaption { "By page" }
            div.scroll {
                table.figures {
                    thead { tr {
                        th scope="col" { "Page" } th scope="col" { "Views" } th scope="col" { "Started" }
                        th scope="col" { "Paid" } th scope="col" { "Granted" } th scope="col" { "Paid of views" }
                    } }
                    tbody {
                        @for p in pages {
                            tr {
                                th scope="row" { a href=(format!("/admin/pages/{}/sales", p.page_id)) { (p.title) } }
                                td { (p.views) }
                                td { (p.checkouts_started) }
                                td { (p.paid) }
                                td { (p.access_granted) }
                                td { @match percent(p.paid, p.views) { Some(n) => { (n) "%" } None => { "–" } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "3 of 12 took it (25%)", or that nobody was offered it yet.
fn take_rate(taken: i64, offered: i64) -> String {
    match percent(taken, offered) {
        None => "not offered yet".into(),
        Some(p) => format!("{taken} of {offered} took it ({p}%)"),
    }
}

fn take_rates(t: &TakeRates) -> Markup {
    html! {
        div.take-rates {
            h3 { "Bumps and upsells " small.muted { "of the orders paid" } }
            dl.facts {
                dt { "Order bump" } dd { (take_rate(t.bump_taken, t.bump_offered)) }
                dt { "Upsell" } dd { (take_rate(t.upsell_taken, t.upsell_shown)) }
            }
        }
    }
}
