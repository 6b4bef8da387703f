//! What is measured besides requests: the raw SQLite commit rate, the process's memory and
//! CPU from /proc, and the results table.

use std::path::Path;
use std::time::{Duration, Instant};

/// One-row transactions, each committed durably, on one connection configured as tagcart's.
pub fn sqlite_commits_per_sec(path: &Path, run: Duration) -> f64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);",
    )
    .unwrap();
    let payload = "x".repeat(200);
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < run {
        conn.execute("INSERT INTO t (payload) VALUES (?1)", [&payload])
            .unwrap();
        n += 1;
    }
    n as f64 / started.elapsed().as_secs_f64()
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A `/proc/PID/status` figure in bytes (`VmRSS`, `VmHWM`).
pub fn rss(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok());
    kib.unwrap_or(f64::NAN) * 1024.0
}

/// User + system CPU time the process has used (`/proc/PID/stat`, in clock ticks of 10 ms).
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // Fields 14 and 15 of stat; after the name, state is index 0, so they are 11 and 12.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[derive(Default)]
pub struct Table {
    pub rows: Vec<[String; 6]>,
}

impl Table {
    pub fn row(
        &mut self,
        figure: &str,
        measured: String,
        ceiling: String,
        ratio: Option<f64>,
        budget: &str,
        pass: bool,
    ) {
        self.rows.push([
            figure.to_string(),
            measured,
            ceiling,
            ratio.map_or(String::new(), |r| format!("{r:.2}")),
            budget.to_string(),
            if pass { "pass" } else { "FAIL" }.to_string(),
        ]);
    }

    pub fn all_pass(&self) -> bool {
        self.rows.iter().all(|r| r[5] == "pass")
    }

    pub fn print(&self) {
        let head = ["figure", "measured", "ceiling", "ratio", "budget", "result"];
        let mut widths = head.map(str::len);
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        line(&head.map(String::from));
        println!(
            "|{}|",
            widths
                .iter()
                .map(|w| "-".repeat(w + 2))
                .collect::<Vec<_>>()
                .join("|")
        );
        for row in &self.rows {
            line(row);
        }
    }
}
