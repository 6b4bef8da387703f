//! A validated alert destination, and the resolver that keeps it public when the alert is sent.

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use url::{Host, Url};

use super::address::non_public;

const ALLOW_HINT: &str = "tagcart only sends alerts to public addresses, unless \"Allow private and loopback addresses\" is ticked.";

/// A validated alert destination. Debug shows only scheme and host: a webhook URL is a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct AlertUrl(Url);

impl fmt::Debug for AlertUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = self.0.host_str().unwrap_or("");
        write!(f, "AlertUrl({}://{host}/…)", self.0.scheme())
    }
}

impl AlertUrl {
    /// https only; refuses private, loopback, link-local, unspecified, CGNAT, unique-local v6, v4 addresses
    /// wrapped in v6, and host names that resolve to any of them; unless `allow_private` (then http is
    /// also accepted and nothing is resolved). Blocking: resolves the host name.
    pub fn parse(text: &str, allow_private: bool) -> Result<AlertUrl, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("The alert URL is empty.".into());
        }
        let url = Url::parse(text)
            .map_err(|e| format!("The alert URL is not a valid URL ({e}). It should look like https://hooks.example.com/…"))?;
        check_scheme(url.scheme(), allow_private)?;
        let port = url.port_or_known_default().unwrap_or(443);
        let host = url
            .host()
            .ok_or_else(|| "The alert URL has no host name.".to_string())?;
        if allow_private {
            return Ok(AlertUrl(url));
        }
        match host {
            Host::Ipv4(ip) => check_ip(&ip.to_string(), ip.into())?,
            Host::Ipv6(ip) => check_ip(&ip.to_string(), ip.into())?,
            Host::Domain(name) => {
                let name = name.trim_end_matches('.');
                if name == "localhost" || name.ends_with(".localhost") {
                    return Err(format!(
                        "The alert URL points to {name}, this server itself. {ALLOW_HINT}"
                    ));
                }
                resolve_public(&format!("{name}:{port}"))?;
            }
        }
        Ok(AlertUrl(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub(super) fn scheme(&self) -> &str {
        self.0.scheme()
    }
}

pub(crate) fn check_scheme(scheme: &str, allow_private: bool) -> Result<(), String> {
    match scheme {
        "https" => Ok(()),
        "http" if allow_private => Ok(()),
        "http" => Err(
            "The alert URL must start with https:// so that the alert cannot be read on the way. \
             Plain http is accepted only when \"Allow private and loopback addresses\" is ticked."
                .to_string(),
        ),
        other => Err(format!(
            "The alert URL must start with https://, not {other}:."
        )),
    }
}

/// The addresses `netloc` ("host:port") resolves to, or a sentence saying why none may be used:
/// one non-public address refuses them all, since the connection may pick any of them.
pub(super) fn resolve_public(netloc: &str) -> Result<Vec<SocketAddr>, String> {
    let host = netloc.rsplit_once(':').map_or(netloc, |(host, _)| host);
    let addrs: Vec<SocketAddr> = netloc
        .to_socket_addrs()
        .map_err(|e| format!("tagcart could not look up the alert URL's host {host}: {e}."))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("The alert URL's host {host} has no address."));
    }
    for addr in &addrs {
        check_ip(host, addr.ip())?;
    }
    Ok(addrs)
}

fn check_ip(host: &str, ip: IpAddr) -> Result<(), String> {
    let Some(why) = non_public(ip) else {
        return Ok(());
    };
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        == Ok(ip);
    Err(if literal {
        format!("The alert URL points to {ip}, {why}. {ALLOW_HINT}")
    } else {
        format!("The alert URL's host {host} resolves to {ip}, {why}. {ALLOW_HINT}")
    })
}

/// Resolves for ureq and refuses non-public answers, so the address checked is the address connected to.
pub(crate) struct PublicOnly;

