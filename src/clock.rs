//! The one place that reads the wall clock. Logic takes `now` as an argument instead,
//! so expiry and throttling are tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds, UTC.
pub type Timestamp = i64;

/// Where the app and its background threads read the time: the wall clock when serving, a
/// clock the test steps by hand in the in-process test app.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands at `start` until `advance` moves it.
    pub fn manual(start: Timestamp) -> Clock {
        Clock(Some(Arc::new(AtomicI64::new(start))))
    }

    pub fn now(&self) -> Timestamp {
        match &self.0 {
            None => now(),
            Some(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; the wall clock cannot be moved.
    pub fn advance(&self, secs: i64) {
        let at = self
            .0
            .as_ref()
            .expect("only a manual clock is moved by hand");
        at.fetch_add(secs, Ordering::SeqCst);
    }
}

/// The wall clock, for commands that run once and for code not yet handed a `Clock`.
pub fn now() -> Timestamp {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// RFC 3339 in UTC, as the JSON API shows times.
pub fn rfc3339(ts: Timestamp) -> String {
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Short form for the dashboard: `2026-11-24 14:05 UTC`.
pub fn display(ts: Timestamp) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// serde helper: a `Timestamp` field shown as RFC 3339.
pub fn serialize_rfc3339<S: serde::Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*ts))
}

/// serde helper: an optional `Timestamp` shown as RFC 3339 or null.
pub fn serialize_rfc3339_opt<S: serde::Serializer>(
    ts: &Option<Timestamp>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match ts {
        Some(ts) => s.serialize_str(&rfc3339(*ts)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let clock = Clock::manual(1_000);
        let shared = clock.clone();
        shared.advance(60);
        assert_eq!((clock.now(), shared.now()), (1_060, 1_060));
        assert!(Clock::system().now() > 1_700_000_000);
    }

    #[test]
    fn formats_utc_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(display(1_700_000_000), "2023-11-14 22:13 UTC");
    }
}
