//! The fulfillment worker: drains the job queue into Kartra, one named thread started by
//! `serve`, woken when work is queued or credentials change.

pub mod backoff;
mod health;
mod run;

pub use health::{Health, KartraState};
pub use run::{JobOutcome, WorkError};

use crate::clock::{self, Timestamp};
use crate::crypto::SecretKey;
use crate::db::{self, Pool};
use crate::kartra;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A job is held this long per try; a crashed worker's jobs run again after it lapses.
pub const LEASE_SECS: i64 = 60;
/// While Kartra rejects the credentials, the queue checks again this often.
pub const PROBE_SECS: i64 = 5 * 60;
/// The longest the worker sleeps without being woken.
const IDLE_WAIT: Duration = Duration::from_secs(30);

pub struct Fulfillment {
    pool: Pool,
    key: Arc<SecretKey>,
    kartra: kartra::Client,
    health: Mutex<Health>,
    wake: (Mutex<bool>, Condvar),
    stop: AtomicBool,
}

impl Fulfillment {
    pub fn new(pool: Pool, key: Arc<SecretKey>, kartra: kartra::Client) -> Fulfillment {
        Fulfillment {
            pool,
            key,
            kartra,
            health: Mutex::new(Health::default()),
            wake: (Mutex::new(false), Condvar::new()),
            stop: AtomicBool::new(false),
        }
    }

    /// Work was queued, or something it waited on changed: look now.
    pub fn wake(&self) {
        *self.wake.0.lock().unwrap() = true;
        self.wake.1.notify_all();
    }

    /// New credentials were saved: end any pause and try at once.
    pub fn credentials_changed(&self) {
        self.health.lock().unwrap().credentials_changed();
        self.wake();
    }

    pub fn health(&self) -> Health {
        self.health.lock().unwrap().clone()
    }

    pub fn kartra(&self) -> &kartra::Client {
        &self.kartra
    }

    fn sleep(&self, timeout: Duration) {
        let guard = self.wake.0.lock().unwrap();
        let (mut woken, _) = self
            .wake
            .1
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .unwrap();
        *woken = false;
    }

    /// Runs at most one due job. `Ok(false)` when there was nothing it may run now.
    pub fn run_once(&self, now: Timestamp) -> Result<bool, run::WorkError> {
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
                return Ok(false);
            };
            (credentials, job)
        };
        let outcome = run::run_job(&self.pool, &self.kartra, &credentials, &job, now)?;
        self.health.lock().unwrap().record(&outcome, now);
        Ok(true)
    }

    /// How long to sleep when idle: until the next job is due, within bounds.
    fn idle_wait(&self, now: Timestamp) -> Duration {
        let health = self.health.lock().unwrap().clone();
        let due = match self
            .pool
            .get()
            .ok()
            .and_then(|c| db::jobs::next_due(&c).ok().flatten())
        {
            Some(due) => due.max(health.paused_until.unwrap_or(0)),
            None => return IDLE_WAIT,
        };
        Duration::from_secs((due - now).clamp(0, IDLE_WAIT.as_secs() as i64) as u64)
            .max(Duration::from_millis(50))
    }

    /// Starts the worker thread.
    pub fn spawn(self: &Arc<Self>) -> JoinHandle<()> {
        let me = Arc::clone(self);
        std::thread::Builder::new()
            .name("fulfillment".into())
            .spawn(move || {
                while !me.stop.load(Ordering::SeqCst) {
                    let now = clock::now();
                    match me.run_once(now) {
                        Ok(true) => continue,
                        Ok(false) => me.sleep(me.idle_wait(now)),
                        Err(e) => {
                            tracing::error!(error = %e, "fulfillment worker");
                            me.sleep(Duration::from_secs(1));
                        }
                    }
                }
                tracing::info!("fulfillment worker stopped");
            })
            .expect("spawn the fulfillment thread")
    }

    /// Asks the worker to finish the job in hand and stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }
}
