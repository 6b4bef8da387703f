//! Item 8: the sales figures and the CSV export of a shop with 100,000 orders. A second server
//! gets its own data dir, seeded straight into SQLite (one transaction) before it starts: a
//! year and a month of orders in three currencies over four pages, mostly completed, some
//! pending, failed, refunded or cancelled, subscriptions with their renewals, bumps and upsells.

use crate::fake_kartra::FakeKartra;
use crate::http::{percentile, Conn};
use crate::measure::{ms, rss, Table};
use crate::server::Server;
use crate::MIB;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const ORDERS: usize = 100_000;
const DAYS: i64 = 400;
const DAY: i64 = 86_400;
const MONTH: i64 = 30 * DAY;
const REQUESTS: usize = 50;
const ADMIN: &str = "bench@example.com";
const PASSWORD: &str = "bench-password-0123456789";

/// (product, kind, currency, amount, interval): the price ids are 1.. in this order.
const PRICES: [(i64, &str, &str, i64, Option<&str>); 6] = [
    (1, "one_time", "USD", 4900, None),
    (1, "subscription", "USD", 1900, Some("month")),
    (2, "one_time", "EUR", 9900, None),
    (2, "subscription", "EUR", 19900, Some("year")),
    (3, "one_time", "GBP", 2900, None),
    (3, "one_time", "USD", 1500, None),
];
/// (page, product, its prices): page 4 sells product 1 again, in its own launch.
const PAGES: [(i64, i64, [i64; 2]); 4] = [
    (1, 1, [1, 2]),
    (2, 2, [3, 4]),
    (3, 3, [5, 5]),
    (4, 1, [1, 2]),
];
const FIRST: [&str; 8] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Frances", "Dennis",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Allen", "Ritchie",
];

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Products, prices, pages and `ORDERS` orders with their lines, payments, refunds and done
/// grants, in one transaction. The orders' times grow denser towards `now`, as a shop grows.
pub fn seed(db: &Path, now: i64) {
    let mut conn = Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    let start = now - DAYS * DAY;
    for (id, name, tag) in [
        (1, "Launch Course", "launch"),
        (2, "Masterclass", "master"),
        (3, "Workbook", "workbook"),
    ] {
        tx.execute(
            "INSERT INTO products (id, name, kartra_tag, revoke_on_refund, created_at, updated_at)
             VALUES (?1, ?2, ?3, 1, ?4, ?4)",
            params![id, name, tag, start],
        )
        .unwrap();
    }
    for (i, (product, kind, currency, amount, interval)) in PRICES.iter().enumerate() {
        tx.execute(
            "INSERT INTO prices (id, product_id, position, kind, currency, amount, interval, interval_count)
             VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7)",
            params![i as i64 + 1, product, kind, currency, amount, interval, interval.map(|_| 1)],
        )
        .unwrap();
    }
    for (page, product, prices) in PAGES {
        tx.execute(
            "INSERT INTO pages (id, title, slug, product_id, template, price_ids, gateways, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'minimal', ?5, '[\"stripe\",\"paypal\"]', ?6, ?6)",
            params![page, format!("Page {page}"), format!("page-{page}"), product,
                format!("[{},{}]", prices[0], prices[1]), start],
        )
        .unwrap();
    }
    let mut rng = StdRng::seed_from_u64(19);
    let mut order = tx
        .prepare(
            "INSERT INTO orders (id, status, page_id, product_id, price_id, price_kind, amount, subtotal,
                 currency, email, first_name, last_name, country, gateway, payment_ref, processor_ref,
                 created_at, completed_at, updated_at, access_until, parent_order_id, bump_offered,
                 upsell_shown_at, refunded)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23)",
        )
        .unwrap();
    let mut line = tx
        .prepare(
            "INSERT INTO order_lines (order_id, kind, product_id, price_id, price_kind, amount, currency)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .unwrap();
    let mut payment = tx
        .prepare("INSERT INTO order_payments (gateway, payment_id, order_id, paid_at) VALUES (?1, ?2, ?3, ?4)")
        .unwrap();
    let mut refund = tx
        .prepare("INSERT INTO refunds (order_id, refund_key, amount, recorded_at) VALUES (?1, ?2, ?3, ?4)")
        .unwrap();
    let mut grant = tx
        .prepare(
            "INSERT INTO fulfillment_jobs (order_id, action, email, kartra_tag, state, attempts, run_after, created_at, done_at)
             VALUES (?1, 'grant', ?2, ?3, 'done', 1, ?4, ?4, ?4)",
        )
        .unwrap();
    let tags = ["", "launch", "master", "workbook"];
    let mut id = 0i64;
    let mut last_at = start;
    while (id as usize) < ORDERS {
        id += 1;
        let x = id as f64 / ORDERS as f64;
        let at = (start + (x.powf(0.7) * (DAYS * DAY) as f64) as i64)
            .max(last_at)
            .min(now - 60);
        last_at = at;
        let (page, product, prices) = PAGES[rng.gen_range(0..PAGES.len())];
        let price = prices[usize::from(rng.gen_bool(0.25))];
        let (_, kind, currency, amount, interval) = PRICES[price as usize - 1];
        let gateway = if rng.gen_bool(0.7) {
            "stripe"
        } else {
            "paypal"
        };
        let roll: f64 = rng.gen();
        let mut status = match roll {
            r if r < 0.05 => "pending",
            r if r < 0.09 => "failed",
            r if r < 0.12 && kind == "one_time" => "refunded",
            _ => "completed",
        };
        let paid = matches!(status, "completed" | "refunded");
        let completed_at = paid.then(|| at + rng.gen_range(5..90));
        let email = format!("buyer{id}@example.com");
        let bump_offered = page <= 2 && rng.gen_bool(0.5);
        let bump = bump_offered && paid && rng.gen_bool(0.2);
        let total = amount + if bump { 1500 } else { 0 };
        // A subscription renews every period until the buyer cancels (about one in six a month).
        let mut renewals = vec![];
        let mut access_until = None;
        if let (Some(done), Some(interval)) = (completed_at, interval) {
            let period = if interval == "year" { 365 * DAY } else { MONTH };
            let mut next = done + period;
            while next < now && !rng.gen_bool(if period == MONTH { 1.0 / 6.0 } else { 0.4 }) {
                renewals.push(next);
                next += period;
            }
            if next < now {
                status = "cancelled";
                access_until = Some(next);
            }
        }
        let refunded = match status {
            "refunded" => total,
            "completed" if kind == "one_time" && rng.gen_bool(0.01) => total / 2,
            _ => 0,
        };
        let upsell_shown = page == 1 && kind == "one_time" && paid && rng.gen_bool(0.3);
        let processor_ref = (status != "pending")
            .then(|| format!("{}_{id}", if interval.is_some() { "sub" } else { "pi" }));
        let (first, last) = (FIRST[id as usize % 8], LAST[id as usize / 8 % 8]);
        order
            .execute(params![
                id,
                status,
                page,
                product,
                price,
                kind,
                total,
                currency,
                email,
                first,
                last,
                "US",
                gateway,
                format!("pay_{id:08}"),
                processor_ref,
                at,
                completed_at,
                renewals.last().copied().or(completed_at).unwrap_or(at),
                access_until,
                None::<i64>,
                bump_offered,
                upsell_shown.then_some(at + 120),
                refunded
            ])
            .unwrap();
        line.execute(params![id, "main", product, price, kind, amount, currency])
            .unwrap();
        if bump {
            line.execute(params![id, "bump", 3, 6, "one_time", 1500, "USD"])
                .unwrap();
        }
        if let Some(done) = completed_at {
            grant
                .execute(params![id, email, tags[product as usize], done + 2])
                .unwrap();
            if interval.is_some() {
                payment
                    .execute(params![gateway, format!("pi_{id}_0"), id, done])
                    .unwrap();
                for (n, paid_at) in renewals.iter().enumerate() {
                    payment
                        .execute(params![gateway, format!("pi_{id}_{}", n + 1), id, paid_at])
                        .unwrap();
                }
            }
            if refunded > 0 {
                let recorded = (done + rng.gen_range(DAY..14 * DAY)).min(now - 1);
                refund
                    .execute(params![id, format!("re_{id}"), refunded, recorded])
                    .unwrap();
            }
        }
        // The upsell's own order, placed straight after, taken by a quarter of those shown it.
        if upsell_shown && rng.gen_bool(0.25) && (id as usize) < ORDERS {
            let parent = id;
            id += 1;
            let done = completed_at.unwrap() + 130;
            order
                .execute(params![
                    id,
                    "completed",
                    page,
                    3,
                    5,
                    "one_time",
                    2900,
                    "GBP",
                    email,
                    first,
                    last,
                    "US",
                    gateway,
                    format!("pay_{id:08}"),
                    format!("pi_{id}"),
                    at + 125,
                    done,
                    done,
                    None::<i64>,
                    parent,
                    false,
                    None::<i64>,
                    0
                ])
                .unwrap();
            line.execute(params![id, "upsell", 3, 5, "one_time", 2900, "GBP"])
                .unwrap();
            grant
                .execute(params![id, email, "workbook", done + 2])
                .unwrap();
            last_at = at + 125;
        }
    }
    drop((order, line, payment, refund, grant));
    tx.commit().unwrap();
}

