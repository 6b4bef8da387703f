//! Rendered checkout pages, kept in memory so a launch's buyers are served without a database
//! read or a render each. A page's HTML depends only on the catalog (pages, products, prices,
//! settings such as the gateway switches): a committed write to those tables empties the cache
//! (see `db::catalog` and `AppState::db`), whatever request made it, and nothing else does, so
//! junk requests cannot keep buyers' pages uncached. An entry is trusted for a few seconds at
//! most, in case another process (a `tagcart` command) changed the database.
//!
//! Each entry is also kept gzipped, compressed once when it is rendered: every browser asks for
//! gzip, and a page (its country list alone is 10 kB) then goes out at a quarter of its size
//! without compressing anything per request.

use crate::domain::ids::PageId;
use actix_web::web::Bytes;
use flate2::{write::GzEncoder, Compression};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// The longest a rendered page is served without reading the database again.
const FRESH_FOR: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct PageCache {
    /// Bumped by every change that may touch the catalog.
    version: AtomicU64,
    pages: RwLock<HashMap<String, Entry>>,
    /// Lookups answered from memory, and those that had to render (for `/metrics`).
    hits: AtomicU64,
    misses: AtomicU64,
}

struct Entry {
    version: u64,
    rendered_at: Instant,
    page: Rendered,
}

/// A rendered page, as it is and gzipped, and which page it is (its views are counted).
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    pub page: PageId,
    pub html: Bytes,
    pub gzip: Bytes,
}

impl Rendered {
    pub fn new(page: PageId, html: Bytes) -> Rendered {
        let mut gz = GzEncoder::new(Vec::with_capacity(html.len() / 3), Compression::best());
        gz.write_all(&html).expect("writing to memory");
        let gzip = Bytes::from(gz.finish().expect("writing to memory"));
        Rendered { page, html, gzip }
    }
}

impl PageCache {
    /// Read before reading the database, and passed to `put` with what was read then.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    pub fn get(&self, key: &str) -> Option<Rendered> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        let found = pages
            .get(key)
            .filter(|e| e.version == self.version() && e.rendered_at.elapsed() < FRESH_FOR)
            .map(|e| e.page.clone());
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// (hits, misses) since start.
    pub fn lookups(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Keeps `html`, rendered from what the database held at `version`, unless the catalog
    /// has changed since.
    pub fn put(&self, key: String, version: u64, page: Rendered) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if version == self.version() {
            let rendered_at = Instant::now();
            pages.insert(
                key,
                Entry {
                    version,
                    rendered_at,
                    page,
                },
            );
        }
    }

    /// The catalog may have changed: render every page again.
    pub fn invalidate(&self) {
        self.version.fetch_add(1, Ordering::SeqCst);
        self.pages
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &'static str) -> Rendered {
        Rendered::new(PageId(1), Bytes::from_static(text.as_bytes()))
    }

    #[test]
    fn a_page_rendered_before_a_change_is_never_served_after_it() {
        let cache = PageCache::default();
        let before = cache.version();
        cache.put("p/a".into(), before, page("old"));
        assert_eq!(cache.get("p/a"), Some(page("old")));
        cache.invalidate();
        assert_eq!(cache.get("p/a"), None);
        // A render that read the database before the change, and finishes after it.
        cache.put("p/a".into(), before, page("old"));
        assert_eq!(cache.get("p/a"), None);
        cache.put("p/a".into(), cache.version(), page("new"));
        assert_eq!(cache.get("p/a"), Some(page("new")));
        assert_eq!(cache.get("p/b"), None);
    }

    #[test]
    fn the_gzipped_page_unzips_to_the_page() {
        let html = "<p>Pay $49.00</p>".repeat(200);
        let page = Rendered::new(PageId(1), Bytes::from(html.clone()));
        assert!(
            page.gzip.len() * 10 < html.len(),
            "{} bytes",
            page.gzip.len()
        );
        let mut unzipped = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&page.gzip[..]),
            &mut unzipped,
        )
        .unwrap();
        assert_eq!(unzipped, html);
    }
}
