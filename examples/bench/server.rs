//! The server under test and the merchant's setup: the release binary built and started on a
//! fresh data dir, then a product and a published page made through the CLI and the JSON API.

use crate::fake_kartra::{FakeKartra, API_KEY, API_PASSWORD, APP_ID};
use crate::http::{percentile, Conn, Load};
use crate::traffic::check_out;
use crate::{KARTRA_RATE, MEASURE, SECRET, TAG, WARMUP};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `cargo build --release --bin tagcart`, then its path: `<target>/release/tagcart`, next to
/// this example's own `<target>/release/examples/bench`.
pub fn build_tagcart() -> PathBuf {
    // For profiling: a binary built some other way (with symbols, say).
    if let Some(bin) = std::env::var_os("BENCH_TAGCART") {
        return PathBuf::from(bin);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    eprintln!("bench: cargo build --release --bin tagcart");
    let mut build = Command::new(cargo);
    // `cargo run` describes this example to it in the environment; build scripts (ring's) that
    // watch those variables would otherwise be rebuilt on every run, here and by the next `cargo run`.
    let package_vars = [
        "CARGO_PKG_",
        "CARGO_MANIFEST_",
        "CARGO_CRATE_",
        "CARGO_BIN_",
        "CARGO_PRIMARY_",
    ];
    for (name, _) in std::env::vars_os() {
        let text = name.to_string_lossy();
        if text == "OUT_DIR" || package_vars.iter().any(|p| text.starts_with(p)) {
            build.env_remove(&name);
        }
    }
    let status = build
        .args(["build", "--release", "--bin", "tagcart"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building tagcart failed");
    let exe = std::env::current_exe().expect("own path");
    let release = exe.parent().and_then(Path::parent).expect("target/release");
    let bin = release.join(format!("tagcart{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "no binary at {}", bin.display());
    bin
}

pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl Server {
    pub fn start(bin: &Path, data_dir: &Path, kartra_url: &str) -> Server {
        std::fs::create_dir_all(data_dir).unwrap();
        let log = std::fs::File::create(data_dir.join("server.log")).unwrap();
        let rate = KARTRA_RATE.to_string();
        let mut child = Command::new(bin)
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(["--kartra-api-url", kartra_url, "--kartra-rate", &rate])
            // Item 7's flood names a new client address in each post, as a botnet would.
            .arg("--trust-proxy")
            .env_remove("TAGCART_LOG")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("tagcart starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines.next().expect("tagcart printed its address").unwrap();
            if let Some(url) = line.strip_prefix("tagcart listening on http://") {
                break url.trim().to_string();
            }
        };
        // Keep reading so the pipe never fills.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, addr }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, and the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The merchant's setup, through the CLI and the JSON API.
pub struct Shop {
    pub token: String,
    pub slug: String,
    pub price_id: String,
}

impl Shop {
    pub fn set_up(server: &Server, bin: &Path, data_dir: &Path) -> Shop {
        let out = Command::new(bin)
            .args(["token", "create", "bench", "--data-dir"])
            .arg(data_dir)
            .output()
            .expect("tagcart token create");
        assert!(out.status.success(), "{out:?}");
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        let api = |method: &str, path: &str, body: Value| -> Value {
            let url = format!("http://{}/api/v1{path}", server.addr);
            let res = ureq::request(method, &url)
                .set("Authorization", &format!("Bearer {token}"))
                .set("Content-Type", "application/json")
                .send_string(&body.to_string())
                .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
            serde_json::from_str(&res.into_string().unwrap()).unwrap()
        };
        api(
            "PUT",
            "/integrations/kartra",
            json!({"app_id": APP_ID, "api_key": API_KEY, "api_password": API_PASSWORD}),
        );
        api(
            "PUT",
            "/gateways/test",
            json!({"enabled": true, "webhook_secret": SECRET}),
        );
        let product = api(
            "POST",
            "/products",
            json!({"name": "Launch Course", "kartra_tag": TAG,
                "thank_you_url": "https://example.com/thanks",
                "prices": [{"kind": "one_time", "currency": "USD", "amount": 4900},
                           {"kind": "subscription", "currency": "USD", "amount": 1900, "interval": "month"}]}),
        );
        let slug = "launch".to_string();
        api(
            "POST",
            "/pages",
            json!({"title": "The Launch Course", "slug": slug, "product_id": product["id"],
                "gateways": ["test"], "published": true}),
        );
        Shop {
            token,
            slug,
            price_id: product["prices"][0]["id"].to_string(),
        }
    }

    /// Buyers `{prefix}{i}@example.com` submit the checkout form (8 at a time); their
    /// (email, payment_ref), in order.
    pub fn place_orders(&self, addr: &str, prefix: &str, n: usize) -> Vec<(String, String)> {
        let next = Arc::new(AtomicUsize::new(0));
        let path = format!("/p/{}/checkout", self.slug);
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (next, addr, path) = (next.clone(), addr.to_string(), path.clone());
                let (prefix, price) = (prefix.to_string(), self.price_id.clone());
                std::thread::spawn(move || {
                    let mut conn = Conn::open(&addr);
                    let mut placed = vec![];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            return placed;
                        }
                        let email = format!("{prefix}{i}@example.com");
                        let payment_ref = check_out(&mut conn, &path, &email, &price);
                        placed.push((i, (email, payment_ref)));
                    }
                })
            })
            .collect();
        let mut all: Vec<_> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, order)| order).collect()
    }

    /// Buyers submit the checkout form (test gateway, so no processor call) over `conns`
    /// keep-alive connections for WARMUP + MEASURE; every answer must be the 303 to pay.
    pub fn checkout_load(&self, addr: &str, conns: usize) -> Load {
        let start = Instant::now();
        let (measure_from, end) = (start + WARMUP, start + WARMUP + MEASURE);
        let path = format!("/p/{}/checkout", self.slug);
        let threads: Vec<_> = (0..conns)
            .map(|t| {
                let (addr, path, price) = (addr.to_string(), path.clone(), self.price_id.clone());
                std::thread::spawn(move || {
                    let mut conn = Conn::open(&addr);
                    let mut latencies = Vec::with_capacity(10_000);
                    for i in 0.. {
                        let sent = Instant::now();
                        if sent >= end {
                            break;
                        }
                        check_out(
                            &mut conn,
                            &path,
                            &format!("load{t}x{i}@example.com"),
                            &price,
                        );
                        if sent >= measure_from {
                            latencies.push(sent.elapsed());
                        }
                    }
                    latencies
                })
            })
            .collect();
        let mut latencies: Vec<Duration> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .collect();
        latencies.sort();
        Load {
            rps: latencies.len() as f64 / MEASURE.as_secs_f64(),
            p50: percentile(&latencies, 0.5),
            p99: percentile(&latencies, 0.99),
        }
    }

    pub fn health(&self, addr: &str) -> Value {
        let url = format!("http://{addr}/api/v1/health");
        let res = ureq::get(&url)
            .set("Authorization", &format!("Bearer {}", self.token))
            .call()
            .expect("GET /api/v1/health");
        let health: Value = serde_json::from_str(&res.into_string().unwrap()).unwrap();
        health["kartra"].clone()
    }

    pub fn wait_for_outage(&self, addr: &str, kartra: &FakeKartra, backlog: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !kartra.calls().iter().any(|c| c.status == 503) {
            assert!(Instant::now() < deadline, "tagcart never called Kartra");
            std::thread::sleep(Duration::from_millis(50));
        }
        let depth = self.health(addr)["queue_depth"].as_i64().unwrap_or(0);
        assert!(depth >= backlog as i64, "the backlog is {depth} jobs");
    }

    /// Polls the queue depth every 100 ms until it is 0; false on timeout.
    pub fn wait_drained(&self, addr: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if self.health(addr)["queue_depth"] == 0 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}