/// The figures of item 8, measured on their own server.
pub struct SalesBench {
    pub overview: Vec<Duration>,
    pub page: Vec<Duration>,
    pub api_30: Vec<Duration>,
    pub api_365: Vec<Duration>,
    pub seed: Duration,
    pub csv: Csv,
}

pub struct Csv {
    pub took: Duration,
    pub bytes: u64,
    pub lines: usize,
    pub rss_rise: f64,
}

/// Seeds a new data dir under `dir`, starts a server on it, signs in and measures.
pub fn run(bin: &Path, dir: &Path, kartra: &FakeKartra) -> SalesBench {
    let data_dir = dir.join("sales");
    std::fs::create_dir_all(&data_dir).unwrap();
    let cli = |args: &[&str], stdin: Option<&str>| -> String {
        let mut child = Command::new(bin)
            .args(args)
            .arg("--data-dir")
            .arg(&data_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tagcart runs");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        drop(input);
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "tagcart {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let token = cli(&["token", "create", "bench-sales"], None);
    cli(
        &["user", "add", ADMIN],
        Some(&format!("{PASSWORD}\n{PASSWORD}\n")),
    );
    let started = Instant::now();
    seed(&data_dir.join("tagcart.db"), now());
    let seeded = started.elapsed();
    if let Some(copy) = std::env::var_os("BENCH_SALES_DB") {
        // For EXPLAIN QUERY PLAN by hand: the seeded database, before the server touches it.
        std::fs::copy(data_dir.join("tagcart.db"), copy).unwrap();
    }
    let server = Server::start(bin, &data_dir, &kartra.url);
    let cookie = sign_in(&server.addr);
    let admin = [("Cookie", cookie.as_str())];
    let bearer = format!("Bearer {token}");
    let api = [("Authorization", bearer.as_str())];
    let day = |ago: i64| tagcart::domain::sales::today(now() - ago * DAY).to_string();
    let (today, from_30, from_365) = (day(0), day(29), day(364));
    let figures = SalesBench {
        overview: timed(&server.addr, "/admin", &admin),
        page: timed(&server.addr, "/admin/pages/1/sales", &admin),
        api_30: timed(
            &server.addr,
            &format!("/api/v1/stats?from={from_30}&to={today}"),
            &api,
        ),
        api_365: timed(
            &server.addr,
            &format!("/api/v1/stats?from={from_365}&to={today}"),
            &api,
        ),
        seed: seeded,
        csv: export(&server, &cookie),
    };
    server.terminate();
    figures
}

/// The Overview's `POST /admin/login`; the session cookie it sets.
fn sign_in(addr: &str) -> String {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let res = agent
        .post(&format!("http://{addr}/admin/login"))
        .set("Cookie", "tagcart_login_csrf=bench")
        .send_form(&[("email", ADMIN), ("password", PASSWORD), ("csrf", "bench")])
        .expect("sign-in");
    assert_eq!(res.status(), 303, "sign-in: {}", res.status());
    res.all("set-cookie")
        .into_iter()
        .find_map(|c| {
            c.split(';')
                .next()
                .filter(|c| c.starts_with("tagcart_session="))
        })
        .expect("a session cookie")
        .to_string()
}

/// `REQUESTS` GETs one after another on one connection, after 3 to warm up; sorted.
fn timed(addr: &str, path: &str, headers: &[(&str, &str)]) -> Vec<Duration> {
    let mut conn = Conn::open(addr);
    let mut latencies = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS + 3 {
        let sent = Instant::now();
        let res = conn.request("GET", path, headers, b"");
        assert_eq!(res.status, 200, "{path}: {}", res.body_text());
        if i >= 3 {
            latencies.push(sent.elapsed());
        }
    }
    latencies.sort();
    latencies
}

/// The whole unfiltered `GET /admin/orders.csv`, read as it arrives, while the server's RSS
/// is sampled every 5 ms.
fn export(server: &Server, cookie: &str) -> Csv {
    let pid = server.pid();
    let before = rss(pid, "VmRSS");
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = before;
            while !done.load(Ordering::Relaxed) {
                peak = peak.max(rss(pid, "VmRSS"));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        })
    };
    let started = Instant::now();
    let res = ureq::get(&format!("http://{}/admin/orders.csv", server.addr))
        .set("Cookie", cookie)
        .call()
        .expect("GET /admin/orders.csv");
    let mut reader = BufReader::with_capacity(64 * 1024, res.into_reader());
    let (mut bytes, mut lines, mut buf) = (0u64, 0usize, Vec::with_capacity(256));
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).expect("the CSV reads");
        if n == 0 {
            break;
        }
        bytes += n as u64;
        lines += 1;
    }
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap();
    Csv {
        took,
        bytes,
        lines,
        rss_rise: peak - before,
    }
}

