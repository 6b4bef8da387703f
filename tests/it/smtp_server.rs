//! A real SMTP server for the mail tests: aiosmtpd (PyPI, installed by ./test) run as a
//! process, storing every message it accepts in a maildir the tests read back.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// A port free right now on 127.0.0.1.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    /// A server already taking mail.
    pub fn start() -> SmtpServer {
        let mut s = SmtpServer::down();
        s.up();
        s
    }

    /// Its port reserved, nothing listening yet: mail sent now finds the server down.
    pub fn down() -> SmtpServer {
        SmtpServer {
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
            child: None,
        }
    }

    /// `smtp://127.0.0.1:PORT` (aiosmtpd offers no STARTTLS: the mail goes in plain text).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts taking mail (again), keeping what was received.
    pub fn up(&mut self) {
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
            ])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.maildir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd (pip install aiosmtpd; ./test does)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops taking mail.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn maildir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    /// Every message received, as sent on the wire, oldest first.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        read_maildir(&self.maildir())
    }

    /// `messages`, for another thread.
    pub fn clone_reader(&self) -> impl Fn() -> Vec<Vec<u8>> + Send + 'static {
        let maildir = self.maildir();
        move || read_maildir(&maildir)
    }

    /// Waits up to 30 s for `n` messages.
    pub fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            assert!(
                Instant::now() < deadline,
                "waited 30 s for {n} emails, got {}",
                messages.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn read_maildir(maildir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = ["new", "cur"]
        .iter()
        .flat_map(|d| std::fs::read_dir(maildir.join(d)).into_iter().flatten())
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}
