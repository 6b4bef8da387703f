//! The app in this test's process, built by `startup::build` exactly as `tagcart serve` builds
//! it, on a clock the test steps by hand. No worker or scheduler thread runs: the test calls
//! `run_once(now)` itself, so queue timing (backoff, pauses, parking) is tested without
//! sleeping. It listens on a real port-0 socket rather than `actix_web::test`, so the same
//! request helpers (`api`, `Browser`) and fakes drive it as drive the binary, and what a test
//! asserts over HTTP means the same thing in both.

use clap::Parser;
use std::sync::Arc;
use tagcart::cli::{Cli, Command};
use tagcart::clock::Clock;
use tagcart::config::Config;
use tagcart::fulfillment::Fulfillment;
use tagcart::scheduler::Scheduler;
use tagcart::startup;

pub struct TestApp {
    pub base: String,
    pub clock: Clock,
    pub fulfillment: Arc<Fulfillment>,
    pub scheduler: Arc<Scheduler>,
    pub pool: tagcart::db::Pool,
    server: actix_web::dev::ServerHandle,
    thread: Option<std::thread::JoinHandle<()>>,
    _lock: std::fs::File,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Builds and serves the app with `tagcart serve` flags, its clock standing at the wall
    /// clock's time until the test moves it.
    pub fn start(flags: &[&str]) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_str().unwrap();
        let mut args = vec!["tagcart", "serve", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(&["--data-dir", data_dir]);
        args.extend_from_slice(flags);
        let cli = Cli::parse_from(args);
        let Command::Serve(serve) = &cli.command else {
            unreachable!("a serve command")
        };
        let config = Config::from_args(serve, &cli.data.data_dir).unwrap();
        let clock = Clock::manual(tagcart::clock::now());
        let built = startup::build(config, clock.clone()).unwrap();
        let base = built.state.config.public_url().to_string();
        let (state, listener) = (built.state.clone(), built.listener);
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = startup::http_server(&state, listener).unwrap();
                tx.send(server.handle()).unwrap();
                let _ = server.await;
            })
        });
        TestApp {
            base,
            clock,
            fulfillment: built.state.fulfillment.clone(),
            scheduler: built.scheduler,
            pool: built.state.pool.clone(),
            server: rx.recv().unwrap(),
            thread: Some(thread),
            _lock: built.lock,
            _dir: dir,
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Moves the app's clock forward.
    pub fn advance(&self, secs: i64) {
        self.clock.advance(secs);
    }

    /// Runs the worker at the clock's time until no job may run now; returns how many it ran.
    pub fn drain(&self) -> usize {
        let mut ran = 0;
        while self.fulfillment.run_once(self.now()).unwrap() {
            ran += 1;
        }
        ran
    }

    /// A signed-in admin (admin@example.com, `harness::PASSWORD`), created in the database as
    /// `tagcart user add` creates one, signed in through the form.
    pub fn admin(&self) -> crate::harness::Browser {
        let hash = tagcart::auth::password::hash(crate::harness::PASSWORD);
        let conn = self.pool.get().unwrap();
        tagcart::db::admins::create(&conn, "admin@example.com", &hash, self.now()).unwrap();
        let browser = crate::harness::Browser::new(&self.base);
        let res = browser.sign_in("admin@example.com", crate::harness::PASSWORD);
        assert_eq!(res.status, 303, "{}", res.body);
        browser
    }

    /// A new API token, as `tagcart token create` makes one.
    pub fn api_token(&self) -> String {
        let conn = self.pool.get().unwrap();
        tagcart::db::api_tokens::create(&conn, "tests", self.now())
            .unwrap()
            .1
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let stopped = self.server.stop(false);
        actix_web::rt::System::new().block_on(stopped);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
