//! Capped exponential backoff with full jitter: the first retries come within seconds, later
//! ones up to an hour apart, and many jobs failing together do not retry in lockstep.

const BASE_SECS: i64 = 2;
const CAP_SECS: i64 = 60 * 60;

/// Seconds to wait before try number `attempts + 1`; `jitter` is uniform in [0, 1).
pub fn retry_delay(attempts: i64, jitter: f64) -> i64 {
    let doublings = attempts.clamp(1, 30) - 1;
    let ceiling = BASE_SECS.saturating_mul(1i64 << doublings).min(CAP_SECS);
    ((ceiling as f64 * jitter.clamp(0.0, 1.0)) as i64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_up_to_an_hour() {
        assert_eq!(retry_delay(1, 0.999), 1);
        assert_eq!(retry_delay(2, 0.999), 3);
        assert_eq!(retry_delay(5, 0.999), 31);
        assert_eq!(retry_delay(12, 0.999), 3596);
        assert_eq!(retry_delay(1000, 0.999), 3596, "capped");
        assert_eq!(retry_delay(1000, 1.0), 3600);
    }

    #[test]
    fn jitter_spreads_the_delay_over_the_whole_window() {
        assert_eq!(retry_delay(10, 0.0), 1, "never zero");
        assert_eq!(retry_delay(10, 0.5), 512);
    }
}