/// Item 8's rows of the table.
pub fn report(table: &mut Table, s: &SalesBench) {
    let p = |d: &[Duration], q| percentile(d, q);
    table.row(
        "8 Overview GET /admin, 100k orders",
        format!(
            "p50 {} p99 {}",
            ms(p(&s.overview, 0.5)),
            ms(p(&s.overview, 0.99))
        ),
        "last 30 days".into(),
        None,
        "p50 < 50 ms",
        p(&s.overview, 0.5) < Duration::from_millis(50),
    );
    table.row(
        "  a page's Sales tab",
        format!("p50 {}", ms(p(&s.page, 0.5))),
        "last 30 days".into(),
        None,
        "p50 < 50 ms",
        p(&s.page, 0.5) < Duration::from_millis(50),
    );
    table.row(
        "  GET /api/v1/stats 30 / 365 days",
        format!("p50 {} / {}", ms(p(&s.api_30, 0.5)), ms(p(&s.api_365, 0.5))),
        "".into(),
        None,
        "",
        true,
    );
    let rows = s.csv.lines.saturating_sub(1);
    table.row(
        "  CSV export, all orders",
        format!(
            "{:.2} s, {:.1} MB, {rows} rows",
            s.csv.took.as_secs_f64(),
            s.csv.bytes as f64 / 1e6
        ),
        format!("RSS +{:.1} MiB meanwhile", s.csv.rss_rise / MIB),
        None,
        "every row; RSS +< 32 MiB",
        rows == ORDERS && s.csv.rss_rise < 32.0 * MIB,
    );
}
