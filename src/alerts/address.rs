//! Which IP addresses an alert may go to: public unicast only, so a URL typed in the dashboard
//! cannot make the server call into its own host or network.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why `ip` is not public, as a phrase for the admin ("a loopback address"); None when it is.
pub(super) fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => v4(ip),
        IpAddr::V6(ip) => v6(ip),
    }
}

fn v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private network address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if a == 0 {
        Some("an unspecified address")
    } else if a == 100 && b & 0xc0 == 64 {
        Some("a carrier-grade NAT address")
    } else if ip.is_multicast() || ip.is_broadcast() || a >= 240 {
        Some("a multicast, broadcast or reserved address")
    } else if (a, b, c) == (192, 0, 0) || (a == 198 && b & 0xfe == 18) {
        // 192.0.0.0/24 (IETF protocol assignments), 198.18.0.0/15 (benchmarking)
        Some("a reserved address")
    } else {
        None
    }
}

fn v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() {
        Some("an unspecified address")
    } else if let Some(embedded) = embedded_v4(&ip) {
        // A v4 address wrapped in v6 reaches the same host as the v4 address.
        v4(embedded)
    } else if s[..6] == [0; 6] {
        // ::a.b.c.d, the deprecated IPv4-compatible form
        Some("a reserved address")
    } else if s[0] & 0xfe00 == 0xfc00 {
        Some("a unique local address")
    } else if s[0] & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else if s[0] & 0xffc0 == 0xfec0 {
        Some("a site-local address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else {
        None
    }
}

/// The v4 address inside IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms.
fn embedded_v4(ip: &Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let from = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if let Some(mapped) = ip.to_ipv4_mapped() {
        Some(mapped)
    } else if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(from(s[6], s[7]))
    } else if s[0] == 0x2002 {
        Some(from(s[1], s[2]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        non_public(text.parse().expect("ip")).is_some()
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:93.184.216.34",
        ] {
            assert!(!refused(ip), "{ip}");
        }
    }

    #[test]
    fn local_private_and_reserved_addresses_are_refused() {
        let local = [
            "127.0.0.1",
            "127.8.9.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
            "100.127.255.255",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a00:1",
            "2002:7f00:1::1",
            "2002:c0a8:101::1",
        ];
        for ip in local {
            assert!(refused(ip), "{ip}");
        }
    }

    #[test]
    fn the_reason_names_the_kind_of_address() {
        assert_eq!(
            non_public("::ffff:127.0.0.1".parse().unwrap()),
            Some("a loopback address")
        );
        assert_eq!(
            non_public("100.64.1.1".parse().unwrap()),
            Some("a carrier-grade NAT address")
        );
        assert_eq!(
            non_public("fc00::1".parse().unwrap()),
            Some("a unique local address")
        );
    }
}
