//! Opening the data dir, building the app once (for `main` and for tests), and running the
//! server with an orderly shutdown.

use crate::clock::Clock;
use crate::config::Config;
use crate::crypto::{KeyError, SecretKey};
use crate::db::{self, OpenError, Pool};
use crate::fulfillment::Fulfillment;
use crate::scheduler::Scheduler;
use crate::web::{self, middleware, ops::Metrics, AppState};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer};
use std::path::Path;
use std::sync::Arc;

pub const KEY_FILE: &str = "secret.key";
/// argon2 hashes running at once (19 MiB each, kept for reuse): one is some 25 sign-ins a
/// second, plenty for a shop's admins, and leaves memory and the other core to checkouts
/// during a sign-in flood.
const HASHES_AT_ONCE: usize = 1;
/// How long a sign-in waits for a turn before it is told the server is busy (429).
const HASHER_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data dir {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Db(#[from] OpenError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Server(#[from] std::io::Error),
    #[error("another `tagcart serve` is running on the data dir {0}; stop it first")]
    AlreadyServing(String),
}

/// Creates the data dir (owner-only) with its secret key and database, or opens them.
pub fn open_data_dir(dir: &Path) -> Result<(Pool, SecretKey), StartError> {
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|source| StartError::DataDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let key = SecretKey::load_or_create(&dir.join(KEY_FILE))?;
    let db_path = dir.join(db::DB_FILE);
    create_private(&db_path).map_err(|source| StartError::DataDir {
        path: db_path.display().to_string(),
        source,
    })?;
    let pool = db::open(&db_path)?;
    Ok((pool, key))
}

/// The database holds password hashes and sealed secrets: owner-only from its first byte.
/// SQLite gives its -wal and -shm files the same mode.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(|_| ())
}

/// Opens only the database, for commands that need no key.
pub fn open_db(dir: &Path) -> Result<Pool, StartError> {
    Ok(open_data_dir(dir)?.0)
}

/// Held for as long as `serve` runs, so two servers never drain one queue.
fn lock_data_dir(dir: &Path) -> Result<std::fs::File, StartError> {
    let path = dir.join("serve.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| StartError::DataDir {
            path: path.display().to_string(),
            source,
        })?;
    file.try_lock()
        .map_err(|_| StartError::AlreadyServing(dir.display().to_string()))?;
    Ok(file)
}

/// The app as `serve` runs it, built once for `main` and for the in-process test app: the
/// data dir opened and locked, the listener bound, the state every handler shares, and the
/// background work (not yet started: `serve` spawns it, tests step it by hand).
pub struct Built {
    pub listener: std::net::TcpListener,
    pub state: AppState,
    pub scheduler: Arc<Scheduler>,
    /// The group-commit writer's thread; it ends with the last `AppState`.
    pub writer_thread: std::thread::JoinHandle<()>,
    /// Held for as long as the app runs, so two servers never drain one queue.
    pub lock: std::fs::File,
}

pub fn build(mut config: Config, clock: Clock) -> Result<Built, StartError> {
    crate::i18n::init();
    let (pool, key) = open_data_dir(&config.data_dir)?;
    let lock = lock_data_dir(&config.data_dir)?;
    // Jobs a killed process held are free again; with the lock held, nobody else holds any.
    let released = db::jobs::release_leases(&*pool.get().map_err(OpenError::from)?)
        .map_err(OpenError::from)?;
    if released > 0 {
        tracing::warn!(released, "jobs held by a previous process were released");
    }
    let listener =
        std::net::TcpListener::bind(config.listen).map_err(|source| StartError::Listen {
            addr: config.listen.to_string(),
            source,
        })?;
    if config.public_url.is_none() {
        config.public_url = Some(format!("http://{}", listener.local_addr()?));
    }
    let key = Arc::new(key);
    let config = Arc::new(config);
    // One client per processor for the saved keys; rebuilt when keys are saved.
    let processors = Arc::new(
        crate::gateways::Registry::load(
            config.clone(),
            &*pool.get().map_err(OpenError::from)?,
            &key,
        )
        .map_err(OpenError::from)?,
    );
    let fulfillment = Arc::new(Fulfillment::new(
        pool.clone(),
        key.clone(),
        &config,
        clock.clone(),
    ));
    // A refusal from the last connection test still stands after a restart.
    let last_test = crate::settings::connection_test(&*pool.get().map_err(OpenError::from)?)
        .map_err(OpenError::from)?;
    if let Some(test) = last_test {
        fulfillment.recall_connection_test(&test);
    }
    let page_views = Arc::new(crate::page_views::Tally::default());
    let scheduler = Arc::new(Scheduler::new(
        pool.clone(),
        key.clone(),
        processors.clone(),
        fulfillment.clone(),
        clock.clone(),
        config.public_url().to_string(),
        page_views.clone(),
    ));
    let (writer, writer_thread) = db::Writer::start(&pool)?;
    let state = AppState {
        pool,
        writer,
        config,
        key,
        clock,
        metrics: Arc::new(Metrics::default()),
        pages: Default::default(),
        page_views,
        write_probe: Default::default(),
        hasher: Arc::new(crate::auth::password::Hasher::new(
            HASHES_AT_ONCE,
            HASHER_WAIT,
        )),
        attempts: Default::default(),
        fulfillment,
        processors,
    };
    Ok(Built {
        listener,
        state,
        scheduler,
        writer_thread,
        lock,
    })
}

/// The HTTP server on `listener`, every route behind the request observer. Call it inside an
/// actix system; it serves once awaited.
pub fn http_server(
    state: &AppState,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let data = actix_web::web::Data::new(state.clone());
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(from_fn(middleware::observe))
            .configure(web::routes)
    })
    .shutdown_timeout(10)
    .listen(listener)?
    .run())
}

pub async fn serve(config: Config) -> Result<(), StartError> {
    let Built {
        listener,
        state,
        scheduler,
        writer_thread,
        lock: _lock,
    } = build(config, Clock::system())?;
    let addr = listener.local_addr()?;
    let workers = state.fulfillment.spawn();
    let scheduler_thread = scheduler.spawn();
    let server = http_server(&state, listener)?;

    print_setup_link(&state)?;
    println!("tagcart listening on http://{addr}");
    tracing::info!(%addr, public_url = state.config.public_url(), "serving");
    // actix stops on SIGTERM/SIGINT: no new connections, in-flight requests finish, then this returns.
    server.await?;
    // Requests have finished; let the worker finish the job in hand, then exit.
    scheduler.stop();
    state.fulfillment.stop();
    for worker in workers {
        let _ = worker.join();
    }
    let _ = scheduler_thread.join();
    // Views counted since the scheduler's last pass.
    scheduler.flush_page_views();
    // Every request has been answered, so every write committed; the writer ends with the
    // last handle.
    drop(scheduler);
    drop(state);
    let _ = writer_thread.join();
    tracing::info!("stopped");
    Ok(())
}

/// While no admin exists, every start prints a fresh one-time link to create one.
fn print_setup_link(state: &AppState) -> Result<(), StartError> {
    let conn = state.pool.get().map_err(OpenError::from)?;
    if db::admins::count(&conn).map_err(OpenError::from)? == 0 {
        let token = db::setup_tokens::issue(&conn, state.clock.now()).map_err(OpenError::from)?;
        println!(
            "No admin yet. Open this one-time link to create the first admin (valid for 24 hours):"
        );
        println!("  {}/admin/setup?token={token}", state.config.public_url());
    }
    Ok(())
}
