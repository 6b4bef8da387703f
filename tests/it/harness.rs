//! The real `tagcart` binary over real HTTP, each test with its own data dir.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_tagcart");
pub const PASSWORD: &str = "correct horse battery";

pub struct Server {
    pub dir: tempfile::TempDir,
    pub base: String,
    pub setup_link: Option<String>,
    child: Child,
}

impl Server {
    pub fn start() -> Server {
        Server::start_in(tempfile::tempdir().unwrap())
    }

    /// Starts on an existing data dir (to test restarts).
    pub fn start_in(dir: tempfile::TempDir) -> Server {
        Server::start_with(dir, &[])
    }

    /// Starts with extra `serve` flags, e.g. `--kartra-api-url`.
    pub fn start_with(dir: tempfile::TempDir, flags: &[&str]) -> Server {
        Server::start_logging(dir, flags, "info")
    }

    /// Starts with `TAGCART_LOG` set to `level` (`debug` logs every request).
    pub fn start_logging(dir: tempfile::TempDir, flags: &[&str], level: &str) -> Server {
        let (child, lines) = spawn(dir.path(), flags, level);
        let mut setup_link = None;
        loop {
            let line = lines
                .recv_timeout(Duration::from_secs(20))
                .expect("server printed its address");
            if line.trim_start().starts_with("http") && line.contains("/admin/setup?token=") {
                setup_link = Some(line.trim().to_string());
            }
            if let Some(addr) = line.strip_prefix("tagcart listening on ") {
                return Server {
                    base: addr.trim().to_string(),
                    setup_link,
                    child,
                    dir,
                };
            }
        }
    }

    /// The server process's id, to read its memory use from /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM and returns the exit code.
    pub fn terminate(mut self) -> (Option<i32>, tempfile::TempDir) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let code = wait_exit(&mut self.child, Duration::from_secs(15));
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        (code, dir)
    }

    /// `kill -9`: no shutdown, no cleanup, leases left held. Returns the data dir.
    pub fn kill9(mut self) -> tempfile::TempDir {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap())
    }

    /// Everything the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Runs `tagcart ARGS --data-dir <this server's>` with `stdin`.
    pub fn cli(&self, args: &[&str], stdin: &str) -> (i32, String, String) {
        cli(self.data_dir(), args, stdin)
    }

    /// A signed-in admin (created through the CLI, signed in through the form).
    pub fn admin(&self) -> Browser {
        let (code, _, err) = self.cli(
            &["user", "add", "admin@example.com"],
            &format!("{PASSWORD}\n"),
        );
        assert_eq!(code, 0, "{err}");
        let browser = Browser::new(&self.base);
        let res = browser.sign_in("admin@example.com", PASSWORD);
        assert_eq!(res.status, 303, "{}", res.body);
        browser
    }

    pub fn api_token(&self) -> String {
        let (code, out, err) = self.cli(&["token", "create", "tests"], "");
        assert_eq!(code, 0, "{err}");
        out.trim().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!(
                "--- last lines of the server log ---\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(dir: &Path, extra: &[&str], log_level: &str) -> (Child, mpsc::Receiver<String>) {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("server.log"))
        .unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .args(extra)
        .env("TAGCART_LOG", log_level)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<i32> {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("server did not exit within {limit:?}");
}

pub fn cli(data_dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits before reading: a broken pipe is its answer.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Runs `tagcart serve` on a data dir and returns its exit code and stderr, for start failures.
pub fn serve_fails(dir: &Path) -> (Option<i32>, String) {
    let (mut child, _lines) = spawn(dir, &[], "info");
    let code = wait_exit(&mut child, Duration::from_secs(15));
    (
        code,
        std::fs::read_to_string(dir.join("server.log")).unwrap(),
    )
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    /// The `code` of a JSON API error.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(30))
        .build()
}

fn finish(result: Result<ureq::Response, ureq::Error>) -> Resp {
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("request failed: {e}"),
    };
    let status = response.status();
    let mut headers = vec![];
    for name in response.headers_names() {
        for value in response.all(&name) {
            headers.push((name.clone(), value.to_string()));
        }
    }
    let mut body = String::new();
    response.into_reader().read_to_string(&mut body).unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

/// A browser: keeps cookies, sends same-origin headers, follows no redirects.
pub struct Browser {
    pub base: String,
    agent: ureq::Agent,
    pub cookies: std::cell::RefCell<BTreeMap<String, String>>,
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            base: base.to_string(),
            agent: agent(),
            cookies: Default::default(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&self, res: &Resp) {
        for (name, value) in &res.headers {
            if !name.eq_ignore_ascii_case("set-cookie") {
                continue;
            }
            let pair = value.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || value.contains("Max-Age=0") {
                self.cookies.borrow_mut().remove(k);
            } else {
                self.cookies
                    .borrow_mut()
                    .insert(k.to_string(), v.to_string());
            }
        }
    }

    pub fn get(&self, path: &str) -> Resp {
        let res = finish(
            self.agent
                .get(&format!("{}{path}", self.base))
                .set("Cookie", &self.cookie_header())
                .call(),
        );
        self.keep_cookies(&res);
        res
    }

    /// Posts a form as a same-origin browser would.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.post_with(
            path,
            fields,
            &[
                ("Origin", &self.base.clone()),
                ("Sec-Fetch-Site", "same-origin"),
            ],
        )
    }

    pub fn post_with(&self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Resp {
        let mut req = self
            .agent
            .post(&format!("{}{path}", self.base))
            .set("Cookie", &self.cookie_header());
        for (k, v) in headers {
            req = req.set(k, v);
        }
        let res = finish(req.send_form(fields));
        self.keep_cookies(&res);
        res
    }

    /// GETs a page with a form and posts it with the page's CSRF token added.
    pub fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
        let page = self.get(form_page);
        assert_eq!(page.status, 200, "{form_page}: {}", page.body);
        let csrf = csrf_of(&page.body);
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post(action, &all)
    }

    pub fn sign_in(&self, email: &str, password: &str) -> Resp {
        self.submit(
            "/admin/login",
            "/admin/login",
            &[("email", email), ("password", password)],
        )
    }
}

/// The hidden CSRF field's value in a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no csrf field in {html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The JSON API with a bearer token.
pub fn api(base: &str, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Resp {
    let mut req = agent().request(method, &format!("{base}/api/v1{path}"));
    if let Some(token) = token {
        req = req.set("Authorization", &format!("Bearer {token}"));
    }
    finish(match body {
        Some(body) => req
            .set("Content-Type", "application/json")
            .send_string(body),
        None => req.call(),
    })
}

/// A request written by hand, for paths an HTTP client would normalise.
pub fn raw_get(base: &str, path: &str, host: Option<&str>) -> String {
    let addr = base.trim_start_matches("http://");
    raw_get_with(base, path, &[("Host", host.unwrap_or(addr))])
}

/// The same with the given headers (`Host` among them, or the server's address).
pub fn raw_get_with(base: &str, path: &str, headers: &[(&str, &str)]) -> String {
    String::from_utf8_lossy(&raw_get_bytes(base, path, headers)).into_owned()
}

/// The answer's bytes as they came: head and (possibly compressed) body.
pub fn raw_get_bytes(base: &str, path: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

/// POSTs `body` to the JSON API, requires 201 Created, and answers what was created.
pub fn create(base: &str, token: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    let res = api(base, "POST", path, Some(token), Some(&body.to_string()));
    assert_eq!(res.status, 201, "POST {path}: {}", res.body);
    res.json()
}

pub fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    (dir, path)
}
