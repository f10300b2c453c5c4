//! Which `Host` headers the development server answers. A page on another site can make the
//! browser send requests to a name it controls that resolves to 127.0.0.1 (DNS rebinding);
//! such requests carry that name in `Host`, so answering only our own names keeps the served
//! site and its event stream away from other sites' scripts.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The hosts one server answers: `localhost`, `127.0.0.1`, `[::1]` and the address it is bound
/// to, each with or without its port. When bound to every interface (`0.0.0.0` or `::`) any IP
/// address is accepted, since other machines reach it by one; a name still never is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AllowedHosts {
    bound: SocketAddr,
}

impl AllowedHosts {
    /// The hosts of a server listening on `bound` (the address actually bound, so that
    /// `--port 0` compares the real port).
    pub(crate) fn new(bound: SocketAddr) -> AllowedHosts {
        AllowedHosts { bound }
    }

    /// True when a request with this `Host` header value may be answered.
    pub(crate) fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port.is_some_and(|port| port != self.bound.port()) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let Ok(ip) = name.parse::<IpAddr>() else {
            return false;
        };
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
            || ip == self.bound.ip()
            || self.bound.ip().is_unspecified()
    }
}

/// Splits `name:port`, `[v6]:port`, `name` or `[v6]` into the name (without brackets) and the
/// port; `None` for anything else, such as an IPv6 address without brackets or a bad port.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            // Only an IPv6 address goes in brackets.
            inside.parse::<Ipv6Addr>().ok()?;
            match after {
                "" => (inside, None),
                _ => (inside, Some(after.strip_prefix(':')?)),
            }
        }
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str) -> AllowedHosts {
        AllowedHosts::new(bound.parse().unwrap())
    }

    #[test]
    fn loopback_names_and_the_bound_address_are_answered_with_or_without_the_port() {
        let loopback = hosts("127.0.0.1:1111");
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        let lan = hosts("192.168.1.5:8000");
        assert!(lan.allows("192.168.1.5:8000"));
        assert!(lan.allows("192.168.1.5"));
        assert!(lan.allows("localhost:8000"));
        let everywhere = hosts("0.0.0.0:1111");
        assert!(everywhere.allows("10.0.0.7:1111"));
        assert!(everywhere.allows("[fe80::1]:1111"));
        assert!(!everywhere.allows("evil.example:1111"));
    }

    #[test]
    fn other_names_ports_and_malformed_hosts_are_refused() {
        let loopback = hosts("127.0.0.1:1111");
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "localhost:2222",
            "127.0.0.1:",
            "127.0.0.1:x",
            "127.0.0.1:99999",
            "::1",
            "[::1",
            "[::1]x",
            "[localhost]",
            "192.168.1.5",
            "localhost:1111@evil.example",
        ] {
            assert!(!loopback.allows(host), "{host:?}");
        }
    }
}
