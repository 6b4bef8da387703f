//! The client against a tiny local stand-in for Kartra that answers canned responses and records
//! each request.

mod calls;
mod grant;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use url::Url;

use super::*;

pub(super) struct Request {
    pub(super) head: String,
    pub(super) pairs: Vec<(String, String)>,
}

impl Request {
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Serves `canned` (status, body) in order, one connection each, and hands over every request.
pub(super) fn fake_kartra(canned: Vec<(u16, &'static str)>) -> (Url, mpsc::Receiver<Request>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = Url::parse(&format!("http://{}/api", listener.local_addr().unwrap())).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (status, body) in canned {
            let (stream, _) = listener.accept().unwrap();
            tx.send(read_request(&stream)).unwrap();
            let location = if (300..400).contains(&status) {
                "Location: /api\r\n"
            } else {
                ""
            };
            let head = format!("HTTP/1.1 {status} Canned\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            (&stream)
                .write_all(format!("{head}{body}").as_bytes())
                .unwrap();
        }
    });
    (url, rx)
}

fn read_request(stream: &TcpStream) -> Request {
    let mut reader = BufReader::new(stream);
    let (mut head, mut length) = (String::new(), 0);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
        if line.trim().is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    Request {
        head,
        pairs: url::form_urlencoded::parse(&body).into_owned().collect(),
    }
}

/// A client with short timeouts and a counter standing in for the rate limiter.
pub(super) fn client(url: Url) -> (Client, Arc<AtomicU32>) {
    let count = Arc::new(AtomicU32::new(0));
    let counter = count.clone();
    let before_call = Arc::new(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (
        Client::with_timeouts(
            url,
            before_call,
            Duration::from_secs(1),
            Duration::from_secs(2),
        ),
        count,
    )
}

pub(super) fn creds() -> Credentials {
    Credentials {
        app_id: "app-123".into(),
        api_key: "key-secret-1".into(),
        api_password: "pw-secret-2".into(),
    }
}

pub(super) const BUYER: Lead = Lead {
    email: "ann@example.com",
    first_name: "Ann",
    last_name: "Lee",
    phone: "",
    address: "",
    city: "",
    zip: "",
    state: "",
    country: "US",
};
