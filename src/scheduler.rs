//! The scheduler thread: the periodic work, each on its own timetable. It asks processors
//! about pending orders (`orders::reconcile`), tells the merchant's alert URL when the queue
//! is stuck, sends the emails (`mail`) and outgoing webhooks (`webhooks_out`) due, writes the
//! page views counted in memory (`page_views`), and checks parked tags against the Kartra
//! account. `run_once(now)` is one pass, so tests step it on their own clock.

use crate::alerts;
use crate::clock::{Clock, Timestamp};
use crate::crypto::SecretKey;
use crate::db::Pool;
use crate::fulfillment::{Fulfillment, WorkError};
use crate::gateways::Registry;
use crate::orders;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Jobs parked for a missing tag are checked against the account this often.
pub const TAG_RECHECK_SECS: i64 = 10 * 60;
/// Pending orders and finished plans are checked with their processor this often.
pub const RECONCILE_SECS: i64 = 60;
/// The shortest pass, however often the thread is woken.
const PASS: Duration = Duration::from_secs(1);
/// The longest the thread sleeps without being woken.
const IDLE_WAIT: Duration = Duration::from_secs(5);

/// When each piece of work is due next, and the alert episode in progress.
struct Timetable {
    next_reconcile: Timestamp,
    next_recheck: Timestamp,
    /// The alert threshold in seconds and the monitor built for it.
    monitor: Option<(i64, alerts::Monitor)>,
}

pub struct Scheduler {
    pool: Pool,
    key: Arc<SecretKey>,
    processors: Arc<Registry>,
    fulfillment: Arc<Fulfillment>,
    clock: Clock,
    /// Links in emails point here.
    public_url: String,
    page_views: Arc<crate::page_views::Tally>,
    timetable: Mutex<Timetable>,
    stop: AtomicBool,
}

impl Scheduler {
    pub fn new(
        pool: Pool,
        key: Arc<SecretKey>,
        processors: Arc<Registry>,
        fulfillment: Arc<Fulfillment>,
        clock: Clock,
        public_url: String,
        page_views: Arc<crate::page_views::Tally>,
    ) -> Scheduler {
        let timetable = Timetable {
            // Reconcile at once: a restart may follow a long outage.
            next_reconcile: 0,
            next_recheck: clock.now() + TAG_RECHECK_SECS,
            monitor: None,
        };
        Scheduler {
            pool,
            key,
            processors,
            fulfillment,
            clock,
            public_url,
            page_views,
            timetable: Mutex::new(timetable),
            stop: AtomicBool::new(false),
        }
    }

    /// One pass: does whatever is due at `now`, logging what fails (it is tried again next pass).
    pub fn run_once(&self, now: Timestamp) {
        let mut timetable = self.timetable.lock().unwrap_or_else(|e| e.into_inner());
        if now >= timetable.next_reconcile {
            if let Err(e) = orders::reconcile::run(&self.pool, &self.processors, now) {
                tracing::error!(error = %e, "reconciliation");
            }
            timetable.next_reconcile = now + RECONCILE_SECS;
        }
        if let Err(e) = self.watch_for_alerts(&mut timetable.monitor, now) {
            tracing::error!(error = %e, "alerts");
        }
        // Refunds and cancellations the processor could not take yet: asked again.
        if let Err(e) = orders::actions::send_due(&self.pool, &self.processors, now) {
            tracing::error!(error = %e, "asking processors for refunds and cancellations");
        }
        // Emails due now (queued, or waiting out a backoff): every pass, as buyers wait on them.
        if let Err(e) = crate::mail::send_due(&self.pool, &self.key, &self.public_url, now) {
            tracing::error!(error = %e, "sending emails");
        }
        // Outgoing webhooks due now: every pass, as a receiver may be waiting on an order.
        if let Err(e) = crate::webhooks_out::send_due(&self.pool, &self.key, now) {
            tracing::error!(error = %e, "sending webhooks");
        }
        // Page views counted since the last pass: one write, whatever the traffic.
        self.flush_page_views();
        if now >= timetable.next_recheck {
            if let Err(e) = self.fulfillment.recheck_parked_tags(now) {
                tracing::error!(error = %e, "rechecking parked tags");
            }
            timetable.next_recheck = now + TAG_RECHECK_SECS;
        }
    }

    /// Starts the scheduler thread.
    pub fn spawn(self: &Arc<Self>) -> JoinHandle<()> {
        let me = Arc::clone(self);
        std::thread::Builder::new()
            .name("scheduler".into())
            .spawn(move || me.run())
            .expect("spawn the scheduler")
    }

    fn run(&self) {
        while !self.stop.load(Ordering::SeqCst) {
            // Read first, so a wake-up during this pass is not missed.
            let seen = self.fulfillment.generation();
            let pass = std::time::Instant::now();
            self.run_once(self.clock.now());
            // Every queued job wakes this thread too: during a burst of webhooks, look at most
            // once a second rather than once per event.
            self.rest(PASS.saturating_sub(pass.elapsed()));
            if !self.stop.load(Ordering::SeqCst) {
                self.fulfillment.sleep(seen, IDLE_WAIT);
            }
        }
    }

    /// Sleeps for `d`, or until asked to stop. Not on the wake-up condvar: a burst of queued
    /// jobs would wake it for every one.
    fn rest(&self, d: Duration) {
        let until = std::time::Instant::now() + d;
        while !self.stop.load(Ordering::SeqCst) {
            let left = until.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }

    /// Tells the merchant's alert URL when the queue has been stuck longer than the threshold,
    /// and when it recovers. `monitor` remembers the episode between passes.
    fn watch_for_alerts(
        &self,
        monitor: &mut Option<(i64, alerts::Monitor)>,
        now: Timestamp,
    ) -> Result<(), WorkError> {
        let wanted = crate::settings::alert_settings(&*self.pool.get()?, &self.key)?;
        let Some(url) = wanted.url else {
            *monitor = None;
            return Ok(());
        };
        let threshold = wanted.threshold_minutes * 60;
        if monitor.as_ref().is_none_or(|(t, _)| *t != threshold) {
            *monitor = Some((threshold, alerts::Monitor::new(threshold)));
        }
        let health = self.fulfillment.health();
        let (_, monitor) = monitor.as_mut().expect("set above");
        if let Some(alert) = monitor.observe(
            health.state,
            health.last_error.as_deref().unwrap_or(""),
            now,
        ) {
            let sent = alerts::AlertUrl::parse(&url, wanted.allow_private)
                .and_then(|u| alerts::send(&u, &alert, wanted.allow_private));
            match sent {
                Ok(()) => tracing::info!(kind = ?alert.kind, "alert sent"),
                Err(e) => tracing::error!(error = %e, "alert could not be sent"),
            }
        }
        Ok(())
    }

    /// Writes the page views counted in memory; on failure they stay counted for the next try.
    pub fn flush_page_views(&self) {
        let written = (self.pool.get().map_err(|e| e.to_string()))
            .and_then(|mut conn| self.page_views.flush(&mut conn).map_err(|e| e.to_string()));
        if let Err(e) = written {
            tracing::error!(error = %e, "writing page views");
        }
    }

    /// Asks the thread to finish its pass and stop.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.fulfillment.wake();
    }
}
