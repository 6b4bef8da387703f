//! Sign-in and setup attempts per client address: a burst of `BURST`, then one more every
//! `EVERY`. The account lock (`auth::throttle`) stops guessing one admin's password; this stops
//! one address from spraying many emails or keeping the hasher busy for everyone else.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

const BURST: u32 = 10;
const EVERY: Duration = Duration::from_secs(6);
/// Forgetting addresses that are back to a full burst keeps the table small.
const FORGET_ABOVE: usize = 10_000;

pub struct AttemptLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl Default for AttemptLimit {
    fn default() -> AttemptLimit {
        let quota = Quota::with_period(EVERY)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(BURST).expect("a non-zero burst"));
        AttemptLimit {
            limiter: RateLimiter::keyed(quota),
        }
    }
}

impl AttemptLimit {
    /// `Err(wait)` when the address has used its attempts. Requests without an address (none
    /// over TCP) share one allowance.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), Duration> {
        if self.limiter.len() > FORGET_ABOVE {
            self.limiter.retain_recent();
        }
        let key = ip.map_or(IpAddr::from([0, 0, 0, 0]), network);
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// One IPv6 subscriber gets a whole /64, so that is what counts as one address.
fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::from(octets)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_a_burst_then_waits_while_others_go_on() {
        let limit = AttemptLimit::default();
        let one: IpAddr = "203.0.113.7".parse().unwrap();
        for _ in 0..BURST {
            assert_eq!(limit.check(Some(one)), Ok(()));
        }
        let wait = limit.check(Some(one)).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= EVERY, "{wait:?}");
        assert_eq!(limit.check(Some("203.0.113.8".parse().unwrap())), Ok(()));
    }

    #[test]
    fn ipv6_addresses_of_one_subnet_share_an_allowance() {
        let limit = AttemptLimit::default();
        for i in 0..BURST {
            let ip: IpAddr = format!("2001:db8:1:2::{i:x}").parse().unwrap();
            assert_eq!(limit.check(Some(ip)), Ok(()));
        }
        assert!(limit
            .check(Some("2001:db8:1:2::ffff".parse().unwrap()))
            .is_err());
        assert_eq!(
            limit.check(Some("2001:db8:1:3::1".parse().unwrap())),
            Ok(())
        );
    }
}
