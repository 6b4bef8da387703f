//! Kartra allows 20 calls a second per App. Every call waits here for a slot: at most
//! `per_second` calls start in any window of a second (plus a margin for network jitter), and
//! after a "Too many requests" no call starts for a full second.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Calls are counted at our end; they reach Kartra a little later and not evenly spaced.
const WINDOW: Duration = Duration::from_millis(1050);

pub struct RateLimiter {
    per_second: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Start times of the most recent calls, oldest first, at most `per_second` of them.
    started: VecDeque<Instant>,
    hold_until: Option<Instant>,
}

/// How long a call wanting to start at `now` must wait.
fn wait_needed(state: &State, per_second: usize, now: Instant) -> Duration {
    let held = state
        .hold_until
        .map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
    let windowed = match state.started.len() >= per_second {
        true => (state.started[state.started.len() - per_second] + WINDOW)
            .saturating_duration_since(now),
        false => Duration::ZERO,
    };
    held.max(windowed)
}

impl RateLimiter {
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter {
            per_second: per_second.max(1) as usize,
            state: Mutex::new(State::default()),
        }
    }

    /// Blocks until a call may start, and counts it.
    pub fn acquire(&self) {
        loop {
            let wait = {
                let mut state = self.state.lock().unwrap();
                let now = Instant::now();
                let wait = wait_needed(&state, self.per_second, now);
                if wait.is_zero() {
                    state.started.push_back(now);
                    while state.started.len() > self.per_second {
                        state.started.pop_front();
                    }
                    return;
                }
                wait
            };
            std::thread::sleep(wait);
        }
    }

    /// Kartra said "Too many requests": nobody calls for `pause`.
    pub fn hold_off(&self, pause: Duration) {
        let mut state = self.state.lock().unwrap();
        let until = Instant::now() + pause;
        state.hold_until = Some(state.hold_until.map_or(until, |u| u.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(offsets_ms: &[u64], base: Instant) -> State {
        State {
            started: offsets_ms
                .iter()
                .map(|ms| base + Duration::from_millis(*ms))
                .collect(),
            hold_until: None,
        }
    }

    #[test]
    fn calls_below_the_rate_start_at_once() {
        let base = Instant::now();
        assert_eq!(
            wait_needed(
                &state(&[0, 10, 20], base),
                18,
                base + Duration::from_millis(30)
            ),
            Duration::ZERO
        );
    }

    #[test]
    fn a_full_window_waits_until_its_oldest_call_is_a_window_old() {
        let base = Instant::now();
        let offsets: Vec<u64> = (0..18).map(|i| i * 10).collect();
        let s = state(&offsets, base);
        assert_eq!(
            wait_needed(&s, 18, base + Duration::from_millis(200)),
            WINDOW - Duration::from_millis(200)
        );
        assert_eq!(wait_needed(&s, 18, base + WINDOW), Duration::ZERO);
    }

    #[test]
    fn a_hold_off_stops_every_call_for_its_duration() {
        let base = Instant::now();
        let mut s = state(&[], base);
        s.hold_until = Some(base + Duration::from_secs(1));
        assert_eq!(wait_needed(&s, 18, base), Duration::from_secs(1));
        assert_eq!(
            wait_needed(&s, 18, base + Duration::from_secs(1)),
            Duration::ZERO
        );
    }

    #[test]
    fn no_window_of_a_second_ever_holds_more_than_the_rate() {
        // Simulate a greedy caller on a virtual clock, using the same decision as acquire().
        let base = Instant::now();
        let mut s = State::default();
        let mut now = base;
        let mut starts = vec![];
        while starts.len() < 200 {
            let wait = wait_needed(&s, 18, now);
            now += wait;
            s.started.push_back(now);
            if s.started.len() > 18 {
                s.started.pop_front();
            }
            starts.push(now);
            now += Duration::from_millis(1);
        }
        for (i, start) in starts.iter().enumerate() {
            let within = starts[i..]
                .iter()
                .take_while(|t| t.duration_since(*start) < Duration::from_secs(1))
                .count();
            assert!(within <= 18, "{within} calls in the second after call {i}");
        }
        let elapsed = starts.last().unwrap().duration_since(base).as_secs_f64();
        assert!(
            200.0 / elapsed > 16.0,
            "the limiter still reaches close to the rate: {:.1}/s",
            200.0 / elapsed
        );
    }
}
