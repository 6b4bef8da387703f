//! Who sent a request, and to which host and scheme. Straight from the connection unless
//! `--trust-proxy` says a reverse proxy stands in front: anyone can send `Forwarded` and
//! `X-Forwarded-*`, so believed from anyone they would pick another domain's page, pass the
//! admin same-origin check and dodge the per-address sign-in limit.

use actix_web::http::header;
use actix_web::HttpRequest;
use std::net::IpAddr;

/// The host the request was sent to, lower-case, without the port.
pub fn host(req: &HttpRequest, trust_proxy: bool) -> String {
    let host = if trust_proxy {
        req.connection_info().host().to_string()
    } else {
        req.headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| req.uri().authority().map(|a| a.host().to_string()))
            .unwrap_or_default()
    };
    without_port(&host).to_ascii_lowercase()
}

/// `scheme://host[:port]` as the browser sees this server, to compare with `Origin`.
pub fn origin(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        let info = req.connection_info();
        return format!("{}://{}", info.scheme(), info.host());
    }
    let authority = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    format!("http://{authority}")
}

/// The address limits are counted against: the proxy's word for it, or the peer's.
pub fn ip(req: &HttpRequest, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        if let Some(ip) = req
            .connection_info()
            .realip_remote_addr()
            .and_then(parse_ip)
        {
            return Some(ip);
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// `203.0.113.7`, `203.0.113.7:5100`, `[2001:db8::1]:5100` or `2001:db8::1`.
fn parse_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse()
        .ok()
        .or_else(|| text.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

fn without_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn forged() -> HttpRequest {
        TestRequest::default()
            .insert_header((header::HOST, "shop.example:8080"))
            .insert_header(("x-forwarded-host", "evil.example"))
            .insert_header(("x-forwarded-proto", "https"))
            .insert_header(("x-forwarded-for", "198.51.100.9"))
            .insert_header((
                "forwarded",
                "for=198.51.100.10;host=evil.example;proto=https",
            ))
            .peer_addr("192.0.2.1:40000".parse().unwrap())
            .to_http_request()
    }

    #[test]
    fn forwarding_headers_are_ignored_unless_a_proxy_is_trusted() {
        let req = forged();
        assert_eq!(host(&req, false), "shop.example");
        assert_eq!(origin(&req, false), "http://shop.example:8080");
        assert_eq!(ip(&req, false), Some("192.0.2.1".parse().unwrap()));
        assert_eq!(host(&req, true), "evil.example");
        assert_eq!(origin(&req, true), "https://evil.example");
        assert_eq!(ip(&req, true), Some("198.51.100.10".parse().unwrap()));
    }

    #[test]
    fn ports_and_ipv6_brackets_are_taken_off_the_host() {
        assert_eq!(without_port("pay.example.com:443"), "pay.example.com");
        assert_eq!(without_port("[::1]:8080"), "::1");
        assert_eq!(without_port("pay.example.com"), "pay.example.com");
        assert_eq!(
            parse_ip("[2001:db8::1]:5100"),
            Some("2001:db8::1".parse().unwrap())
        );
    }
}