/// Marks our refusal inside ureq's transport error, to report it without ureq's wrapping.
#[derive(Debug)]
pub(super) struct Refused(pub(super) String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ureq::Resolver for PublicOnly {
    fn resolve(&self, netloc: &str) -> io::Result<Vec<SocketAddr>> {
        resolve_public(netloc)
            .map_err(|why| io::Error::new(io::ErrorKind::PermissionDenied, Refused(why)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        AlertUrl::parse(text, false).expect_err(text)
    }

    #[test]
    fn a_public_https_address_is_accepted() {
        let url = AlertUrl::parse(" https://93.184.216.34/hook?x=1 ", false).expect("public");
        assert_eq!(url.as_str(), "https://93.184.216.34/hook?x=1");
        assert!(AlertUrl::parse("https://[2606:4700::1111]/hook", false).is_ok());
    }

    #[test]
    fn plain_http_and_other_schemes_are_refused() {
        assert!(refusal("http://93.184.216.34/hook").contains("must start with https://"));
        assert!(refusal("ftp://93.184.216.34/hook").contains("not ftp:"));
        assert!(AlertUrl::parse("ftp://93.184.216.34/hook", true).is_err());
        assert!(refusal("").contains("empty"));
        assert!(refusal("hooks.slack.com/services/x").contains("not a valid URL"));
    }

    #[test]
    fn local_and_private_addresses_are_refused_with_a_reason() {
        let cases = [
            ("https://127.0.0.1/hook", "127.0.0.1, a loopback address"),
            (
                "https://10.1.2.3/hook",
                "10.1.2.3, a private network address",
            ),
            ("https://192.168.1.10/hook", "a private network address"),
            ("https://172.16.0.1/hook", "a private network address"),
            ("https://169.254.169.254/latest", "a link-local address"),
            ("https://100.64.0.1/hook", "a carrier-grade NAT address"),
            ("https://0.0.0.0/hook", "an unspecified address"),
            ("https://[::1]/hook", "::1, a loopback address"),
            ("https://[fc00::1]/hook", "a unique local address"),
            ("https://[::ffff:127.0.0.1]/hook", "a loopback address"),
            ("https://2130706433/hook", "127.0.0.1, a loopback address"),
            ("https://localhost/hook", "localhost, this server itself"),
            ("https://LOCALHOST./hook", "localhost, this server itself"),
            ("https://api.localhost:8443/hook", "this server itself"),
        ];
        for (text, reason) in cases {
            let message = refusal(text);
            assert!(message.contains(reason), "{text}: {message}");
            assert!(
                message.contains("Allow private and loopback addresses"),
                "{message}"
            );
        }
    }

    #[test]
    fn allow_private_accepts_local_addresses_and_plain_http() {
        for text in [
            "http://127.0.0.1:8080/hook",
            "https://10.0.0.2/hook",
            "http://localhost:9000/x",
            "https://[::1]/hook",
        ] {
            assert!(AlertUrl::parse(text, true).is_ok(), "{text}");
        }
    }

    #[test]
    fn host_names_that_resolve_to_local_addresses_are_refused() {
        // `localhost` is refused by name; its resolution is checked the same way as any host name.
        let message = resolve_public("localhost:443").expect_err("loopback");
        assert!(message.contains("host localhost resolves to"), "{message}");
        assert!(resolve_public("127.0.0.1:443")
            .expect_err("literal")
            .contains("points to 127.0.0.1"));
        assert!(resolve_public("[::1]:443")
            .expect_err("literal")
            .contains("points to ::1"));
        assert_eq!(resolve_public("93.184.216.34:443").map(|a| a.len()), Ok(1));
    }

    #[test]
    fn the_resolver_given_to_ureq_refuses_local_answers() {
        let error = ureq::Resolver::resolve(&PublicOnly, "10.0.0.1:443").expect_err("private");
        assert_eq!(error.kind(), io::ErrorKind::PermissionDenied);
        assert!(error.get_ref().is_some_and(|e| e.is::<Refused>()));
    }

    #[test]
    fn debug_hides_the_secret_path() {
        let url = AlertUrl::parse("https://93.184.216.34/services/T0/B0/secret", false).unwrap();
        assert_eq!(format!("{url:?}"), "AlertUrl(https://93.184.216.34/…)");
    }
}
