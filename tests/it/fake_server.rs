//! The one fake HTTP server of the tests: every stand-in for a remote service (Kartra, PayPal,
//! an alert receiver, a webhook receiver) runs on it. Shared by the integration tests, the
//! library's unit tests and the benchmark (`examples/bench/`), so it needs nothing from the
//! test harness.
#![allow(dead_code)]

use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// A stand-in for a remote service: an actix server on 127.0.0.1 in its own thread and
/// runtime, answering every request with `handle`. Returns its port and a handle that stops it.
pub fn fake_server<F, Fut>(handle: F) -> (u16, actix_web::dev::ServerHandle)
where
    F: Fn(actix_web::HttpRequest, actix_web::web::Bytes) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = actix_web::HttpResponse> + 'static,
{
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let app =
                move || actix_web::App::new().default_service(actix_web::web::to(handle.clone()));
            let server = actix_web::HttpServer::new(app)
                .workers(1)
                .disable_signals()
                .shutdown_timeout(0);
            let server = server.bind(("127.0.0.1", 0)).expect("a fake binds");
            let port = server.addrs()[0].port();
            let server = server.run();
            tx.send((port, server.handle())).unwrap();
            let _ = server.await;
        })
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the fake is up")
}

/// A canned answer of a `Recorder`.
#[derive(Clone, Debug)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Canned {
    pub fn new(status: u16, body: &str) -> Canned {
        Canned {
            status,
            headers: vec![],
            body: body.to_string(),
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Canned {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// One request as a `Recorder` received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// The path with its query string.
    pub target: String,
    /// Names in lower case, as HTTP/1.1 treats them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The request line and the headers, as on the wire: `POST /api HTTP/1.1\r\nname: value\r\n…`.
    pub fn head(&self) -> String {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        let found = self.headers.iter().find(|(n, _)| *n == name);
        found.map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body's form pairs (`application/x-www-form-urlencoded`).
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }
}

/// A fake that hands over every request it received and answers with canned answers. Stops
/// when dropped.
pub struct Recorder {
    pub port: u16,
    received: mpsc::Receiver<Received>,
    handle: actix_web::dev::ServerHandle,
}

impl Recorder {
    /// Answers `answers` in order, then HTTP 500 "no answer left".
    pub fn start(answers: Vec<Canned>) -> Recorder {
        Recorder::answering(answers, Canned::new(500, "no answer left"))
    }

    /// Answers every request with `answer` (a receiver of webhooks or alerts).
    pub fn always(answer: Canned) -> Recorder {
        Recorder::answering(vec![], answer)
    }

    fn answering(answers: Vec<Canned>, then: Canned) -> Recorder {
        let (tx, received) = mpsc::channel();
        let shared = Arc::new(Mutex::new((answers.into_iter(), tx)));
        let (port, handle) = fake_server(move |req, body| {
            let (shared, then) = (shared.clone(), then.clone());
            async move {
                let mut state = shared.lock().unwrap_or_else(|e| e.into_inner());
                let headers = req.headers().iter().map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_string(), value)
                });
                let _ = state.1.send(Received {
                    method: req.method().to_string(),
                    target: req.uri().to_string(),
                    headers: headers.collect(),
                    body: body.to_vec(),
                });
                let canned = state.0.next().unwrap_or_else(|| then.clone());
                let status = actix_web::http::StatusCode::from_u16(canned.status).unwrap();
                let mut answer = actix_web::HttpResponse::build(status);
                for (name, value) in canned.headers {
                    answer.insert_header((name, value));
                }
                answer.body(canned.body)
            }
        });
        Recorder {
            port,
            received,
            handle,
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The next request received, waiting up to 10 s for it.
    pub fn next(&self) -> Received {
        self.next_within(Duration::from_secs(10))
            .expect("the fake received a request")
    }

    /// The next request received within `wait`, if one came.
    pub fn next_within(&self, wait: Duration) -> Option<Received> {
        self.received.recv_timeout(wait).ok()
    }

    /// The requests received so far and not yet taken.
    pub fn taken(&self) -> Vec<Received> {
        self.received.try_iter().collect()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}
