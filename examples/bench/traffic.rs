//! What buyers, processors and attackers send: checkouts, signed completion webhooks (all at
//! once or paced), and a sign-in flood.

use crate::fake_kartra::FakeKartra;
use crate::http::Conn;
use crate::measure::rss;
use crate::{SECRET, TAG};
use hmac::{Hmac, Mac};
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One buyer's checkout through the test gateway; the order's `payment_ref`.
pub fn check_out(conn: &mut Conn, path: &str, email: &str, price: &str) -> String {
    let form = format!(
        "email={}&first_name=Jane&last_name=Doe&phone=%2B1+555+0100&address=1+Main+St\
         &city=Springfield&zip=12345&state=IL&country=US&price_id={price}&gateway=test",
        email.replace('@', "%40")
    );
    let form_type = [("Content-Type", "application/x-www-form-urlencoded")];
    let res = conn.request("POST", path, &form_type, form.as_bytes());
    assert_eq!(res.status, 303, "checkout: {}", res.body_text());
    let location = res.location.expect("a Location");
    location.trim_start_matches("/pay/test/").to_string()
}

pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A signed test-gateway `payment.completed` event: (body, Tagcart-Signature).
pub fn completion(payment_ref: &str) -> (String, String) {
    let t = unix_now();
    let id = format!("evt_{payment_ref}");
    let body = json!({"id": id, "type": "payment.completed", "created": t,
        "data": {"payment_ref": payment_ref}})
    .to_string();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let signature = format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()));
    (body, signature)
}

pub fn post_event(conn: &mut Conn, payment_ref: &str) -> u16 {
    let (body, signature) = completion(payment_ref);
    let headers = [
        ("Content-Type", "application/json"),
        ("Tagcart-Signature", signature.as_str()),
    ];
    conn.request("POST", "/webhooks/test", &headers, body.as_bytes())
        .status
}

/// Every order's completion, over `conns` connections as fast as they are answered.
pub fn post_events(addr: &str, orders: &[(String, String)], conns: usize) -> Vec<u16> {
    let next = Arc::new(AtomicUsize::new(0));
    let refs: Arc<Vec<String>> = Arc::new(orders.iter().map(|(_, r)| r.clone()).collect());
    let threads: Vec<_> = (0..conns)
        .map(|_| {
            let (next, refs, addr) = (next.clone(), refs.clone(), addr.to_string());
            std::thread::spawn(move || {
                let mut conn = Conn::open(&addr);
                let mut statuses = vec![];
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= refs.len() {
                        return statuses;
                    }
                    statuses.push(post_event(&mut conn, &refs[i]));
                }
            })
        })
        .collect();
    threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect()
}

/// Sends each order's completion on a fixed schedule; the instant each was sent, by email.
pub fn send_paced(
    addr: &str,
    orders: &[(String, String)],
    per_sec: f64,
) -> HashMap<String, Instant> {
    let mut conn = Conn::open(addr);
    let start = Instant::now();
    let mut sent = HashMap::new();
    for (i, (email, payment_ref)) in orders.iter().enumerate() {
        let due = start + Duration::from_secs_f64(i as f64 / per_sec);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let at = Instant::now();
        assert_eq!(post_event(&mut conn, payment_ref), 200);
        sent.insert(email.clone(), at);
    }
    sent
}

/// For each buyer: from sending the webhook to the fake receiving the call that tagged them.
pub fn tag_latencies(
    kartra: &FakeKartra,
    orders: &[(String, String)],
    sent: &HashMap<String, Instant>,
) -> Vec<Duration> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while orders
        .iter()
        .any(|(email, _)| kartra.tag_assignments(email, TAG) == 0)
    {
        assert!(Instant::now() < deadline, "not every buyer was tagged");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut tagged: HashMap<String, Instant> = HashMap::new();
    for call in kartra.calls() {
        let ok = call.status == 200 && call.cmds.iter().any(|c| c == "assign_tag");
        let email = call.pairs.iter().find(|(k, _)| k == "lead[email]");
        if let (true, Some((_, email))) = (ok, email) {
            tagged.entry(email.clone()).or_insert(call.at);
        }
    }
    let mut latencies: Vec<Duration> = orders
        .iter()
        .map(|(email, _)| tagged[email].duration_since(sent[email]))
        .collect();
    latencies.sort();
    latencies
}

pub const FLOOD_CONNECTIONS: usize = 64;

/// Wrong-password sign-ins posted as fast as they are answered, each from a new address, while
/// another thread samples the server's RSS.
pub struct SignInFlood {
    pub stop: Arc<std::sync::atomic::AtomicBool>,
    pub posts: Vec<std::thread::JoinHandle<(usize, usize)>>,
    pub sampler: std::thread::JoinHandle<f64>,
}

impl SignInFlood {
    pub fn start(addr: &str, pid: u32) -> SignInFlood {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let next = Arc::new(AtomicUsize::new(0));
        let posts = (0..FLOOD_CONNECTIONS)
            .map(|_| {
                let (stop, next, addr) = (stop.clone(), next.clone(), addr.to_string());
                std::thread::spawn(move || {
                    let mut conn = Conn::open(&addr);
                    let (mut hashed, mut refused) = (0, 0);
                    // The double-submit CSRF check wants the cookie and the field to agree.
                    let body = b"email=flood%40example.com&password=not-the-password&csrf=bench";
                    while !stop.load(Ordering::Relaxed) {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let ip = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
                        let headers = [
                            ("Content-Type", "application/x-www-form-urlencoded"),
                            ("Cookie", "tagcart_login_csrf=bench"),
                            ("X-Forwarded-For", ip.as_str()),
                        ];
                        match conn.request("POST", "/admin/login", &headers, body).status {
                            401 => hashed += 1,
                            429 => refused += 1,
                            other => panic!("sign-in flood: HTTP {other}"),
                        }
                    }
                    (hashed, refused)
                })
            })
            .collect();
        let sampling = stop.clone();
        let sampler = std::thread::spawn(move || {
            let mut peak: f64 = 0.0;
            while !sampling.load(Ordering::Relaxed) {
                peak = peak.max(rss(pid, "VmRSS"));
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        });
        SignInFlood {
            stop,
            posts,
            sampler,
        }
    }

    /// (peak RSS in bytes, posts answered after a hash, posts told the server is busy).
    pub fn stop(self) -> (f64, usize, usize) {
        self.stop.store(true, Ordering::Relaxed);
        let (hashed, refused) = self
            .posts
            .into_iter()
            .map(|t| t.join().unwrap())
            .fold((0, 0), |(h, r), (h2, r2)| (h + h2, r + r2));
        (self.sampler.join().unwrap(), hashed, refused)
    }
}
