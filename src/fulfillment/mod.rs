//! The fulfillment worker: drains the job queue into Kartra. `serve` starts a few named
//! threads that share one rate limiter, woken when work is queued or credentials change.
//! Periodic work (rechecking parked tags among it) is the `scheduler`'s.

pub mod backoff;
mod health;
pub mod rate;
mod read_back;
mod run;

pub use read_back::ReadBack;

pub use health::{ConnectionTest, Health, KartraHealth, KartraState};
pub use run::WorkError;

use crate::clock::{Clock, Timestamp};
use crate::config::Config;
use crate::crypto::SecretKey;
use crate::db::{self, Pool};
use crate::domain::fulfillment::AttemptOutcome;
use crate::kartra;
use rate::RateLimiter;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A job is held this long per try; a crashed worker's jobs run again after it lapses.
pub const LEASE_SECS: i64 = 60;
/// While Kartra rejects the credentials, the queue checks again this often.
pub const PROBE_SECS: i64 = 5 * 60;
/// Enough calls in flight to reach the rate when Kartra takes a few hundred ms per call.
pub const WORKERS: usize = 8;
/// The longest a worker sleeps without being woken.
const IDLE_WAIT: Duration = Duration::from_secs(30);

pub struct Fulfillment {
    pool: Pool,
    key: Arc<SecretKey>,
    clock: Clock,
    kartra: kartra::Client,
    limiter: Arc<RateLimiter>,
    health: Mutex<Health>,
    /// Kartra calls by the outcome of the try they served, for /metrics.
    calls: Mutex<BTreeMap<&'static str, u64>>,
    wake: (Mutex<u64>, Condvar),
    stop: AtomicBool,
}

impl Fulfillment {
    pub fn new(pool: Pool, key: Arc<SecretKey>, config: &Config, clock: Clock) -> Fulfillment {
        let limiter = Arc::new(RateLimiter::new(config.kartra_rate));
        let gate = Arc::clone(&limiter);
        let kartra = kartra::Client::new(
            config.kartra_api_url.clone(),
            Arc::new(move || gate.acquire()),
        );
        Fulfillment {
            pool,
            key,
            clock,
            kartra,
            limiter,
            health: Mutex::new(Health::default()),
            calls: Mutex::new(BTreeMap::new()),
            wake: (Mutex::new(0), Condvar::new()),
            stop: AtomicBool::new(false),
        }
    }

    /// Work was queued, or something it waited on changed: look now.
    pub fn wake(&self) {
        *self.wake.0.lock().unwrap() += 1;
        self.wake.1.notify_all();
    }

    /// New credentials were saved: end any pause and try at once.
    pub fn credentials_changed(&self) {
        self.health.lock().unwrap().credentials_changed();
        self.wake();
    }

    /// A connection test counts like a job's try: a refusal pauses the queue, a pass ends the
    /// pause and, as a job done after failures would, any backoff.
    pub fn connection_tested(&self, test: &ConnectionTest) -> Result<(), WorkError> {
        let was = {
            let mut health = self.health.lock().unwrap();
            let was = health.state;
            health.record_test(test);
            was
        };
        if test.state == KartraState::Ok {
            if was != KartraState::Ok {
                db::jobs::end_backoff(&*self.pool.get()?, test.at)?;
            }
            self.wake();
        }
        Ok(())
    }

    /// At startup: the last connection test's verdict, as stored, until a newer try says otherwise.
    pub fn recall_connection_test(&self, test: &ConnectionTest) {
        self.health.lock().unwrap().record_test(test);
    }

    pub fn health(&self) -> Health {
        self.health.lock().unwrap().clone()
    }

