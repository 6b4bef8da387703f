//! Page views for the sales funnel: counted in memory as buyers open a page, written once per
//! scheduler pass (and at shutdown), so a view costs no database write on the buyers' path.
//! No cookie is set and nothing about the visitor is kept: only a count per page and UTC day.

use crate::clock::Timestamp;
use crate::db;
use crate::domain::ids::PageId;
use crate::domain::sales::DAY;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::Mutex;

/// Markers of a User-Agent that is not a person's browser (compared in lower case).
const NOT_A_PERSON: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "headless",
    "lighthouse",
    "pagespeed",
    "curl",
    "wget",
    "python",
    "ureq",
    "okhttp",
    "go-http-client",
    "java/",
    "libwww",
    "httpclient",
    "http-client",
    "axios",
    "node-fetch",
    "undici",
    "facebookexternalhit",
    "whatsapp",
    "monitor",
    "uptime",
    "pingdom",
    "phantomjs",
    "selenium",
    "puppeteer",
    "playwright",
];

/// Whether a request for a page is a person looking at it: a GET (not HEAD, which uptime
/// checkers send), not a prefetch the browser made on a guess, and from a browser by its
/// User-Agent (every browser's starts `Mozilla/`; bots and scripts name themselves).
/// `purpose` is the `Sec-Purpose` or `Purpose` header.
pub fn is_view(method: &str, user_agent: Option<&str>, purpose: Option<&str>) -> bool {
    if method != "GET" {
        return false;
    }
    if purpose.is_some_and(|p| p.to_ascii_lowercase().contains("prefetch")) {
        return false;
    }
    let Some(agent) = user_agent.map(str::trim).filter(|a| !a.is_empty()) else {
        return false;
    };
    let agent = agent.to_ascii_lowercase();
    agent.starts_with("mozilla/") && !NOT_A_PERSON.iter().any(|m| agent.contains(m))
}

/// The UTC midnight that starts `now`'s day.
pub fn day_of(now: Timestamp) -> Timestamp {
    now - now.rem_euclid(DAY)
}

/// Views counted since the last flush, per page and UTC day.
#[derive(Default)]
pub struct Tally {
    counts: Mutex<HashMap<(PageId, Timestamp), u64>>,
}

