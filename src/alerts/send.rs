//! The HTTP side: one JSON POST per alert.

use std::time::Duration;

use super::destination::{check_scheme, PublicOnly, Refused};
use super::{Alert, AlertUrl};
use crate::clock;

const TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an error answer is quoted back (Slack answers e.g. `no_service`, `invalid_token`).
const ANSWER_MAX_CHARS: usize = 200;

/// POSTs `{"text", "kind": "trouble"|"recovered", "since": RFC 3339}` as JSON; 10 s timeout for the whole
/// call, redirects not followed. Unless `allow_private`, the address is checked again at connect time
/// (DNS can change) and the connection goes only to the addresses checked. Blocking: call it from the
/// worker thread or `web::block`. The error is a lowercase phrase without the URL (the URL is a secret).
pub fn send(url: &AlertUrl, alert: &Alert, allow_private: bool) -> Result<(), String> {
    check_scheme(url.scheme(), allow_private)?;
    let mut agent = crate::http_client::builder()
        .timeout_connect(TIMEOUT)
        .timeout(TIMEOUT);
    if !allow_private {
        agent = agent.resolver(PublicOnly);
    }
    let body = serde_json::json!({
        "text": alert.text,
        "kind": alert.kind.as_str(),
        "since": clock::rfc3339(alert.since),
    });
    let sent = agent
        .build()
        .post(url.as_str())
        .set("Content-Type", "application/json")
        .send_string(&body.to_string());
    let response = match sent {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(ureq::Error::Transport(transport)) => return Err(transport_text(&transport)),
    };
    let status = response.status();
    match status {
        200..=299 => Ok(()),
        300..=399 => Err(format!(
            "the alert URL answered HTTP {status}, a redirect, which tagcart does not follow; use the final URL"
        )),
        _ => {
            let answer = response.into_string().unwrap_or_default();
            let answer: String = answer.split_whitespace().collect::<Vec<_>>().join(" ");
            let answer: String = answer.chars().take(ANSWER_MAX_CHARS).collect();
            Err(if answer.is_empty() {
                format!("the alert URL answered HTTP {status}")
            } else {
                format!("the alert URL answered HTTP {status}: {answer}")
            })
        }
    }
}

/// The transport error without its URL; our own refusal alone when the resolver refused.
fn transport_text(transport: &ureq::Transport) -> String {
    let mut source = std::error::Error::source(transport);
    while let Some(error) = source {
        if let Some(refused) = error
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<Refused>())
        {
            return refused.0.clone();
        }
        source = error.source();
    }
    let mut text = format!("the alert could not be delivered: {}", transport.kind());
    if let Some(message) = transport.message() {
        text = format!("{text}: {message}");
    }
    if let Some(source) = std::error::Error::source(transport) {
        text = format!("{text}: {source}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::AlertKind;
    use crate::fake_server::{Canned, Recorder};
    use std::net::TcpListener;

    /// What the fake receiver saw.
    struct Request {
        head: String,
        body: String,
    }

    /// A fake receiver at `/hook/secret` that answers `answer`.
    fn receiver(answer: Canned) -> (String, Recorder) {
        let recorder = Recorder::start(vec![answer]);
        (recorder.url("/hook/secret"), recorder)
    }

    /// The one request the receiver got.
    fn received(server: &Recorder) -> Request {
        let request = server.next();
        Request {
            head: request.head(),
            body: request.body_text(),
        }
    }

    fn alert() -> Alert {
        Alert {
            kind: AlertKind::Trouble,
            text: "tagcart: Kartra grants have been failing for 17 minutes.".into(),
            since: 0,
        }
    }

    fn ok() -> Canned {
        Canned::new(200, "ok")
    }

    #[test]
    fn posts_the_alert_as_json() {
        let (url, server) = receiver(ok());
        let url = AlertUrl::parse(&url, true).unwrap();
        assert_eq!(send(&url, &alert(), true), Ok(()));
        let request = received(&server);
        assert!(
            request.head.starts_with("POST /hook/secret HTTP/1.1\r\n"),
            "{}",
            request.head
        );
        assert!(
            request
                .head
                .to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{}",
            request.head
        );
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        assert_eq!(
            body["text"],
            "tagcart: Kartra grants have been failing for 17 minutes."
        );
        assert_eq!(body["kind"], "trouble");
        assert_eq!(body["since"], "1970-01-01T00:00:00Z");
    }

    #[test]
    fn an_error_answer_is_an_error_quoting_the_answer() {
        let (url, server) = receiver(Canned::new(500, "no_service"));
        let url = AlertUrl::parse(&url, true).unwrap();
        assert_eq!(
            send(&url, &alert(), true),
            Err("the alert URL answered HTTP 500: no_service".into())
        );
        received(&server);
    }

    #[test]
    fn a_redirect_is_not_followed() {
        let (url, server) =
            receiver(Canned::new(302, "").header("Location", "http://169.254.169.254/"));
        let url = AlertUrl::parse(&url, true).unwrap();
        let error = send(&url, &alert(), true).expect_err("redirect");
        assert!(error.contains("HTTP 302, a redirect"), "{error}");
        received(&server);
    }

    #[test]
    fn without_allow_private_a_local_destination_is_refused_before_connecting() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let http = AlertUrl::parse(&format!("http://127.0.0.1:{port}/hook"), true).unwrap();
        assert!(send(&http, &alert(), false)
            .expect_err("http")
            .contains("https://"));
        let https = AlertUrl::parse(&format!("https://127.0.0.1:{port}/hook"), true).unwrap();
        let error = send(&https, &alert(), false).expect_err("loopback");
        assert!(
            error.starts_with("The alert URL points to 127.0.0.1, a loopback address."),
            "{error}"
        );
        assert_eq!(
            listener.accept().map_err(|e| e.kind()).err(),
            Some(std::io::ErrorKind::WouldBlock),
            "no connection was made"
        );
    }

    #[test]
    fn a_transport_error_leaves_the_secret_path_out() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url =
            AlertUrl::parse(&format!("http://127.0.0.1:{port}/services/secret"), true).unwrap();
        let error = send(&url, &alert(), true).expect_err("nothing listens");
        assert!(
            error.starts_with("the alert could not be delivered"),
            "{error}"
        );
        assert!(!error.contains("secret"), "{error}");
    }
}
