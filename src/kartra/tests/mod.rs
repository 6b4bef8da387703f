//! The client against a tiny local stand-in for Kartra that answers canned responses and records
//! each request.

mod calls;
mod grant;
mod lead_tags;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use url::Url;

use super::*;
use crate::fake_server::{Canned, Recorder};

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

/// The requests the stand-in received, in order.
pub(super) struct Requests(Recorder);

impl Requests {
    pub(super) fn recv(&self) -> Result<Request, mpsc::RecvTimeoutError> {
        let received = self.0.next();
        Ok(Request {
            head: received.head(),
            pairs: received.form(),
        })
    }

    pub(super) fn try_iter(&self) -> impl Iterator<Item = Request> {
        let taken = self.0.taken().into_iter();
        taken.map(|received| Request {
            head: received.head(),
            pairs: received.form(),
        })
    }
}

/// Serves `canned` (status, body) in order and hands over every request.
pub(super) fn fake_kartra(canned: Vec<(u16, &'static str)>) -> (Url, Requests) {
    let answers = canned.into_iter().map(|(status, body)| match status {
        300..=399 => Canned::new(status, body).header("Location", "/api"),
        _ => Canned::new(status, body),
    });
    let recorder = Recorder::start(answers.collect());
    let url = Url::parse(&recorder.url("/api")).unwrap();
    (url, Requests(recorder))
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