impl Tally {
    /// One view of `page` at `now`, in memory only.
    pub fn record(&self, page: PageId, now: Timestamp) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry((page, day_of(now))).or_default() += 1;
    }

    /// Writes every count in one transaction and starts again from zero. When the write fails
    /// the counts are kept (with any counted meanwhile) for the next flush. Answers how many
    /// views it took (those of a page deleted meanwhile are dropped).
    pub fn flush(&self, conn: &mut Connection) -> rusqlite::Result<u64> {
        let taken = std::mem::take(&mut *self.counts.lock().unwrap_or_else(|e| e.into_inner()));
        if taken.is_empty() {
            return Ok(0);
        }
        let rows: Vec<(PageId, Timestamp, u64)> = (taken.iter())
            .map(|(&(page, day), &n)| (page, day, n))
            .collect();
        match db::page_views::add(conn, &rows) {
            Ok(()) => Ok(rows.iter().map(|r| r.2).sum()),
            Err(e) => {
                let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
                for (key, n) in taken {
                    *counts.entry(key).or_default() += n;
                }
                Err(e)
            }
        }
    }

    /// Views counted and not yet written.
    #[cfg(test)]
    fn pending(&self) -> u64 {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    #[test]
    fn only_a_browsers_get_is_a_view() {
        assert!(is_view("GET", Some(FIREFOX), None));
        assert!(is_view("GET", Some(SAFARI), None));
        assert!(!is_view("HEAD", Some(FIREFOX), None));
        assert!(!is_view("POST", Some(FIREFOX), None));
    }

    #[test]
    fn prefetches_are_not_views() {
        assert!(!is_view("GET", Some(FIREFOX), Some("prefetch")));
        assert!(!is_view("GET", Some(FIREFOX), Some("prefetch;prerender")));
        assert!(!is_view("GET", Some(FIREFOX), Some("Prefetch")));
    }

    #[test]
    fn bots_scripts_and_no_user_agent_are_not_views() {
        for agent in [
            "",
            "  ",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "curl/8.5.0",
            "Wget/1.21.4",
            "python-requests/2.32.3",
            "ureq/2.12.1",
            "okhttp/4.12.0",
            "Go-http-client/1.1",
            "Java/17.0.2",
            "UptimeRobot/2.0",
            "SomethingNew/1.0",
        ] {
            assert!(!is_view("GET", Some(agent), None), "{agent:?}");
        }
        assert!(!is_view("GET", None, None));
    }

    #[test]
    fn views_land_on_their_utc_day() {
        assert_eq!(
            day_of(1_764_979_200),
            1_764_979_200,
            "a midnight is its own day"
        );
        assert_eq!(day_of(1_764_979_200 + DAY - 1), 1_764_979_200);
        assert_eq!(day_of(-1), -DAY);
    }

    fn database() -> (tempfile::TempDir, db::Pool) {
        let dir = tempfile::tempdir().unwrap();
        let pool = db::open(&dir.path().join("t.db")).unwrap();
        pool.get()
            .unwrap()
            .execute_batch(
                "INSERT INTO products (name, kartra_tag, revoke_on_refund, created_at, updated_at)
                     VALUES ('P', 't', 1, 0, 0);
                 INSERT INTO pages (title, slug, product_id, template, gateways, created_at, updated_at)
                     VALUES ('A', 'a', 1, 'minimal', '[]', 0, 0), ('B', 'b', 1, 'minimal', '[]', 0, 0);",
            )
            .unwrap();
        (dir, pool)
    }

    fn stored(conn: &Connection) -> Vec<(i64, i64, i64)> {
        let mut stmt = conn
            .prepare("SELECT page_id, day, views FROM page_views ORDER BY page_id, day")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
        rows.unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn flushes_add_to_what_is_stored_per_page_and_day() {
        let (_dir, pool) = database();
        let mut conn = pool.get().unwrap();
        let tally = Tally::default();
        let day = 1_764_979_200;
        tally.record(PageId(1), day + 10);
        tally.record(PageId(1), day + 20);
        tally.record(PageId(2), day + 30);
        tally.record(PageId(1), day + DAY);
        assert_eq!(tally.flush(&mut conn).unwrap(), 4);
        assert_eq!(tally.pending(), 0);
        tally.record(PageId(1), day + 40);
        assert_eq!(tally.flush(&mut conn).unwrap(), 1);
        assert_eq!(
            tally.flush(&mut conn).unwrap(),
            0,
            "nothing counted, nothing written"
        );
        assert_eq!(stored(&conn), [(1, day, 3), (1, day + DAY, 1), (2, day, 1)]);
    }

    #[test]
    fn a_failed_flush_keeps_its_counts_for_the_next() {
        let (_dir, pool) = database();
        let tally = Tally::default();
        let day = 1_764_979_200;
        tally.record(PageId(1), day);
        tally.record(PageId(2), day);
        // A database without the table: the write fails.
        let mut broken = Connection::open_in_memory().unwrap();
        assert!(tally.flush(&mut broken).is_err());
        assert_eq!(tally.pending(), 2);
        tally.record(PageId(1), day + 1);
        let mut conn = pool.get().unwrap();
        assert_eq!(tally.flush(&mut conn).unwrap(), 3);
        assert_eq!(stored(&conn), [(1, day, 2), (2, day, 1)]);
    }

    #[test]
    fn views_of_a_page_deleted_before_the_flush_are_dropped_not_retried() {
        let (_dir, pool) = database();
        let mut conn = pool.get().unwrap();
        let tally = Tally::default();
        tally.record(PageId(1), 0);
        tally.record(PageId(2), 0);
        conn.execute("DELETE FROM pages WHERE id = 2", []).unwrap();
        assert_eq!(tally.flush(&mut conn).unwrap(), 2);
        assert_eq!(tally.pending(), 0);
        assert_eq!(stored(&conn), [(1, 0, 1)]);
    }
}
