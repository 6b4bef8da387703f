//! Group commit for the writes that answer processors' webhooks and buyers' checkouts. One
//! thread owns a connection and commits whatever has queued up meanwhile in one transaction,
//! each write in its own savepoint, so a burst of events or orders shares one fsync instead of
//! waiting for the write lock one commit (and one busy-handler sleep) at a time. Nobody is
//! answered before the commit that holds their write is durable; a write that fails is rolled
//! back alone.

use super::{OpenError, Pool};
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread::JoinHandle;

/// The most writes one commit carries.
const MAX_BATCH: usize = 256;

/// Runs one write on the writer's connection, inside the batch's transaction. Says whether to
/// keep its changes, and how to answer once the batch's fate is known.
type Task = Box<dyn FnOnce(&Connection) -> Ran + Send>;

struct Ran {
    keep: bool,
    /// Called with the outcome of the commit (for a write that is not kept: `Ok`).
    answer: Box<dyn FnOnce(rusqlite::Result<()>) + Send>,
}

#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Task>,
}

impl Writer {
    /// Starts the writer thread on a connection of its own from `pool`. The thread ends when
    /// every `Writer` handle is gone, after answering what was queued.
    pub fn start(pool: &Pool) -> Result<(Writer, JoinHandle<()>), OpenError> {
        let conn = pool.get()?;
        // A savepoint keeps the pages it changes in a sub-journal, a temp file by default:
        // in memory, each write saves a few syscalls on the one thread all writes wait for.
        conn.execute_batch("PRAGMA temp_store = MEMORY")?;
        let (queue, tasks) = mpsc::channel::<Task>();
        let handle = std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || {
                while let Ok(first) = tasks.recv() {
                    let mut batch = vec![first];
                    while batch.len() < MAX_BATCH {
                        match tasks.try_recv() {
                            Ok(task) => batch.push(task),
                            Err(_) => break,
                        }
                    }
                    commit(&conn, batch);
                }
            })
            .expect("spawn the database writer");
        Ok((Writer { queue }, handle))
    }

    /// Runs `f` in a write transaction, perhaps shared with other writes, and answers after
    /// the commit. An `Err` from `f` rolls back `f`'s changes only.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let (send, receive) = tokio::sync::oneshot::channel();
        let task: Task = Box::new(move |conn| {
            let result = f(conn);
            Ran {
                keep: result.is_ok(),
                answer: Box::new(move |committed| {
                    let _ = send.send(match (committed, result) {
                        (Err(e), Ok(_)) => Err(E::from(e)),
                        (_, result) => result,
                    });
                }),
            }
        });
        self.queue.send(task).map_err(|_| E::from(stopped()))?;
        // The sender is dropped unanswered only when the batch could not begin or `f` panicked.
        receive.await.unwrap_or_else(|_| Err(E::from(stopped())))
    }
}

fn stopped() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
        Some("the write was not committed (see the log)".into()),
    )
}

fn exec(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

/// One transaction for the whole batch; answers everyone.
fn commit(conn: &Connection, batch: Vec<Task>) {
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE") {
        tracing::error!(error = %e, writes = batch.len(), "database writer could not begin");
        return; // dropping the tasks answers each with an error
    }
    let mut kept = Vec::with_capacity(batch.len());
    let mut failed = None;
    for task in batch {
        if failed.is_some() {
            drop(task);
            continue;
        }
        if let Err(e) = exec(conn, "SAVEPOINT write") {
            failed = Some(e);
            continue;
        }
        let ran = catch_unwind(AssertUnwindSafe(|| task(conn)));
        if conn.is_autocommit() {
            // SQLite rolled the whole transaction back (an I/O error, a full disk).
            failed = Some(stopped());
            continue;
        }
        match ran {
            Ok(Ran { keep: true, answer }) => match exec(conn, "RELEASE write") {
                Ok(()) => kept.push(answer),
                Err(e) => failed = Some(e),
            },
            Ok(Ran {
                keep: false,
                answer,
            }) => match undo(conn) {
                Ok(()) => answer(Ok(())),
                Err(e) => failed = Some(e),
            },
            Err(_) => {
                tracing::error!("a database write panicked; it was rolled back");
                if let Err(e) = undo(conn) {
                    failed = Some(e);
                }
            }
        }
    }
    let outcome = match failed {
        Some(e) => Err(e),
        None => exec(conn, "COMMIT"),
    };
    if let Err(e) = &outcome {
        tracing::error!(error = %e, writes = kept.len(), "database writer: batch not committed");
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
    for answer in kept {
        answer(match &outcome {
            Ok(()) => Ok(()),
            Err(_) => Err(stopped()),
        });
    }
}

fn undo(conn: &Connection) -> rusqlite::Result<()> {
    exec(conn, "ROLLBACK TO write")?;
    exec(conn, "RELEASE write")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Pool, Writer) {
        let dir = tempfile::tempdir().unwrap();
        let pool = super::super::open(&dir.path().join("t.db")).unwrap();
        pool.get()
            .unwrap()
            .execute_batch("CREATE TABLE w (v INTEGER NOT NULL UNIQUE)")
            .unwrap();
        let (writer, _) = Writer::start(&pool).unwrap();
        (dir, pool, writer)
    }

    fn values(pool: &Pool) -> Vec<i64> {
        let conn = pool.get().unwrap();
        let mut stmt = conn.prepare("SELECT v FROM w ORDER BY v").unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.map(|r| r.unwrap()).collect()
    }

    fn insert(writer: &Writer, v: i64) -> impl std::future::Future<Output = rusqlite::Result<()>> {
        let writer = writer.clone();
        async move {
            writer
                .write(move |conn| {
                    conn.execute("INSERT INTO w (v) VALUES (?1)", [v])
                        .map(|_| ())
                })
                .await
        }
    }

    #[actix_web::test]
    async fn concurrent_writes_commit_and_a_failing_one_rolls_back_alone() {
        let (_dir, pool, writer) = setup();
        let mut writes: Vec<_> = (0..50)
            .map(|v| actix_web::rt::spawn(insert(&writer, v)))
            .collect();
        writes.push(actix_web::rt::spawn(insert(&writer, 7))); // violates UNIQUE
        let w = writer.clone();
        let failing = actix_web::rt::spawn(async move {
            w.write(|conn| -> rusqlite::Result<()> {
                conn.execute("INSERT INTO w (v) VALUES (1000)", [])?;
                conn.execute("INSERT INTO w (v) VALUES (1000)", [])?; // fails: 1000 must not stay
                Ok(())
            })
            .await
        });
        let mut failures = 0;
        for write in writes {
            failures += write.await.unwrap().is_err() as usize;
        }
        assert_eq!(failures, 1);
        assert!(failing.await.unwrap().is_err());
        assert_eq!(values(&pool), (0..50).collect::<Vec<_>>());
    }

    #[actix_web::test]
    async fn a_panicking_write_is_rolled_back_and_the_writer_goes_on() {
        let (_dir, pool, writer) = setup();
        let panicked = writer
            .write(|conn| -> rusqlite::Result<()> {
                conn.execute("INSERT INTO w (v) VALUES (1)", [])?;
                panic!("a bug in a write");
            })
            .await;
        assert!(panicked.is_err());
        insert(&writer, 2).await.unwrap();
        assert_eq!(values(&pool), [2]);
    }
}