    pub fn calls_by_outcome(&self) -> BTreeMap<&'static str, u64> {
        self.calls.lock().unwrap().clone()
    }

    pub fn kartra(&self) -> &kartra::Client {
        &self.kartra
    }

    /// How many wake-ups so far; read before looking for work, so none is missed.
    pub fn generation(&self) -> u64 {
        *self.wake.0.lock().unwrap()
    }

    /// Sleeps for `timeout`, or until a wake-up after generation `seen`.
    pub fn sleep(&self, seen: u64, timeout: Duration) {
        let guard = self.wake.0.lock().unwrap();
        let _ = self
            .wake
            .1
            .wait_timeout_while(guard, timeout, |generation| *generation == seen)
            .unwrap();
    }

    /// Runs at most one due job. `Ok(false)` when there was nothing it may run now.
    pub fn run_once(&self, now: Timestamp) -> Result<bool, WorkError> {
        if self.health.lock().unwrap().paused(now) {
            return Ok(false);
        }
        let (credentials, job) = {
            let mut conn = self.pool.get()?;
            let Some(credentials) = crate::settings::kartra_credentials(&conn, &self.key)? else {
                self.health.lock().unwrap().not_configured();
                return Ok(false);
            };
            let Some(job) = db::jobs::claim(&mut conn, now, LEASE_SECS)? else {
                drop(conn);
                // Jobs first; with none due, a lead whose read-back is due.
                return self.read_back_due(&credentials, now);
            };
            (credentials, job)
        };
        let tried = run::run_job(&self.pool, &self.kartra, &credentials, &job, now)?;
        self.count_calls(tried.outcome, tried.calls);
        match tried.outcome {
            AttemptOutcome::RateLimited => self.limiter.hold_off(Duration::from_secs(1)),
            AttemptOutcome::Done if self.health.lock().unwrap().state != KartraState::Ok => {
                // Kartra answers again: whatever was backing off goes now (the limiter paces it).
                db::jobs::end_backoff(&*self.pool.get()?, now)?;
                self.wake();
            }
            _ => {}
        }
        let overtaken = {
            let mut health = self.health.lock().unwrap();
            let was_test = health.from_test;
            health.record(tried.outcome, &tried.detail, now);
            was_test && !health.from_test
        };
        if overtaken {
            // A restart must not bring back a verdict this try has overtaken.
            crate::settings::forget_connection_test(&*self.pool.get()?)?;
        }
        Ok(true)
    }

    fn count_calls(&self, outcome: AttemptOutcome, calls: u32) {
        *self
            .calls
            .lock()
            .unwrap()
            .entry(outcome.as_str())
            .or_default() += u64::from(calls);
    }

    /// Checks the tags that jobs are parked on against the account, and releases those that exist now.
    pub fn recheck_parked_tags(&self, now: Timestamp) -> Result<usize, WorkError> {
        let (credentials, parked) = {
            let conn = self.pool.get()?;
            (
                crate::settings::kartra_credentials(&conn, &self.key)?,
                db::jobs::parked_tags(&conn)?,
            )
        };
        let (Some(credentials), false) = (credentials, parked.is_empty()) else {
            return Ok(0);
        };
        let Ok(tags) = self.kartra.account_tags(&credentials).result else {
            return Ok(0);
        };
        let present: Vec<String> = parked.into_iter().filter(|t| tags.contains(t)).collect();
        let released = db::jobs::release(
            &*self.pool.get()?,
            db::jobs::Release::TagsNowPresent(&present),
            now,
        )?;
        if released > 0 {
            tracing::info!(released, "parked jobs released: their tags exist now");
            self.wake();
        }
        Ok(released)
    }

    /// How long to sleep when idle: until the next job is due, within bounds.
    fn idle_wait(&self, now: Timestamp) -> Duration {
        let paused_until = self.health.lock().unwrap().paused_until;
        let next = |c: &rusqlite::Connection| -> rusqlite::Result<Option<Timestamp>> {
            let job = db::jobs::next_due(c)?;
            let read_back = db::entitlements::next_verify_due(c)?;
            Ok(job.into_iter().chain(read_back).min())
        };
        let due = match self.pool.get().ok().and_then(|c| next(&c).ok().flatten()) {
            Some(due) => due.max(paused_until.unwrap_or(0)),
            None => return IDLE_WAIT,
        };
        Duration::from_secs((due - now).clamp(0, IDLE_WAIT.as_secs() as i64) as u64)
            .max(Duration::from_millis(200))
    }

    /// Starts the worker threads.
    pub fn spawn(self: &Arc<Self>) -> Vec<JoinHandle<()>> {
        (0..WORKERS)
            .map(|i| {
                let me = Arc::clone(self);
                std::thread::Builder::new()
                    .name(format!("fulfillment-{i}"))
                    .spawn(move || me.work())
                    .expect("spawn a worker")
            })
            .collect()
    }

    fn work(&self) {
        while !self.stop.load(Ordering::SeqCst) {
            let seen = self.generation();
            let now = self.clock.now();
            match self.run_once(now) {
                Ok(true) => continue,
                Ok(false) => self.sleep(seen, self.idle_wait(now)),
                Err(e) => {
                    tracing::error!(error = %e, "fulfillment worker");
                    self.sleep(seen, Duration::from_secs(1));
                }
            }
        }
    }

    /// Asks the workers to finish the jobs in hand and stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }
}
