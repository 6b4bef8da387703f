//! Admin authentication rules: password hashing, sign-in throttling, session lifetimes.
//! Pure functions of their inputs and `now`; storage lives in `db`, HTTP in `web::admin`.

pub mod password;
pub mod throttle;

use crate::clock::Timestamp;

/// A session ends after this long without a request...
pub const SESSION_IDLE_SECS: i64 = 60 * 60;
/// ...and after this long in any case.
pub const SESSION_ABSOLUTE_SECS: i64 = 12 * 60 * 60;
/// Bumping `last_seen_at` on every request would make every page view a write.
pub const SESSION_TOUCH_SECS: i64 = 60;

pub fn session_alive(created_at: Timestamp, last_seen_at: Timestamp, now: Timestamp) -> bool {
    now - last_seen_at < SESSION_IDLE_SECS && now - created_at < SESSION_ABSOLUTE_SECS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle_or_old() {
        assert!(session_alive(0, 0, SESSION_IDLE_SECS - 1));
        assert!(!session_alive(0, 0, SESSION_IDLE_SECS));
        let late = SESSION_ABSOLUTE_SECS;
        assert!(
            !session_alive(0, late - 10, late),
            "active sessions still end at the absolute limit"
        );
    }
}
