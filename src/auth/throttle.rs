//! Failed sign-ins lock the account for a growing time: the first few mistakes are free,
//! then each failure doubles the wait, up to a cap. A success clears the count.

use crate::clock::Timestamp;

pub const FREE_FAILURES: i64 = 5;
const FIRST_LOCK_SECS: i64 = 30;
const MAX_LOCK_SECS: i64 = 15 * 60;

/// The account's state after one more failure at `now`: (failures, locked_until).
pub fn after_failure(failures: i64, now: Timestamp) -> (i64, Timestamp) {
    let failures = failures + 1;
    if failures < FREE_FAILURES {
        return (failures, 0);
    }
    let doublings = (failures - FREE_FAILURES).min(10) as u32;
    let lock = (FIRST_LOCK_SECS << doublings).min(MAX_LOCK_SECS);
    (failures, now + lock)
}

pub fn is_locked(locked_until: Timestamp, now: Timestamp) -> bool {
    now < locked_until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failures_are_free_then_the_lock_doubles_up_to_a_cap() {
        let now = 1_000;
        let mut state = (0, 0);
        for _ in 0..FREE_FAILURES - 1 {
            state = after_failure(state.0, now);
            assert!(!is_locked(state.1, now));
        }
        state = after_failure(state.0, now);
        assert_eq!(state.1, now + 30);
        assert!(is_locked(state.1, now + 29));
        assert!(!is_locked(state.1, now + 30));
        assert_eq!(after_failure(state.0, now).1, now + 60);
        assert_eq!(after_failure(40, now).1, now + MAX_LOCK_SECS);
    }
}
